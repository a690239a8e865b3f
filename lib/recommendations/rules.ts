/**
 * Rules of the recommendations tracker (pure; unit-tested). Dates are ISO "YYYY-MM-DD" strings,
 * which compare correctly as strings; "today" is passed in so that a list can be judged as of any day.
 *
 * Source of the rules: the PAC's question to CLS (19 May 2021) "how do you know when it is
 * complete?" — a recommendation is only implemented or closed with evidence of what shows it is done.
 */

import type { RecommendationAcceptance, RecommendationSource, RecommendationStatus } from "@/lib/enums";

export {
  RECOMMENDATION_ACCEPTANCES,
  RECOMMENDATION_SOURCES,
  RECOMMENDATION_STATUSES,
  type RecommendationAcceptance,
  type RecommendationSource,
  type RecommendationStatus,
} from "@/lib/enums";

export const STATUS_LABELS: Record<RecommendationStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  implemented: "Implemented",
  closed: "Closed",
  superseded: "Superseded",
};

export const SOURCE_LABELS: Record<RecommendationSource, string> = {
  cag: "C&AG",
  pac: "Public Accounts Committee",
  internal_audit: "Internal audit",
  other: "Other",
};

export const ACCEPTANCE_LABELS: Record<RecommendationAcceptance, string> = {
  accepted: "Accepted",
  partially_accepted: "Partially accepted",
  rejected: "Rejected",
};

/** Days ahead that count as "due soon". */
export const DUE_SOON_DAYS = 30;

/** Open and in-progress recommendations still need work; the other statuses are finished with. */
export function isActive(status: RecommendationStatus): boolean {
  return status === "open" || status === "in_progress";
}

/** `iso` plus `days` calendar days, as an ISO date (UTC arithmetic, so no time-zone drift). */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Overdue: still open or in progress, and its target date has passed (the target day itself is not late). */
export function isOverdue(r: { status: RecommendationStatus; targetDate: string | null }, today: string): boolean {
  return isActive(r.status) && r.targetDate !== null && r.targetDate < today;
}

/** A status change on a recommendation's trail: from and to (null on a note without one), and the day it was made. */
export interface StatusChangeRecord {
  from: RecommendationStatus | null;
  to: RecommendationStatus | null;
  on: string;
}

/**
 * A recommendation's status at the end of `asAt`, from its trail of updates (in the order made):
 * the status the first change made after that day moved it from, else its status now; null when
 * it was not yet recorded (created after `asAt`). SQL twin: statusAtSql (./overdue-sql.ts).
 */
export function statusAt(r: { status: RecommendationStatus; createdOn: string }, updates: readonly StatusChangeRecord[], asAt: string): RecommendationStatus | null {
  if (r.createdOn > asAt) return null;
  let firstLater: StatusChangeRecord | null = null;
  for (const u of updates) if (u.to !== null && u.on > asAt && (firstLater === null || u.on < firstLater.on)) firstLater = u;
  return firstLater ? (firstLater.from ?? r.status) : r.status;
}

/** Overdue at the end of `asAt`: active then, with a target date before that day. SQL twin: overdueAtSql. */
export function isOverdueAt(
  r: { status: RecommendationStatus; createdOn: string; targetDate: string | null },
  updates: readonly StatusChangeRecord[],
  asAt: string,
): boolean {
  const status = statusAt(r, updates, asAt);
  return status !== null && isActive(status) && r.targetDate !== null && r.targetDate < asAt;
}

/** Due soon: still open or in progress, and due from today to `DUE_SOON_DAYS` days ahead (inclusive). */
export function isDueSoon(r: { status: RecommendationStatus; targetDate: string | null }, today: string, days = DUE_SOON_DAYS): boolean {
  return isActive(r.status) && r.targetDate !== null && r.targetDate >= today && r.targetDate <= addDays(today, days);
}

/** Whole days from `targetDate` to `today` (positive when late). */
export function daysLate(targetDate: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${targetDate}T00:00:00Z`)) / 86_400_000);
}

/**
 * Allowed status changes. Work can start, finish or be overtaken from open or in progress;
 * an implemented recommendation is closed once the evidence is accepted, or reopened (in progress)
 * when it is not; closed and superseded recommendations can only be reopened (in progress).
 */
const TRANSITIONS: Record<RecommendationStatus, readonly RecommendationStatus[]> = {
  open: ["in_progress", "implemented", "closed", "superseded"],
  in_progress: ["open", "implemented", "closed", "superseded"],
  implemented: ["in_progress", "closed"],
  closed: ["in_progress"],
  superseded: ["in_progress"],
};

/** The statuses a recommendation may move to from `from` (not including staying where it is). */
export function nextStatuses(from: RecommendationStatus): readonly RecommendationStatus[] {
  return TRANSITIONS[from];
}

/** Whether `from` → `to` is allowed; staying in the same status (a note only) always is. */
export function canMoveTo(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/**
 * Implemented and closed need evidence of implementation. The one exception: a rejected
 * recommendation is closed on the department's reasons for rejecting it (its response), since
 * nothing was implemented.
 */
export function needsEvidence(status: RecommendationStatus, acceptance: RecommendationAcceptance | null): boolean {
  if (status === "implemented") return true;
  if (status === "closed") return acceptance !== "rejected";
  return false;
}

/** The field error when evidence is missing. */
export function evidenceMessage(status: RecommendationStatus): string {
  return `Say what shows the recommendation is complete before marking it ${STATUS_LABELS[status].toLowerCase()}`;
}

export interface StatusChange {
  from: RecommendationStatus;
  to: RecommendationStatus;
  acceptance: RecommendationAcceptance | null;
  completionEvidence: string | null;
  implementedOn: string | null;
}

/**
 * What is wrong with a status change, by field (empty when it is allowed): an allowed transition,
 * evidence when implemented or closed, a rejected recommendation is never "implemented", and an
 * implementation date that is not in the future.
 */
export function statusChangeErrors(c: StatusChange, today: string): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!canMoveTo(c.from, c.to)) {
    errors.status = [`A recommendation that is ${STATUS_LABELS[c.from].toLowerCase()} cannot be marked ${STATUS_LABELS[c.to].toLowerCase()}`];
  } else if (c.to === "implemented" && c.acceptance === "rejected") {
    errors.status = ["A rejected recommendation cannot be implemented: close it, or change its acceptance first"];
  }
  if (needsEvidence(c.to, c.acceptance) && !(c.completionEvidence ?? "").trim()) {
    errors.completionEvidence = [evidenceMessage(c.to)];
  }
  if (c.implementedOn !== null && c.implementedOn > today) {
    errors.implementedOn = ["The implementation date cannot be in the future"];
  }
  return errors;
}

/**
 * The implementation date to store after a change to `to`: the date given (or today) when it
 * becomes implemented, kept when an implemented one is closed, cleared when it is reopened.
 */
export function implementedOnAfter(c: { from: RecommendationStatus; to: RecommendationStatus; given: string | null; stored: string | null }, today: string): string | null {
  if (c.to === "implemented") return c.given ?? c.stored ?? today;
  if (c.to === "closed") return c.given ?? c.stored;
  if (c.to === "superseded") return null;
  return isActive(c.to) ? null : c.stored;
}

/** "No recommendations", "1 recommendation", "12 recommendations" — counts shown in words. */
export function countWords(n: number, singular: string, plural = `${singular}s`): string {
  return n === 0 ? `no ${plural}` : `${n} ${n === 1 ? singular : plural}`;
}
