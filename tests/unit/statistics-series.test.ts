import { describe, expect, it } from "vitest";
import { seededRandom } from "@/db/seed/random";
import { monthsBetween } from "@/lib/entry/periods";
import { reportingPeriods, withGaps } from "@/lib/measures/gaps";
import { BASELINE_FIGURES, buildXmrSeries, describeSignal, MIN_FIGURES_FOR_LIMITS, type XmrInput } from "@/lib/statistics/series";
import { D2, xmrLimits } from "@/lib/statistics/spc";

const r4 = (n: number) => Math.round(n * 1e4) / 1e4;

/** Months from January 2024: month(0) = "2024-01-01". */
const MONTHS = monthsBetween("2024-01-01", "2030-12-01");
const month = (i: number) => MONTHS[i]!;
const figures = (values: (number | null)[], from = 0) => values.map((value, i) => ({ period: month(from + i), value }));
const input = (values: (number | null)[], more: Partial<XmrInput> = {}): XmrInput => ({
  figures: figures(values),
  breaks: [],
  annotations: [],
  direction: "higher_better",
  target: null,
  ...more,
});

describe("XmR limits: a published worked example", () => {
  // NIST/SEMATECH e-Handbook of Statistical Methods, §6.3.2.2 "Individuals Control Charts"
  // (https://www.itl.nist.gov/div898/handbook/pmc/section3/pmc322.htm): the flow rate of the first
  // 10 batches of a new process. Published: x̄ = 50.81, MR̄ = 1.8778, UCL = x̄ + 3·MR̄/1.128 = 55.8041,
  // LCL = 45.8159. Wheeler's 2.66 is 3/1.128 rounded (2.6596), so our limits agree to 0.001.
  const flowRate = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1];

  it("reproduces the published mean, average moving range and 3-sigma limits", () => {
    const l = xmrLimits(flowRate)!;
    expect(r4(l.mean)).toBe(50.81);
    expect(r4(l.averageMovingRange)).toBe(1.8778);
    expect(r4(l.mean + 3 * l.sigma)).toBe(55.8041);
    expect(r4(l.mean - 3 * l.sigma)).toBe(45.8159);
    expect(l.sigma).toBeCloseTo(l.averageMovingRange / D2, 12);
    expect(Math.abs(l.upperLimit - 55.8041)).toBeLessThan(0.001);
    expect(Math.abs(l.lowerLimit - 45.8159)).toBeLessThan(0.001);
  });

  it("gives the same limits as monthly figures (10 figures: trial limits from all of them), with no signal", () => {
    const x = buildXmrSeries(input(flowRate));
    const s = x.segments[0]!;
    expect(s.baseline).toEqual({ from: month(0), to: month(9), figures: 10, trial: true });
    expect(r4(s.limits!.mean)).toBe(50.81);
    expect(r4(s.limits!.averageMovingRange)).toBe(1.8778);
    expect(x.rows.map((r) => r.movingRange && r4(r.movingRange))).toEqual([null, 2, 2.3, 1.4, 3.5, 3.4, 1.4, 0.2, 1.2, 1.5]);
    expect(x.signals).toEqual([]);
    expect(x.variation.kind).toBe("common_cause");
  });
});

describe("XmR series: baseline window", () => {
  it("fixes the limits on the first 12 figures of a segment; later figures do not move them", () => {
    const values = [10, 12, 11, 13, 9, 10, 12, 11, 10, 13, 12, 11, 30, 31, 29, 30];
    const x = buildXmrSeries(input(values));
    const baseline = xmrLimits(values.slice(0, BASELINE_FIGURES))!;
    expect(x.segments[0]!.limits).toEqual(baseline);
    expect(x.segments[0]!.baseline).toEqual({ from: month(0), to: month(11), figures: 12, trial: false });
    expect(x.rows.filter((r) => r.inBaseline)).toHaveLength(12);
    // The jump after the baseline is beyond the upper limit: special cause, improving for higher-is-better.
    expect(x.rows.slice(12).every((r) => r.kind === "improvement")).toBe(true);
    expect(x.variation).toMatchObject({ kind: "improving", text: "Special-cause variation: improving" });
  });

  it(`gives trial limits from ${MIN_FIGURES_FOR_LIMITS} figures, and none from fewer`, () => {
    const five = buildXmrSeries(input([10, 12, 11, 13, 9]));
    expect(five.segments[0]!.limits).toBeNull();
    expect(five.rows.every((r) => r.mean === null && r.kind === null)).toBe(true);
    expect(five.variation).toMatchObject({ kind: "too_few", text: "Not enough figures for process limits" });
    expect(five.variation.detail).toContain("there are 5 so far");
    expect(five.assurance.kind).toBe("none");

    const six = buildXmrSeries(input([10, 12, 11, 13, 9, 10]));
    expect(six.segments[0]!.baseline).toMatchObject({ figures: 6, trial: true });
    expect(six.rows.every((r) => r.mean !== null)).toBe(true);
  });
});

describe("XmR series: gaps", () => {
  it("keeps a missing month as a gap: no point, no moving range across it, and not in the baseline's ranges", () => {
    const values = [10, 12, null, 11, 13, 9, 10, 12];
    const x = buildXmrSeries(input(values));
    expect(x.rows.map((r) => r.period)).toEqual(monthsBetween(month(0), month(7)));
    expect(x.rows[2]).toMatchObject({ value: null, movingRange: null, kind: null });
    expect(x.rows.map((r) => r.movingRange)).toEqual([null, 2, null, null, 2, 4, 1, 2]);
    const l = x.segments[0]!.limits!;
    expect(l.averageMovingRange).toBe((2 + 2 + 4 + 1 + 2) / 5);
    expect(l.mean).toBe((10 + 12 + 11 + 13 + 9 + 10 + 12) / 7);
  });

  it("ends a run at a gap: 8 figures above the mean with a missing month among them is no run of 8", () => {
    const base = [10, 8, 10, 8, 10, 8, 10, 8, 10, 8, 10, 8];
    const high = [9.5, 9.6, 9.4, 9.5, 9.6, 9.4, 9.5, 9.6];
    expect(buildXmrSeries(input([...base, ...high])).signals.map((s) => s.kind)).toContain("run_of_8");
    const withGap = buildXmrSeries(input([...base, ...high.slice(0, 4), null, ...high.slice(4)]));
    expect(withGap.signals.map((s) => s.kind)).not.toContain("run_of_8");
  });

  it("fills a history chart's missing periods with gap points (months, or quarters)", () => {
    const points = [{ period: "2026-01-01" }, { period: "2026-02-01" }, { period: "2026-05-01" }];
    expect(withGaps(points, "monthly", (period) => ({ period, gap: true }))).toEqual([
      { period: "2026-01-01" },
      { period: "2026-02-01" },
      { period: "2026-03-01", gap: true },
      { period: "2026-04-01", gap: true },
      { period: "2026-05-01" },
    ]);
    expect(reportingPeriods("quarterly", "2025-10-01", "2026-07-01")).toEqual(["2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01"]);
    expect(withGaps([{ period: "2025-10-01" }, { period: "2026-04-01" }], "quarterly", (period) => ({ period, gap: true }))).toEqual([
      { period: "2025-10-01" },
      { period: "2026-01-01", gap: true },
      { period: "2026-04-01" },
    ]);
    expect(withGaps([], "monthly", (period) => ({ period }))).toEqual([]);
  });
});

describe("XmR series: breaks", () => {
  const before = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11];
  const after = [20, 21, 20, 21, 20, 21, 20, 21];

  it("starts a new segment at a break, with limits recalculated and no moving range across it", () => {
    const brk = { period: month(12), reason: "New data source" };
    const x = buildXmrSeries(input([...before, ...after], { breaks: [brk] }));
    expect(x.segments.map((s) => [s.from, s.to, s.figures, s.break?.reason ?? null])).toEqual([
      [month(0), month(11), 12, null],
      [month(12), month(19), 8, "New data source"],
    ]);
    expect(x.rows[12]).toMatchObject({ break: brk, movingRange: null, segment: 1 });
    expect(x.segments[1]!.limits!.mean).toBe(20.5);
    expect(x.segments[1]!.baseline!.trial).toBe(true);
    // Each segment is stable on its own: no signals.
    expect(x.signals).toEqual([]);
    expect(x.variation.kind).toBe("common_cause");

    // Without the break the step up is a signal.
    const joined = buildXmrSeries(input([...before, ...after]));
    expect(joined.segments).toHaveLength(1);
    expect(joined.signals.some((s) => s.kind === "beyond_limit" && s.side === "high")).toBe(true);
  });

  it("names the break a first segment follows, and keeps breaks outside the figures in the list", () => {
    const x = buildXmrSeries(
      input(before, {
        breaks: [
          { period: "2023-06-01", reason: "Definition changed" },
          { period: month(30), reason: "Planned change" },
        ],
      }),
    );
    expect(x.segments).toHaveLength(1);
    expect(x.segments[0]!.break?.reason).toBe("Definition changed");
    expect(x.breaks.map((b) => b.period)).toEqual(["2023-06-01", month(30)]);
  });

  it("says when too few figures follow a break", () => {
    const x = buildXmrSeries(input([...before, 20, 21, 20], { breaks: [{ period: month(12), reason: "New system" }] }));
    expect(x.variation.kind).toBe("too_few");
    expect(x.variation.detail).toBe(`Process limits need at least 6 monthly figures since the series break in ${"Jan 2025"}; there are 3 so far.`);
  });
});

describe("XmR series: the variation and assurance summaries", () => {
  const stable = [50, 52, 49, 51, 50, 53, 48, 50, 51, 49, 52, 50];

  it("calls a last point beyond a limit improving or concerning by the measure's direction", () => {
    const high = [...stable, 70];
    expect(buildXmrSeries(input(high, { direction: "higher_better" })).variation.text).toBe("Special-cause variation: improving");
    expect(buildXmrSeries(input(high, { direction: "lower_better" })).variation.text).toBe("Special-cause variation: concerning");
    expect(buildXmrSeries(input(high, { direction: "neither" })).variation.text).toBe("Special-cause variation: neither improving nor concerning (higher)");
    const low = buildXmrSeries(input([...stable, 30], { direction: "higher_better" }));
    expect(low.variation).toMatchObject({ kind: "concerning" });
    expect(low.variation.detail).toContain("below the lower process limit");
    expect(describeSignal(low.signals.at(-1)!)).toBe("Jan 2025: below the lower process limit, concerning");
  });

  it("calls the variation common-cause when the latest point is in no signal, even after an earlier one", () => {
    const x = buildXmrSeries(input([...stable.slice(0, 6), 70, ...stable.slice(6)]));
    expect(x.signals.map((s) => s.kind)).toEqual(["beyond_limit"]);
    expect(x.variation).toMatchObject({ kind: "common_cause", text: "Common-cause variation" });
  });

  it("judges the target against the process limits", () => {
    const l = buildXmrSeries(input(stable)).segments[0]!.limits!;
    const fmt = (v: number) => v.toFixed(1);
    const at = (target: number | null, direction: XmrInput["direction"] = "higher_better") => buildXmrSeries(input(stable, { target, direction, format: fmt })).assurance;
    expect(at(l.lowerLimit - 1)).toMatchObject({ kind: "consistently_met", text: "Target consistently met" });
    expect(at(l.upperLimit + 1)).toMatchObject({ kind: "consistently_missed", text: "Target consistently missed" });
    expect(at(l.mean)).toMatchObject({ kind: "may_vary", text: "Target may be met or missed" });
    expect(at(l.lowerLimit - 1, "lower_better")).toMatchObject({ kind: "consistently_missed" });
    expect(at(l.upperLimit + 1, "lower_better")).toMatchObject({ kind: "consistently_met" });
    // A target on a limit may still be missed.
    expect(at(l.lowerLimit)).toMatchObject({ kind: "may_vary" });
    expect(at(null)).toMatchObject({ kind: "none", detail: "There is no numeric target to judge against." });
    expect(at(50, "neither")).toMatchObject({ kind: "none" });
    expect(at(l.upperLimit + 1).detail).toBe(
      `The target (${fmt(l.upperLimit + 1)}) is above the upper process limit (limits ${fmt(l.lowerLimit)} to ${fmt(l.upperLimit)}): the process as it runs now will not meet it without a change.`,
    );
  });
});

describe("XmR series: notes and signals in words", () => {
  it("numbers notes in month order across the series and puts each on its month", () => {
    const x = buildXmrSeries(
      input([10, 12, null, 11, 13, 9, 10], {
        annotations: [
          { id: 9, period: month(4), text: "Network outage 3–5 May", isPublic: true },
          { id: 3, period: month(2), text: "System migration: no figure", isPublic: false },
          { id: 5, period: month(4), text: "Second note", isPublic: false },
          { id: 1, period: month(40), text: "Outside the figures", isPublic: false },
        ],
      }),
    );
    expect(x.annotations.map((a) => [a.number, a.id])).toEqual([
      [1, 3],
      [2, 5],
      [3, 9],
      [4, 1],
    ]);
    expect(x.rows[2]!.annotations.map((a) => a.text)).toEqual(["System migration: no figure"]);
    expect(x.rows[4]!.annotations.map((a) => a.number)).toEqual([2, 3]);
  });

  it("describes each rule in words, with its months", () => {
    const signal = (kind: "run_of_8" | "two_of_three" | "trend_of_6", periods: number[], side: "high" | "low" = "high") => ({
      kind,
      side,
      meaning: "improvement" as const,
      segment: 0,
      periods: periods.map(month),
    });
    expect(describeSignal(signal("run_of_8", [0, 1, 2, 3, 4, 5, 6, 7, 8]))).toBe("Jan 2024 to Sep 2024: 8 or more figures in a row above the mean (9 figures), improving");
    expect(describeSignal(signal("two_of_three", [3, 5]))).toBe("Apr 2024 and Jun 2024: 2 of 3 figures in a row more than two sigma above the mean, improving");
    expect(describeSignal(signal("trend_of_6", [0, 1, 2, 3, 4, 5], "low"))).toBe("Jan 2024 to Jun 2024: 6 or more figures in a row falling (6 figures), improving");
  });

  it("has no rows, segments or limits without figures", () => {
    const x = buildXmrSeries(input([null, null]));
    expect(x.rows).toEqual([]);
    expect(x.variation.kind).toBe("too_few");
    expect(x.assurance.kind).toBe("none");
  });
});

describe("XmR series: properties over generated series", () => {
  /** A series of 1–40 months from a random start, with random gaps and breaks. */
  function generate(next: () => number): XmrInput {
    const length = 1 + Math.floor(next() * 40);
    const start = Math.floor(next() * 24);
    const level = next() * 100;
    const values = Array.from({ length }, (_, i) => (i > 0 && i < length - 1 && next() < 0.12 ? null : Math.round((level + (next() - 0.5) * 20 + (next() < 0.05 ? 40 : 0)) * 10) / 10));
    const breaks = Array.from({ length: Math.floor(next() * 3) }, () => ({ period: month(start + Math.floor(next() * length)), reason: "Changed" }));
    const unique = [...new Map(breaks.map((b) => [b.period, b])).values()];
    return { figures: figures(values, start), breaks: unique, annotations: [], direction: next() < 0.5 ? "higher_better" : "lower_better", target: level };
  }

  it("holds its invariants on 500 generated series", () => {
    const next = seededRandom("xmr-invariants");
    const seen = { limits: 0, signals: 0, gaps: 0, breaks: 0 };
    for (let run = 0; run < 500; run++) {
      const inp = generate(next);
      const x = buildXmrSeries(inp);
      seen.limits += x.segments.filter((s) => s.limits).length;
      seen.signals += x.signals.length;
      seen.gaps += x.rows.filter((r) => r.value === null).length;
      seen.breaks += x.segments.length - 1;
      const present = inp.figures.filter((f) => f.value !== null);
      if (present.length === 0) continue;
      // Every month from the first figure to the last, once, in order.
      expect(x.rows.map((r) => r.period)).toEqual(monthsBetween(present[0]!.period, present.at(-1)!.period));
      // Segments start at the first month and at every break inside the range, and nowhere else.
      const inside = inp.breaks.map((b) => b.period).filter((p) => p > x.rows[0]!.period && p <= x.rows.at(-1)!.period);
      expect(x.segments.map((s) => s.from)).toEqual([x.rows[0]!.period, ...inside.sort()]);
      x.rows.forEach((r, i) => {
        const prev = x.rows[i - 1];
        const sameSegment = prev !== undefined && prev.segment === r.segment;
        // A moving range only between two figures of consecutive months in one segment.
        expect(r.movingRange).toBe(r.value !== null && sameSegment && prev.value !== null ? Math.abs(r.value - prev.value) : null);
      });
      for (const s of x.segments) {
        const rows = x.rows.filter((r) => r.segment === s.index && r.value !== null);
        if (rows.length < MIN_FIGURES_FOR_LIMITS || !s.limits) {
          expect(rows.every((r) => r.kind === null)).toBe(true);
          continue;
        }
        expect(s.baseline!.figures).toBe(Math.min(BASELINE_FIGURES, rows.length));
        const base = rows.slice(0, BASELINE_FIGURES).map((r) => r.value!);
        expect(s.limits.mean).toBeGreaterThanOrEqual(Math.min(...base) - 1e-9);
        expect(s.limits.mean).toBeLessThanOrEqual(Math.max(...base) + 1e-9);
        expect(s.limits.upperLimit).toBeGreaterThanOrEqual(s.limits.mean);
        expect(s.limits.lowerLimit).toBeLessThanOrEqual(s.limits.mean);
        // A point beyond a limit is always a signal, and never common cause.
        for (const r of rows) if (r.value! > s.limits.upperLimit || r.value! < s.limits.lowerLimit) expect(r.signals.map((g) => g.kind)).toContain("beyond_limit");
      }
      for (const sig of x.signals) {
        // A signal stays in one segment; a run or trend covers consecutive months with figures only.
        const rows = sig.periods.map((p) => x.rows.find((r) => r.period === p)!);
        expect(new Set(rows.map((r) => r.segment)).size).toBe(1);
        expect(rows.every((r) => r.value !== null)).toBe(true);
        if (sig.kind === "run_of_8" || sig.kind === "trend_of_6") {
          expect(sig.periods).toEqual(monthsBetween(sig.periods[0]!, sig.periods.at(-1)!));
        }
      }
    }
    // The generator reaches every case it is meant to.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(20);
  });

  it("is unchanged in shape by shifting the figures, and mirrors under negation", () => {
    const next = seededRandom("xmr-shift");
    for (let run = 0; run < 200; run++) {
      const inp = generate(next);
      const x = buildXmrSeries(inp);
      const shifted = buildXmrSeries({ ...inp, figures: inp.figures.map((f) => ({ ...f, value: f.value === null ? null : f.value + 1000 })), target: inp.target! + 1000 });
      expect(shifted.signals.map((s) => [s.kind, s.side, s.periods])).toEqual(x.signals.map((s) => [s.kind, s.side, s.periods]));
      expect(shifted.variation.kind).toBe(x.variation.kind);
      expect(shifted.assurance.kind).toBe(x.assurance.kind);
      x.segments.forEach((s, i) => {
        if (s.limits) expect(shifted.segments[i]!.limits!.mean).toBeCloseTo(s.limits.mean + 1000, 6);
      });
      // Negated figures with the opposite direction: the same beyond-limit signals, sides swapped, the same meaning.
      const mirrored = buildXmrSeries({
        ...inp,
        figures: inp.figures.map((f) => ({ ...f, value: f.value === null ? null : -f.value })),
        direction: inp.direction === "higher_better" ? "lower_better" : "higher_better",
        target: -inp.target!,
      });
      const beyond = (s: typeof x) => s.signals.filter((g) => g.kind === "beyond_limit").map((g) => [g.periods, g.meaning]);
      expect(beyond(mirrored)).toEqual(beyond(x));
      expect(mirrored.assurance.kind).toBe(x.assurance.kind);
    }
  });
});
