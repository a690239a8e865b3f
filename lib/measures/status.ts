/**
 * How a figure is judged against its target (pure; unit-tested).
 *
 * - higher is better: at or above target → on target; within the amber tolerance below it
 *   (default 5% of the target, the rule the Government of Jersey publishes with its measures)
 *   → within tolerance; further below → off target.
 * - lower is better: the mirror image.
 * - neither (demand or context measures): there is no "better", so no target status.
 * A target of "to be confirmed" (null) gives "no target"; a missing figure gives "no data".
 */
import type { Direction } from "@/lib/enums";

/** Re-exported for the callers of statusOf. */
export type { Direction } from "@/lib/enums";

export type Status = "on_target" | "within_tolerance" | "off_target" | "no_target" | "no_data";

export const STATUS_LABELS: Record<Status, string> = {
  on_target: "On target",
  within_tolerance: "Within tolerance",
  off_target: "Off target",
  no_target: "No target",
  no_data: "No data",
};

export function statusOf(input: {
  value: number | null;
  target: number | null;
  direction: Direction;
  tolerancePct: number;
}): Status {
  const { value, target, direction, tolerancePct } = input;
  if (value === null || Number.isNaN(value)) return "no_data";
  if (target === null || Number.isNaN(target) || direction === "neither") return "no_target";
  const band = (Math.abs(target) * Math.max(tolerancePct, 0)) / 100;
  // Compare with a tiny epsilon: figures are stored as numeric and arrive as decimal strings.
  const eps = 1e-9;
  if (direction === "higher_better") {
    if (value >= target - eps) return "on_target";
    return value >= target - band - eps ? "within_tolerance" : "off_target";
  }
  if (value <= target + eps) return "on_target";
  return value <= target + band + eps ? "within_tolerance" : "off_target";
}

/** Parses a numeric column (string or null) for the rules above. */
export function toNumber(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}
