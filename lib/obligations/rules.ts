import { addDays, format, parseISO, subMonths } from "date-fns";
import type { Actor, UnitScope } from "@/lib/auth/permissions";
import { dueDate, lastCompletedMonth, toPeriod, type Period } from "@/lib/entry/periods";
import { monthEnd } from "@/lib/reviews/rules";

/**
 * What a person owes in Baseline, and when (pure; unit-tested). One set of rules for "My updates"
 * and the reminders job (lib/obligations/queries.ts applies them). Dates are ISO "YYYY-MM-DD"
 * strings, compared as text; `today` is passed in so that anything can be judged as of any day.
 */

export const OBLIGATION_KINDS = [
  "figures",
  "initiative-update",
  "milestone",
  "risk-review",
  "recommendation-update",
  "recommendation-overdue",
  "review-action",
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** The person owing: who they are and where they act (a session user or a users row). */
export type Person = Pick<Actor, "id" | "role" | "unitId" | "departmentId">;

/**
 * The unit whose work a person answers for, apart from what is assigned to them by name:
 * - LEAD: their unit and every unit below it (as for entering figures);
 * - SLT: their department's own items (those recorded against the department itself, not against
 *   one of its units, which their leads answer for);
 * - ADMIN and VIEWER: none (they owe only what is assigned to them).
 */
export function ownedUnit(person: Person): { unitId: number; subtree: boolean } | null {
  if (person.role === "LEAD" && person.unitId !== null) return { unitId: person.unitId, subtree: true };
  if (person.role === "SLT" && person.departmentId !== null) return { unitId: person.departmentId, subtree: false };
  return null;
}

/** Whether a unit's items are the person's to keep up to date (the JS twin of the SQL in queries.ts). */
export function ownsUnit(person: Person, unit: UnitScope): boolean {
  const owned = ownedUnit(person);
  if (!owned) return false;
  return unit.unitId === owned.unitId || (owned.subtree && unit.ancestorIds.includes(owned.unitId));
}

export interface Due {
  /** "YYYY-MM-DD"; null for an SLT action without a due date. */
  due: string | null;
  late: boolean;
}

/**
 * The monthly initiative update: one per initiative each calendar month (Baseline stores an update
 * against the month it is recorded in, lib/initiatives/rules.ts updatePeriod), due like figures —
 * by working day N of the month, the day last month's figures are due (lib/entry/periods.ts
 * dueDate, N from the "figures_due_working_day" setting). Late after that day.
 */
export function initiativeUpdateDue(today: string, workingDay: number): Due & { period: Period } {
  const due = dueDate(lastCompletedMonth(parseISO(today)), workingDay);
  return { period: toPeriod(parseISO(today)), due, late: today > due };
}

/**
 * A monthly check (a risk review, a recommendation's progress update) not yet done this month:
 * due by the end of this month; late when last month's was missed too (nothing done since the start
 * of last month, for an item that already existed before this month) — then it was due at the end of
 * last month. Null when it has been done this month.
 */
export function monthlyCheckDue(lastDoneOn: string | null, createdOn: string, today: string): Due | null {
  const thisMonth = toPeriod(parseISO(today));
  if (lastDoneOn !== null && lastDoneOn >= thisMonth) return null;
  const lastMonth = toPeriod(subMonths(parseISO(thisMonth), 1));
  const missedLastMonth = createdOn < thisMonth && (lastDoneOn === null || lastDoneOn < lastMonth);
  return missedLastMonth ? { due: monthEnd(lastMonth), late: true } : { due: monthEnd(thisMonth), late: false };
}

/** Something not yet late falls due within `days` days of today (today included). */
export function isDueSoon(item: Due, today: string, days: number): boolean {
  return !item.late && item.due !== null && item.due >= today && item.due <= format(addDays(parseISO(today), days), "yyyy-MM-dd");
}

/** Late first, then by due date (no date last), then by the given tie-breaker. */
export function compareDue(a: Due, b: Due): number {
  if (a.late !== b.late) return a.late ? -1 : 1;
  if (a.due === b.due) return 0;
  if (a.due === null) return 1;
  if (b.due === null) return -1;
  return a.due < b.due ? -1 : 1;
}
