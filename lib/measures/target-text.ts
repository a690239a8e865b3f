import { formatValue } from "./format";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2026-03-31" → "31 Mar 2026", without date-fns: the chart's client chunk imports this module. */
const dayLabel = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** What targetText needs of a measure: its unit, and its direction when the caller has it. */
export interface TargetTextMeasure {
  valueType: string;
  decimals: number;
  scaleMax?: string | number | null;
  direction?: string;
}

/**
 * A measure's target in words, the same on every page, table, chart and report (issue 19): its
 * value in the measure's unit; "No target (context measure)" for a measure tracked for context,
 * which has no direction to judge a figure by; otherwise, while no value is set, "To be confirmed",
 * with the day it is due when that is known ("To be confirmed, due 31 Mar 2026"). Browser-safe.
 */
export function targetText(target: number | null, m: TargetTextMeasure, tbcDue?: string | null): string {
  if (m.direction === "neither") return "No target (context measure)";
  if (target !== null) return formatValue(target, m);
  return tbcDue ? `To be confirmed, due ${dayLabel(tbcDue)}` : "To be confirmed";
}
