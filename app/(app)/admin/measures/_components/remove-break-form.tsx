"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ measureId: number; period: string; version: number }>>;
  measureId: number;
  version: number;
  breakId: number;
  /** "May 2026", naming the break in the button and the field ids. */
  monthLabel: string;
}

/** Removes a break recorded by mistake, with the reason (kept in the audit log). */
export function RemoveBreakForm({ action, measureId, version, breakId, monthLabel }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const reasonId = `remove-break-${breakId}-reason`;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-semibold text-accent underline">
        Remove this break<span className="sr-only"> from {monthLabel}</span>
      </summary>
      <form onSubmit={onSubmit} noValidate className="mt-2 max-w-xl" aria-label={`Remove the break from ${monthLabel}`}>
        <FormErrorSummary result={state} order={["reason"]} anchors={{ reason: reasonId }} />
        <input type="hidden" name="measureId" value={measureId} />
        <input type="hidden" name="breakId" value={breakId} />
        <input type="hidden" name="version" value={version} />
        <Textarea
          name="reason"
          id={reasonId}
          label={`Why the break from ${monthLabel} is removed`}
          hint="For example, recorded against the wrong month. Kept in the audit log."
          rows={2}
          maxLength={500}
          error={err("reason")}
        />
        <Button type="submit" variant="secondary" size="sm" disabled={pending}>
          {pending ? "Removing…" : `Remove the break from ${monthLabel}`}
        </Button>
      </form>
    </details>
  );
}
