/**
 * Rules of the monthly SLT review (pure; unit-tested). Dates are ISO "YYYY-MM-DD" strings, so they
 * compare correctly as strings; "today" is passed in so that a pack can be judged as of any day.
 */

/** Residual score (likelihood × impact, 1–25) of a risk. */
export const residualScore = (r: { residualLikelihood: number; residualImpact: number }) => r.residualLikelihood * r.residualImpact;

/**
 * A risk is above tolerance when its residual score is above the appetite (target) score set for it:
 * it goes to the SLT for escalation. A score equal to the appetite is within tolerance.
 */
export function isAboveTolerance(r: { residualLikelihood: number; residualImpact: number; appetiteScore: number }): boolean {
  return residualScore(r) > r.appetiteScore;
}

export type MilestoneState = "achieved" | "cancelled" | "missed" | "due" | "upcoming";

export const MILESTONE_STATE_LABELS: Record<MilestoneState, string> = {
  achieved: "Achieved",
  cancelled: "Cancelled",
  missed: "Missed – overdue",
  due: "Due this month",
  upcoming: "Not yet due",
};

/** The last day of the month that starts on `period` ("2026-10-01" → "2026-10-31"). */
export function monthEnd(period: string): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period.slice(0, 8)}${String(last).padStart(2, "0")}`;
}

/**
 * Where a milestone stands for the pack of `period`, as of `today`:
 * - achieved (it has an actual date) or cancelled: nothing to review;
 * - missed: its forecast date (or the planned date when there is no forecast) is before today;
 * - due: that date falls in the review month (and is not yet past);
 * - upcoming otherwise.
 */
export function milestoneState(
  m: { plannedDate: string; forecastDate: string | null; actualDate: string | null; status: string },
  period: string,
  today: string,
): MilestoneState {
  if (m.actualDate || m.status === "achieved") return "achieved";
  if (m.status === "cancelled") return "cancelled";
  const expected = m.forecastDate ?? m.plannedDate;
  if (expected < today) return "missed";
  if (expected >= period && expected <= monthEnd(period)) return "due";
  return "upcoming";
}

/** An open action is overdue once its due date has passed; closed actions and actions without a date never are. */
export function actionIsOverdue(a: { status: string; dueDate: string | null }, today: string): boolean {
  return a.status === "open" && a.dueDate !== null && a.dueDate < today;
}

export type ActionStatus = "open" | "done" | "dropped";

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: "Open", done: "Done", dropped: "Dropped" };

/** Closing an action (done or dropped) needs a note saying what was done or why it was dropped. */
export function closingNoteRequired(status: ActionStatus): boolean {
  return status !== "open";
}

/** Measure statuses that make the exceptions list: anything not on target, including a missing figure. */
export function isException(status: string): boolean {
  return status === "off_target" || status === "within_tolerance" || status === "no_data";
}
