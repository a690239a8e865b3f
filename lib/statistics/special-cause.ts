/**
 * "Special-cause variation" beside target status on the dashboard's exceptions and in the review
 * pack (issue 18), pure: whether a monthly measure's figure for the month viewed is part of an XmR
 * signal (lib/statistics/spc.ts), and whether that is improving or concerning for the measure's
 * direction (NHS England, "Making Data Count"). The rules are the measure page's XmR chart's:
 * - the series restarts at the latest break on or before the month (measure_series_breaks);
 * - its limits come from the first 12 figures since then (fewer: all of them, as trial limits;
 *   fewer than 6: no limits, no signal), a month without a figure being a gap that no moving range
 *   spans;
 * - the signals are looked for in the run of consecutive months with a figure that ends at the
 *   month viewed; the first kind in SIGNAL_KINDS order that includes it names it.
 * So that a list's cost does not grow with the age of its measures, only the baseline figures and
 * the last SPC_WINDOW_MONTHS months are read (spcWindow, whose SQL twin is spcWindowJoin): the
 * latest point's signals depend on its last 8 months at most.
 */
import { addMonths, parseISO } from "date-fns";
import type { Direction } from "@/lib/enums";
import { toPeriod, type Period } from "@/lib/entry/periods";
import { SIGNAL_KINDS, xmrLimitsOf, xmrSignals, type SignalKind } from "./spc";
import { BASELINE_FIGURES, MIN_FIGURES_FOR_LIMITS } from "./series";

/** The months before the one viewed (itself included) whose figures are looked at for its signals. */
export const SPC_WINDOW_MONTHS = 24;

export interface SpcPoint {
  period: Period;
  value: number;
}

/** What the special-cause check reads of a measure as at a month. */
export interface SpcWindow {
  /** The latest break on or before the month: the first month of the series; null when none. */
  since: Period | null;
  /** The series' first BASELINE_FIGURES figures and every figure of its last SPC_WINDOW_MONTHS months, oldest first. */
  points: SpcPoint[];
}

const monthsBefore = (month: Period, n: number): Period => toPeriod(addMonths(parseISO(month), -n));

/**
 * The twin of spcWindowJoin (lib/statistics/spc-sql.ts): from a measure's submitted monthly figures
 * (any order) and the first months of its breaks, what is read as at `month`.
 */
export function spcWindow(figures: readonly SpcPoint[], breaks: readonly Period[], month: Period): SpcWindow {
  const since = breaks.filter((b) => b <= month).sort().at(-1) ?? null;
  const series = figures.filter((f) => (since === null || f.period >= since) && f.period <= month).sort((a, b) => a.period.localeCompare(b.period));
  const recentFrom = monthsBefore(month, SPC_WINDOW_MONTHS - 1);
  const points = series.filter((f, i) => i < BASELINE_FIGURES || f.period >= recentFrom);
  return { since, points };
}

export type SpecialCause = "improving" | "concerning" | "neither";

export const SPECIAL_CAUSE_LABELS: Record<SpecialCause, string> = {
  improving: "Special-cause variation: improving",
  concerning: "Special-cause variation: concerning",
  neither: "Special-cause variation: neither improving nor concerning",
};

export interface SpecialCauseFinding {
  kind: SpecialCause;
  /** The signal that names it. */
  signal: SignalKind;
  side: "high" | "low";
}

/**
 * Whether the figure for `month` is part of a signal of its series (read by spcWindow), and what
 * that means for a measure with `direction`; null when it is not, has no figure, or the series is
 * too short for limits.
 */
export function specialCauseOf(window: SpcWindow, month: Period, direction: Direction): SpecialCauseFinding | null {
  const byMonth = new Map(window.points.map((p) => [p.period, p.value]));
  if (!byMonth.has(month)) return null;
  const baseline = window.points.slice(0, BASELINE_FIGURES);
  if (baseline.length < MIN_FIGURES_FOR_LIMITS) return null;
  // A baseline figure's moving range is to the month before, when that month has a figure of the series.
  const ranges = baseline.flatMap((p) => {
    const before = byMonth.get(monthsBefore(p.period, 1));
    return before === undefined ? [] : [Math.abs(p.value - before)];
  });
  const limits = xmrLimitsOf(
    baseline.map((p) => p.value),
    ranges,
  );
  if (!limits) return null;
  // The run of consecutive months with a figure that ends at `month`.
  const run: number[] = [];
  for (let p = month; byMonth.has(p); p = monthsBefore(p, 1)) run.unshift(byMonth.get(p)!);
  const last = run.length - 1;
  const hit = xmrSignals(run, limits)
    .filter((s) => s.points.includes(last))
    .sort((a, b) => SIGNAL_KINDS.indexOf(a.kind) - SIGNAL_KINDS.indexOf(b.kind))[0];
  if (!hit) return null;
  const kind: SpecialCause = direction === "neither" ? "neither" : (hit.side === "high") === (direction === "higher_better") ? "improving" : "concerning";
  return { kind, signal: hit.kind, side: hit.side };
}

/** A window as selected by spcWindowJoin (`since` and `points` JSON), parsed; null when the measure is not checked. */
export function parseSpcWindow(since: string | null, points: readonly { p: string; v: string | number }[] | null): SpcWindow | null {
  if (!points) return null;
  return { since, points: points.map((x) => ({ period: x.p, value: Number(x.v) })).filter((x) => Number.isFinite(x.value)) };
}

/** What a list shows for `month` from spcWindowJoin's columns: the special cause's kind, or null (not checked, or common cause). */
export function specialCauseAt(since: string | null, points: readonly { p: string; v: string | number }[] | null, month: Period, direction: Direction): SpecialCause | null {
  const window = parseSpcWindow(since, points);
  return window ? (specialCauseOf(window, month, direction)?.kind ?? null) : null;
}
