"use client";

import { useActionState, useEffect, useRef } from "react";
import { ChannelFieldset, ErrorSummary, Questions } from "@/components/feedback/survey-fields";
import { buttonClasses } from "@/components/ui/button";
import { COMMENT_MAX } from "@/lib/feedback/scales";
import { sendSurvey, type SurveyState } from "./actions";

const INITIAL: SurveyState = { attempt: 0, kind: null, message: null, fieldErrors: {}, values: {} };

/**
 * The public survey. A plain <form action>: without JavaScript the browser posts it and the
 * server renders the answer (errors with the answers kept, or a redirect to the thank-you page).
 */
export function SurveyForm({
  token,
  interaction,
  submissionKey,
  paused,
  unitName,
}: {
  token: string;
  /** A single-use link's signed token, sent back with the answers. */
  interaction: string | null;
  submissionKey: string;
  paused: boolean;
  unitName: string;
}) {
  const [state, formAction, pending] = useActionState(sendSurvey, INITIAL);
  const errors = state.fieldErrors;
  // A refused attempt re-mounts the form (key), taking focus from the button with it: move focus to
  // the message, so that a keyboard user continues from it instead of the top of the page. Visitors
  // who are not signed in get this page without React (server/script-free.ts): their post comes back
  // as a new page, whose message takes focus by its autofocus attribute.
  const problemRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.message) problemRef.current?.focus();
  }, [state]);
  // A link found paused on opening shows only that; one paused while the customer was answering
  // refuses the answers with a message and keeps them on the form (state.attempt > 0).
  // A single-use link found used, expired or altered on sending: say so, kindly, without the form.
  if (state.kind === "used" || state.kind === "expired" || state.kind === "invalid_link") {
    return (
      <div ref={problemRef} tabIndex={-1} autoFocus role="status" className="border-l-[6px] border-accent bg-accent-soft p-4">
        <h2 className="mb-1 text-xl font-bold">
          {state.kind === "used" ? "Already answered" : state.kind === "expired" ? "This link has expired" : "This link is not valid"}
        </h2>
        <p>{state.message}</p>
      </div>
    );
  }
  if (paused && state.attempt === 0) {
    return (
      <div role="status" className="border-l-[6px] border-accent bg-accent-soft p-4">
        <h2 className="mb-1 text-xl font-bold">This survey is paused</h2>
        <p>{unitName} is not taking survey responses at the moment. Please try again later.</p>
      </div>
    );
  }
  return (
    <>
      <p className="mb-8 text-lg">
        Three short questions about the help you received. It takes about a minute. We do not ask for your name or contact
        details.
      </p>
      <form key={state.attempt} action={formAction} noValidate>
        {state.message &&
          (state.kind === "invalid" ? (
            <ErrorSummary title="There is a problem" errors={errors} ref={problemRef} autoFocus />
          ) : (
            <div ref={problemRef} tabIndex={-1} autoFocus role="alert" className="mb-8 border-4 border-danger bg-white p-4">
              <h2 className="mb-1 text-xl font-bold">
                {state.kind === "paused" ? "This survey is paused" : state.kind === "rate_limited" ? "Too many responses" : "There is a problem"}
              </h2>
              <p>{state.message}</p>
              <p className="mt-2">Your answers are still below.</p>
            </div>
          ))}
        <input type="hidden" name="token" value={token} />
        {interaction && <input type="hidden" name="interaction" value={interaction} />}
        <input type="hidden" name="key" value={submissionKey} />
        <Questions values={state.values} errors={errors} />
        <div className={["mb-8", errors.comment ? "border-l-4 border-danger pl-3" : ""].join(" ")}>
          <label htmlFor="comment" className="mb-1 block text-xl font-bold">
            Is there anything you would like to tell us? (optional)
          </label>
          <p id="comment-hint" className="mb-2 text-ink-muted">
            Please do not include your name, contact details or any reference numbers. We remove email addresses, phone
            numbers and social security numbers before your comment is stored.
          </p>
          {errors.comment && (
            <p id="comment-error" className="mb-1 font-bold text-danger-dark">
              <span className="sr-only">Error: </span>
              {errors.comment}
            </p>
          )}
          <textarea
            id="comment"
            name="comment"
            rows={5}
            maxLength={COMMENT_MAX}
            defaultValue={state.values.comment ?? ""}
            aria-describedby={errors.comment ? "comment-hint comment-error" : "comment-hint"}
            aria-invalid={errors.comment ? true : undefined}
            className="block w-full border-2 border-ink bg-white px-2.5 py-2 text-lg"
          />
        </div>
        <ChannelFieldset selected={state.values.channel} error={errors.channel} />
        <button type="submit" className={buttonClasses("primary", "lg", "w-full sm:w-auto")} disabled={pending}>
          Send my answers
        </button>
      </form>
    </>
  );
}
