/**
 * Statistical process control for monthly measures (issue 18), pure: the XmR (individuals and
 * moving range) chart and its signals. References: D. J. Wheeler, "Understanding Variation" (2nd
 * ed., 2000) for the limits (natural process limits x̄ ± 2.66·mR̄; upper range limit 3.268·mR̄;
 * sigma = mR̄ / 1.128), and NHS England, "Making Data Count" (2019, 2021) for the signal rules,
 * with the run lengths issue 18 names: a point beyond a limit; 8 in a row on one side of the mean;
 * 2 of 3 beyond two sigma on the same side; 6 in a row rising or falling.
 */

export const XMR_SCALING = 2.66;
export const MR_UPPER_SCALING = 3.268;
export const D2 = 1.128;

export interface XmrLimits {
  mean: number;
  averageMovingRange: number;
  upperLimit: number;
  lowerLimit: number;
  upperRangeLimit: number;
  sigma: number;
}

/** Limits from a baseline window of consecutive values (at least 2). Null when there are too few. */
export function xmrLimits(baseline: readonly number[]): XmrLimits | null {
  if (baseline.length < 2) return null;
  return xmrLimitsOf(baseline, baseline.slice(1).map((v, i) => Math.abs(v - baseline[i]!)));
}

/**
 * Limits from a baseline's values and its moving ranges given apart: a series with missing months
 * has fewer moving ranges than values (none is taken across a gap). Null without a value or a range.
 */
export function xmrLimitsOf(values: readonly number[], movingRanges: readonly number[]): XmrLimits | null {
  if (values.length === 0 || movingRanges.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const mr = movingRanges.reduce((a, b) => a + b, 0) / movingRanges.length;
  return {
    mean,
    averageMovingRange: mr,
    upperLimit: mean + XMR_SCALING * mr,
    lowerLimit: mean - XMR_SCALING * mr,
    upperRangeLimit: MR_UPPER_SCALING * mr,
    sigma: mr / D2,
  };
}

export const SIGNAL_KINDS = ["beyond_limit", "run_of_8", "two_of_three", "trend_of_6"] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const SIGNAL_LABELS: Record<SignalKind, string> = {
  beyond_limit: "A point beyond a process limit",
  run_of_8: "8 or more points in a row on one side of the mean",
  two_of_three: "2 of 3 points in a row beyond two sigma, on the same side",
  trend_of_6: "6 or more points in a row rising, or falling",
};

export interface Signal {
  kind: SignalKind;
  /** Indexes of the points in the signal. */
  points: number[];
  side: "high" | "low";
}

/** Every signal in `values` against `limits`; each rule's runs are reported once, at full length. */
export function xmrSignals(values: readonly number[], limits: XmrLimits): Signal[] {
  const signals: Signal[] = [];
  values.forEach((v, i) => {
    if (v > limits.upperLimit) signals.push({ kind: "beyond_limit", points: [i], side: "high" });
    else if (v < limits.lowerLimit) signals.push({ kind: "beyond_limit", points: [i], side: "low" });
  });
  // Runs on one side of the mean (a point on the mean breaks the run).
  const side = (v: number) => (v > limits.mean ? 1 : v < limits.mean ? -1 : 0);
  for (let i = 0; i < values.length; ) {
    const s = side(values[i]!);
    let j = i;
    while (j + 1 < values.length && s !== 0 && side(values[j + 1]!) === s) j++;
    if (s !== 0 && j - i + 1 >= 8) signals.push({ kind: "run_of_8", points: range(i, j), side: s > 0 ? "high" : "low" });
    i = j + 1;
  }
  // 2 of 3 beyond two sigma on the same side (windows merged where they overlap).
  for (const dir of [1, -1] as const) {
    const beyond = (v: number) => (dir > 0 ? v > limits.mean + 2 * limits.sigma : v < limits.mean - 2 * limits.sigma);
    let current: number[] | null = null;
    for (let i = 0; i + 2 < values.length; i++) {
      const hits = [i, i + 1, i + 2].filter((k) => beyond(values[k]!));
      if (hits.length >= 2) {
        if (current && current.at(-1)! >= hits[0]!) current = [...new Set([...current, ...hits])];
        else {
          if (current) signals.push({ kind: "two_of_three", points: current, side: dir > 0 ? "high" : "low" });
          current = hits;
        }
      }
    }
    if (current) signals.push({ kind: "two_of_three", points: current, side: dir > 0 ? "high" : "low" });
  }
  // Trends: 6 points in a row each higher (or lower) than the one before; equal values break it.
  for (let i = 0; i < values.length - 1; ) {
    const d = Math.sign(values[i + 1]! - values[i]!);
    let j = i + 1;
    while (d !== 0 && j + 1 < values.length && Math.sign(values[j + 1]! - values[j]!) === d) j++;
    if (d !== 0 && j - i + 1 >= 6) signals.push({ kind: "trend_of_6", points: range(i, j), side: d > 0 ? "high" : "low" });
    i = j;
  }
  return signals;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}
