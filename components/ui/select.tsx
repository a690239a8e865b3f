import type { ComponentProps, ReactNode } from "react";
import { controlClasses, Field, fieldDescribedBy } from "./input";

type SelectProps = Omit<ComponentProps<"select">, "id" | "name"> & {
  name: string;
  /** Defaults to the name. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  labelHidden?: boolean;
  fieldClassName?: string;
  /** Optional first option with an empty value, e.g. "Choose a unit". */
  placeholder?: string;
  children: ReactNode;
};

/** A native select with its label, hint and error (aria-describedby, aria-invalid), like Input. */
export function Select({ name, id, label, hint, error, labelHidden, fieldClassName, className, placeholder, children, ...props }: SelectProps) {
  const fieldId = id ?? name;
  return (
    <Field id={fieldId} label={label} hint={hint} error={error} labelHidden={labelHidden} className={fieldClassName}>
      <select
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={fieldDescribedBy(fieldId, hint, error ?? undefined, props["aria-describedby"])}
        // max-w-full: a select is as wide as its longest option; on a phone it shrinks to the page rather than widening it.
        className={[controlClasses, "min-h-11 w-auto max-w-full min-w-48 pr-8", error ? "border-danger" : "border-ink", className].filter(Boolean).join(" ")}
        {...props}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {children}
      </select>
    </Field>
  );
}
