/**
 * A monthly measure's series as an XmR chart (issue 18), pure: months from the first figure to the
 * latest, split into segments at the breaks recorded for the measure, each with its own mean and
 * natural process limits, moving ranges, signals, and the notes on its months; then the variation
 * and assurance summaries in words. docs/statistics.md states every rule with its reference.
 *
 * - A month without a submitted figure is a gap: it has no point and no moving range, and a run of
 *   points (8 on one side of the mean, 6 rising or falling, 2 of 3 beyond two sigma) ends at it,
 *   since nobody knows which side of the mean the missing month fell.
 * - A break starts a new segment: no moving range spans it and the limits are recalculated after it.
 * - Baseline (NHS-R "plot the dots", the Making Data Count team's package, which fixes the limits
 *   after 12 points; Wheeler, "Understanding Variation", p. 60: "useful limits may be constructed
 *   with as few as five or six values"): the first 12 figures of a segment, then fixed; with 6 to 11
 *   figures, all of them, as trial limits that move as figures arrive; with fewer than 6, none.
 * - Variation (Making Data Count): what the latest figure shows. Special-cause variation, improving
 *   or concerning by the measure's direction, when it is part of a signal; otherwise common-cause.
 * - Assurance (Making Data Count): where the target sits against the latest segment's process
 *   limits. Outside them on the good side, consistently met; on the bad side, consistently missed;
 *   between them, it may be met or missed by normal variation alone.
 */
import { format, parseISO } from "date-fns";
import type { Direction } from "@/lib/enums";
import { monthsBetween, type Period } from "@/lib/entry/periods";
import { SIGNAL_KINDS, xmrLimitsOf, xmrSignals, type SignalKind, type XmrLimits } from "./spc";

/** Figures for the first 12 months of a segment make its baseline; later figures do not move its limits. */
export const BASELINE_FIGURES = 12;
/** Fewer figures than this in a segment give no limits at all. */
export const MIN_FIGURES_FOR_LIMITS = 6;

export interface SeriesFigure {
  period: Period;
  /** Null is treated like a month without a figure. */
  value: number | null;
}

export interface SeriesBreak {
  /** The first month of the new series. */
  period: Period;
  reason: string;
}

export interface SeriesAnnotation {
  id: number;
  period: Period;
  text: string;
  isPublic: boolean;
}

export interface NumberedAnnotation extends SeriesAnnotation {
  /** 1, 2, … in month order across the whole series: the mark on the chart. */
  number: number;
}

/** What a point shows: special cause is named for the measure's direction ("neutral" when it has none). */
export type PointKind = "common_cause" | "improvement" | "concern" | "neutral";
export type SignalMeaning = Exclude<PointKind, "common_cause">;

export interface XmrRow {
  period: Period;
  /** Null: no submitted figure for the month (a gap). */
  value: number | null;
  /** Index into XmrSeries.segments. */
  segment: number;
  /** The break recorded for this month, when a new series starts here. */
  break: SeriesBreak | null;
  /** Whether the figure is one of its segment's baseline figures. */
  inBaseline: boolean;
  /** |this month − the month before|; null after a gap, at the start of a segment, or in a gap. */
  movingRange: number | null;
  /** The segment's limits; null when it has too few figures for them. */
  mean: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  /** The signals this figure is part of. */
  signals: { kind: SignalKind; side: "high" | "low"; meaning: SignalMeaning }[];
  /** Null for a gap or a segment without limits. */
  kind: PointKind | null;
  annotations: NumberedAnnotation[];
}

export interface XmrSegment {
  index: number;
  from: Period;
  to: Period;
  /** The break this segment follows (the latest one on or before its first month), if any. */
  break: SeriesBreak | null;
  /** Months with a figure. */
  figures: number;
  /** The figures the limits come from; trial when fewer than BASELINE_FIGURES. Null without limits. */
  baseline: { from: Period; to: Period; figures: number; trial: boolean } | null;
  limits: XmrLimits | null;
}

export interface SeriesSignal {
  kind: SignalKind;
  side: "high" | "low";
  meaning: SignalMeaning;
  segment: number;
  /** The months of the points in the signal, oldest first. */
  periods: Period[];
}

export type VariationKind = "improving" | "concerning" | "neither" | "common_cause" | "too_few";
export type AssuranceKind = "consistently_met" | "consistently_missed" | "may_vary" | "none";

export interface Summary<K extends string> {
  kind: K;
  /** The summary in a few words ("Common-cause variation"). */
  text: string;
  /** Why, in a sentence or two. */
  detail: string;
}

export interface XmrSeries {
  rows: XmrRow[];
  segments: XmrSegment[];
  signals: SeriesSignal[];
  /** Every note, numbered, oldest first (those on months outside the rows too). */
  annotations: NumberedAnnotation[];
  /** Every break, oldest first (those outside the rows too). */
  breaks: SeriesBreak[];
  variation: Summary<VariationKind>;
  assurance: Summary<AssuranceKind>;
}

export interface XmrInput {
  figures: readonly SeriesFigure[];
  breaks: readonly SeriesBreak[];
  annotations: readonly SeriesAnnotation[];
  direction: Direction;
  /** The target now; null when none or to be confirmed. */
  target: number | null;
  /** How a figure is written in the summaries ("88.0%"). */
  format?: (value: number) => string;
}

/** "Apr 2026". */
export const monthLabel = (period: Period): string => format(parseISO(period), "MMM yyyy");

/** Whether a signal on the `side` of the mean is good news for a measure with this direction. */
export function signalMeaning(side: "high" | "low", direction: Direction): SignalMeaning {
  if (direction === "neither") return "neutral";
  return (side === "high") === (direction === "higher_better") ? "improvement" : "concern";
}

export function buildXmrSeries(input: XmrInput): XmrSeries {
  const fmt = input.format ?? ((v: number) => String(v));
  const values = new Map<Period, number>();
  for (const f of input.figures) if (f.value !== null && Number.isFinite(f.value)) values.set(f.period, f.value);
  const breaks = [...input.breaks].sort((a, b) => a.period.localeCompare(b.period));
  const annotations = [...input.annotations]
    .sort((a, b) => a.period.localeCompare(b.period) || a.id - b.id)
    .map((a, i) => ({ ...a, number: i + 1 }));
  const periods = [...values.keys()].sort();
  const first = periods[0];
  const last = periods.at(-1);
  if (first === undefined || last === undefined) {
    return {
      rows: [],
      segments: [],
      signals: [],
      annotations,
      breaks,
      variation: { kind: "too_few", text: "No figures yet", detail: "There are no submitted figures to chart." },
      assurance: { kind: "none", text: "Assurance not assessed", detail: "There are no submitted figures." },
    };
  }

  const months = monthsBetween(first, last);
  const breakAt = new Map(breaks.map((b) => [b.period, b]));
  const notesAt = new Map<Period, NumberedAnnotation[]>();
  for (const a of annotations) notesAt.set(a.period, [...(notesAt.get(a.period) ?? []), a]);

  // Segments: the first month, then every break inside the range.
  const segments: XmrSegment[] = [];
  const rows: XmrRow[] = months.map((period, i) => {
    if (i === 0 || breakAt.has(period)) {
      const since = breaks.filter((b) => b.period <= period).at(-1) ?? null;
      segments.push({ index: segments.length, from: period, to: period, break: since, figures: 0, baseline: null, limits: null });
    }
    const segment = segments.at(-1)!;
    segment.to = period;
    const value = values.get(period) ?? null;
    if (value !== null) segment.figures++;
    const previous = i > 0 && segment.from !== period ? (values.get(months[i - 1]!) ?? null) : null;
    return {
      period,
      value,
      segment: segment.index,
      break: breakAt.get(period) ?? null,
      inBaseline: false,
      movingRange: value !== null && previous !== null ? Math.abs(value - previous) : null,
      mean: null,
      upperLimit: null,
      lowerLimit: null,
      signals: [],
      kind: null,
      annotations: notesAt.get(period) ?? [],
    };
  });

  const signals: SeriesSignal[] = [];
  for (const segment of segments) {
    const segmentRows = rows.filter((r) => r.segment === segment.index);
    const withFigure = segmentRows.filter((r) => r.value !== null);
    if (withFigure.length < MIN_FIGURES_FOR_LIMITS) continue;
    const baseline = withFigure.slice(0, BASELINE_FIGURES);
    // The first baseline figure has no moving range (it opens the segment); a gap leaves one out.
    const limits = xmrLimitsOf(
      baseline.map((r) => r.value!),
      baseline.flatMap((r) => (r.movingRange === null ? [] : [r.movingRange])),
    );
    if (!limits) continue;
    segment.limits = limits;
    segment.baseline = { from: baseline[0]!.period, to: baseline.at(-1)!.period, figures: baseline.length, trial: baseline.length < BASELINE_FIGURES };
    for (const r of baseline) r.inBaseline = true;
    for (const r of segmentRows) {
      r.mean = limits.mean;
      r.upperLimit = limits.upperLimit;
      r.lowerLimit = limits.lowerLimit;
    }
    // Signals within each run of consecutive months with a figure.
    for (const block of consecutiveBlocks(segmentRows)) {
      for (const s of xmrSignals(block.map((r) => r.value!), limits)) {
        const meaning = signalMeaning(s.side, input.direction);
        const points = s.points.map((k) => block[k]!);
        signals.push({ kind: s.kind, side: s.side, meaning, segment: segment.index, periods: points.map((r) => r.period) });
        for (const r of points) r.signals.push({ kind: s.kind, side: s.side, meaning });
      }
    }
    for (const r of withFigure) r.kind = pointKind(r.signals);
  }
  signals.sort((a, b) => a.periods[0]!.localeCompare(b.periods[0]!) || SIGNAL_KINDS.indexOf(a.kind) - SIGNAL_KINDS.indexOf(b.kind));

  const latestSegment = segments.at(-1)!;
  return {
    rows,
    segments,
    signals,
    annotations,
    breaks,
    variation: variationOf(rows.at(-1)!, latestSegment),
    assurance: assuranceOf(latestSegment, input.target, input.direction, fmt),
  };
}

/** Runs of consecutive rows that all have a figure. */
function consecutiveBlocks(rows: XmrRow[]): XmrRow[][] {
  const blocks: XmrRow[][] = [];
  let current: XmrRow[] = [];
  for (const r of rows) {
    if (r.value === null) {
      if (current.length) blocks.push(current);
      current = [];
    } else current.push(r);
  }
  if (current.length) blocks.push(current);
  return blocks;
}

/** The signal that names a point, first in SIGNAL_KINDS order: a point beyond a limit outranks a run. */
function firstSignal(signals: XmrRow["signals"]): XmrRow["signals"][number] | undefined {
  return [...signals].sort((a, b) => SIGNAL_KINDS.indexOf(a.kind) - SIGNAL_KINDS.indexOf(b.kind))[0];
}

function pointKind(signals: XmrRow["signals"]): PointKind {
  return firstSignal(signals)?.meaning ?? "common_cause";
}

function sinceText(segment: XmrSegment): string {
  return segment.break ? ` since the series break in ${monthLabel(segment.break.period)}` : "";
}

function variationOf(latest: XmrRow, segment: XmrSegment): Summary<VariationKind> {
  if (!segment.limits) {
    return {
      kind: "too_few",
      text: "Not enough figures for process limits",
      detail: `Process limits need at least ${MIN_FIGURES_FOR_LIMITS} monthly figures${sinceText(segment)}; there ${segment.figures === 1 ? "is 1" : `are ${segment.figures}`} so far.`,
    };
  }
  const month = monthLabel(latest.period);
  if (latest.kind === null || latest.kind === "common_cause") {
    return {
      kind: "common_cause",
      text: "Common-cause variation",
      detail: `The latest figure (${month}) is part of no signal: the figures vary within what this process normally produces.`,
    };
  }
  const signal = firstSignal(latest.signals)!;
  const what = `The latest figure (${month}) is part of a signal: ${signalPhrase(signal.kind, signal.side)}.`;
  if (latest.kind === "neutral") {
    return {
      kind: "neither",
      text: `Special-cause variation: neither improving nor concerning (${signal.side === "high" ? "higher" : "lower"})`,
      detail: `${what} The measure has no better direction.`,
    };
  }
  return latest.kind === "improvement"
    ? { kind: "improving", text: "Special-cause variation: improving", detail: `${what} Something beyond normal variation has moved the figures in the better direction.` }
    : { kind: "concerning", text: "Special-cause variation: concerning", detail: `${what} Something beyond normal variation has moved the figures in the worse direction.` };
}

function assuranceOf(segment: XmrSegment, target: number | null, direction: Direction, fmt: (v: number) => string): Summary<AssuranceKind> {
  const none = (detail: string): Summary<AssuranceKind> => ({ kind: "none", text: "Assurance not assessed", detail });
  if (direction === "neither") return none("The measure has no better direction, so no target is judged.");
  if (target === null) return none("There is no numeric target to judge against.");
  const limits = segment.limits;
  if (!limits) return none(`There are too few figures${sinceText(segment)} for process limits.`);
  const range = `${fmt(limits.lowerLimit)} to ${fmt(limits.upperLimit)}`;
  const higher = direction === "higher_better";
  // Strict comparisons, as NHS-R "plot the dots" does: a target on a limit may still be missed.
  if (target < limits.lowerLimit || target > limits.upperLimit) {
    const met = (target < limits.lowerLimit) === higher;
    const side = target < limits.lowerLimit ? "below the lower" : "above the upper";
    return met
      ? {
          kind: "consistently_met",
          text: "Target consistently met",
          detail: `The target (${fmt(target)}) is ${side} process limit (limits ${range}): while the process stays as it is, every month should meet it.`,
        }
      : {
          kind: "consistently_missed",
          text: "Target consistently missed",
          detail: `The target (${fmt(target)}) is ${side} process limit (limits ${range}): the process as it runs now will not meet it without a change.`,
        };
  }
  return {
    kind: "may_vary",
    text: "Target may be met or missed",
    detail: `The target (${fmt(target)}) lies between the process limits (${range}): some months will meet it and some will not, by normal variation alone.`,
  };
}

/** A signal's rule in a phrase, with its side: "above the upper process limit". */
export function signalPhrase(kind: SignalKind, side: "high" | "low"): string {
  const high = side === "high";
  switch (kind) {
    case "beyond_limit":
      return high ? "above the upper process limit" : "below the lower process limit";
    case "run_of_8":
      return `8 or more figures in a row ${high ? "above" : "below"} the mean`;
    case "two_of_three":
      return `2 of 3 figures in a row more than two sigma ${high ? "above" : "below"} the mean`;
    case "trend_of_6":
      return `6 or more figures in a row ${high ? "rising" : "falling"}`;
  }
}

export const MEANING_LABELS: Record<SignalMeaning, string> = {
  improvement: "improving",
  concern: "concerning",
  neutral: "neither improving nor concerning",
};

/** A signal in words for the list under the chart: "Mar 2026: above the upper process limit (improving)". */
export function describeSignal(s: SeriesSignal): string {
  const first = s.periods[0]!;
  const last = s.periods.at(-1)!;
  const when =
    s.periods.length === 1
      ? monthLabel(first)
      : s.kind === "two_of_three"
        ? s.periods.map(monthLabel).join(", ").replace(/, ([^,]*)$/, " and $1")
        : `${monthLabel(first)} to ${monthLabel(last)}`;
  const count = s.kind === "run_of_8" || s.kind === "trend_of_6" ? ` (${s.periods.length} figures)` : "";
  return `${when}: ${signalPhrase(s.kind, s.side)}${count}, ${MEANING_LABELS[s.meaning]}`;
}
