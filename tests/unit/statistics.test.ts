import { describe, expect, it } from "vitest";
import { meanInterval, netScoreInterval, t975, twoProportionTest, wilsonInterval } from "@/lib/statistics/intervals";
import { xmrLimits, xmrSignals } from "@/lib/statistics/spc";

const r3 = (n: number) => Math.round(n * 1000) / 1000;

describe("Wilson interval", () => {
  it("gives the reference value for 22 of 25: [0.700, 0.958]", () => {
    const i = wilsonInterval(22, 25)!;
    expect([r3(i.lower), r3(i.upper)]).toEqual([0.7, 0.958]);
  });
  it("stays inside [0, 1] and contains the estimate, for every x of n up to 60", () => {
    for (let n = 1; n <= 60; n++)
      for (let x = 0; x <= n; x++) {
        const i = wilsonInterval(x, n)!;
        expect(i.lower).toBeGreaterThanOrEqual(0);
        expect(i.upper).toBeLessThanOrEqual(1);
        expect(i.lower).toBeLessThanOrEqual(x / n + 1e-12);
        expect(i.upper).toBeGreaterThanOrEqual(x / n - 1e-12);
      }
  });
  it("is null without responses", () => expect(wilsonInterval(0, 0)).toBeNull());
});

describe("t and mean intervals", () => {
  it("uses the t table to 30 df and joins the expansion smoothly after", () => {
    expect(t975(1)).toBe(12.706);
    expect(t975(30)).toBe(2.042);
    expect(Math.abs(t975(31) - 2.04)).toBeLessThan(0.002);
    expect(Math.abs(t975(120) - 1.98)).toBeLessThan(0.001);
  });
  it("gives mean ± t·s/√n", () => {
    const i = meanInterval([2, 4, 4, 4, 5, 5, 7, 9])!; // mean 5, s = 2.138
    expect(i.estimate).toBe(5);
    expect(r3(i.upper - i.estimate)).toBe(r3((2.365 * Math.sqrt(32 / 7)) / Math.sqrt(8)));
  });
});

describe("net score (CSI) interval", () => {
  it("is centred on % positive − % negative and bounded to [−1, 1]", () => {
    const i = netScoreInterval(60, 20, 100)!;
    expect(r3(i.estimate)).toBe(0.4);
    expect(r3(i.upper - 0.4)).toBe(r3(1.96 * Math.sqrt((0.8 - 0.16) / 100)));
    expect(netScoreInterval(5, 0, 5)!.upper).toBe(1);
  });
});

describe("two-proportion test", () => {
  it("calls a large change significant and a small one normal variation", () => {
    expect(twoProportionTest(80, 100, 60, 100)!.verdict).toBe("significant");
    expect(twoProportionTest(80, 100, 78, 100)!.verdict).toBe("within_normal_variation");
  });
});

describe("XmR", () => {
  // Hand-worked: mean 6; moving ranges 2, 1, 2, 4 → mR̄ 2.25; limits 6 ± 2.66 × 2.25.
  it("computes the natural process limits and the upper range limit", () => {
    const l = xmrLimits([5, 7, 6, 8, 4])!;
    expect(l.mean).toBe(6);
    expect(l.averageMovingRange).toBe(2.25);
    expect(r3(l.upperLimit)).toBe(11.985);
    expect(r3(l.lowerLimit)).toBe(0.015);
    expect(r3(l.upperRangeLimit)).toBe(7.353);
  });
  it("finds each signal", () => {
    const l = { mean: 10, averageMovingRange: 1.128, upperLimit: 13, lowerLimit: 7, upperRangeLimit: 3.686, sigma: 1 };
    expect(xmrSignals([10, 14, 10], l).map((s) => [s.kind, s.points])).toEqual([["beyond_limit", [1]]]);
    expect(xmrSignals([11, 11, 11, 11, 11, 11, 11, 11, 9], l).map((s) => s.kind)).toEqual(["run_of_8"]);
    expect(xmrSignals([10, 12.5, 10, 12.5, 10], l).filter((s) => s.kind === "two_of_three").map((s) => s.points)).toEqual([[1, 3]]);
    expect(xmrSignals([9, 9.2, 9.4, 9.6, 9.8, 10.2, 10], l).filter((s) => s.kind === "trend_of_6").map((s) => s.points)).toEqual([[0, 1, 2, 3, 4, 5]]);
  });
});
