/**
 * Which figure counts for a month, and which target is in force (pure; client-safe). The SQL twins
 * are in ./figure-sql.ts; tests/integration/figure-sql.test.ts holds each pair equal.
 */
import type { Frequency, PeriodType } from "@/lib/enums";
import { quarterStart, isQuarterEnd, type Period } from "@/lib/entry/periods";

export type { Frequency } from "@/lib/enums";

/** A quarter's first month, three months before `quarter` (also a quarter's first month). */
function previousQuarter(quarter: Period): Period {
  const [y, m] = quarter.split("-").map(Number) as [number, number];
  const month = m - 3;
  return month >= 1 ? `${y}-${String(month).padStart(2, "0")}-01` : `${y - 1}-${String(month + 12).padStart(2, "0")}-01`;
}

/**
 * The period whose submitted figure counts for a measure in a view of `month`: the month itself for
 * a monthly measure; for a quarterly one the latest quarter ended by that month (the month's own
 * quarter in its last month, else the quarter before), stored against its first month.
 * SQL twin: countingPeriodSql.
 */
export function countingPeriod(frequency: Frequency, month: Period): Period {
  if (frequency === "monthly") return month;
  return isQuarterEnd(month) ? quarterStart(month) : previousQuarter(quarterStart(month));
}

/** The kind of period a measure's figures are stored against. SQL twin: periodTypeSql. */
export const periodTypeOf = (frequency: Frequency): PeriodType => (frequency === "monthly" ? "month" : "quarter");

/**
 * The target in force for a period: the latest one effective on or before it (targets in any
 * order; null when none is, or when it is "to be confirmed"). SQL twin: targetInForceJoin.
 */
export function targetInForce<T extends { effectiveFrom: string; value: number | null }>(targets: readonly T[], period: Period): number | null {
  let found: T | null = null;
  for (const t of targets) if (t.effectiveFrom <= period && (found === null || t.effectiveFrom >= found.effectiveFrom)) found = t;
  return found?.value ?? null;
}
