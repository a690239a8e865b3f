import type { Ref } from "react";
import { FEEDBACK_CHANNELS } from "@/lib/enums";
import { CHANNEL_LABELS, QUESTIONS, type Question } from "@/lib/feedback/scales";

/**
 * The survey's questions as radio groups (fieldset + legend), every scale point written out in
 * words. Plain HTML: works without JavaScript; shared by the public page and the phone form.
 */
export interface SurveyValues {
  csat?: string;
  ces?: string;
  csi?: string;
  comment?: string;
  channel?: string;
}

export function ScaleFieldset({
  question,
  number,
  selected,
  error,
  idPrefix = "",
  firstRef,
}: {
  question: Question;
  number: number;
  selected?: string;
  error?: string;
  idPrefix?: string;
  firstRef?: Ref<HTMLInputElement>;
}) {
  const errorId = `${idPrefix}${question.metric}-error`;
  // Screen readers announce each radio's position ("1 of 5") themselves; the label is the words alone.
  return (
    <fieldset
      className={["mb-8", error ? "border-l-4 border-danger pl-3" : ""].join(" ")}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="mb-3 text-xl font-bold">
        <span className="sr-only">Question {number}: </span>
        <span aria-hidden="true">{number}. </span>
        {question.legend}
      </legend>
      {error && (
        <p id={errorId} className="mb-2 font-bold text-danger-dark">
          <span className="sr-only">Error: </span>
          {error}
        </p>
      )}
      <div className="space-y-2">
        {question.points.map(([value, words], i) => {
          const id = `${idPrefix}${question.metric}-${value}`;
          return (
            <div key={value} className="flex items-center gap-3">
              <input
                ref={i === 0 ? firstRef : undefined}
                type="radio"
                id={id}
                name={question.metric}
                value={value}
                defaultChecked={selected === String(value)}
                className="size-7 shrink-0 accent-accent"
              />
              <label htmlFor={id} className="py-1 text-lg">
                {words}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function Questions({ values, errors, idPrefix, firstRef }: { values: SurveyValues; errors: Record<string, string>; idPrefix?: string; firstRef?: Ref<HTMLInputElement> }) {
  return (
    <>
      {QUESTIONS.map((q, i) => (
        <ScaleFieldset
          key={q.metric}
          question={q}
          number={i + 1}
          selected={values[q.metric]}
          error={errors[q.metric]}
          idPrefix={idPrefix}
          firstRef={i === 0 ? firstRef : undefined}
        />
      ))}
    </>
  );
}

export function ChannelFieldset({ selected, error }: { selected?: string; error?: string }) {
  return (
    <fieldset className="mb-8" aria-describedby={error ? "channel-error" : undefined}>
      <legend className="mb-3 text-xl font-bold">How did you contact us? (optional)</legend>
      {error && (
        <p id="channel-error" className="mb-2 font-bold text-danger-dark">
          <span className="sr-only">Error: </span>
          {error}
        </p>
      )}
      <div className="space-y-2">
        {FEEDBACK_CHANNELS.map((c) => (
          <div key={c} className="flex items-center gap-3">
            <input type="radio" id={`channel-${c}`} name="channel" value={c} defaultChecked={selected === c} className="size-7 shrink-0 accent-accent" />
            <label htmlFor={`channel-${c}`} className="py-1 text-lg">
              {CHANNEL_LABELS[c]}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The error summary at the top of a refused form: each problem links to its question. Focusable by
 * script (`ref`), so that the form can move focus to it.
 */
export function ErrorSummary({
  title,
  errors,
  idPrefix = "",
  ref,
  autoFocus,
}: {
  title: string;
  errors: Record<string, string>;
  idPrefix?: string;
  ref?: Ref<HTMLDivElement>;
  /** Focused when the page loads: a form posted without JavaScript comes back as a new page. */
  autoFocus?: boolean;
}) {
  const items = Object.entries(errors).filter(([k]) => k !== "key" && k !== "form");
  const firstId = (k: string) => (k === "comment" ? `${idPrefix}comment` : k === "channel" ? "channel-phone" : `${idPrefix}${k}-1`);
  return (
    <div ref={ref} tabIndex={ref ? -1 : undefined} autoFocus={autoFocus} role="alert" className="mb-8 border-4 border-danger bg-white p-4">
      <h2 className="mb-2 text-xl font-bold">{title}</h2>
      {items.length > 0 && (
        <ul className="list-disc space-y-1 pl-6">
          {items.map(([k, message]) => (
            <li key={k}>
              <a href={`#${firstId(k)}`} className="font-bold text-danger-dark">
                {message}
              </a>
            </li>
          ))}
        </ul>
      )}
      {errors.key && <p className="font-bold">{errors.key}</p>}
    </div>
  );
}
