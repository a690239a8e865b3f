import { differenceInCalendarDays, format, parseISO } from "date-fns";
import { entryHref } from "@/lib/entry/tracker";
import { monthLabel, quarterLabel, type Period } from "@/lib/entry/periods";
import type { StoredStatus } from "@/lib/entry/submission-state";

/**
 * The text of a figures reminder (pure): subject and plain-text body built from the figures a lead
 * still owes. "due-soon": due within the next few days; "late": past their due date.
 */
export type ReminderKind = "due-soon" | "late";

export interface ReminderItem {
  measureName: string;
  unitId: number;
  unitName: string;
  frequency: "monthly" | "quarterly";
  /** The month the figure falls due in (a quarterly figure: the quarter's last month). */
  month: Period;
  /** The period it is stored against (a quarterly figure: the quarter's first month). */
  storedAt: Period;
  status: StoredStatus;
  /** "YYYY-MM-DD" */
  due: string;
}

export interface ReminderInput {
  kind: ReminderKind;
  recipientName: string;
  items: readonly ReminderItem[];
  /** "YYYY-MM-DD" */
  today: string;
  /** The site's address, e.g. "https://baseline.gov.je", for the links to the entry page. */
  baseUrl: string;
}

export interface ComposedMessage {
  subject: string;
  body: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const longDate = (iso: string) => format(parseISO(iso), "EEEE d MMMM yyyy");
const shortDate = (iso: string) => format(parseISO(iso), "EEE d MMM");

/** "in 3 days", "tomorrow", "today" / "1 day ago" — how far a due date is from today. */
export function relativeDue(due: string, today: string): string {
  const days = differenceInCalendarDays(parseISO(due), parseISO(today));
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days > 1) return `in ${days} days`;
  return `${plural(-days, "day")} ago`;
}

function periodOf(item: ReminderItem): string {
  return item.frequency === "quarterly" ? `${quarterLabel(item.storedAt)} (quarterly)` : monthLabel(item.month);
}

function statusNote(item: ReminderItem): string {
  return item.status === "draft" ? "draft saved, not submitted" : "not entered";
}

/** Items grouped by month (newest first) and unit, in the order given within a group. */
function groups(items: readonly ReminderItem[]) {
  const byKey = new Map<string, { month: Period; unitId: number; unitName: string; due: string; items: ReminderItem[] }>();
  for (const item of items) {
    const key = `${item.month}:${item.unitId}`;
    const group = byKey.get(key) ?? { month: item.month, unitId: item.unitId, unitName: item.unitName, due: item.due, items: [] };
    group.items.push(item);
    byKey.set(key, group);
  }
  return [...byKey.values()].sort((a, b) => (a.month === b.month ? a.unitName.localeCompare(b.unitName) : a.month < b.month ? 1 : -1));
}

export function composeReminder({ kind, recipientName, items, today, baseUrl }: ReminderInput): ComposedMessage {
  if (items.length === 0) throw new Error("composeReminder: no items to remind about");
  const base = baseUrl.replace(/\/+$/, "");
  const count = plural(items.length, "figure");
  const earliestDue = items.map((i) => i.due).sort()[0]!;

  const subject =
    kind === "due-soon"
      ? `Baseline: ${count} due by ${shortDate(earliestDue)} (${relativeDue(earliestDue, today)})`
      : `Baseline: ${count} past the due date`;

  const intro =
    kind === "due-soon"
      ? `The figures below are due by ${longDate(earliestDue)} (${relativeDue(earliestDue, today)}) and have not been submitted yet.`
      : "The figures below are past their due date and have not been submitted yet.";

  const lines = [`Dear ${recipientName},`, "", intro, ""];
  for (const g of groups(items)) {
    const lateBy = differenceInCalendarDays(parseISO(today), parseISO(g.due));
    lines.push(`${g.unitName} – ${monthLabel(g.month)} (due ${longDate(g.due)}${kind === "late" && lateBy > 0 ? `, ${plural(lateBy, "day")} late` : ""})`);
    for (const item of g.items) lines.push(`  - ${item.measureName}${item.frequency === "quarterly" ? ` – ${periodOf(item)}` : ""}: ${statusNote(item)}`);
    lines.push(`  Enter them: ${base}${entryHref(g.unitId, g.month)}`, "");
  }
  lines.push(
    "A saved draft does not count until it is submitted.",
    "",
    "This is an automatic reminder from Baseline, sent once for these figures. If someone else now looks after them, tell your Baseline administrator.",
  );
  return { subject, body: lines.join("\n") };
}
