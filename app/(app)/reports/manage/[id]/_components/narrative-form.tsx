"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { NARRATIVE_LABELS, type Narrative } from "@/lib/reports/workflow";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number; version: number }>>;
  reportId: number;
  version: number;
  narrative: Narrative;
}

const HINTS: Record<keyof Narrative, string> = {
  introduction: "What the department does and what this quarter was about, in plain English.",
  highlights: "What went well: measures on target, milestones achieved, recommendations implemented.",
  concerns: "What is off target or at risk, why, and what is being done about it.",
};

/**
 * The narrative sections written by the department. A stale version is refused: the form keeps
 * what was typed and shows what is stored now; saving again then replaces it deliberately.
 */
export function NarrativeForm({ action, reportId, version, narrative }: Props) {
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const stored = state && !state.ok && state.current ? (state.current as Narrative & { version: number; status: string }) : null;
  // After a conflict the next save is made against the stored version, on purpose.
  const formVersion = stored?.version ?? version;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Narrative" className="max-w-3xl">
      <FormErrorSummary result={state} order={Object.keys(NARRATIVE_LABELS)}>
        {stored && (
          <>
            {(Object.keys(NARRATIVE_LABELS) as (keyof Narrative)[]).map((k) => (
              <div key={k} className="mt-2">
                <p className="font-bold">{NARRATIVE_LABELS[k]}, as stored now:</p>
                <p className="whitespace-pre-line">{stored[k] || "(empty)"}</p>
              </div>
            ))}
            <p className="mt-3">
              {stored.status === "draft"
                ? "Compare it with your text below. Saving again replaces the stored text with yours."
                : "The report is no longer a draft, so it cannot be changed now. Copy your text before leaving the page."}
            </p>
          </>
        )}
      </FormErrorSummary>
      {state?.ok && <Alert tone="success" title="Narrative saved" />}
      <input type="hidden" name="id" value={reportId} />
      <input type="hidden" name="version" value={formVersion} />
      {(Object.keys(NARRATIVE_LABELS) as (keyof Narrative)[]).map((k) => (
        <Textarea key={k} name={k} label={NARRATIVE_LABELS[k]} hint={HINTS[k]} rows={6} defaultValue={narrative[k] ?? ""} error={fieldError(k)} />
      ))}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save narrative"}
      </Button>
    </form>
  );
}
