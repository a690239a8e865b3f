"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number }>>;
  departmentId: number;
  departmentName: string;
  /** Quarters without a report, newest (the last completed one, when free) first: value "2026-q2", label "Q2 2026". */
  quarters: { value: string; label: string }[];
}

/** Starts a draft report for a quarter; on success the action opens it. */
export function StartReportForm({ action, departmentId, departmentName, quarters }: Props) {
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const id = `quarter-${departmentId}`;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Start a report for ${departmentName}`} className="flex flex-wrap items-end gap-x-4 gap-y-2">
      <FormErrorSummary result={state} anchors={{ quarter: id }} className="w-full" />
      <input type="hidden" name="departmentId" value={departmentId} />
      <Select
        id={id}
        name="quarter"
        label="Quarter"
        hint="The last completed quarter, or an earlier one without a report."
        defaultValue={quarters[0]?.value}
        error={fieldError("quarter")}
        fieldClassName="mb-0"
      >
        {quarters.map((q) => (
          <option key={q.value} value={q.value}>
            {q.label}
          </option>
        ))}
      </Select>
      <Button type="submit" disabled={pending}>
        {pending ? "Starting…" : "Start the report"}
      </Button>
    </form>
  );
}
