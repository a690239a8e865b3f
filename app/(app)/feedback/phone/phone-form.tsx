"use client";

import { useEffect, useRef, type KeyboardEvent } from "react";
import { ErrorSummary, Questions } from "@/components/feedback/survey-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import { COMMENT_MAX } from "@/lib/feedback/scales";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ duplicate: boolean; responses: number | null; masked: number; nextKey: string }>>;
  units: { id: number; label: string }[];
  initialKey: string;
}

/**
 * The advisor's phone survey: keyboard only. Focus starts on the first question; arrow keys
 * choose an answer, Tab moves on, Enter anywhere sends. After saving, the form clears and focus
 * returns to the first question for the next call.
 */
export function PhoneForm({ action, units, initialKey }: Props) {
  const { state, onSubmit, pending } = useActionForm(action);
  const keyRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!state) return;
    if (state.ok) {
      // Ready for the next call: clear the answers (not the service), a fresh one-time key, focus on question 1.
      const unit = formRef.current?.querySelector<HTMLSelectElement>("select[name=unitId]")?.value;
      formRef.current?.reset();
      const select = formRef.current?.querySelector<HTMLSelectElement>("select[name=unitId]");
      if (select && unit) select.value = unit;
      // A hidden input's value is its default: reset() leaves the new key in place.
      if (keyRef.current) keyRef.current.value = state.data.nextKey;
      firstRef.current?.focus();
    } else {
      errorRef.current?.focus();
    }
  }, [state]);

  // Enter on a radio button sends the form too (browsers only do that for text fields).
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    const target = e.target as HTMLElement;
    if (e.key === "Enter" && target instanceof HTMLInputElement && target.type === "radio") {
      e.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  const errors = state && !state.ok ? Object.fromEntries(Object.entries(state.fieldErrors ?? {}).map(([k, v]) => [k, v[0] ?? ""])) : {};
  const singleUnit = units.length === 1 ? units[0] : undefined;

  return (
    <form ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="max-w-2xl">
      <div role="status" aria-live="polite" className="min-h-0">
        {state?.ok && (
          <div className="mb-6 border-l-[6px] border-success bg-success-soft p-4">
            <p className="text-lg font-bold">
              {state.data.duplicate ? "Already saved: that response was sent twice and counted once." : "Response saved."}
            </p>
            <p>
              {state.data.responses !== null ? `${state.data.responses.toLocaleString("en-GB")} responses this month. ` : ""}
              {state.data.masked > 0 ? "Personal details in the comment were removed. " : ""}
              Ready for the next call.
            </p>
          </div>
        )}
      </div>
      {state && !state.ok && (
        <div ref={errorRef} tabIndex={-1}>
          {state.fieldErrors ? (
            <ErrorSummary title={state.message} errors={errors} />
          ) : (
            <div role="alert" className="mb-8 border-4 border-danger bg-white p-4 font-bold">
              {state.message}
            </div>
          )}
        </div>
      )}
      <input ref={keyRef} type="hidden" name="key" defaultValue={initialKey} />
      {singleUnit ? (
        <>
          <input type="hidden" name="unitId" value={singleUnit.id} />
          <p className="mb-6 text-lg">
            Service: <strong>{singleUnit.label}</strong>
          </p>
        </>
      ) : (
        <div className="mb-6">
          <label htmlFor="unitId" className="mb-1 block font-bold">
            Service
          </label>
          <select id="unitId" name="unitId" className="block w-full max-w-md border-2 border-ink bg-white px-2.5 py-2 text-base" defaultValue={units[0]?.id}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <Questions values={{}} errors={errors} firstRef={firstRef} />
      <div className="mb-6">
        <label htmlFor="comment" className="mb-1 block text-xl font-bold">
          Customer&apos;s comment (optional)
        </label>
        <p id="comment-hint" className="mb-2 text-ink-muted">
          In their words, without names or contact details. Email addresses, phone numbers and social security numbers are removed.
        </p>
        <input
          id="comment"
          name="comment"
          type="text"
          maxLength={COMMENT_MAX}
          autoComplete="off"
          aria-describedby="comment-hint"
          className="block w-full border-2 border-ink bg-white px-2.5 py-2 text-base"
        />
      </div>
      <p className="mb-4 text-ink-muted">Channel: phone. Press Enter to save.</p>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save response"}
      </Button>
    </form>
  );
}
