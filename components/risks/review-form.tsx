"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Textarea } from "@/components/ui/input";
import { RatingSelect, useResultEffects, type FormAction } from "./form-parts";

interface Props {
  action: FormAction<{ id: number; rerated: boolean; score: number }>;
  riskId: number;
  version: number;
  likelihood: number;
  impact: number;
}

/** The fields in the order of the form, and their ids, for the error summary. */
const ANCHORS = { residualLikelihood: "review-likelihood", residualImpact: "review-impact", note: "review-note" };

/** The owner's monthly review: keep the residual rating (confirm) or change it (re-rate), with a note. */
export function RiskReviewForm({ action, riskId, version, likelihood, impact }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const savedRef = useResultEffects(state);
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Monthly review" className="max-w-2xl">
      {state?.ok && (
        <Alert tone="success" title={state.data.rerated ? "Risk re-rated" : "Rating confirmed"} ref={savedRef} focusable>
          <p>The residual score is now {state.data.score}. The review is added to the rating history.</p>
        </Alert>
      )}
      <FormErrorSummary result={state} order={Object.keys(ANCHORS)} anchors={ANCHORS} />
      <input type="hidden" name="id" value={riskId} />
      {/* The version the page was loaded with; a newer one means someone else reviewed it meanwhile. */}
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-x-6 sm:grid-cols-2">
        <RatingSelect name="residualLikelihood" id="review-likelihood" label="Residual likelihood" scale="likelihood" defaultValue={likelihood} error={err("residualLikelihood")} />
        <RatingSelect name="residualImpact" id="review-impact" label="Residual impact" scale="impact" defaultValue={impact} error={err("residualImpact")} />
      </div>
      <Textarea
        name="note"
        id="review-note"
        label="Review note"
        hint="What the review found: leave the rating as it is to confirm it, or change it to re-rate the risk."
        rows={3}
        error={err("note")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save review"}
      </Button>
    </form>
  );
}
