import { differenceInCalendarDays, format, parseISO } from "date-fns";
import type { Frequency } from "@/lib/enums";
import { entryHref } from "@/lib/entry/tracker";
import { monthLabel, quarterLabel, type Period } from "@/lib/entry/periods";
import type { StoredStatus } from "@/lib/entry/submission-state";
import { html, htmlDocument, type Html } from "./mail-html";

/**
 * The text of a figures reminder (pure): subject, plain-text body and its HTML alternative, built from
 * the figures a lead still owes. "due-soon": due within the next few days; "late": past their due date.
 * Both parts are written from the same pieces in the same loop, so they always say the same thing.
 */
export type ReminderKind = "due-soon" | "late";

export interface ReminderItem {
  measureName: string;
  unitId: number;
  unitName: string;
  frequency: Frequency;
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
  /** The plain-text part. */
  body: string;
  /** The HTML part (a whole document: mail-html.ts), the same content as body. */
  html: string;
}

const AUTOMATIC = (what: string) =>
  `This is an automatic reminder from Baseline, sent once for these ${what}. If someone else now looks after them, tell your Baseline administrator.`;

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
  const sections: Html[] = [];
  for (const g of groups(items)) {
    const lateBy = differenceInCalendarDays(parseISO(today), parseISO(g.due));
    const heading = `${g.unitName} – ${monthLabel(g.month)}`;
    const due = `due ${longDate(g.due)}${kind === "late" && lateBy > 0 ? `, ${plural(lateBy, "day")} late` : ""}`;
    const figures = g.items.map((item) => `${item.measureName}${item.frequency === "quarterly" ? ` – ${periodOf(item)}` : ""}: ${statusNote(item)}`);
    const href = `${base}${entryHref(g.unitId, g.month)}`;
    lines.push(`${heading} (${due})`, ...figures.map((f) => `  - ${f}`), `  Enter them: ${href}`, "");
    sections.push(html`<h2>${heading}</h2>
<p>${due.charAt(0).toUpperCase()}${due.slice(1)}</p>
<ul>
${figures.map((f) => html`<li>${f}</li>\n`)}</ul>
<p><a href="${href}">Enter the figures for ${g.unitName}, ${monthLabel(g.month)}</a></p>
`);
  }
  const draftNote = "A saved draft does not count until it is submitted.";
  lines.push(draftNote, "", AUTOMATIC("figures"));
  const body = html`<h1>${subject}</h1>
<p>Dear ${recipientName},</p>
<p>${intro}</p>
${sections}<p>${draftNote}</p>
<p>${AUTOMATIC("figures")}</p>`;
  return { subject, body: lines.join("\n"), html: htmlDocument(subject, body) };
}

// ---------------------------------------------------------------------------------------------
// Everything else a person owes (lib/obligations): initiative updates, milestones, risk reviews,
// recommendations and SLT actions — one message per kind and state.

export type OtherObligationKind = "initiative-update" | "milestone" | "risk-review" | "recommendation-update" | "recommendation-overdue" | "review-action";

/** One thing owed, in the words of a reminder. */
export interface ObligationReminderItem {
  title: string;
  /** Where it belongs, e.g. the unit, or the meeting an action was agreed at. */
  context: string;
  /** "YYYY-MM-DD" */
  due: string;
  /** Path on the site, e.g. "/risks/12". */
  href: string;
}

const KIND_WORDS: Record<OtherObligationKind, { one: string; many: string; soon: string; late: string; doIt: string }> = {
  "initiative-update": {
    one: "initiative update",
    many: "initiative updates",
    soon: "These initiatives need this month's status update (RAG and commentary)",
    late: "These initiatives have no status update for this month and it is past the due date",
    doIt: "Record the update",
  },
  milestone: {
    one: "milestone past its date",
    many: "milestones past their date",
    soon: "These milestones are due",
    late: "These milestones are past their forecast (or planned) date with no actual date",
    doIt: "Set an actual date or a new forecast",
  },
  "risk-review": {
    one: "risk to review",
    many: "risks to review",
    soon: "These risks have not been reviewed this month",
    late: "These risks were not reviewed last month and have not been reviewed this month",
    doIt: "Confirm or re-rate it",
  },
  "recommendation-update": {
    one: "recommendation progress update",
    many: "recommendation progress updates",
    soon: "These recommendations have no progress update this month",
    late: "These recommendations had no progress update last month and have none this month",
    doIt: "Add a progress update",
  },
  "recommendation-overdue": {
    one: "recommendation past its target date",
    many: "recommendations past their target date",
    soon: "These recommendations reach their target date soon",
    late: "These recommendations are past their target date and not implemented",
    doIt: "Record progress, implement it or agree a new target date",
  },
  "review-action": {
    one: "SLT action",
    many: "SLT actions",
    soon: "These SLT actions you own are due soon",
    late: "These SLT actions you own are past their due date",
    doIt: "See it in the review pack",
  },
};

/** A reminder about anything other than figures (pure): subject, plain text and the same as HTML. */
export function composeObligationReminder(input: {
  kind: OtherObligationKind;
  state: ReminderKind;
  recipientName: string;
  items: readonly ObligationReminderItem[];
  today: string;
  baseUrl: string;
}): ComposedMessage {
  const { kind, state, recipientName, items, today, baseUrl } = input;
  if (items.length === 0) throw new Error("composeObligationReminder: no items to remind about");
  const base = baseUrl.replace(/\/+$/, "");
  const words = KIND_WORDS[kind];
  const count = `${items.length} ${items.length === 1 ? words.one : words.many}`;
  const earliestDue = items.map((i) => i.due).sort()[0]!;
  const subject =
    state === "due-soon" ? `Baseline: ${count} due by ${shortDate(earliestDue)} (${relativeDue(earliestDue, today)})` : `Baseline: ${count}, late`;
  const lead = `${state === "due-soon" ? words.soon : words.late}:`;
  const lines = [`Dear ${recipientName},`, "", lead, ""];
  const entries: Html[] = [];
  for (const item of [...items].sort((a, b) => (a.due === b.due ? a.title.localeCompare(b.title) : a.due < b.due ? -1 : 1))) {
    const lateBy = differenceInCalendarDays(parseISO(today), parseISO(item.due));
    const due = `Due ${longDate(item.due)}${lateBy > 0 ? `, ${plural(lateBy, "day")} late` : ` (${relativeDue(item.due, today)})`}`;
    const href = `${base}${item.href}`;
    lines.push(`- ${item.title} (${item.context})`, `  ${due}`, `  ${words.doIt}: ${href}`, "");
    // The link says what to do and to which item, so it makes sense read out of context (a list of links).
    entries.push(html`<li>
<p><strong>${item.title}</strong> (${item.context})</p>
<p>${due}</p>
<p><a href="${href}">${words.doIt}: ${item.title}</a></p>
</li>
`);
  }
  const myUpdates = `${base}/my-updates`;
  lines.push(`Everything you owe is listed at ${myUpdates}.`, "", AUTOMATIC("items"));
  const body = html`<h1>${subject}</h1>
<p>Dear ${recipientName},</p>
<p>${lead}</p>
<ul>
${entries}</ul>
<p>Everything you owe is listed on <a href="${myUpdates}">My updates</a>.</p>
<p>${AUTOMATIC("items")}</p>`;
  return { subject, body: lines.join("\n"), html: htmlDocument(subject, body) };
}
