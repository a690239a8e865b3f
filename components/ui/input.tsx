import type { ComponentProps, ReactNode } from "react";

/** Ids of the hint and error paragraphs of a field, for aria-describedby. */
export function fieldIds(id: string) {
  return { hint: `${id}-hint`, error: `${id}-error` };
}

function describedBy(id: string, hint: ReactNode, error: string | undefined, extra?: string): string | undefined {
  const ids = fieldIds(id);
  const list = [extra, hint ? ids.hint : undefined, error ? ids.error : undefined].filter(Boolean);
  return list.length > 0 ? list.join(" ") : undefined;
}

/** An error message under a field. Renders nothing without a message. */
export function FieldError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="mb-1 font-bold text-danger-dark">
      <span className="sr-only">Error: </span>
      {message}
    </p>
  );
}

export function FieldHint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="mb-1 text-ink-muted">
      {children}
    </p>
  );
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Visually hide the label (still read out). Use sparingly, e.g. in a table cell. */
  labelHidden?: boolean;
  className?: string;
  children: ReactNode;
}

/** Label, hint and error around one control, with the red error bar of the GOV.UK pattern. */
export function Field({ id, label, hint, error, labelHidden, className, children }: FieldProps) {
  const ids = fieldIds(id);
  return (
    // The default bottom margin only when the caller sets no class of its own (Tailwind would not let a later class win).
    <div className={[className ?? "mb-5", error ? "border-l-4 border-danger pl-3" : ""].filter(Boolean).join(" ")}>
      <label htmlFor={id} className={labelHidden ? "sr-only" : "mb-1 block font-bold"}>
        {label}
      </label>
      <FieldHint id={ids.hint}>{hint}</FieldHint>
      <FieldError id={ids.error} message={error} />
      {children}
    </div>
  );
}

interface FieldGroupProps {
  /** The stem of the hint and error ids (fieldIds). */
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Give the fieldset the id and let it take focus, for an error summary that links to the group itself. */
  linkTarget?: boolean;
  className?: string;
  children: ReactNode;
}

/** A fieldset of radios or checkboxes wired like Field: legend, hint and error (aria-describedby), red bar on error. */
export function FieldGroup({ id, legend, hint, error, linkTarget, className, children }: FieldGroupProps) {
  const ids = fieldIds(id);
  return (
    <fieldset
      id={linkTarget ? id : undefined}
      tabIndex={linkTarget ? -1 : undefined}
      aria-describedby={describedBy(id, hint, error ?? undefined)}
      className={[className ?? "mb-5", error ? "border-l-4 border-danger pl-3" : ""].filter(Boolean).join(" ")}
    >
      <legend className="mb-1 font-bold">{legend}</legend>
      <FieldHint id={ids.hint}>{hint}</FieldHint>
      <FieldError id={ids.error} message={error} />
      {children}
    </fieldset>
  );
}

/**
 * Forms sit on a white panel: the red of field errors reaches 4.5:1 contrast on white but not on
 * the grey page background.
 */
export const FORM_PANEL = "max-w-3xl rounded-md border border-line-soft bg-surface p-5 shadow-sm sm:p-6";

export const controlClasses =
  "block w-full rounded-none border-2 bg-white px-2.5 py-2 text-base text-ink placeholder:text-ink-muted " +
  "disabled:cursor-not-allowed disabled:bg-line-soft";

function controlBorder(error: string | null | undefined) {
  return error ? "border-danger" : "border-ink";
}

type InputProps = Omit<ComponentProps<"input">, "id" | "name"> & {
  name: string;
  /** Defaults to the name. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  labelHidden?: boolean;
  fieldClassName?: string;
};

/** A text input with its label; hint and error are tied to it with aria-describedby, and aria-invalid is set on error. */
export function Input({ name, id, label, hint, error, labelHidden, fieldClassName, className, ...props }: InputProps) {
  const fieldId = id ?? name;
  return (
    <Field id={fieldId} label={label} hint={hint} error={error} labelHidden={labelHidden} className={fieldClassName}>
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error ?? undefined, props["aria-describedby"])}
        className={[controlClasses, controlBorder(error), className].filter(Boolean).join(" ")}
        {...props}
      />
    </Field>
  );
}

type TextareaProps = Omit<ComponentProps<"textarea">, "id" | "name"> & {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  labelHidden?: boolean;
  fieldClassName?: string;
};

/** A multi-line text field (commentary, notes), wired like Input. */
export function Textarea({ name, id, label, hint, error, labelHidden, fieldClassName, className, rows = 4, ...props }: TextareaProps) {
  const fieldId = id ?? name;
  return (
    <Field id={fieldId} label={label} hint={hint} error={error} labelHidden={labelHidden} className={fieldClassName}>
      <textarea
        id={fieldId}
        name={name}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error ?? undefined, props["aria-describedby"])}
        className={[controlClasses, controlBorder(error), className].filter(Boolean).join(" ")}
        {...props}
      />
    </Field>
  );
}

export { describedBy as fieldDescribedBy };
