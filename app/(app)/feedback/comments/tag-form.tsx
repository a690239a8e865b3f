"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ changed: boolean; themeIds: number[] }>>;
  responseId: number;
  themes: { id: number; name: string }[];
  selected: number[];
  /** The start of the comment, to tell the groups apart for screen readers. */
  excerpt: string;
}

/** A comment's theme checkboxes, saved together. */
export function TagForm({ action, responseId, themes, selected, excerpt }: Props) {
  const { state, onSubmit, pending } = useActionForm(action);
  return (
    <form onSubmit={onSubmit}>
      <input type="hidden" name="responseId" value={responseId} />
      <fieldset>
        <legend className="mb-2 font-bold">
          Themes<span className="sr-only"> of the comment “{excerpt}”</span>
        </legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {themes.map((t) => (
            <div key={t.id} className="flex items-center gap-2">
              <input type="checkbox" id={`r${responseId}-t${t.id}`} name={`theme_${t.id}`} value="on" defaultChecked={selected.includes(t.id)} className="size-5 accent-accent" />
              <label htmlFor={`r${responseId}-t${t.id}`}>{t.name}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" disabled={pending}>
          Save themes
        </Button>
        <span role="status" className="font-semibold">
          {state?.ok ? (state.data.changed ? "Themes saved" : "No change") : ""}
        </span>
        {state && !state.ok && (
          <span role="alert" className="font-bold text-danger-dark">
            {state.message}
          </span>
        )}
      </div>
    </form>
  );
}
