import { addDays, format, parseISO } from "date-fns";
import type { ValueStatus } from "@/lib/enums";

/**
 * Submission states of a figure that falls due (pure). A figure is due by the nth working day of
 * the month after its period (lib/entry/periods.ts dueDate; n is the "figures_due_working_day"
 * setting, 10 by default). Dates are ISO "YYYY-MM-DD" strings, compared as text.
 */
export type SubmissionState = "submitted" | "draft" | "missing" | "late";

export const STATE_LABELS: Record<SubmissionState, string> = {
  submitted: "Submitted",
  draft: "Draft",
  missing: "Missing",
  late: "Late",
};

/** The stored status of the figure, or null when nothing has been entered. */
export type StoredStatus = ValueStatus | null;

/**
 * The state of one due figure: submitted once submitted (however late); otherwise late when today
 * is after its due date (the due day itself still counts as on time), else draft or missing.
 */
export function stateOf({ status, periodDue, today }: { status: StoredStatus; periodDue: string; today: string }): SubmissionState {
  if (status === "submitted") return "submitted";
  if (today > periodDue) return "late";
  return status === "draft" ? "draft" : "missing";
}

/** Whether a figure not yet submitted falls due within `days` days of today (today included, not yet late). */
export function isDueSoon({ status, periodDue, today, days = 3 }: { status: StoredStatus; periodDue: string; today: string; days?: number }): boolean {
  if (status === "submitted") return false;
  return today <= periodDue && periodDue <= format(addDays(parseISO(today), days), "yyyy-MM-dd");
}

/** Counts of figures by state: each due figure is counted in exactly one state. */
export type StateCounts = Record<SubmissionState, number>;

export const emptyCounts = (): StateCounts => ({ submitted: 0, draft: 0, missing: 0, late: 0 });

export function countStates(states: Iterable<SubmissionState>): StateCounts {
  const counts = emptyCounts();
  for (const s of states) counts[s] += 1;
  return counts;
}

export const totalOf = (c: StateCounts) => c.submitted + c.draft + c.missing + c.late;

/**
 * The counts in words, e.g. "3 of 8 submitted · 2 late" or "6 of 8 submitted · 1 draft · 1 missing";
 * "Nothing due" when no figure fell due.
 */
export function describeCounts(c: StateCounts): string {
  const total = totalOf(c);
  if (total === 0) return "Nothing due";
  const parts = [`${c.submitted} of ${total} submitted`];
  if (c.late) parts.push(`${c.late} late`);
  if (c.draft) parts.push(`${c.draft} draft`);
  if (c.missing) parts.push(`${c.missing} missing`);
  return parts.join(" · ");
}
