"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ workingDay: number; changed: boolean }>>;
  workingDay: number;
  min: number;
  max: number;
}

/** The "figures due on working day N" setting. */
export function FiguresDueForm({ action, workingDay, min, max }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const savedRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    savedRef.current?.focus();
  }, [state, router]);

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl">
      {state?.ok && (
        <Alert tone="success" title={state.data.changed ? "Setting saved" : "No change"} ref={savedRef} focusable>
          <p>Figures are due on working day {state.data.workingDay} of the following month.</p>
        </Alert>
      )}
      <FormErrorSummary result={state} />
      <Input
        name="workingDay"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        label="Figures are due on working day"
        hint={`A whole number from ${min} to ${max}: the working day (Monday to Friday) of the following month by which a month's figures must be submitted.`}
        defaultValue={workingDay}
        error={err("workingDay")}
        className="max-w-32"
        required
      />
      <Textarea name="reason" label="Reason for the change (optional)" rows={2} error={err("reason")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save setting"}
      </Button>
    </form>
  );
}
