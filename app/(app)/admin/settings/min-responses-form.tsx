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
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ minResponses: number; changed: boolean }>>;
  minResponses: number;
}

/** The "fewer than N survey responses is a low sample" setting. */
export function MinResponsesForm({ action, minResponses }: Props) {
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
          <p>Months with fewer than {state.data.minResponses} responses are marked as a low sample.</p>
        </Alert>
      )}
      <FormErrorSummary result={state} anchors={{ reason: "minResponsesReason" }} />
      <Input
        id="minResponses"
        name="minResponses"
        type="number"
        inputMode="numeric"
        min={1}
        max={1000}
        step={1}
        label="Minimum survey responses in a month"
        hint="A whole number from 1 to 1,000."
        defaultValue={minResponses}
        error={err("minResponses")}
        className="max-w-32"
        required
      />
      <Textarea id="minResponsesReason" name="reason" label="Reason for the change (optional)" rows={2} error={err("reason")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save the minimum"}
      </Button>
    </form>
  );
}
