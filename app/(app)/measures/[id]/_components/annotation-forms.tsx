"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Checkbox } from "@/components/forms/checkbox";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { FORM_PANEL, Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { ANNOTATION_MAX } from "@/lib/measures/annotation-rules";

type Action<T> = (prev: unknown, formData: FormData) => Promise<ActionResult<T>>;

const PUBLIC_HINT = "It then appears with the measure in the quarterly report published after it. Leave unticked for a note for colleagues only.";
const TEXT_HINT = `Up to ${ANNOTATION_MAX} characters, for example: Network outage 3 to 5 May; calls logged by hand.`;

/** Adds a note on a month of the measure: the month, the text and whether it is public. */
export function AddAnnotationForm({ action, measureId, defaultMonth }: { action: Action<{ id: number }>; measureId: number; defaultMonth: string }) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!state?.ok) return;
    formRef.current?.reset();
    router.refresh();
  }, [state, router]);
  const ids = { period: "new-note-month", text: "new-note-text", isPublic: "new-note-public" };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className={FORM_PANEL} aria-labelledby="new-note-heading">
      <h3 id="new-note-heading" className="mb-3 text-xl font-bold">
        Add a note
      </h3>
      <FormErrorSummary result={state} order={["period", "text", "isPublic"]} anchors={ids} />
      {state?.ok && <Alert tone="success" title="Note added" />}
      <input type="hidden" name="measureId" value={measureId} />
      <Input
        name="period"
        id={ids.period}
        type="month"
        label="Month"
        hint="The month the note is about, for example 2026-05."
        className="max-w-56"
        defaultValue={defaultMonth}
        error={err("period")}
      />
      <Textarea name="text" id={ids.text} label="Note" hint={TEXT_HINT} rows={3} maxLength={ANNOTATION_MAX} error={err("text")} />
      <Checkbox name="isPublic" id={ids.isPublic} label="Public" hint={PUBLIC_HINT} error={err("isPublic")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Add note"}
      </Button>
    </form>
  );
}

interface Note {
  id: number;
  version: number;
  text: string;
  isPublic: boolean;
}

/** What another person stored, shown after a refused save or deletion. */
function Stored({ current }: { current: unknown }) {
  const stored = current as { text?: string; isPublic?: boolean } | undefined;
  if (!stored || typeof stored.text !== "string") return null;
  return (
    <p>
      Now stored{stored.isPublic ? " (public)" : ""}: &ldquo;{stored.text}&rdquo;. Reload the page to edit the latest version.
    </p>
  );
}

/** Changes a note's text or whether it is public, or deletes it; both from the version the page was loaded at. */
export function EditAnnotationForm({ update, remove, note, monthLabel }: { update: Action<{ version: number }>; remove: Action<{ id: number }>; note: Note; monthLabel: string }) {
  const edit = useActionForm(update);
  const del = useActionForm(remove);
  const router = useRouter();
  useEffect(() => {
    if (edit.state?.ok || del.state?.ok) router.refresh();
  }, [edit.state, del.state, router]);
  const id = (f: string) => `note-${note.id}-${f}`;
  const err = edit.fieldError;

  return (
    <details className="mt-2">
      <summary className="cursor-pointer font-semibold text-accent underline">
        Edit or delete<span className="sr-only"> the note on {monthLabel}</span>
      </summary>
      <div className="mt-3 max-w-xl space-y-4">
        <form onSubmit={edit.onSubmit} noValidate aria-label={`Edit the note on ${monthLabel}`}>
          <FormErrorSummary result={edit.state} order={["text", "isPublic"]} anchors={{ text: id("text"), isPublic: id("public") }}>
            {edit.state && !edit.state.ok && <Stored current={edit.state.current} />}
          </FormErrorSummary>
          {edit.state?.ok && <Alert tone="success" title="Note saved" />}
          <input type="hidden" name="id" value={note.id} />
          <input type="hidden" name="version" value={note.version} />
          <Textarea name="text" id={id("text")} label="Note" hint={TEXT_HINT} rows={3} maxLength={ANNOTATION_MAX} defaultValue={note.text} error={err("text")} />
          <Checkbox name="isPublic" id={id("public")} label="Public" hint={PUBLIC_HINT} defaultChecked={note.isPublic} error={err("isPublic")} />
          <Button type="submit" disabled={edit.pending}>
            {edit.pending ? "Saving…" : "Save note"}
          </Button>
        </form>
        <form onSubmit={del.onSubmit} noValidate aria-label={`Delete the note on ${monthLabel}`}>
          <FormErrorSummary result={del.state} fieldLinks={false}>
            {del.state && !del.state.ok && <Stored current={del.state.current} />}
          </FormErrorSummary>
          <input type="hidden" name="id" value={note.id} />
          <input type="hidden" name="version" value={note.version} />
          <Button type="submit" variant="secondary" size="sm" disabled={del.pending}>
            {del.pending ? "Deleting…" : `Delete the note on ${monthLabel}`}
          </Button>
        </form>
      </div>
    </details>
  );
}
