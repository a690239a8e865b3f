import { describe, expect, it } from "vitest";
import { seededRandom } from "@/db/seed/random";
import { monthsBetween } from "@/lib/entry/periods";
import { forecastToTarget, linearFit, monthsApart, predictionInterval, type ForecastInput } from "@/lib/statistics/forecast";

const r3 = (n: number) => Math.round(n * 1000) / 1000;
/** Within 0.001 of SciPy's value: the t table gives t(0.975, 10) to three decimals (2.228 for 2.22814). */
const near = (actual: number, reference: number) => expect(Math.abs(actual - reference)).toBeLessThan(0.001);
const MONTHS = monthsBetween("2025-01-01", "2030-12-01");
const month = (i: number) => MONTHS[i]!;
const series = (values: number[], months = values.map((_, i) => i)) => values.map((value, i) => ({ period: month(months[i]!), value }));
const input = (more: Partial<ForecastInput>): ForecastInput => ({
  figures: series([81.2, 83.5, 82.9, 85.1, 84.0, 86.3, 85.8, 87.9, 86.4, 88.8, 88.1, 89.6]),
  since: null,
  target: 90,
  targetDate: "2026-08-31",
  direction: "higher_better",
  ...more,
});

describe("forecast: reference values", () => {
  // Reference values computed independently with SciPy 1.17 (scipy.stats.linregress and
  // scipy.stats.t.ppf(0.975, 10) = 2.22814): intercept 82.092308, slope 0.674126 a month,
  // s = 0.857570; at x₀ = 19 (Aug 2026, 8 months after Dec 2025) ŷ = 94.900699, 95% prediction
  // interval [91.966658, 97.834741]. The t table here gives 2.228, so the bounds agree to 0.001.
  it("fits the least-squares line and its 95% prediction interval", () => {
    const f = forecastToTarget(input({ format: (v) => `${v.toFixed(1)}%` }));
    expect(f.kind).toBe("forecast");
    if (f.kind !== "forecast") return;
    expect(r3(f.slope)).toBe(0.674);
    expect(f.targetPeriod).toBe("2026-08-01");
    near(f.estimate, 94.900699);
    near(f.lower, 91.966658);
    near(f.upper, 97.834741);
    expect(f.verdict).toBe("likely");
    expect(f.targetInInterval).toBe(false);
    expect(f.method).toBe("Linear trend of the last 12 months (Jan 2025 to Dec 2025)");
    expect(f.text).toBe(
      "Likely to meet the target of 90.0% by 31 August 2026: the trend projects 94.9% for Aug 2026, with a 95% prediction interval of 92.0% to 97.8% (the whole range is above the target).",
    );
  });

  // SciPy again, for 12 figures over 13 months (the sixth month missing), lower is better:
  // slope −0.262690, intercept 14.123031; at x₀ = 18, ŷ = 9.394611, interval [8.578459, 10.210763].
  it("keeps a missing month in its place on the time axis, and says the method in words", () => {
    const f = forecastToTarget(
      input({
        figures: series([14.2, 13.8, 13.9, 13.1, 12.7, 12.9, 12.0, 12.3, 11.6, 11.8, 11.1, 10.9], [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]),
        direction: "lower_better",
        target: 10,
        targetDate: month(18),
      }),
    );
    if (f.kind !== "forecast") throw new Error(f.reason);
    expect(r3(f.slope)).toBe(-0.263);
    near(f.estimate, 9.394611);
    near(f.lower, 8.578459);
    near(f.upper, 10.210763);
    expect(f.verdict).toBe("likely");
    expect(f.targetInInterval).toBe(true);
    expect(f.method).toBe("Linear trend of the last 12 figures (Jan 2025 to Jan 2026, 13 months: the months without a figure are left out)");
    expect(f.text).toContain("(the target is inside this range, so either outcome is plausible)");
  });

  it("uses only the last 12 figures", () => {
    const old = [50, 40, 30];
    const f = forecastToTarget(input({ figures: series([...old, ...input({}).figures.map((p) => p.value)]), targetDate: month(22) }));
    if (f.kind !== "forecast") throw new Error(f.reason);
    near(f.estimate, 94.900699);
    expect(f.from).toBe(month(3));
  });
});

describe("forecast: when there is none, and why", () => {
  it.each([
    [{ targetDate: null }, "No target date is set for this measure, so there is no forecast."],
    [{ target: null }, "There is no numeric target to forecast against."],
    [{ direction: "neither" as const }, "The measure has no better direction, so there is no target to forecast."],
    [{ figures: series([1, 2, 3, 4, 5]) }, "A forecast needs at least 12 monthly figures; there are 5."],
    [{ figures: series([1]), since: "2025-01-01" }, "A forecast needs at least 12 monthly figures since the series break in Jan 2025; there is 1."],
    [{ targetDate: "2025-12-15" }, "The target date, 15 December 2025, is not after the latest figure (Dec 2025): that figure is judged against the target instead."],
  ])("%o", (more, reason) => {
    expect(forecastToTarget(input(more))).toEqual({ kind: "none", reason });
  });
});

describe("forecast: properties", () => {
  it("projects a straight line exactly, with no width, and decides by direction", () => {
    const line = Array.from({ length: 12 }, (_, i) => 70 + 2 * i); // 70 … 92
    const f = forecastToTarget(input({ figures: series(line), targetDate: month(14) })); // 70 + 2·14 = 98
    if (f.kind !== "forecast") throw new Error(f.reason);
    expect(f.estimate).toBeCloseTo(98, 9);
    expect(f.upper - f.lower).toBeCloseTo(0, 9);
    expect(f.verdict).toBe("likely");
    const lower = forecastToTarget(input({ figures: series(line), targetDate: month(14), direction: "lower_better" }));
    expect(lower.kind === "forecast" && lower.verdict).toBe("unlikely");
    expect(forecastToTarget(input({ figures: series(line), targetDate: month(14), target: 98 })).kind === "forecast").toBe(true);
  });

  it("keeps the projection and its interval inside what a figure can be", () => {
    const rising = Array.from({ length: 12 }, (_, i) => 80 + 1.5 * i + (i % 2 ? 0.5 : -0.5));
    const f = forecastToTarget(input({ figures: series(rising), targetDate: month(14), bounds: { min: 0, max: 100 } }));
    if (f.kind !== "forecast") throw new Error(f.reason);
    expect(f.estimate).toBe(100);
    expect(f.upper).toBe(100);
    expect(f.lower).toBeLessThan(100);
    expect(f.verdict).toBe("likely");
  });

  it("holds on 300 generated series: the estimate inside its interval, the interval wider further out, the verdict by the estimate", () => {
    const next = seededRandom("forecast");
    for (let run = 0; run < 300; run++) {
      const level = next() * 100;
      const slope = (next() - 0.5) * 4;
      const values = Array.from({ length: 12 + Math.floor(next() * 12) }, (_, i) => level + slope * i + (next() - 0.5) * 10);
      const target = level + (next() - 0.5) * 40;
      const direction = next() < 0.5 ? "higher_better" : "lower_better";
      const near = forecastToTarget({ figures: series(values), since: null, target, targetDate: month(values.length + 2), direction });
      const far = forecastToTarget({ figures: series(values), since: null, target, targetDate: month(values.length + 24), direction });
      if (near.kind !== "forecast" || far.kind !== "forecast") throw new Error("expected forecasts");
      expect(near.lower).toBeLessThanOrEqual(near.estimate);
      expect(near.estimate).toBeLessThanOrEqual(near.upper);
      expect(far.upper - far.lower).toBeGreaterThan(near.upper - near.lower);
      expect(near.verdict).toBe((direction === "higher_better" ? near.estimate >= target : near.estimate <= target) ? "likely" : "unlikely");
      expect(near.targetInInterval).toBe(near.lower <= target && target <= near.upper);
    }
  });

  it("agrees with the closed form on its own pieces", () => {
    expect(monthsApart("2025-11-01", "2026-02-01")).toBe(3);
    expect(linearFit([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(linearFit([1, 2], [1, 2])).toBeNull();
    const fit = linearFit([0, 1, 2, 3], [1, 3, 2, 4])!;
    expect(fit.slope).toBeCloseTo(0.8, 12);
    expect(fit.intercept).toBeCloseTo(1.3, 12);
    // Residuals −0.3, 0.9, −0.9, 0.3: s² = Σ residual² / (n − 2) = 1.8 / 2.
    expect(fit.s).toBeCloseTo(Math.sqrt(0.9), 12);
    const p = predictionInterval(fit, 1.5);
    expect(p.estimate).toBeCloseTo(2.5, 12);
    expect(p.upper - p.estimate).toBeCloseTo(4.303 * Math.sqrt(0.9) * Math.sqrt(1 + 1 / 4), 12);
  });
});
