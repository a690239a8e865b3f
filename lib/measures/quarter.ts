import type { QuarterRule } from "@/lib/enums";
export type { QuarterRule };

export interface MonthFigure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/**
 * A quarter's figure from its months, by the measure's rule (pure):
 * - sum: the months added up (e.g. requests received);
 * - mean: the average of the months that have a figure;
 * - last: the last month that has a figure (a snapshot, e.g. open audit actions);
 * - ratio: summed numerators over summed denominators (e.g. incidents resolved within SLA ÷
 *   incidents), as a percentage when `asPercent` — never an average of monthly percentages.
 * Months without a figure are skipped; a quarter with no figures has none (null).
 * `months` are in date order.
 */
export function deriveQuarter(rule: QuarterRule, months: MonthFigure[], asPercent = true): MonthFigure | null {
  if (rule === "ratio") {
    const parts = months.filter((m) => m.numerator !== null && m.denominator !== null);
    if (parts.length === 0) return null;
    const numerator = parts.reduce((s, m) => s + m.numerator!, 0);
    const denominator = parts.reduce((s, m) => s + m.denominator!, 0);
    if (denominator === 0) return null;
    const share = numerator / denominator;
    return { value: Math.round((asPercent ? share * 100 : share) * 10_000) / 10_000, numerator, denominator };
  }
  const values = months.map((m) => m.value).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const value = rule === "sum" ? values.reduce((s, v) => s + v, 0) : rule === "mean" ? values.reduce((s, v) => s + v, 0) / values.length : values[values.length - 1]!;
  return { value: Math.round(value * 10_000) / 10_000, numerator: null, denominator: null };
}
