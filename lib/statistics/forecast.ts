/**
 * Forecast to target (issue 18), pure. Only where the series supports it: at least 12 monthly
 * figures since the last series break, a numeric target, a better direction and a target date after
 * the latest figure. Then a least-squares straight line through the last 12 figures (x = the month,
 * so a missing month keeps its place), projected to the month holding the target date, with the
 * 95% prediction interval for a single new figure there:
 *
 *   ŷ₀ ± t(0.975, n − 2) · s · √(1 + 1/n + (x₀ − x̄)² / Σ(x − x̄)²),  s² = Σ residual² / (n − 2)
 *
 * (the prediction interval for a new observation: Montgomery, Peck and Vining, "Introduction to
 * Linear Regression Analysis", 5th ed., 2012, §2.5). Verdict: "likely" when the projected figure
 * meets the target in the measure's direction (at or above it when higher is better), "unlikely"
 * otherwise; the interval is shown beside it and says whether the target is within the range of
 * plausible figures. A straight line can run past what a figure can be (over 100%): the
 * projection and interval are kept inside.
 */
import { format, parseISO } from "date-fns";
import type { Direction } from "@/lib/enums";
import type { Period } from "@/lib/entry/periods";
import { t975 } from "./intervals";
import { monthLabel } from "./series";

/** How many figures the trend is fitted to, and how many the segment must have since its break. */
export const FORECAST_FIGURES = 12;

export interface ForecastInput {
  /** The figures since the last break (the latest segment), any order; months without one left out. */
  figures: readonly { period: Period; value: number }[];
  /** The first month of the latest segment's break, if there was one. */
  since: Period | null;
  target: number | null;
  /** yyyy-MM-dd: the date by which the target is to be met. */
  targetDate: string | null;
  direction: Direction;
  /** The range a figure can take (a percentage 0–100): the projection and its interval are kept inside it. */
  bounds?: { min: number | null; max: number | null };
  format?: (value: number) => string;
}

export type ForecastVerdict = "likely" | "unlikely";

export type Forecast =
  | {
      kind: "forecast";
      /** The method in words: "Linear trend of the last 12 months (May 2025 to Apr 2026)". */
      method: string;
      from: Period;
      to: Period;
      /** The month holding the target date: the figure the forecast is for. */
      targetPeriod: Period;
      estimate: number;
      lower: number;
      upper: number;
      /** The fitted change a month. */
      slope: number;
      verdict: ForecastVerdict;
      /** Whether the target lies inside the 95% prediction interval (either outcome plausible). */
      targetInInterval: boolean;
      /** The verdict and the projection in a sentence. */
      text: string;
    }
  | { kind: "none"; reason: string };

/** Months from `a` to `b` (yyyy-MM…): 2026-01 → 2026-04 is 3. */
export function monthsApart(a: string, b: string): number {
  const [ya, ma] = a.split("-").map(Number) as [number, number];
  const [yb, mb] = b.split("-").map(Number) as [number, number];
  return (yb - ya) * 12 + (mb - ma);
}

export interface LinearFit {
  intercept: number;
  slope: number;
  n: number;
  meanX: number;
  sxx: number;
  /** Residual standard error, √(Σ residual² / (n − 2)). */
  s: number;
}

/** Ordinary least squares of y on x; null with fewer than 3 points or all x equal. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit | null {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const sse = xs.reduce((a, x, i) => a + (ys[i]! - (intercept + slope * x)) ** 2, 0);
  return { intercept, slope, n, meanX, sxx, s: Math.sqrt(sse / (n - 2)) };
}

/** The 95% prediction interval of a single new y at x₀. */
export function predictionInterval(fit: LinearFit, x0: number): { estimate: number; lower: number; upper: number } {
  const estimate = fit.intercept + fit.slope * x0;
  const half = t975(fit.n - 2) * fit.s * Math.sqrt(1 + 1 / fit.n + (x0 - fit.meanX) ** 2 / fit.sxx);
  return { estimate, lower: estimate - half, upper: estimate + half };
}

export function forecastToTarget(input: ForecastInput): Forecast {
  const fmt = input.format ?? ((v: number) => String(v));
  const none = (reason: string): Forecast => ({ kind: "none", reason });
  if (!input.targetDate) return none("No target date is set for this measure, so there is no forecast.");
  if (input.direction === "neither") return none("The measure has no better direction, so there is no target to forecast.");
  if (input.target === null) return none("There is no numeric target to forecast against.");
  const figures = [...input.figures].sort((a, b) => a.period.localeCompare(b.period));
  if (figures.length < FORECAST_FIGURES) {
    const since = input.since ? ` since the series break in ${monthLabel(input.since)}` : "";
    return none(`A forecast needs at least ${FORECAST_FIGURES} monthly figures${since}; there ${figures.length === 1 ? "is 1" : `are ${figures.length}`}.`);
  }
  const window = figures.slice(-FORECAST_FIGURES);
  const from = window[0]!.period;
  const to = window.at(-1)!.period;
  const targetPeriod = `${input.targetDate.slice(0, 7)}-01`;
  const dateText = format(parseISO(input.targetDate), "d MMMM yyyy");
  if (targetPeriod <= to) {
    return none(`The target date, ${dateText}, is not after the latest figure (${monthLabel(to)}): that figure is judged against the target instead.`);
  }
  // Twelve distinct months: the fit always exists.
  const fit = linearFit(window.map((f) => monthsApart(from, f.period)), window.map((f) => f.value))!;
  const clamp = (v: number) => Math.min(input.bounds?.max ?? Infinity, Math.max(input.bounds?.min ?? -Infinity, v));
  const projected = predictionInterval(fit, monthsApart(from, targetPeriod));
  const [estimate, lower, upper] = [clamp(projected.estimate), clamp(projected.lower), clamp(projected.upper)];
  const span = monthsApart(from, to) + 1;
  const method =
    span === FORECAST_FIGURES
      ? `Linear trend of the last 12 months (${monthLabel(from)} to ${monthLabel(to)})`
      : `Linear trend of the last 12 figures (${monthLabel(from)} to ${monthLabel(to)}, ${span} months: the months without a figure are left out)`;
  const meets = input.direction === "higher_better" ? estimate >= input.target : estimate <= input.target;
  const verdict: ForecastVerdict = meets ? "likely" : "unlikely";
  const targetInInterval = lower <= input.target && input.target <= upper;
  const where = targetInInterval
    ? "the target is inside this range, so either outcome is plausible"
    : `the whole range is ${lower > input.target ? "above" : "below"} the target`;
  return {
    kind: "forecast",
    method,
    from,
    to,
    targetPeriod,
    estimate,
    lower,
    upper,
    slope: fit.slope,
    verdict,
    targetInInterval,
    text:
      `${verdict === "likely" ? "Likely" : "Unlikely"} to meet the target of ${fmt(input.target)} by ${dateText}: the trend projects ` +
      `${fmt(estimate)} for ${monthLabel(targetPeriod)}, with a 95% prediction interval of ${fmt(lower)} to ${fmt(upper)} (${where}).`,
  };
}
