"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { formatPounds } from "@/lib/resources/rules";

interface StoredValues {
  version: number;
  incomePence: number;
  delPence: number;
  nonCashPence: number;
  fteEstablishment: string;
}

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ version: number; changed: boolean }>>;
  unitId: number;
  label: string;
  year: number;
  /** The budget as loaded; null when the service area has none for the year (the form creates it). */
  stored: StoredValues | null;
}

const FIELDS = ["income", "del", "nonCash", "fte", "reason"] as const;

/** "165.00" → "165", "14.50" → "14.5": FTE as a person would type it. */
const fteText = (fte: string) => fte.replace(/\.?0+$/, "");

/**
 * One service area's budget for a year: income, DEL and non-cash in pounds, FTE establishment, and
 * the reason for the change. A stale save is refused with the values stored now, shown above the
 * form; the typed figures stay, and saving again replaces the stored ones deliberately.
 */
export function BudgetForm({ action, unitId, label, year, stored }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const savedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    savedRef.current?.focus();
  }, [state, router]);
  const now = state && !state.ok && state.current ? (state.current as StoredValues) : null;
  // After a save or a conflict the next save is made against the version now stored, on purpose.
  const version = state?.ok ? state.data.version : (now?.version ?? stored?.version ?? 0);
  const id = (field: string) => `budget-${unitId}-${field}`;
  const anchors = Object.fromEntries(FIELDS.map((f) => [f, id(f)]));

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Budget of ${label}, ${year}`} className="max-w-xl">
      {state?.ok && (
        <Alert tone="success" title={state.data.changed ? "Budget saved" : "No change"} ref={savedRef} focusable>
          <p>{state.data.changed ? `${label}'s budget for ${year} is saved, and the change is in the audit log.` : "The figures were already stored, so nothing was saved."}</p>
        </Alert>
      )}
      <FormErrorSummary result={state} order={FIELDS} anchors={anchors}>
        {now && (
          <div className="mt-2">
            <p className="font-bold">Stored now:</p>
            <ul className="list-disc pl-5">
              <li>Income {formatPounds(now.incomePence)}</li>
              <li>DEL {formatPounds(now.delPence)}</li>
              <li>Non-cash {formatPounds(now.nonCashPence)}</li>
              <li>FTE establishment {fteText(now.fteEstablishment) || "0"}</li>
            </ul>
          </div>
        )}
      </FormErrorSummary>
      <input type="hidden" name="unitId" value={unitId} />
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <Input
          id={id("income")}
          name="income"
          inputMode="decimal"
          autoComplete="off"
          label="Income (£)"
          hint="In pounds, e.g. 1,019,000"
          defaultValue={stored ? formatPounds(stored.incomePence) : ""}
          error={err("income")}
        />
        <Input
          id={id("del")}
          name="del"
          inputMode="decimal"
          autoComplete="off"
          label="DEL (£)"
          hint="Gross near-cash expenditure, in pounds"
          defaultValue={stored ? formatPounds(stored.delPence) : ""}
          error={err("del")}
        />
        <Input
          id={id("nonCash")}
          name="nonCash"
          inputMode="decimal"
          autoComplete="off"
          label="Non-cash (£)"
          hint="Depreciation and other non-cash, in pounds"
          defaultValue={stored ? formatPounds(stored.nonCashPence) : ""}
          error={err("nonCash")}
        />
        <Input
          id={id("fte")}
          name="fte"
          inputMode="decimal"
          autoComplete="off"
          label="FTE establishment"
          hint="Up to 2 decimals, e.g. 14.5"
          defaultValue={stored ? fteText(stored.fteEstablishment) || "0" : ""}
          error={err("fte")}
        />
      </div>
      <Textarea id={id("reason")} name="reason" label="Reason for the change" hint="Recorded in the audit log with the figures before and after." rows={2} error={err("reason")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : stored ? `Save ${label}'s budget` : `Set ${label}'s budget`}
      </Button>
    </form>
  );
}
