/**
 * The as-at rules of initiatives and milestones (pure; no imports, so client components, the
 * reviews rules and the SQL twins can all use them; lib/enums.ts imports nothing). Dates are ISO "YYYY-MM-DD" strings, which
 * compare correctly as strings. "As at D" means at the end of day D. The SQL twins are in
 * lib/initiatives/as-at-sql.ts; tests/integration/as-at-sql.test.ts holds each pair equal.
 */

import type { Rag } from "@/lib/enums";

export { RAGS, type Rag } from "@/lib/enums";

/** A lead's monthly update: the month it is for ("YYYY-MM-01") and the RAG given. */
export interface RagUpdate {
  period: string;
  rag: Rag;
}

/**
 * An initiative's RAG as at `asAt`: the one in its latest monthly update for a month on or before
 * that day; null when it had none. SQL twin: ragAsAtJoin.
 */
export function ragAsAt(updates: readonly RagUpdate[], asAt: string): Rag | null {
  let latest: RagUpdate | null = null;
  for (const u of updates) if (u.period <= asAt && (latest === null || u.period > latest.period)) latest = u;
  return latest?.rag ?? null;
}

export interface MilestoneFacts {
  plannedDate: string;
  forecastDate: string | null;
  actualDate: string | null;
  status: string;
}

/** A change of a milestone's forecast, as recorded: from what date, to what date, and the day it was made. */
export interface ForecastChange {
  fromDate: string | null;
  toDate: string;
  changedOn: string;
}

/** A milestone's expected date now: its forecast when there is one, else its planned date. */
export function expectedDate(m: { plannedDate: string; forecastDate: string | null }): string {
  return m.forecastDate ?? m.plannedDate;
}

/**
 * A milestone's expected date as it was known at the end of `asAt`: the current forecast (else the
 * planned date) when it has not changed since; otherwise the date that the first change made after
 * `asAt` moved it from (the planned date when it had no forecast). `changes` are in the order they
 * were made. SQL twin: forecastAsAtSql.
 */
export function forecastAsAt(m: { plannedDate: string; forecastDate: string | null }, changes: readonly ForecastChange[], asAt: string): string {
  let firstLater: ForecastChange | null = null;
  for (const c of changes) if (c.changedOn > asAt && (firstLater === null || c.changedOn < firstLater.changedOn)) firstLater = c;
  return firstLater ? (firstLater.fromDate ?? m.plannedDate) : expectedDate(m);
}

/**
 * A milestone is overdue at the end of `asAt` when its date as then forecast is before that day and
 * it had no actual date by then; a cancelled one never is. One achieved late is overdue only until
 * it is achieved (then it counts once, as achieved late). SQL twin: milestoneOverdueAtSql.
 */
export function isMilestoneOverdueAt(m: MilestoneFacts, changes: readonly ForecastChange[], asAt: string): boolean {
  if (m.status === "cancelled") return false;
  if (m.actualDate !== null && m.actualDate <= asAt) return false;
  return forecastAsAt(m, changes, asAt) < asAt;
}

/**
 * Whether a milestone fell due between `from` and `to` (a month's first and last days) by its date
 * as known at the end of `asAt` — whatever became of it. SQL twin: milestoneDueInSql.
 */
export function isMilestoneDueIn(m: { plannedDate: string; forecastDate: string | null }, changes: readonly ForecastChange[], from: string, to: string, asAt: string): boolean {
  const expected = forecastAsAt(m, changes, asAt);
  return expected >= from && expected <= to;
}
