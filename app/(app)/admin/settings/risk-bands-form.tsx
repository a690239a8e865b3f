"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import type { RiskBands } from "@/lib/risks/scoring";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ bands: RiskBands; description: string; changed: boolean }>>;
  bands: RiskBands;
}

/** The fields in the order of the form, and their ids, for the error summary. */
const ORDER = ["mediumFrom", "highFrom", "veryHighFrom", "reason"];
const ANCHORS = { mediumFrom: "bands-mediumFrom", highFrom: "bands-highFrom", veryHighFrom: "bands-veryHighFrom", reason: "bands-reason" };

/** Where the Medium, High and Very High risk bands start (Low is everything below Medium). */
export function RiskBandsForm({ action, bands }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const savedRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    savedRef.current?.focus();
  }, [state, router]);

  const edge = (name: keyof RiskBands, label: string) => (
    <Input
      name={name}
      id={`bands-${name}`}
      type="number"
      inputMode="numeric"
      min={2}
      max={25}
      step={1}
      label={label}
      defaultValue={bands[name]}
      error={err(name)}
      className="max-w-32"
      fieldClassName="mb-0"
    />
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Risk bands" className="max-w-xl">
      {state?.ok && (
        <Alert tone="success" title={state.data.changed ? "Setting saved" : "No change"} ref={savedRef} focusable>
          <p>Bands: {state.data.description}.</p>
        </Alert>
      )}
      <FormErrorSummary result={state} order={ORDER} anchors={ANCHORS} />
      <fieldset className="mb-5">
        <legend className="mb-1 font-bold">Lowest score of each band</legend>
        <p className="mb-3 text-ink-muted">Whole numbers from 2 to 25, each above the one before. Scores below Medium are Low.</p>
        <div className="grid gap-4 sm:grid-cols-3">
          {edge("mediumFrom", "Medium from")}
          {edge("highFrom", "High from")}
          {edge("veryHighFrom", "Very High from")}
        </div>
      </fieldset>
      <Textarea name="reason" id="bands-reason" label="Reason for the change (optional)" rows={2} error={err("reason")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save bands"}
      </Button>
    </form>
  );
}
