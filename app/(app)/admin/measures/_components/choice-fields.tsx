import type { ChangeEvent, ReactNode } from "react";
import { FieldError, FieldHint, fieldIds } from "@/components/ui/input";

/*
 * Radios and checkboxes in the style of components/ui/input (GOV.UK pattern): a fieldset with a
 * legend for a group, hint and error tied to it with aria-describedby, a red bar on error.
 */

/**
 * Forms sit on a white panel: the red of field errors (components/ui/input) reaches 4.5:1 contrast
 * on white but not on the grey page background.
 */
export const FORM_PANEL = "max-w-3xl rounded-md border border-line-soft bg-surface p-5 shadow-sm sm:p-6";

/** Links in an error summary: dark red, which keeps its contrast on the pink of the error box. */
export const SUMMARY_LINK = "font-semibold text-danger-dark visited:text-danger-dark hover:text-ink";

export interface RadioOption<V extends string> {
  value: V;
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the option while it is selected (a conditional reveal; controlled groups only). */
  reveal?: ReactNode;
}

interface RadioGroupProps<V extends string> {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  options: RadioOption<V>[];
  /** Uncontrolled: the option selected at first. */
  defaultValue?: V;
  /** Controlled: the selected option (with onChange). */
  value?: V;
  onChange?: (value: V) => void;
  /** Options side by side (short labels, no hints). */
  inline?: boolean;
}

export function RadioGroup<V extends string>({ name, legend, hint, error, options, defaultValue, value, onChange, inline }: RadioGroupProps<V>) {
  const ids = fieldIds(name);
  const describedBy = [hint ? ids.hint : null, error ? ids.error : null].filter(Boolean).join(" ") || undefined;
  const selected = (v: V) => (value === undefined ? { defaultChecked: v === defaultValue } : { checked: v === value });
  return (
    <fieldset aria-describedby={describedBy} className={["mb-5", error ? "border-l-4 border-danger pl-3" : ""].join(" ")}>
      <legend className="mb-1 font-bold">{legend}</legend>
      <FieldHint id={ids.hint}>{hint}</FieldHint>
      <FieldError id={ids.error} message={error} />
      <div className={inline ? "flex flex-wrap gap-x-6 gap-y-2" : "space-y-2"}>
        {options.map((o) => {
          const id = `${name}-${o.value}`;
          const optionHint = o.hint ? `${id}-hint` : undefined;
          const isSelected = value !== undefined ? value === o.value : undefined;
          return (
            <div key={o.value}>
              <div className="flex items-start gap-3">
                <input
                  id={id}
                  name={name}
                  type="radio"
                  value={o.value}
                  aria-describedby={optionHint}
                  onChange={onChange ? (e: ChangeEvent<HTMLInputElement>) => e.target.checked && onChange(o.value) : undefined}
                  className="mt-0.5 size-6 shrink-0 accent-[var(--color-accent)]"
                  {...selected(o.value)}
                />
                <div>
                  <label htmlFor={id} className="font-semibold">
                    {o.label}
                  </label>
                  {o.hint && (
                    <p id={optionHint} className="text-sm text-ink-muted">
                      {o.hint}
                    </p>
                  )}
                </div>
              </div>
              {/* Hidden, not removed, so that what was typed survives switching back; the caller disables its inputs. */}
              {o.reveal && (
                <div hidden={isSelected === false} className="mt-3 ml-3 border-l-4 border-line pl-6">
                  {o.reveal}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

interface CheckboxProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  defaultChecked?: boolean;
}

/** One checkbox with its label to the right; the form sends "on" when it is ticked. */
export function Checkbox({ name, label, hint, error, defaultChecked }: CheckboxProps) {
  const ids = fieldIds(name);
  const describedBy = [hint ? ids.hint : null, error ? ids.error : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["mb-5", error ? "border-l-4 border-danger pl-3" : ""].join(" ")}>
      <FieldError id={ids.error} message={error} />
      <div className="flex items-start gap-3">
        <input
          id={name}
          name={name}
          type="checkbox"
          defaultChecked={defaultChecked}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          className="mt-0.5 size-6 shrink-0 accent-[var(--color-accent)]"
        />
        <div>
          <label htmlFor={name} className="font-bold">
            {label}
          </label>
          <FieldHint id={ids.hint}>{hint}</FieldHint>
        </div>
      </div>
    </div>
  );
}

/** A group of related fields under a heading-sized legend (Baseline, Target, Scale…). */
export function Section({ legend, hint, children, size = "lg" }: { legend: ReactNode; hint?: ReactNode; children: ReactNode; size?: "lg" | "md" }) {
  return (
    <fieldset className={size === "lg" ? "mb-8 border-t-2 border-line-soft pt-5 first-of-type:border-t-0 first-of-type:pt-0" : "mb-5"}>
      <legend className={size === "lg" ? "float-left mb-3 w-full text-xl font-bold" : "mb-1 font-bold"}>{legend}</legend>
      {hint && <p className="clear-both mb-4 text-ink-muted">{hint}</p>}
      <div className="clear-both">{children}</div>
    </fieldset>
  );
}
