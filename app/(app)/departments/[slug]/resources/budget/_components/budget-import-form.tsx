"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { RowErrorsTable } from "@/components/forms/row-errors-table";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { CSV_LIMITS_HINT } from "@/lib/entry/csv-limits";

interface Outcome {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<Outcome>>;
  departmentId: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Upload a ledger CSV of budgets; shows what changed, or every problem by line and column. */
export function BudgetImportForm({ action, departmentId }: Props) {
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const router = useRouter();
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    resultRef.current?.focus();
  }, [state, router]);
  const rowErrors = state && !state.ok ? (state.rowErrors ?? []) : [];
  const d = state?.ok ? state.data : null;

  return (
    <form onSubmit={onSubmit} noValidate encType="multipart/form-data" aria-label="Import budgets from a CSV file">
      {d && (
        <Alert tone="success" title="File imported" ref={resultRef} focusable>
          <p>
            {plural(d.rows, "row", "rows")}:{" "}
            {d.created + d.updated === 0
              ? "every budget was already as in the file, so nothing was saved."
              : `${plural(d.created, "budget", "budgets")} set, ${plural(d.updated, "budget", "budgets")} changed, ${d.unchanged} unchanged.`}
            {d.skipped > 0 && ` ${plural(d.skipped, "row", "rows")} with no amounts skipped.`}
          </p>
        </Alert>
      )}
      <FormErrorSummary result={state} order={["file"]} anchors={{ file: "budget-file" }}>
        {rowErrors.length > 0 && <RowErrorsTable errors={rowErrors} />}
      </FormErrorSummary>
      <input type="hidden" name="departmentId" value={departmentId} />
      <Input id="budget-file" name="file" type="file" accept=".csv,text/csv" label="CSV file" hint={CSV_LIMITS_HINT} error={fieldError("file")} className="max-w-xl" />
      <Button type="submit" disabled={pending}>
        {pending ? "Checking the file…" : "Import budgets"}
      </Button>
    </form>
  );
}
