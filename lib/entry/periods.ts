import { addDays, addMonths, format, isWeekend, parseISO, startOfMonth, subMonths } from "date-fns";
import type { Frequency } from "@/lib/enums";

/**
 * Reporting periods (pure). A period is the first day of a month, "YYYY-MM-01"; a quarterly
 * figure is stored against the first month of its quarter and entered once the quarter has ended.
 */
export type Period = string;

export const toPeriod = (d: Date): Period => format(startOfMonth(d), "yyyy-MM-dd");

/** The month before the current one: the one leads normally enter. */
export function lastCompletedMonth(now: Date): Period {
  return toPeriod(subMonths(now, 1));
}

/** A month can be entered once it has ended. */
export function hasEnded(period: Period, now: Date): boolean {
  return addMonths(parseISO(period), 1) <= startOfMonth(now);
}

/** "2026-10" from a form or URL → "2026-10-01"; null when it is not a real month. */
export function parseMonth(input: string | null | undefined): Period | null {
  if (!input || !/^\d{4}-(0[1-9]|1[0-2])$/.test(input)) return null;
  return `${input}-01`;
}

export const monthParam = (period: Period) => period.slice(0, 7);

export const monthLabel = (period: Period) => format(parseISO(period), "MMMM yyyy");

/** The last day of the month that starts on `period` ("2026-10-01" → "2026-10-31"). */
export function monthEnd(period: Period): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period.slice(0, 8)}${String(last).padStart(2, "0")}`;
}

/**
 * The day a view of a period is judged at ("as at"): the period's last day once it has ended,
 * today while it is running. Every dashboard, review pack and report of a period shows the state
 * on this day (docs/rules.md).
 */
export function asAtDate(periodEnd: string, today: string): string {
  return periodEnd < today ? periodEnd : today;
}

/** The as-at day of a month: its last day, or today for the current month. */
export const monthAsAt = (period: Period, today: string): string => asAtDate(monthEnd(period), today);

/** Whether a month lies in the future of `today` (it has not started): views of it are refused. */
export function isFutureMonth(period: Period, today: string): boolean {
  return period > `${today.slice(0, 7)}-01`;
}

/** What a page of one month is built from, or why it is refused (viewOfMonth). */
export type MonthView =
  | { kind: "shown"; period: Period; asAt: string; asAtText: string }
  | { kind: "refused"; period: Period; message: string; latest: Period };

/** "As at 31 August 2025" for an ended month; "As at today, 4 December 2026" for the current one. */
export function asAtText(asAt: string, today: string): string {
  const d = format(parseISO(asAt), "d MMMM yyyy");
  return asAt === today ? `As at today, ${d}` : `As at ${d}`;
}

/**
 * How a page of `period` (dashboard, department page, review pack) is built on `today`: as at
 * monthAsAt, or refused when the month has not started (a future month has no state to show, and
 * an empty pack of one must not be editable). Past months stay viewable.
 */
export function viewOfMonth(period: Period, today: string): MonthView {
  const latest = `${today.slice(0, 7)}-01`;
  if (isFutureMonth(period, today)) {
    return { kind: "refused", period, latest, message: `${monthLabel(period)} has not started yet. Choose a month up to ${monthLabel(latest)}.` };
  }
  const asAt = monthAsAt(period, today);
  return { kind: "shown", period, asAt, asAtText: asAtText(asAt, today) };
}

/** The first month of the quarter a month falls in. */
export function quarterStart(period: Period): Period {
  const d = parseISO(period);
  return toPeriod(new Date(d.getFullYear(), Math.floor(d.getMonth() / 3) * 3, 1));
}

/** Whether a month is the last of its quarter (when quarterly figures fall due). */
export function isQuarterEnd(period: Period): boolean {
  return parseISO(period).getMonth() % 3 === 2;
}

export function quarterLabel(period: Period): string {
  const d = parseISO(period);
  return `Q${Math.floor(d.getMonth() / 3) + 1} ${d.getFullYear()}`;
}

/**
 * When a month's figures are due: the nth working day (Monday–Friday) of the following month,
 * 10 by default. Public holidays are not counted out (a known simplification).
 */
export function dueDate(period: Period, workingDay = 10): string {
  let day = startOfMonth(addMonths(parseISO(period), 1));
  let counted = 0;
  for (;;) {
    if (!isWeekend(day)) counted += 1;
    if (counted >= workingDay) return format(day, "yyyy-MM-dd");
    day = addDays(day, 1);
  }
}

/** The periods from `from` to `to` inclusive, oldest first. */
export function monthsBetween(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let d = parseISO(from); toPeriod(d) <= to; d = addMonths(d, 1)) out.push(toPeriod(d));
  return out;
}

/**
 * Whether a measure falls due for entry in a month: monthly ones every month, quarterly ones in the
 * last month of each quarter. `storedAt` is the period its figure is stored against.
 */
export function isDueIn(frequency: Frequency, period: Period): boolean {
  return frequency === "monthly" || isQuarterEnd(period);
}

export function storedAt(frequency: Frequency, period: Period): Period {
  return frequency === "monthly" ? period : quarterStart(period);
}
