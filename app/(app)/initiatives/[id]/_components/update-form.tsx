"use client";

import { RAG_LOOK } from "@/components/measures/status-badge";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { FieldGroup, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { RAGS, type Rag } from "@/lib/enums";
import { useSaved } from "./use-saved";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number; period: string }>>;
  initiativeId: number;
  version: number;
  monthLabel: string;
  /** This month's update when one was already recorded (saving replaces it). */
  current: { rag: Rag; reason: string | null; commentary: string | null } | null;
}

/** The fields in the order of the form, and their ids, for the error summary (the RAG group by its first option). */
const ANCHORS = { rag: "update-rag-green", reason: "update-reason", commentary: "update-commentary" };

/** The lead's monthly status update: RAG (red and amber need a reason) and commentary. */
export function UpdateForm({ action, initiativeId, version, monthLabel, current }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const formRef = useSaved(state);
  const stored = state && !state.ok && state.current ? (state.current as { rag: Rag | null; ragReason: string | null }) : null;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-2xl" aria-label={`Monthly update for ${monthLabel}`}>
      <FormErrorSummary result={state} order={Object.keys(ANCHORS)} anchors={ANCHORS}>
        {stored && (
          <p>
            Now stored: {stored.rag ? RAG_LOOK[stored.rag].label : "not rated"}
            {stored.ragReason ? ` (${stored.ragReason})` : ""}. Reload the page to update the latest version.
          </p>
        )}
      </FormErrorSummary>
      {state?.ok && <Alert tone="success" title={`Update for ${monthLabel} saved`} />}
      {current && <p className="mb-4 text-ink-muted">An update for {monthLabel} is already recorded; saving replaces it.</p>}
      <input type="hidden" name="initiativeId" value={initiativeId} />
      <input type="hidden" name="version" value={version} />
      <FieldGroup id="update-rag" legend="RAG rating" hint="Green: on track. Amber: at risk. Red: off track. Amber and red need a reason." error={err("rag")}>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {RAGS.map((r) => (
            <div key={r} className="flex min-h-11 items-center gap-2">
              <input
                type="radio"
                name="rag"
                id={`update-rag-${r}`}
                value={r}
                defaultChecked={current?.rag === r}
                className="size-6 accent-accent"
              />
              <label htmlFor={`update-rag-${r}`} className="font-semibold">
                <span aria-hidden="true">{RAG_LOOK[r].icon} </span>
                {RAG_LOOK[r].label}
              </label>
            </div>
          ))}
        </div>
      </FieldGroup>
      <Textarea
        name="reason"
        id="update-reason"
        label="Reason for the rating"
        hint="Required for amber or red: what is at risk or off track, and what is being done about it."
        rows={3}
        defaultValue={current?.reason ?? ""}
        error={err("reason")}
      />
      <Textarea name="commentary" id="update-commentary" label="Commentary (optional)" rows={3} defaultValue={current?.commentary ?? ""} error={err("commentary")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save monthly update"}
      </Button>
    </form>
  );
}
