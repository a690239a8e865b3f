import type { ChangeEvent, ReactNode } from "react";
import { FieldGroup } from "@/components/ui/input";

/*
 * Radio groups in the style of components/ui/input (GOV.UK pattern): a fieldset with a legend,
 * hint and error tied to it with aria-describedby, a red bar on error; and the form's sections.
 */

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
  const selected = (v: V) => (value === undefined ? { defaultChecked: v === defaultValue } : { checked: v === value });
  return (
    <FieldGroup id={name} legend={legend} hint={hint} error={error}>
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
    </FieldGroup>
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
