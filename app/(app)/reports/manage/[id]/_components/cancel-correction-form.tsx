"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number; revision: number }>>;
  reportId: number;
  version: number;
  /** The revision the report goes back to. */
  publishedRevisions: number;
}

/**
 * Cancel a correction in progress, confirmed in a second step (issue 19): "Cancel the correction…"
 * opens the confirmation (a <details>, no script needed), and the form posts without JavaScript
 * too. On success the action reopens the page, which says the correction was cancelled.
 */
export function CancelCorrectionForm({ action, reportId, version, publishedRevisions }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const failed = Boolean(state && !state.ok);
  return (
    <details open={failed || undefined} className="mt-4 border-t border-line-soft pt-4">
      <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-danger-dark underline underline-offset-2">Cancel the correction</summary>
      <form action={formAction} noValidate aria-label="Cancel the correction" className="mt-2 max-w-3xl border-l-4 border-danger bg-surface p-4">
        <FormErrorSummary result={state} anchors={{ reason: "cancel-reason" }} describe={(field, message) => (field === "reason" ? message : null)} />
        <input type="hidden" name="id" value={reportId} />
        <input type="hidden" name="version" value={version} />
        <p className="mb-3">
          The changes made to the narrative since revision {publishedRevisions} are discarded, and the report is published again as revision {publishedRevisions},
          which the public reads now. This cannot be undone; you can start a new correction later.
        </p>
        <Textarea
          name="reason"
          id="cancel-reason"
          label="Why (optional)"
          hint="Kept in the report's history."
          rows={2}
          error={state && !state.ok ? state.fieldErrors?.reason?.[0] : undefined}
        />
        <Button type="submit" variant="danger" disabled={pending}>
          Yes, cancel the correction
        </Button>
      </form>
    </details>
  );
}
