"use client";

import { format, parseISO } from "date-fns";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { FORM_PANEL, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import type { ValueType } from "@/lib/enums";
import type { TargetKind } from "@/lib/measures/choices";
import { TargetFields, targetValueHint } from "./target-fields";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ measureId: number; effectiveFrom: string; replaced: boolean; version: number }>>;
  measure: { id: number; version: number; valueType: ValueType; scaleMin: string | null; scaleMax: string | null };
}

const ANCHORS: Record<string, string> = { targetKind: "targetKind-value", reason: "target-reason" };
/** The fields in the order of the form, for the error summary. */
const ORDER = ["targetKind", "targetValue", "tbcDue", "targetFrom", "reason"];

/** Change a measure's target from a month on; earlier months keep the target that was in force then. */
export function TargetForm({ action, measure }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<TargetKind>("value");

  useEffect(() => {
    if (state?.ok) {
      formRef.current?.reset();
      router.refresh();
    }
  }, [state, router]);

  // The action returns the measure's new version: a second change before the page has refreshed is not refused as stale.
  const version = state?.ok ? Math.max(state.data.version, measure.version) : measure.version;

  return (
    <form ref={formRef} onSubmit={onSubmit} onReset={() => setKind("value")} noValidate className={FORM_PANEL}>
      {state?.ok && (
        <Alert tone="success" title={state.data.replaced ? "Target replaced" : "Target changed"}>
          <p>The target history below now includes the change from {format(parseISO(state.data.effectiveFrom), "MMMM yyyy")}.</p>
        </Alert>
      )}
      <FormErrorSummary result={state} order={ORDER} anchors={ANCHORS} />
      <input type="hidden" name="measureId" value={measure.id} />
      <input type="hidden" name="version" value={version} />
      <TargetFields
        kind={kind}
        onKindChange={setKind}
        err={err}
        valueHint={targetValueHint(measure)}
        fromLabel="Applies from"
        fromHint="The first month judged against the new target, for example 2026-04. Earlier months keep the target in force then. If this month already has a target, it is replaced."
      />
      <Textarea
        name="reason"
        id="target-reason"
        label="Reason for the change"
        hint="Who agreed it and when, for example Agreed by COO SLT in April. Shown in the target history and kept in the audit log."
        rows={2}
        error={err("reason")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Change target"}
      </Button>
    </form>
  );
}
