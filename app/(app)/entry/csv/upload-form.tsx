"use client";

import { useEffect, useRef } from "react";
import { RowErrorsTable } from "@/components/forms/row-errors-table";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import { CSV_LIMITS_HINT } from "@/lib/entry/csv-limits";
import type { SaveOutcome } from "@/lib/entry/save";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<SaveOutcome & { rows: number; months: number }>>;
  units: { id: number; label: string }[];
  defaultUnitId: number;
}

/** Upload a figures CSV; shows what was saved, or every problem by line and column. */
export function CsvUploadForm({ action, units, defaultUnitId }: Props) {
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state?.ok) resultRef.current?.focus();
  }, [state]);
  const rowErrors = state && !state.ok ? (state.rowErrors ?? []) : [];

  return (
    <form onSubmit={onSubmit} noValidate encType="multipart/form-data">
      {state?.ok && (
        <Alert tone="success" title="File uploaded" ref={resultRef} focusable>
          <p>
            {state.data.rows} {state.data.rows === 1 ? "row" : "rows"} over {state.data.months} {state.data.months === 1 ? "month" : "months"}:{" "}
            {state.data.saved === 0 ? "nothing had changed, so nothing was saved." : `${state.data.saved} saved${state.data.submitted ? `, ${state.data.submitted} submitted` : ""}, ${state.data.unchanged} unchanged.`}
          </p>
        </Alert>
      )}
      <FormErrorSummary result={state} order={["unitId", "file"]} anchors={{ unitId: "upload-unit" }}>
        {rowErrors.length > 0 && <RowErrorsTable errors={rowErrors} />}
      </FormErrorSummary>
      <Select name="unitId" id="upload-unit" label="Unit" defaultValue={defaultUnitId} error={fieldError("unitId")}>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.label}
          </option>
        ))}
      </Select>
      <Input name="file" type="file" accept=".csv,text/csv" label="CSV file" hint={CSV_LIMITS_HINT} error={fieldError("file")} className="max-w-xl" />
      <fieldset className="mb-5">
        <legend className="mb-2 font-bold">After upload</legend>
        <div className="flex items-center gap-3">
          <input id="intent-draft" type="radio" name="intent" value="draft" defaultChecked className="size-5" />
          <label htmlFor="intent-draft">Keep the figures as drafts</label>
        </div>
        <div className="mt-2 flex items-center gap-3">
          <input id="intent-submit" type="radio" name="intent" value="submit" className="size-5" />
          <label htmlFor="intent-submit">Submit the months in the file</label>
        </div>
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking the file…" : "Upload"}
      </Button>
    </form>
  );
}
