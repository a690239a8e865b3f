import { format, parseISO } from "date-fns";
import { targetText } from "@/lib/measures/target-text";
import type { ValueType } from "@/lib/enums";
import { VALUE_TYPE_LABELS } from "@/lib/measures/choices";

interface MeasureUnit {
  valueType: ValueType;
  decimals: number;
  scaleMin: string | null;
  scaleMax: string | null;
}

/** "Mar 2026": a month in the catalogue's short form (lib/entry/periods.ts monthLabel is the long "March 2026"). */
export const shortMonthLabel = (date: string) => format(parseISO(date), "MMM yyyy");
export const dayLabel = (date: string) => format(parseISO(date), "d MMM yyyy");

/** "Percentage", "Score (1 to 7)". */
export function unitOfMeasurementLabel(m: MeasureUnit): string {
  if (m.valueType === "score" && m.scaleMin !== null && m.scaleMax !== null) return `Score (${Number(m.scaleMin)} to ${Number(m.scaleMax)})`;
  return VALUE_TYPE_LABELS[m.valueType];
}

/**
 * A recorded target as the catalogue shows it: "90.0%", or "To be confirmed, due 31 Mar 2026", in
 * the wording of every other page (lib/measures/target-text.ts). Without the measure's direction:
 * the catalogue shows what is recorded, even for a context measure.
 */
export function targetLabel(m: MeasureUnit, target: { value: string | null; tbcDue: string | null }): string {
  return targetText(target.value === null ? null : Number(target.value), m, target.tbcDue);
}
