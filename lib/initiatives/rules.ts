/**
 * Rules of Government Plan initiatives and their milestones (pure; unit-tested). Dates are ISO
 * "YYYY-MM-DD" strings, which compare correctly as strings; "today" is passed in so that a rule can
 * be judged as of any day.
 */
import type { Rag } from "@/lib/enums";
import { milestoneState } from "@/lib/reviews/rules";

/** The first day of the month `date` falls in ("2026-11-23" → "2026-11-01"). */
export const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/**
 * The month a lead's status update is recorded against: the current month (one update per
 * initiative per month; a second update in the same month replaces the first).
 */
export const updatePeriod = (today: string) => monthOf(today);

/** How a milestone stands today, in the words the plan pages use (never shown by colour alone). */
export type MilestoneView = "achieved" | "cancelled" | "overdue" | "due" | "planned";

export const MILESTONE_VIEW_LOOK: Record<MilestoneView, { label: string; symbol: string }> = {
  achieved: { label: "Achieved", symbol: "✓" },
  overdue: { label: "Overdue", symbol: "!" },
  due: { label: "Due this month", symbol: "◆" },
  planned: { label: "Planned", symbol: "○" },
  cancelled: { label: "Cancelled", symbol: "✕" },
};

/** The milestone's state as of `today`: the review's state, with "due" meaning due in today's month. */
export function milestoneView(
  m: { plannedDate: string; forecastDate: string | null; actualDate: string | null; status: string },
  today: string,
): MilestoneView {
  const s = milestoneState(m, monthOf(today), today);
  return s === "missed" ? "overdue" : s === "upcoming" ? "planned" : s;
}

/** A red or amber rating must say why (the SLT and PAC read the reason, not just the colour). */
export function ragNeedsReason(rag: Rag): boolean {
  return rag !== "green";
}

/**
 * The problem with an actual (achieved) date, or null when it is acceptable: a milestone cannot be
 * achieved before its initiative started, nor on a day that has not come yet.
 */
export function actualDateProblem(actualDate: string, startDate: string | null, today: string): string | null {
  if (startDate && actualDate < startDate) return `The actual date is before the initiative's planned start (${startDate})`;
  if (actualDate > today) return "The actual date cannot be in the future";
  return null;
}

/** Whether a milestone's forecast date changes (from nothing to a date counts as a change). */
export function forecastChanges(before: string | null, after: string | null): boolean {
  return (before ?? null) !== (after ?? null);
}

/**
 * What an ongoing or open-ended item (no target date) lacks: how we know it is complete or
 * succeeding — the PAC asked how "ongoing" items are ever known to be complete. Null when there is
 * nothing to flag.
 */
export function completionCriterionProblem(i: { ongoing: boolean; targetDate: string | null; successCriterion: string | null }): string | null {
  const openEnded = i.ongoing || i.targetDate === null;
  if (!openEnded) return null;
  return i.successCriterion && i.successCriterion.trim() ? null : "No completion criterion recorded";
}

/** The twelve months ("YYYY-MM-01") of a year, for the timeline grid. */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}-01`);
}

/**
 * Why an initiative cannot be marked complete, or null when it can: every milestone must be
 * achieved or cancelled first (an initiative with open milestones is not complete).
 */
export function completeStatusProblem(milestones: { title: string; status: string; actualDate: string | null }[]): string | null {
  const open = milestones.filter((m) => m.status !== "cancelled" && m.status !== "achieved" && !m.actualDate);
  if (open.length === 0) return null;
  const first = open[0]!.title;
  return open.length === 1
    ? `It cannot be complete while a milestone is open: record when "${first}" was achieved, or cancel it`
    : `It cannot be complete while ${open.length} milestones are open (the first is "${first}"): record when each was achieved, or cancel it`;
}

/**
 * The first achieved milestone that a planned start would come after, or null: no milestone of
 * the initiative can be achieved before it started.
 */
export function startDateProblem(startDate: string | null, milestones: { title: string; actualDate: string | null }[]): string | null {
  if (!startDate) return null;
  const early = milestones.filter((m) => m.actualDate && m.actualDate < startDate).sort((a, b) => (a.actualDate! < b.actualDate! ? -1 : 1))[0];
  return early ? `The planned start is after "${early.title}" was achieved (${early.actualDate}): a milestone cannot be achieved before the start` : null;
}
