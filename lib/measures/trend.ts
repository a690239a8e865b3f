import type { Direction } from "./status";

/**
 * Whether a figure is getting better or worse against a comparison figure (the previous period,
 * the same period last year, or the baseline), taking the measure's direction into account (pure).
 * A change within `stableBandPct` percent of the comparison (default 1%) is "stable", so that noise
 * is not reported as movement. Measures with no better direction have no trend.
 */
export type Trend = "improving" | "worsening" | "stable" | "no_comparison";

export const TREND_LABELS: Record<Trend, string> = {
  improving: "Improving",
  worsening: "Worsening",
  stable: "Stable",
  no_comparison: "No comparison",
};

export function trendOf(input: { current: number | null; comparison: number | null; direction: Direction; stableBandPct?: number }): Trend {
  const { current, comparison, direction } = input;
  if (current === null || comparison === null || Number.isNaN(current) || Number.isNaN(comparison) || direction === "neither") return "no_comparison";
  const band = (Math.abs(comparison) * (input.stableBandPct ?? 1)) / 100;
  const change = current - comparison;
  // Floating-point slack relative to the figures' size, so that a change exactly at the band's edge
  // counts as stable for large figures too (numeric(14, 4) allows 10^10, where 1e-9 is below one ulp).
  const slack = Math.max(1e-9, 8 * Number.EPSILON * Math.max(Math.abs(current), Math.abs(comparison)));
  if (Math.abs(change) <= band + slack) return "stable";
  const better = direction === "higher_better" ? change > 0 : change < 0;
  return better ? "improving" : "worsening";
}
