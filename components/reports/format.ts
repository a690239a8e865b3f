/**
 * Words and figures of a published report (pure; unit-tested). A report is read by the public and
 * the Public Accounts Committee, so every code in the frozen content becomes plain English here —
 * deliberately fuller than the app's own labels ("Business as usual" for BAU), one per enum value.
 */
import { format, parseISO } from "date-fns";
import type { InitiativeStatus, InitiativeType, MitigationStatus, RecommendationSource, RecommendationStatus } from "@/lib/enums";
import { formatValue } from "@/lib/measures/format";
import { breakMonthLabel } from "@/lib/measures/series-breaks";
import type { FigureCompleteness, ReportMeasure, ReportQuarterFigure, ReportSample } from "@/lib/reports/content";
import { CHANGE_VERDICT_LABELS } from "@/lib/statistics/sample";
import { compactSampleText, TOO_FEW_RESPONSES } from "@/lib/statistics/sample-text";

export const INITIATIVE_TYPE_LABELS: Record<InitiativeType, string> = { project: "Project", programme: "Programme", bau: "Business as usual" };

export const INITIATIVE_STATUS_LABELS: Record<InitiativeStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  complete: "Complete",
  ongoing: "Ongoing",
  closed: "Closed",
};

export const MITIGATION_STATUS_LABELS: Record<MitigationStatus, string> = { planned: "Planned", in_progress: "In progress", complete: "Complete" };

export const RECOMMENDATION_SOURCE_LABELS: Record<RecommendationSource, string> = {
  cag: "Comptroller and Auditor General",
  pac: "Public Accounts Committee",
  internal_audit: "Internal Audit",
  other: "Other review",
};

export const RECOMMENDATION_STATUS_LABELS: Record<RecommendationStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  implemented: "Implemented",
  closed: "Closed",
  superseded: "Superseded",
};

/** A label from a table, or the code itself made readable ("in_progress" → "In progress") when the table does not know it. */
export function labelOf(labels: Record<string, string>, code: string): string {
  const known = labels[code];
  if (known) return known;
  const words = code.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "9 October 2026" from "2026-10-09" or a timestamp; "—" when there is none. */
export function longDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const d = typeof value === "string" ? (value.length === 10 ? parseISO(value) : new Date(value)) : value;
  return Number.isNaN(d.getTime()) ? "—" : format(d, "d MMMM yyyy");
}

/** A measure's figure in its unit ("88.0%", "3.5 days"); "No figure" when none was reported. */
export function figure(value: number | null, m: Pick<ReportMeasure, "valueType" | "decimals" | "scaleMax">): string {
  return value === null ? "No figure" : formatValue(value, m);
}

/**
 * What the months behind a quarter's figure mean for it, in words: "Provisional: built from 2 of 3
 * months", "Withheld: only 2 of 3 months were reported, …", or null for a final figure, no figure,
 * or one whose months were not recorded (revisions published before they were).
 */
export function figureNote(f: FigureCompleteness): string | null {
  const of = `${f.monthsReported} of ${f.monthsRequired} ${f.monthsRequired === 1 ? "month" : "months"}`;
  if (f.figureStatus === "provisional") return `Provisional: built from ${of}`;
  if (f.figureStatus === "withheld") return `Withheld: only ${of} were reported, and a total of fewer months would understate the quarter`;
  return null;
}

/** A quarter's figure in its unit, "88.0% (provisional)", or "Withheld" / "Too few responses" / "No figure". */
export function quarterFigure(f: Pick<ReportQuarterFigure, "value" | "figureStatus" | "sample">, m: Pick<ReportMeasure, "valueType" | "decimals" | "scaleMax">): string {
  if (f.sample?.tooFew) return TOO_FEW_RESPONSES;
  if (f.figureStatus === "withheld") return "Withheld";
  return f.figureStatus === "provisional" && f.value !== null ? `${formatValue(f.value, m)} (provisional)` : figure(f.value, m);
}

/**
 * A survey-based figure's sample in words (issue 18): "n = 412, 95% CI 82.9–86.3%", or below the
 * minimum sample "12 responses: fewer than the 30 needed to publish a figure"; null without one
 * (other measures, and revisions published before samples were recorded).
 */
export function sampleNote(sample: ReportSample | null | undefined, m: Pick<ReportMeasure, "valueType" | "decimals">): string | null {
  if (!sample) return null;
  if (sample.tooFew) return `${plural(sample.n, "response")}: fewer than the ${sample.minimum} needed to publish a figure`;
  const interval = sample.lower !== null && sample.upper !== null ? { lower: sample.lower, upper: sample.upper } : null;
  return compactSampleText(sample.n, interval, m);
}

/**
 * Whether the quarter's change is more than sampling noise, in words (issue 18): "Against Q2 2026:
 * significant. Against Q3 2025: within normal variation." Null when neither could be tested.
 */
export function changesText(m: Pick<ReportMeasure, "changes" | "history">): string | null {
  const c = m.changes;
  if (!c) return null;
  const previous = m.history[m.history.length - 2]?.label;
  const yearAgo = m.history[0]?.label;
  const parts = [
    c.previousQuarter && previous && `Against ${previous}: ${CHANGE_VERDICT_LABELS[c.previousQuarter].toLowerCase()}.`,
    c.sameQuarterLastYear && yearAgo && `Against ${yearAgo}: ${CHANGE_VERDICT_LABELS[c.sameQuarterLastYear].toLowerCase()}.`,
  ].filter(Boolean);
  return parts.length ? parts.join(" ") : null;
}

/** A target in its unit, or why there is none: the one wording of every page (lib/measures/target-text.ts). */
export { targetText } from "@/lib/measures/target-text";

/** "88.0% (April 2020)", or "Not recorded". */
export function baselineText(m: Pick<ReportMeasure, "baseline" | "baselineLabel" | "valueType" | "decimals" | "scaleMax">): string {
  if (m.baseline === null) return "Not recorded";
  return m.baselineLabel ? `${formatValue(m.baseline, m)} (${m.baselineLabel})` : formatValue(m.baseline, m);
}

/** One sentence a screen reader (and everyone else) can take in: the figure against target, and the trend. */
export function measureSentence(m: ReportMeasure, quarterLabel: string): string {
  if (m.sample?.tooFew) return `The figure for ${quarterLabel} is not published: it is based on ${plural(m.sample.n, "response")}, fewer than the ${m.sample.minimum} needed.`;
  const note = figureNote(m);
  if (m.figureStatus === "withheld") return `The figure for ${quarterLabel} is withheld: only ${m.monthsReported} of ${m.monthsRequired} months were reported, and a total of fewer months would understate the quarter.`;
  const value = m.value === null ? `No figure was reported for ${quarterLabel}.` : `${quarterLabel}: ${formatValue(m.value, m)}`;
  if (m.value === null) return value;
  const target = m.direction === "neither" ? "" : m.target === null ? ", target to be confirmed" : ` against a target of ${formatValue(m.target, m)}`;
  const status = m.status === "no_target" ? "" : ` (${statusWord(m.status)})`;
  const previous = m.history[m.history.length - 2];
  const trend = m.trendAcrossBreak
    ? ` Not comparable with ${previous?.label ?? "the previous quarter"}: series break in ${breakMonthLabel(m.trendAcrossBreak)}.`
    : m.trend === "improving"
      ? ` Improving since ${previous?.label ?? "the previous quarter"}.`
      : m.trend === "worsening"
        ? ` Worse than ${previous?.label ?? "the previous quarter"}.`
        : m.trend === "stable"
          ? ` About the same as ${previous?.label ?? "the previous quarter"}.`
          : "";
  return `${value}${target}${status}.${note ? ` ${note}.` : ""}${trend}`;
}

const STATUS_WORDS: Record<ReportQuarterFigure["status"], string> = {
  on_target: "on target",
  within_tolerance: "within tolerance",
  off_target: "off target",
  no_target: "no target",
  no_data: "no data",
};

export const statusWord = (s: ReportQuarterFigure["status"]) => STATUS_WORDS[s];

/** Narrative text as paragraphs: a blank or single line break starts a new one. */
export function paragraphs(text: string | null | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** "3 of 13" style counts, with a plural noun: plural(1, "measure") → "1 measure". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
