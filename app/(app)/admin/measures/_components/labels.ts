import { format, parseISO } from "date-fns";
import { formatValue } from "@/lib/measures/format";
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

/** A target as the catalogue shows it: "90.0%", or "To be confirmed, due 31 Mar 2026". */
export function targetLabel(m: MeasureUnit, target: { value: string | null; tbcDue: string | null }): string {
  if (target.value !== null) return formatValue(Number(target.value), m);
  return target.tbcDue ? `To be confirmed, due ${dayLabel(target.tbcDue)}` : "To be confirmed";
}
