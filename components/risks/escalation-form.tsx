"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Textarea } from "@/components/ui/input";
import { useResultEffects, type FormAction } from "./form-parts";

interface Props {
  action: FormAction<{ id: number }>;
  riskId: number;
  version: number;
  /** Escalate (the risk is above appetite) or de-escalate (it is escalated). */
  mode: "escalate" | "deescalate";
}

/** SLT's escalation to the Executive Leadership Team, or its withdrawal; a note is required either way. */
export function EscalationForm({ action, riskId, version, mode }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const savedRef = useResultEffects(state);
  const escalate = mode === "escalate";
  return (
    <form onSubmit={onSubmit} noValidate aria-label={escalate ? "Escalate to the Executive Leadership Team" : "De-escalate"} className="max-w-2xl">
      {state?.ok && <Alert tone="success" title={escalate ? "Risk escalated" : "Risk de-escalated"} ref={savedRef} focusable />}
      <FormErrorSummary result={state} anchors={{ note: `${mode}-note` }} />
      <input type="hidden" name="id" value={riskId} />
      <input type="hidden" name="version" value={version} />
      <Textarea
        name="note"
        id={`${mode}-note`}
        label={escalate ? "Escalation note" : "Reason for de-escalating"}
        hint={escalate ? "Why the Executive Leadership Team needs to know, and what is asked of them." : "Why the risk no longer needs the Executive Leadership Team."}
        rows={3}
        error={err("note")}
      />
      <Button type="submit" variant={escalate ? "danger" : "secondary"} disabled={pending}>
        {pending ? "Saving…" : escalate ? "Escalate to ELT" : "De-escalate"}
      </Button>
    </form>
  );
}
