"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import type { Tolerance } from "@/lib/resources/rules";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ tolerance: Tolerance; changed: boolean }>>;
  tolerance: Tolerance;
}

const ORDER = ["lowerPct", "upperPct", "reason"];
const ANCHORS = { lowerPct: "tolerance-lowerPct", upperPct: "tolerance-upperPct", reason: "tolerance-reason" };

/** The budget variance tolerance: the two thresholds, in % of budget. */
export function FinanceToleranceForm({ action, tolerance }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const savedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    savedRef.current?.focus();
  }, [state, router]);

  const threshold = (name: keyof Tolerance, label: string, hint: string) => (
    <Input
      name={name}
      id={`tolerance-${name}`}
      type="text"
      inputMode="decimal"
      label={label}
      hint={hint}
      defaultValue={tolerance[name]}
      error={err(name)}
      className="max-w-32"
      fieldClassName="mb-0"
    />
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Budget variance tolerance" className="max-w-xl">
      {state?.ok && (
        <Alert tone="success" title={state.data.changed ? "Setting saved" : "No change"} ref={savedRef} focusable>
          <p>
            On budget within {state.data.tolerance.lowerPct}%; beyond tolerance past {state.data.tolerance.upperPct}%.
          </p>
        </Alert>
      )}
      <FormErrorSummary result={state} order={ORDER} anchors={ANCHORS} />
      <fieldset className="mb-5">
        <legend className="mb-1 font-bold">Thresholds, in % of the budget</legend>
        <p className="mb-3 text-ink-muted">From 0 to 50, up to 2 decimals; the first below the second.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          {threshold("lowerPct", "On budget up to (%)", "e.g. 2")}
          {threshold("upperPct", "Beyond tolerance past (%)", "e.g. 5")}
        </div>
      </fieldset>
      <Textarea name="reason" id="tolerance-reason" label="Reason for the change (optional)" rows={2} error={err("reason")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save tolerance"}
      </Button>
    </form>
  );
}
