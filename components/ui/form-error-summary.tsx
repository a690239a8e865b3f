"use client";

import { useEffect, useRef, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Alert } from "./alert";

/** Links in an error summary: dark red, which keeps its contrast on the pink of the error box. */
export const SUMMARY_LINK = "font-semibold text-danger-dark visited:text-danger-dark hover:text-ink";

interface FormErrorSummaryProps {
  /** The form's last action result: the summary shows only while it is a failure. */
  result: ActionResult<unknown> | null;
  /** Field names in the order of the form; the list follows it (fields not named come last). */
  order?: readonly string[];
  /** Where a field's link points when not at `#field`, e.g. a radio group's first option. */
  anchors?: Readonly<Record<string, string>>;
  /** The link text of a field's error, or null to leave the field out; the message by default. */
  describe?: (field: string, message: string) => ReactNode;
  /** False for a form of hidden fields only, whose errors have nowhere to link to: the message alone. */
  fieldLinks?: boolean;
  /** Shown above the list, e.g. what is stored now after a version conflict. */
  children?: ReactNode;
  className?: string;
}

/**
 * The error summary at the top of a form after a refused action (GOV.UK pattern): the message as
 * its title and each field's first error as a link to the field. It is an alert (role="alert"),
 * and it takes focus whenever a new failure arrives, so keyboard and screen reader users start
 * from the list of problems.
 */
export function FormErrorSummary({ result, order = [], anchors = {}, describe = (_field, message) => message, fieldLinks = true, children, className }: FormErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const failed = result && !result.ok ? result : null;
  useEffect(() => {
    if (failed) ref.current?.focus();
  }, [failed]);
  if (!failed) return null;

  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const items = Object.entries((fieldLinks && failed.fieldErrors) || {})
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, messages]) => ({ field, text: describe(field, messages[0] ?? "") }))
    .filter((item) => item.text !== null && item.text !== undefined && item.text !== "");

  return (
    <Alert tone="error" title={failed.message} ref={ref} focusable className={className}>
      {(children || items.length > 0) && (
        <>
          {children}
          {items.length > 0 && (
            <ul className="mt-2 list-disc space-y-1 pl-5 first:mt-0">
              {items.map(({ field, text }) => (
                <li key={field}>
                  {/* "form": a problem with the input as a whole, with no one field to link to. */}
                  {field === "form" ? (
                    text
                  ) : (
                    <a href={`#${anchors[field] ?? field}`} className={SUMMARY_LINK}>
                      {text}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Alert>
  );
}
