"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary, SUMMARY_LINK } from "@/components/ui/form-error-summary";
import { FORM_PANEL, Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import { nextStatuses, STATUS_LABELS, type RecommendationStatus } from "@/lib/recommendations/rules";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number }>>;
  recommendation: {
    id: number;
    ref: string;
    version: number;
    status: RecommendationStatus;
    completionEvidence: string | null;
    implementedOn: string | null;
  };
}

/** The fields in the order of the form, for the error summary. */
const ORDER = ["note", "status", "completionEvidence", "implementedOn"];

/**
 * Adds a progress update to the trail, optionally moving the recommendation to another status.
 * The fields are keyed by the version: after a save the page's data comes back with the new
 * version and the fields start afresh from it, while a refused save keeps what was typed.
 */
export function ProgressUpdateForm({ action, recommendation: r }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    // The action's revalidatePath refreshes the page's data; the query parameter shows the success message.
    if (state?.ok) router.replace(`/recommendations/${r.id}?saved=progress`, { scroll: false });
  }, [state, router, r.id]);

  const current = state && !state.ok && state.current ? (state.current as { status: RecommendationStatus; version: number }) : null;

  return (
    <form onSubmit={onSubmit} noValidate className={FORM_PANEL} aria-labelledby="progress-heading">
      <h2 id="progress-heading" className="mb-4 text-xl font-bold">
        Add a progress update
      </h2>
      <FormErrorSummary result={state} order={ORDER}>
        {current && (
          <p>
            It is now {STATUS_LABELS[current.status].toLowerCase()}.{" "}
            <a href={`/recommendations/${r.id}`} className={SUMMARY_LINK}>
              Reload the page
            </a>{" "}
            to see the latest updates.
          </p>
        )}
      </FormErrorSummary>
      <div key={r.version}>
      <input type="hidden" name="id" value={r.id} />
      <input type="hidden" name="version" value={r.version} />
      <Textarea name="note" label="Progress update" hint="What has happened since the last update." rows={3} error={err("note")} />
      <Select name="status" label="Status" hint="Change it only when the update moves the recommendation on." defaultValue={r.status} error={err("status")}>
        <option value={r.status}>{STATUS_LABELS[r.status]} (no change)</option>
        {nextStatuses(r.status).map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </Select>
      <Textarea
        name="completionEvidence"
        label="Evidence of implementation"
        hint="Required to mark it implemented or closed: how do you know it is complete? Say what shows it, and where it can be seen."
        rows={3}
        defaultValue={r.completionEvidence ?? ""}
        error={err("completionEvidence")}
      />
      <Input
        name="implementedOn"
        type="date"
        label="Implemented on (optional)"
        hint="When it is marked implemented; today if left empty."
        defaultValue={r.implementedOn ?? ""}
        error={err("implementedOn")}
        className="w-auto"
      />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Add update"}
      </Button>
    </form>
  );
}
