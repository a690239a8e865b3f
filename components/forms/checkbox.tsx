import type { ReactNode } from "react";
import { fieldDescribedBy, FieldError, FieldHint, fieldIds } from "@/components/ui/input";

interface CheckboxProps {
  name: string;
  /** Defaults to the name. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  defaultChecked?: boolean;
  onChange?: (checked: boolean) => void;
}

/** One checkbox with its label to the right, hint and error tied to it; the form sends "on" when ticked. */
export function Checkbox({ name, id, label, hint, error, defaultChecked, onChange }: CheckboxProps) {
  const fieldId = id ?? name;
  const ids = fieldIds(fieldId);
  return (
    <div className={["mb-5", error ? "border-l-4 border-danger pl-3" : ""].filter(Boolean).join(" ")}>
      <FieldError id={ids.error} message={error} />
      <div className="flex items-start gap-3">
        <input
          id={fieldId}
          name={name}
          type="checkbox"
          defaultChecked={defaultChecked}
          onChange={onChange ? (e) => onChange(e.currentTarget.checked) : undefined}
          aria-describedby={fieldDescribedBy(fieldId, hint, error ?? undefined)}
          aria-invalid={error ? true : undefined}
          className="mt-0.5 size-6 shrink-0 accent-accent"
        />
        <div>
          <label htmlFor={fieldId} className="font-bold">
            {label}
          </label>
          <FieldHint id={ids.hint}>{hint}</FieldHint>
        </div>
      </div>
    </div>
  );
}
