/**
 * The workflow of a quarterly report (pure; unit-tested exhaustively in tests/unit/report-workflow.test.ts).
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published
 *     ▲                   │                     │                      │
 *     └─────return────────┴─────────return──────┘                      │
 *     └──────────────────────────reopen (start a correction)───────────┘
 *
 * - The department writes and submits (report:edit: its SLT and leads; ADMIN).
 * - Only the department's SLT (or ADMIN) approves, sends back and publishes (report:approve,
 *   report:publish), as the issue asks. An SLT member may approve a report they submitted: the SLT
 *   is the department's approving body, and the issue's own walk-through has one SLT member do both.
 * - A report is submitted, approved and published only once its quarter has ended (its last day has
 *   passed), so that it is never frozen without the quarter's last figures.
 * - Publishing freezes the content as a new revision. Reopening a published report ("start a
 *   correction") makes it a draft again while the published revision stays public and unchanged;
 *   publishing it again adds the next revision, which needs a public correction note.
 */
import { addDays, format, parseISO } from "date-fns";
import { can, UNKNOWN_UNIT, type Action, type Actor, type UnitScope } from "@/lib/auth/permissions";
import { quarterBounds, quarterName, type QuarterRef } from "./content";

export { REPORT_STATUSES, type ReportStatus } from "@/lib/enums";
import type { ReportStatus } from "@/lib/enums";

export const REPORT_STEPS = ["submit", "approve", "return", "publish", "reopen"] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

interface StepRule {
  from: readonly ReportStatus[];
  to: ReportStatus;
  permission: Action;
}

export const STEP_RULES: Record<ReportStep, StepRule> = {
  submit: { from: ["draft"], to: "submitted", permission: "report:edit" },
  approve: { from: ["submitted"], to: "approved", permission: "report:approve" },
  return: { from: ["submitted", "approved"], to: "draft", permission: "report:approve" },
  publish: { from: ["approved"], to: "published", permission: "report:publish" },
  reopen: { from: ["published"], to: "draft", permission: "report:edit" },
};

/** The words on the buttons and in the history. */
export const STEP_LABELS: Record<ReportStep, string> = {
  submit: "Submit for approval",
  approve: "Approve",
  return: "Send back to draft",
  publish: "Publish",
  reopen: "Start a correction",
};

/** The status a step leads to from `from`, or null when the step does not apply there. */
export function nextStatus(from: ReportStatus, step: ReportStep): ReportStatus | null {
  const rule = STEP_RULES[step];
  return rule.from.includes(from) ? rule.to : null;
}

/**
 * The permission scope of a report: its department. A report without a department (the
 * cross-government one) gets a scope no department matches, so only ADMIN may act on it.
 */
export function reportScope(departmentId: number | null): UnitScope {
  return departmentId === null ? UNKNOWN_UNIT : { unitId: departmentId, departmentId, ancestorIds: [] };
}

/** Whether `actor` may take `step` on a report in `status` of the department `departmentId`. */
export function canTakeStep(actor: Actor | null, step: ReportStep, report: { status: ReportStatus; departmentId: number | null }): boolean {
  return nextStatus(report.status, step) !== null && can(actor, STEP_RULES[step].permission, reportScope(report.departmentId));
}

/** The steps `actor` may take now, in the order of the workflow. */
export function availableSteps(actor: Actor | null, report: { status: ReportStatus; departmentId: number | null }): ReportStep[] {
  return REPORT_STEPS.filter((s) => canTakeStep(actor, s, report));
}

/** The narrative is written while the report is a draft, by those who may edit it. */
export function canEditNarrative(actor: Actor | null, report: { status: ReportStatus; departmentId: number | null }): boolean {
  return report.status === "draft" && can(actor, "report:edit", reportScope(report.departmentId));
}

// ---------------------------------------------------------------------------------------------
// Cancelling a correction (issue 19)
// ---------------------------------------------------------------------------------------------

/**
 * Why the correction of a report cannot be cancelled now (null when it can). A correction is a
 * published report reopened as a draft; cancelling it discards the draft and returns the report to
 * its latest published revision. Only while it is a draft: once submitted it is with the SLT,
 * who send it back first, so that nobody approves a correction that has gone.
 */
export function cancelCorrectionRefusal(report: { status: ReportStatus; publishedRevisions: number }): string | null {
  if (report.publishedRevisions === 0) return "This report has never been published, so there is no correction to cancel.";
  if (report.status === "published") return "There is no correction in progress: the report is as published.";
  if (report.status !== "draft") {
    return "This correction is with the Senior Leadership Team. Ask them to send it back to draft, then cancel it.";
  }
  return null;
}

/** Whether `actor` may cancel the report's correction now: whoever may start one (the reopen step's permission), while it is a draft. */
export function canCancelCorrection(actor: Actor | null, report: { status: ReportStatus; departmentId: number | null; publishedRevisions: number }): boolean {
  return cancelCorrectionRefusal(report) === null && can(actor, STEP_RULES.reopen.permission, reportScope(report.departmentId));
}

export interface Narrative {
  introduction: string | null;
  highlights: string | null;
  concerns: string | null;
}

export const NARRATIVE_LABELS: Record<keyof Narrative, string> = {
  introduction: "Introduction",
  highlights: "Highlights",
  concerns: "Areas of concern and what is being done",
};

// ---------------------------------------------------------------------------------------------
// When a quarter's report may move on
// ---------------------------------------------------------------------------------------------

export type QuarterTiming = "future" | "running" | "ended";

/** Where quarter `q` stands on `today` ("YYYY-MM-DD"): not begun, running, or ended (its last day has passed). */
export function quarterTiming(q: QuarterRef, today: string): QuarterTiming {
  const { start, end } = quarterBounds(q);
  return today < start ? "future" : today <= end ? "running" : "ended";
}

/** "31 December 2026" */
const dayName = (iso: string) => format(parseISO(iso), "d MMMM yyyy");
const dayAfter = (iso: string) => format(addDays(parseISO(iso), 1), "yyyy-MM-dd");

/** The steps that wait for the quarter to end: submitting, and therefore approving and publishing. */
export const STEPS_AFTER_QUARTER_END: readonly ReportStep[] = ["submit", "approve", "publish"];

const STEP_VERBS: Partial<Record<ReportStep, string>> = { submit: "submitted", approve: "approved", publish: "published" };

/**
 * Why `step` cannot be taken yet on a report for `q` on `today` (null when it can): submitting,
 * approving and publishing wait until the quarter's last day has passed, so that a report is never
 * frozen without its quarter's last figures, e.g. "Q4 2026 ends on 31 December 2026: the report can
 * be submitted from 1 January 2027."
 */
export function tooEarlyFor(step: ReportStep, q: QuarterRef, today: string): string | null {
  const verb = STEP_VERBS[step];
  if (!verb || quarterTiming(q, today) === "ended") return null;
  const { end } = quarterBounds(q);
  return `${quarterName(q)} ends on ${dayName(end)}: the report can be ${verb} from ${dayName(dayAfter(end))}.`;
}

/** Why a report for `q` cannot be started on `today` (null when it can): its quarter must have ended. */
export function tooEarlyToStart(q: QuarterRef, today: string): string | null {
  const timing = quarterTiming(q, today);
  if (timing === "ended") return null;
  return `${quarterName(q)} ${timing === "future" ? "has not begun" : "has not ended"}: its report can be started from ${dayName(dayAfter(quarterBounds(q).end))}.`;
}

/** Why a report for `q` cannot be previewed on `today` (null when it can): there is nothing to show before its quarter begins. */
export function tooEarlyToPreview(q: QuarterRef, today: string): string | null {
  if (quarterTiming(q, today) !== "future") return null;
  return `${quarterName(q)} has not begun: there is nothing to preview before ${dayName(quarterBounds(q).start)}.`;
}

/**
 * What stops a step, as field errors (empty when nothing does):
 * - submitting, approving and publishing wait until the quarter has ended (tooEarlyFor), under `quarter`;
 * - a report is submitted only with all three narrative sections written;
 * - sending back needs a reason (the department must know what to change);
 * - publishing a correction (a report that already has a revision) needs a public correction note.
 * `today` is the server's day ("YYYY-MM-DD").
 */
export function stepProblems(
  step: ReportStep,
  report: Narrative & QuarterRef & { publishedRevisions: number },
  input: { reason?: string | null; correctionNote?: string | null },
  today: string,
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const early = tooEarlyFor(step, report, today);
  if (early) problems.quarter = [early];
  if (step === "submit") {
    for (const key of Object.keys(NARRATIVE_LABELS) as (keyof Narrative)[]) {
      if (!report[key]?.trim()) problems[key] = [`Write the ${NARRATIVE_LABELS[key].toLowerCase()} before submitting`];
    }
  }
  if (step === "return" && !input.reason?.trim()) problems.reason = ["Say what needs to change"];
  if (step === "publish" && report.publishedRevisions > 0 && !input.correctionNote?.trim()) {
    problems.correctionNote = ["Say what was corrected: the note is published with the new revision"];
  }
  return problems;
}

/**
 * The report's status in words. A report that has been published and then reopened is a
 * correction in progress: its last revision stays public meanwhile.
 */
export function statusLabel(status: ReportStatus, publishedRevisions: number): string {
  if (status === "published") return `Published rev ${publishedRevisions}`;
  if (publishedRevisions === 0) {
    return { draft: "Draft", submitted: "Submitted for approval", approved: "Approved" }[status];
  }
  return {
    draft: "Correction in progress",
    submitted: "Correction in progress: submitted for approval",
    approved: "Correction in progress: approved",
  }[status];
}

export const STATUS_TONES: Record<ReportStatus, "neutral" | "info" | "warning" | "success"> = {
  draft: "neutral",
  submitted: "info",
  approved: "warning",
  published: "success",
};

// ---------------------------------------------------------------------------------------------
// Quarters a report may be started for
// ---------------------------------------------------------------------------------------------

const ordinal = (q: QuarterRef) => q.year * 4 + (q.quarter - 1);

/** A report is built for a quarter that has ended (its figures are in), from 2000 on. */
export function canStartQuarter(q: QuarterRef, lastCompleted: QuarterRef): boolean {
  return q.year >= 2000 && q.quarter >= 1 && q.quarter <= 4 && ordinal(q) <= ordinal(lastCompleted);
}

/**
 * The quarters offered when starting a report: the last completed one and the `count - 1` before
 * it, newest first, without those that already have a report.
 */
export function startableQuarters(lastCompleted: QuarterRef, existing: readonly QuarterRef[], count = 12): QuarterRef[] {
  const taken = new Set(existing.map(ordinal));
  const out: QuarterRef[] = [];
  for (let n = ordinal(lastCompleted); n > ordinal(lastCompleted) - count; n--) {
    const q = { year: Math.floor(n / 4), quarter: (n % 4) + 1 };
    if (!taken.has(n) && canStartQuarter(q, lastCompleted)) out.push(q);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What changed since publication
// ---------------------------------------------------------------------------------------------

interface FigureOf {
  code: string;
  name: string;
  valueType: string;
  decimals: number;
  scaleMax: number | null;
  value: number | null;
  target: number | null;
  status: string;
}

export interface ChangedFigure {
  code: string;
  name: string;
  /** For formatting the values. */
  measure: { valueType: string; decimals: number; scaleMax: number | null };
  published: { value: number | null; target: number | null; status: string } | null;
  now: { value: number | null; target: number | null; status: string } | null;
}

/**
 * The measures whose figure for the report's quarter (value, target or status) differs between the
 * published revision and the content built now — what a correction would change. A measure
 * present on one side only (added, retired or made private since) is listed too.
 */
export function changedFigures(published: { measures: FigureOf[] }, now: { measures: FigureOf[] }): ChangedFigure[] {
  const pick = (m: FigureOf) => ({ value: m.value, target: m.target, status: m.status });
  const fmt = (m: FigureOf) => ({ valueType: m.valueType, decimals: m.decimals, scaleMax: m.scaleMax });
  const before = new Map(published.measures.map((m) => [m.code, m]));
  const after = new Map(now.measures.map((m) => [m.code, m]));
  const out: ChangedFigure[] = [];
  for (const m of published.measures) {
    const n = after.get(m.code);
    if (!n || n.value !== m.value || n.target !== m.target || n.status !== m.status) {
      out.push({ code: m.code, name: m.name, measure: fmt(n ?? m), published: pick(m), now: n ? pick(n) : null });
    }
  }
  for (const n of now.measures) {
    if (!before.has(n.code)) out.push({ code: n.code, name: n.name, measure: fmt(n), published: null, now: pick(n) });
  }
  return out;
}
