import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveQuarter, monthHasFigure, quarterCompleteness, type MonthFigure, type QuarterRule } from "@/lib/measures/quarter";

const v = (value: number | null): MonthFigure => ({ value, numerator: null, denominator: null });
const r = (numerator: number | null, denominator: number | null): MonthFigure => ({
  value: numerator !== null && denominator ? (numerator / denominator) * 100 : null,
  numerator,
  denominator,
});
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Figures as the database stores them: numeric(14, 4), i.e. whole multiples of 0.0001. */
const stored = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => n / 10_000);
const monthOrGap = fc.option(stored, { freq: 4 }).map(v);
const quarterMonths = fc.array(monthOrGap, { minLength: 0, maxLength: 3 });
/** A month's ratio parts as entry allows them: whole counts, 0 ≤ numerator ≤ denominator. */
const ratioPart = fc
  .integer({ min: 0, max: 100_000 })
  .chain((denominator) => fc.integer({ min: 0, max: denominator }).map((numerator) => r(numerator, denominator)));
const ratioMonths = fc.array(ratioPart, { minLength: 1, maxLength: 3 });

describe("deriveQuarter: sum", () => {
  it("adds the months up", () => {
    expect(deriveQuarter("sum", [v(10), v(20), v(30)])).toEqual({ value: 60, numerator: null, denominator: null });
  });
  it("skips a missing month", () => {
    expect(deriveQuarter("sum", [v(10), v(null), v(30)])?.value).toBe(40);
  });
  it("is exact to 4 decimal places (no 0.1 + 0.2 drift)", () => {
    expect(deriveQuarter("sum", [v(0.1), v(0.2), v(0.3)])?.value).toBe(0.6);
  });
  it("a quarter of zeros is zero, not missing", () => {
    expect(deriveQuarter("sum", [v(0), v(0), v(0)])?.value).toBe(0);
  });
});

describe("deriveQuarter: mean", () => {
  it("averages the months", () => {
    expect(deriveQuarter("mean", [v(80), v(90), v(100)])?.value).toBe(90);
  });
  it("averages only the months that have a figure", () => {
    expect(deriveQuarter("mean", [v(80), v(null), v(100)])?.value).toBe(90);
  });
  it("rounds to 4 decimal places", () => {
    expect(deriveQuarter("mean", [v(1), v(1), v(2)])?.value).toBe(1.3333);
    expect(deriveQuarter("mean", [v(2), v(2), v(1)])?.value).toBe(1.6667);
  });
});

describe("deriveQuarter: last", () => {
  it("takes the last month (a snapshot)", () => {
    expect(deriveQuarter("last", [v(4), v(3), v(2)])?.value).toBe(2);
  });
  it("takes the last month that has a figure", () => {
    expect(deriveQuarter("last", [v(4), v(3), v(null)])?.value).toBe(3);
    expect(deriveQuarter("last", [v(4), v(null), v(null)])?.value).toBe(4);
  });
  it("a zero is a figure", () => {
    expect(deriveQuarter("last", [v(4), v(0), v(null)])?.value).toBe(0);
  });
});

describe("deriveQuarter: ratio", () => {
  it("is summed numerators over summed denominators, as a percentage", () => {
    expect(deriveQuarter("ratio", [r(9, 10), r(45, 50), r(90, 100)])).toEqual({ value: 90, numerator: 144, denominator: 160 });
  });

  it("is never the mean of the monthly percentages", () => {
    // 1 of 1 (100%) and 0 of 99 (0%): the months average 50%, the quarter is 1 of 100 = 1%.
    const months = [r(1, 1), r(0, 99)];
    const meanOfPercentages = (months[0]!.value! + months[1]!.value!) / 2;
    expect(meanOfPercentages).toBe(50);
    expect(deriveQuarter("ratio", months)?.value).toBe(1);
    expect(deriveQuarter("mean", months)?.value).toBe(50);
  });

  it("gives a fraction when not asked for a percentage", () => {
    expect(deriveQuarter("ratio", [r(1, 4), r(1, 4)], false)).toEqual({ value: 0.25, numerator: 2, denominator: 8 });
  });

  it("rounds to 4 decimal places", () => {
    expect(deriveQuarter("ratio", [r(1, 3)])?.value).toBe(33.3333);
    expect(deriveQuarter("ratio", [r(2, 3)])?.value).toBe(66.6667);
  });

  it("ignores the monthly value and uses the parts", () => {
    expect(deriveQuarter("ratio", [{ value: 99, numerator: 1, denominator: 2 }])?.value).toBe(50);
  });

  it("skips months without both parts", () => {
    expect(deriveQuarter("ratio", [r(9, 10), { value: 50, numerator: 5, denominator: null }, { value: null, numerator: null, denominator: 10 }])).toEqual({
      value: 90,
      numerator: 9,
      denominator: 10,
    });
  });

  it("has no figure when nothing was due (denominators all zero)", () => {
    expect(deriveQuarter("ratio", [r(0, 0), r(0, 0)])).toBeNull();
  });

  it("counts a zero-denominator month alongside others", () => {
    expect(deriveQuarter("ratio", [r(0, 0), r(3, 4)])?.value).toBe(75);
  });
});

describe("deriveQuarter: a quarter with no figures has none", () => {
  it.each<QuarterRule>(["sum", "mean", "last", "ratio"])("%s of no months → null", (rule) => {
    expect(deriveQuarter(rule, [])).toBeNull();
  });
  it.each<QuarterRule>(["sum", "mean", "last", "ratio"])("%s of three gaps → null", (rule) => {
    expect(deriveQuarter(rule, [v(null), v(null), v(null)])).toBeNull();
  });
  it("property: any rule over months that are all gaps is null", () => {
    fc.assert(
      fc.property(fc.constantFrom<QuarterRule>("sum", "mean", "last", "ratio"), fc.integer({ min: 0, max: 3 }), (rule, n) => {
        expect(deriveQuarter(rule, Array.from({ length: n }, () => v(null)))).toBeNull();
      }),
    );
  });
});

describe("deriveQuarter: properties", () => {
  const present = (months: MonthFigure[]) => months.map((m) => m.value).filter((x): x is number => x !== null);

  it("sum equals the months added up (4 decimal places), null when no month has a figure", () => {
    fc.assert(
      fc.property(quarterMonths, (months) => {
        const xs = present(months);
        const q = deriveQuarter("sum", months);
        if (xs.length === 0) { expect(q).toBeNull(); return; }
        expect(q).toEqual({ value: round4(xs.reduce((s, x) => s + x, 0)), numerator: null, denominator: null });
      }),
    );
  });

  it("mean lies within the months' min..max", () => {
    fc.assert(
      fc.property(quarterMonths, (months) => {
        const xs = present(months);
        const q = deriveQuarter("mean", months);
        if (xs.length === 0) { expect(q).toBeNull(); return; }
        expect(q!.value).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(q!.value).toBeLessThanOrEqual(Math.max(...xs));
      }),
    );
  });

  it("mean of identical months is that figure", () => {
    fc.assert(
      fc.property(stored, fc.integer({ min: 1, max: 3 }), (x, n) => {
        expect(deriveQuarter("mean", Array.from({ length: n }, () => v(x)))?.value).toBe(x);
      }),
    );
  });

  it("last picks the last month that has a figure", () => {
    fc.assert(
      fc.property(quarterMonths, (months) => {
        const xs = present(months);
        const q = deriveQuarter("last", months);
        if (xs.length === 0) { expect(q).toBeNull(); return; }
        expect(q!.value).toBe(xs[xs.length - 1]);
      }),
    );
  });

  it("ratio equals the summed numerators over the summed denominators", () => {
    fc.assert(
      fc.property(ratioMonths, fc.boolean(), (months, asPercent) => {
        const numerator = months.reduce((s, m) => s + m.numerator!, 0);
        const denominator = months.reduce((s, m) => s + m.denominator!, 0);
        const q = deriveQuarter("ratio", months, asPercent);
        if (denominator === 0) { expect(q).toBeNull(); return; }
        expect(q).toEqual({ value: round4((numerator / denominator) * (asPercent ? 100 : 1)), numerator, denominator });
      }),
    );
  });

  it("ratio of valid parts is within 0–100 (0–1 as a fraction)", () => {
    fc.assert(
      fc.property(ratioMonths, (months) => {
        const pct = deriveQuarter("ratio", months);
        const frac = deriveQuarter("ratio", months, false);
        if (pct === null) { expect(frac).toBeNull(); return; }
        expect(pct.value).toBeGreaterThanOrEqual(0);
        expect(pct.value).toBeLessThanOrEqual(100);
        expect(frac!.value).toBeGreaterThanOrEqual(0);
        expect(frac!.value).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("ratio lies between the smallest and largest monthly percentage", () => {
    fc.assert(
      fc.property(ratioMonths, (months) => {
        const q = deriveQuarter("ratio", months);
        const pcts = months.filter((m) => m.denominator! > 0).map((m) => round4((m.numerator! / m.denominator!) * 100));
        if (q === null) { expect(pcts).toHaveLength(0); return; }
        expect(q.value).toBeGreaterThanOrEqual(Math.min(...pcts));
        expect(q.value).toBeLessThanOrEqual(Math.max(...pcts));
      }),
    );
  });

  it("ratio is not the mean of monthly percentages when the months' denominators differ", () => {
    // A counterexample exists for every pair of months with different shares and different sizes.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (d1, d2) => {
        fc.pre(d1 !== d2);
        const months = [r(d1, d1), r(0, d2)]; // 100% and 0%
        const q = deriveQuarter("ratio", months)!;
        expect(q.value).toBe(round4((d1 / (d1 + d2)) * 100));
        expect(q.value).not.toBe(50);
      }),
    );
  });

  it("sum, mean and ratio do not depend on the order of the months", () => {
    fc.assert(
      fc.property(
        quarterMonths.chain((months) => fc.tuple(fc.constant(months), fc.shuffledSubarray(months, { minLength: months.length, maxLength: months.length }))),
        ratioMonths.chain((months) => fc.tuple(fc.constant(months), fc.shuffledSubarray(months, { minLength: months.length, maxLength: months.length }))),
        ([months, shuffled], [ratios, shuffledRatios]) => {
          expect(deriveQuarter("sum", shuffled)).toEqual(deriveQuarter("sum", months));
          expect(deriveQuarter("mean", shuffled)).toEqual(deriveQuarter("mean", months));
          expect(deriveQuarter("ratio", shuffledRatios)).toEqual(deriveQuarter("ratio", ratios));
        },
      ),
    );
  });

  it("sum of a quarter is its mean times the months that have a figure", () => {
    fc.assert(
      fc.property(quarterMonths, (months) => {
        const n = present(months).length;
        fc.pre(n > 0); // counted, unlike a return: too many empty quarters fail the property
        const sum = deriveQuarter("sum", months)!.value!;
        const mean = deriveQuarter("mean", months)!.value!;
        expect(Math.abs(sum - mean * n)).toBeLessThanOrEqual(0.0001 * n);
      }),
    );
  });
});

describe("quarterCompleteness: months behind a quarter's figure", () => {
  const all = [true, true, true];
  const two = [true, false, true];
  const noLast = [true, true, false];

  it("is final with every month the rule needs, whatever the rule", () => {
    for (const rule of ["sum", "mean", "last", "ratio"] as const) {
      expect(quarterCompleteness(rule, all)).toEqual({ monthsReported: 3, monthsRequired: 3, figureStatus: "final" });
    }
  });
  it("withholds a partial sum (it would understate the quarter)", () => {
    expect(quarterCompleteness("sum", two)).toEqual({ monthsReported: 2, monthsRequired: 3, figureStatus: "withheld" });
    expect(quarterCompleteness("sum", [false, false, true])).toMatchObject({ monthsReported: 1, figureStatus: "withheld" });
  });
  it("publishes a mean or a ratio of 1–2 months as provisional", () => {
    expect(quarterCompleteness("mean", two)).toEqual({ monthsReported: 2, monthsRequired: 3, figureStatus: "provisional" });
    expect(quarterCompleteness("ratio", [true, false, false])).toEqual({ monthsReported: 1, monthsRequired: 3, figureStatus: "provisional" });
  });
  it("calls 'last' provisional only when the quarter's last month is missing", () => {
    expect(quarterCompleteness("last", noLast)).toMatchObject({ monthsReported: 2, figureStatus: "provisional" });
    expect(quarterCompleteness("last", [false, false, true])).toMatchObject({ monthsReported: 1, figureStatus: "final" });
  });
  it("has no status when no month was reported, and needs one figure of a quarterly measure", () => {
    expect(quarterCompleteness("mean", [false, false, false])).toEqual({ monthsReported: 0, monthsRequired: 3, figureStatus: null });
    expect(quarterCompleteness("sum", [true])).toEqual({ monthsReported: 1, monthsRequired: 1, figureStatus: "final" });
    expect(quarterCompleteness("sum", [false])).toEqual({ monthsReported: 0, monthsRequired: 1, figureStatus: null });
  });
  it("counts a ratio month only with its numerator and denominator", () => {
    expect(monthHasFigure("ratio", { value: 90, numerator: null, denominator: null })).toBe(false);
    expect(monthHasFigure("ratio", r(9, 10))).toBe(true);
    expect(monthHasFigure("mean", v(null))).toBe(false);
    expect(monthHasFigure("mean", v(0))).toBe(true);
  });
  it("is never final with a month missing, unless the rule is 'last' and the last month is there", () => {
    fc.assert(
      fc.property(fc.constantFrom<QuarterRule>("sum", "mean", "last", "ratio"), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (rule, months) => {
        const c = quarterCompleteness(rule, months);
        expect(c.monthsReported).toBe(months.filter(Boolean).length);
        if (c.figureStatus === "final") expect(c.monthsReported === 3 || (rule === "last" && months[2])).toBe(true);
      }),
    );
  });
});
