/**
 * Missing periods as gaps (issue 18: "the charts join February to May as one step"), pure and
 * client-safe. A chart draws its line through the points it is given: a period without a figure
 * must be there as a point without a value, so that the line breaks at it instead of joining the
 * figures either side.
 */
import type { Frequency } from "@/lib/enums";
import { monthsBetween, type Period } from "@/lib/entry/periods";

/** Every period a measure reports from `first` to `last` (months, or quarters' first months), oldest first. */
export function reportingPeriods(frequency: Frequency, first: Period, last: Period): Period[] {
  const months = monthsBetween(first, last);
  return frequency === "monthly" ? months : months.filter((_, i) => i % 3 === 0);
}

/** `points` (oldest first) with `gap(period)` in every reporting period between the first and the last that has none. */
export function withGaps<T extends { period: Period }, G>(points: readonly T[], frequency: Frequency, gap: (period: Period) => G): (T | G)[] {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return [];
  const byPeriod = new Map(points.map((p) => [p.period, p]));
  return reportingPeriods(frequency, first.period, last.period).map((period) => byPeriod.get(period) ?? gap(period));
}
