"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import type { ReportStatus, ReportStep } from "@/lib/reports/workflow";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ status: ReportStatus; revision: number | null }>>;
  reportId: number;
  version: number;
  /** The steps the user may take now (lib/reports/workflow.ts availableSteps). */
  steps: ReportStep[];
  /** Revisions already published: publishing again is a correction and needs a note. */
  publishedRevisions: number;
  /** Where the public reads the report. */
  publicPath: string;
}

const DONE: Record<ReportStatus, string> = {
  draft: "The report is a draft again",
  submitted: "Submitted for approval",
  approved: "Approved: it can now be published",
  published: "Published",
};

/** The next steps of the workflow as buttons of one form; each button sends its step. */
export function StepForm({ action, reportId, version, steps, publishedRevisions, publicPath }: Props) {
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const correction = publishedRevisions > 0;
  const has = (s: ReportStep) => steps.includes(s);

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Move the report on" className="max-w-3xl space-y-4">
      {/* The notes link to their fields; other refusals (the step, the version) are listed as they are. */}
      <FormErrorSummary result={state} describe={(field, message) => (field === "reason" || field === "correctionNote" ? message : null)}>
        {state && !state.ok && state.fieldErrors && !state.fieldErrors.reason && !state.fieldErrors.correctionNote && (
          <ul className="list-disc pl-5">
            {Object.values(state.fieldErrors).flat().map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </FormErrorSummary>
      {state?.ok && (
        <Alert tone="success" title={state.data.revision ? `Published as revision ${state.data.revision}` : DONE[state.data.status]}>
          {state.data.revision && (
            <p>
              The public page <a href={publicPath} className="text-ink visited:text-ink">{publicPath}</a> now shows this revision.
            </p>
          )}
        </Alert>
      )}
      <input type="hidden" name="id" value={reportId} />
      <input type="hidden" name="version" value={version} />

      {has("submit") && (
        <div>
          <p className="mb-2">When the narrative is written and the preview reads well, send it to the Senior Leadership Team.</p>
          <Button type="submit" name="step" value="submit" disabled={pending}>
            Submit for approval
          </Button>
        </div>
      )}
      {has("approve") && (
        <div>
          <Button type="submit" name="step" value="approve" disabled={pending}>
            Approve
          </Button>
        </div>
      )}
      {has("publish") && (
        <div>
          {correction ? (
            <Textarea
              name="correctionNote"
              label="Correction note (published)"
              hint={`Say what changed since revision ${publishedRevisions}. Readers see this note with revision ${publishedRevisions + 1}.`}
              rows={3}
              error={fieldError("correctionNote")}
            />
          ) : (
            <p className="mb-2">Publishing freezes the report as it is in the preview below and makes it public at {publicPath}.</p>
          )}
          <Button type="submit" name="step" value="publish" disabled={pending}>
            {correction ? `Publish correction as revision ${publishedRevisions + 1}` : "Publish"}
          </Button>
        </div>
      )}
      {has("return") && (
        <fieldset className="border-t border-line-soft pt-4">
          <legend className="sr-only">Send the report back</legend>
          <Textarea name="reason" label="Reason for sending it back" hint="What the department should change. Kept in the report's history." rows={3} error={fieldError("reason")} />
          <Button type="submit" name="step" value="return" variant="secondary" disabled={pending}>
            Send back to draft
          </Button>
        </fieldset>
      )}
      {has("reopen") && (
        <div>
          <p className="mb-2">
            To correct the published report, reopen it as a draft. Revision {publishedRevisions} stays public, unchanged, until the correction is approved and
            published with a note. While it is a draft, the correction can be cancelled.
          </p>
          <Button type="submit" name="step" value="reopen" variant="secondary" disabled={pending}>
            Start a correction
          </Button>
        </div>
      )}
    </form>
  );
}
