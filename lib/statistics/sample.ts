/**
 * Sample statistics of survey-based figures (issue 18), pure: what a month's figure is estimated
 * from, its 95% interval, a quarter's interval from its months, and whether a change is more than
 * sampling noise. The intervals themselves are lib/statistics/intervals.ts:
 *  - a proportion (CSAT, % of responses rating 4–5; any `sample_based` percentage, numerator of
 *    denominator): Wilson (1927);
 *  - a mean (CES, 1–7): Student's t, from the count, sum and sum of squares SQL aggregates;
 *  - a net score (CSI, % positive − % negative): the normal interval from the multinomial variance.
 * Figures are stored in their unit (CSAT 84.6 for 84.6%, CSI +32 for a net 0.32), so intervals are
 * scaled to it (sampleScale) before they are shown or published.
 */
import type { FeedbackMetric, QuarterRule } from "@/lib/enums";
import { isLowSample } from "@/lib/feedback/rules";
import {
  averageInterval,
  meanIntervalFromSums,
  netScoreInterval,
  twoProportionTest,
  wilsonInterval,
  type ChangeVerdict,
  type Interval,
  type StandardError,
} from "./intervals";

export type SampleKind = "proportion" | "mean" | "net";

/** One period's sample: what its figure is estimated from. */
export type Sample =
  | { kind: "proportion"; n: number; successes: number }
  | { kind: "mean"; n: number; sum: number; sumSquares: number }
  | { kind: "net"; n: number; positive: number; negative: number };

/**
 * Which kind of sample a measure's figures come from (the twin of sampleKindSql): the survey's
 * CES is a mean, its CSI a net score, its CSAT a proportion, as is any measure flagged
 * `sample_based` (its numerator of denominator); null for every other measure.
 */
export function sampleKindOf(m: { feedbackMetric: FeedbackMetric | null; sampleBased: boolean }): SampleKind | null {
  if (m.feedbackMetric === "ces") return "mean";
  if (m.feedbackMetric === "csi") return "net";
  if (m.feedbackMetric === "csat" || m.sampleBased) return "proportion";
  return null;
}

/** What a figure in its unit is of the sample's own scale: percentages and CSI are × 100. */
export function sampleScale(kind: SampleKind, valueType: string): number {
  if (kind === "net") return 100;
  if (kind === "proportion") return valueType === "percent" ? 100 : 1;
  return 1;
}

export const SAMPLE_METHODS: Record<SampleKind, string> = {
  proportion: "Wilson score interval for a proportion",
  mean: "Student's t interval for a mean",
  net: "normal interval for a net score (% positive − % negative), from the multinomial variance",
};

/** The 95% interval of one period's figure, on the sample's own scale (0–1 for a proportion); null when it has none. */
export function sampleInterval(s: Sample): Interval | null {
  switch (s.kind) {
    case "proportion":
      return wilsonInterval(s.successes, s.n);
    case "mean":
      return meanIntervalFromSums(s.n, s.sum, s.sumSquares);
    case "net":
      return netScoreInterval(s.positive, s.negative, s.n);
  }
}

/** A period's estimate and its standard error (for averaging months); null when it has none. */
function standardError(s: Sample): StandardError | null {
  if (s.kind === "mean") {
    if (s.n < 2) return null;
    const mean = s.sum / s.n;
    const variance = Math.max(0, (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1));
    return { estimate: mean, se: Math.sqrt(variance / s.n), df: s.n - 1 };
  }
  if (!(s.n > 0)) return null;
  if (s.kind === "proportion") {
    const p = s.successes / s.n;
    return { estimate: p, se: Math.sqrt((p * (1 - p)) / s.n), df: null };
  }
  const pp = s.positive / s.n;
  const pn = s.negative / s.n;
  const d = pp - pn;
  return { estimate: d, se: Math.sqrt(Math.max(0, pp + pn - d * d) / s.n), df: null };
}

/** Several periods' samples of one kind added up (a quarter's responses); null when there are none. */
export function poolSamples(samples: readonly Sample[]): Sample | null {
  const first = samples[0];
  if (!first || samples.some((s) => s.kind !== first.kind)) return null;
  const n = samples.reduce((a, s) => a + s.n, 0);
  const total = (f: (s: Sample) => number) => samples.reduce((a, s) => a + f(s), 0);
  switch (first.kind) {
    case "proportion":
      return { kind: "proportion", n, successes: total((s) => (s.kind === "proportion" ? s.successes : 0)) };
    case "mean":
      return { kind: "mean", n, sum: total((s) => (s.kind === "mean" ? s.sum : 0)), sumSquares: total((s) => (s.kind === "mean" ? s.sumSquares : 0)) };
    case "net":
      return { kind: "net", n, positive: total((s) => (s.kind === "net" ? s.positive : 0)), negative: total((s) => (s.kind === "net" ? s.negative : 0)) };
  }
}

const BOUNDS: Record<SampleKind, [number, number]> = { proportion: [0, 1], mean: [-Infinity, Infinity], net: [-1, 1] };

export interface QuarterSample {
  /** Responses (or sampled cases) behind the quarter's figure: every month's, added up. */
  n: number;
  /** On the sample's own scale; null when the rule gives none (a total) or a month has too few. */
  interval: Interval | null;
  /** The quarter's sample added up, when its figure is one (ratio; last: that month's): for testing a change. */
  pooled: Sample | null;
  /** How the interval was found, in words; null without one. */
  method: string | null;
}

/**
 * A quarter's sample from the samples of the months its figure is built from (lib/measures/quarter.ts
 * deriveQuarter, same rule): ratio, the months pooled (Wilson on all the quarter's responses);
 * last, the last month's; mean, the average of the months' estimates with its standard error
 * √(Σ seᵢ²)/k (t on the Welch–Satterthwaite df for a mean, z otherwise); sum, none (a total of
 * proportions means nothing). `months` are the samples of the months that have a figure, in date
 * order. Null when a month with a figure has no sample (null): the quarter's figure is then not
 * estimated from recorded samples alone, so neither its n nor its interval is known.
 */
export function quarterSample(rule: QuarterRule, months: readonly (Sample | null)[]): QuarterSample | null {
  const samples = months.filter((s): s is Sample => s !== null);
  if (samples.length === 0 || samples.length < months.length) return null;
  const pooled = poolSamples(samples);
  if (!pooled) return null;
  const n = pooled.n;
  if (rule === "sum") return { n, interval: null, pooled: null, method: null };
  const kind = pooled.kind;
  if (rule === "ratio") return { n, interval: sampleInterval(pooled), pooled, method: SAMPLE_METHODS[kind] };
  if (rule === "last") {
    const last = samples.at(-1)!;
    return { n: last.n, interval: sampleInterval(last), pooled: last, method: SAMPLE_METHODS[kind] };
  }
  const parts = samples.map(standardError);
  if (parts.some((p) => p === null)) return { n, interval: null, pooled: null, method: null };
  const raw = averageInterval(parts as StandardError[]);
  const [lo, hi] = BOUNDS[kind];
  const interval = raw && { estimate: raw.estimate, lower: Math.max(lo, raw.lower), upper: Math.min(hi, raw.upper) };
  const method = `average of the ${samples.length} months' figures, with ${kind === "mean" ? "a t interval (Welch–Satterthwaite degrees of freedom)" : "a normal interval"} from their standard errors`;
  return { n, interval, pooled: null, method };
}

/** An interval on the sample's scale in the figure's unit (× sampleScale), rounded to 4 decimal places as figures are stored. */
export function scaleInterval(i: Interval, scale: number): Interval {
  const r = (v: number) => Math.round(v * scale * 10_000) / 10_000;
  return { estimate: r(i.estimate), lower: r(i.lower), upper: r(i.upper) };
}

/** What a page says of one figure's sample: n, the 95% interval in the figure's unit, and whether n is below the minimum sample. */
export interface SampleSummary {
  n: number;
  lower: number | null;
  upper: number | null;
  /** Fewer responses than the minimum sample (the feedback_min_responses setting, isLowSample). */
  tooFew: boolean;
  minimum: number;
}

export function summariseSample(s: Sample, valueType: string, minimum: number): SampleSummary {
  const i = sampleInterval(s);
  const scaled = i && scaleInterval(i, sampleScale(s.kind, valueType));
  return { n: s.n, lower: scaled?.lower ?? null, upper: scaled?.upper ?? null, tooFew: isLowSample(s.n, minimum), minimum };
}

/**
 * Whether a change between two periods' proportions is significant at 95% (twoProportionTest, the
 * pooled two-proportion z test); null unless both are proportions with responses.
 */
export function changeVerdict(before: Sample | null | undefined, after: Sample | null | undefined): ChangeVerdict | null {
  if (before?.kind !== "proportion" || after?.kind !== "proportion") return null;
  return twoProportionTest(before.successes, before.n, after.successes, after.n)?.verdict ?? null;
}

export const CHANGE_VERDICT_LABELS: Record<ChangeVerdict, string> = {
  significant: "Significant",
  within_normal_variation: "Within normal variation",
};

export type { ChangeVerdict, Interval };
