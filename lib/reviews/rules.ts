import type { ActionStatus } from "@/lib/enums";
import { monthEnd } from "@/lib/entry/periods";
import { isMilestoneDueIn, isMilestoneOverdueAt, type ForecastChange, type MilestoneFacts } from "@/lib/initiatives/milestone-rules";

/**
 * Rules of the monthly SLT review (pure; unit-tested). Dates are ISO "YYYY-MM-DD" strings, so they
 * compare correctly as strings; "today" is passed in so that a pack can be judged as of any day.
 */

export type MilestoneState = "achieved" | "cancelled" | "missed" | "due" | "upcoming";

export const MILESTONE_STATE_LABELS: Record<MilestoneState, string> = {
  achieved: "Achieved",
  cancelled: "Cancelled",
  missed: "Missed – overdue",
  due: "Due this month",
  upcoming: "Not yet due",
};

export { monthEnd };

/**
 * Where a milestone stands for the pack of `period`, as at the end of day `asAt` (the month's last
 * day, or today for the current month; `changes` is its forecast history, see forecastAsAt):
 * - achieved (it had an actual date by then) or cancelled: nothing to review;
 * - missed: overdue at `asAt` (isMilestoneOverdueAt);
 * - due: its date as then forecast falls in the review month;
 * - upcoming otherwise.
 */
export function milestoneState(m: MilestoneFacts, period: string, asAt: string, changes: readonly ForecastChange[] = []): MilestoneState {
  if (m.actualDate !== null && m.actualDate <= asAt) return "achieved";
  if (m.status === "cancelled") return "cancelled";
  if (isMilestoneOverdueAt(m, changes, asAt)) return "missed";
  if (isMilestoneDueIn(m, changes, period, monthEnd(period), asAt)) return "due";
  return "upcoming";
}

/** An open action is overdue once its due date has passed; closed actions and actions without a date never are. */
export function actionIsOverdue(a: { status: string; dueDate: string | null }, today: string): boolean {
  return a.status === "open" && a.dueDate !== null && a.dueDate < today;
}

/** What "open at a date" needs to know of an SLT action: the days it was created and closed (ISO dates). */
export interface ActionDates {
  status: string;
  createdOn: string;
  closedOn: string | null;
}

/**
 * An SLT action is open at the end of day `asAt` when it had been agreed by then and was not yet
 * closed (done or dropped). SQL twin: actionOpenAtSql (lib/reviews/action-sql.ts).
 */
export function actionOpenAt(a: ActionDates, asAt: string): boolean {
  if (a.createdOn > asAt) return false;
  if (a.closedOn !== null) return a.closedOn > asAt;
  return a.status === "open";
}

/** Open at `asAt` with its due date before that day. SQL twin: actionOverdueAtSql. */
export function actionOverdueAt(a: ActionDates & { dueDate: string | null }, asAt: string): boolean {
  return actionOpenAt(a, asAt) && a.dueDate !== null && a.dueDate < asAt;
}

export type { ActionStatus } from "@/lib/enums";

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: "Open", done: "Done", dropped: "Dropped" };

/** Measure statuses that make the exceptions list: anything not on target, including a missing figure. */
export function isException(status: string): boolean {
  return status === "off_target" || status === "within_tolerance" || status === "no_data";
}
