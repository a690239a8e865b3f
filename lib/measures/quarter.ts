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

/** How complete a quarter's figure is: final (every month its rule needs), provisional or withheld. */
export const FIGURE_STATUSES = ["final", "provisional", "withheld"] as const;
export type FigureStatus = (typeof FIGURE_STATUSES)[number];

export interface QuarterCompleteness {
  /** Months (periods) with a figure the rule can use. */
  monthsReported: number;
  /** Months the rule needs: 3 for a monthly measure, 1 (the quarter's own figure) for a quarterly one. */
  monthsRequired: number;
  /** null when no month was reported at all (there is no figure to qualify). */
  figureStatus: FigureStatus | null;
}

/** Whether a month's figure counts for the rule: a ratio needs its numerator and denominator, the others a value. */
export function monthHasFigure(rule: QuarterRule, m: MonthFigure): boolean {
  return rule === "ratio" ? m.numerator !== null && m.denominator !== null : m.value !== null;
}

/**
 * Whether a quarter's figure may be published as final, only as provisional, or not at all, from
 * which of its periods have a figure (`reported`, in date order: the three months of a monthly
 * measure, or the one quarterly figure of a quarterly measure). Pure. When some are missing:
 * - sum: withheld — a total of fewer months understates the quarter, so no value is published;
 * - mean, ratio: provisional — an average or a share of the months there are is still a fair
 *   estimate, published with how many months it is built from;
 * - last: provisional when the quarter's last month is missing (the figure is then an earlier
 *   month's snapshot), final otherwise.
 * No reported period at all: no figure (figureStatus null).
 */
export function quarterCompleteness(rule: QuarterRule, reported: readonly boolean[]): QuarterCompleteness {
  const monthsRequired = reported.length;
  const monthsReported = reported.filter(Boolean).length;
  let figureStatus: FigureStatus | null;
  if (monthsReported === 0) figureStatus = null;
  else if (monthsReported === monthsRequired) figureStatus = "final";
  else if (rule === "sum") figureStatus = "withheld";
  else if (rule === "last") figureStatus = reported[reported.length - 1] ? "final" : "provisional";
  else figureStatus = "provisional";
  return { monthsReported, monthsRequired, figureStatus };
}
