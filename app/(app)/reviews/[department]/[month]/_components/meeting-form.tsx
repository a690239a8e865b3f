"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number }>>;
  departmentId: number;
  month: string;
  meeting: { heldOn: string | null; attendees: string | null; decisions: string | null; version: number } | null;
}

/** Records (or corrects) when the meeting was held, who attended and what was decided. */
export function MeetingForm({ action, departmentId, month, meeting }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const current = state && !state.ok && state.current ? (state.current as { heldOn: string | null; attendees: string | null }) : null;

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl" aria-label="Record the meeting" data-print="hide">
      <FormErrorSummary result={state}>
        {current && (
          <p>
            Now stored: held on {current.heldOn ?? "not recorded"}; attendees: {current.attendees ?? "none recorded"}. Reload the page to edit the latest version.
          </p>
        )}
      </FormErrorSummary>
      {state?.ok && <Alert tone="success" title="Meeting record saved" />}
      <input type="hidden" name="departmentId" value={departmentId} />
      <input type="hidden" name="month" value={month} />
      <input type="hidden" name="version" value={meeting?.version ?? 0} />
      <Input name="heldOn" type="date" label="Held on" hint="Leave empty while the meeting is still planned." defaultValue={meeting?.heldOn ?? ""} error={err("heldOn")} className="w-auto" />
      <Textarea name="attendees" label="Attendees" rows={2} defaultValue={meeting?.attendees ?? ""} error={err("attendees")} />
      <Textarea name="decisions" label="Decisions" rows={4} defaultValue={meeting?.decisions ?? ""} error={err("decisions")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save meeting record"}
      </Button>
    </form>
  );
}
