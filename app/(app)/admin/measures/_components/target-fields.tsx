"use client";

import type { ReactNode } from "react";
import { Input } from "@/components/ui/input";
import type { ValueType } from "@/lib/enums";
import type { TargetKind } from "@/lib/measures/choices";
import { RadioGroup } from "./choice-fields";

/** What a target looks like in this measure's unit, as a hint under the value field. */
export function targetValueHint(m: { valueType: ValueType; scaleMin?: string | null; scaleMax?: string | null }): string {
  switch (m.valueType) {
    case "percent":
      return "A percentage from 0 to 100, without the % sign.";
    case "score":
      return m.scaleMin && m.scaleMax ? `A score on the scale, from ${Number(m.scaleMin)} to ${Number(m.scaleMax)}.` : "A score on the measure's scale.";
    case "currency":
      return "In pounds, without the £ sign.";
    case "days":
      return "A number of days.";
    case "ratio":
      return "A ratio, like 1.5.";
    default:
      return "A number, like 12.";
  }
}

interface Props {
  kind: TargetKind;
  onKindChange: (kind: TargetKind) => void;
  err: (field: string) => string | undefined;
  valueHint: string;
  fromLabel: string;
  fromHint: ReactNode;
}

/**
 * The target of a measure from a month on: a value, or "to be confirmed" with the date it is due
 * to be agreed. The field of the option not chosen is hidden and disabled, so it is not sent.
 */
export function TargetFields({ kind, onKindChange, err, valueHint, fromLabel, fromHint }: Props) {
  return (
    <>
      <RadioGroup<TargetKind>
        name="targetKind"
        legend="Target"
        error={err("targetKind")}
        value={kind}
        onChange={onKindChange}
        options={[
          {
            value: "value",
            label: "A value",
            reveal: (
              <Input
                name="targetValue"
                label="Target value"
                hint={valueHint}
                inputMode="decimal"
                autoComplete="off"
                className="max-w-48"
                disabled={kind !== "value"}
                error={err("targetValue")}
              />
            ),
          },
          {
            value: "tbc",
            label: "To be confirmed",
            hint: "The target is still being agreed. Figures are shown without a target status until it is.",
            reveal: (
              <Input
                name="tbcDue"
                type="date"
                label="Date the target is due to be agreed"
                hint="For example, 2026-03-31."
                className="max-w-56"
                disabled={kind !== "tbc"}
                error={err("tbcDue")}
              />
            ),
          },
        ]}
      />
      <Input name="targetFrom" type="month" label={fromLabel} hint={fromHint} className="max-w-56" error={err("targetFrom")} />
    </>
  );
}
