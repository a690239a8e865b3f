import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Direction } from "@/lib/measures/status";
import { TREND_LABELS, trendOf, type Trend } from "@/lib/measures/trend";

const ALL_TRENDS: Trend[] = ["improving", "worsening", "stable", "no_comparison"];
const MIRROR: Record<Trend, Trend> = { improving: "worsening", worsening: "improving", stable: "stable", no_comparison: "no_comparison" };

const higher = (current: number | null, comparison: number | null, stableBandPct?: number) =>
  trendOf({ current, comparison, direction: "higher_better", stableBandPct });
const lower = (current: number | null, comparison: number | null, stableBandPct?: number) =>
  trendOf({ current, comparison, direction: "lower_better", stableBandPct });

/** Figures as the database stores them: numeric(14, 4), i.e. whole multiples of 0.0001. */
const stored = fc.integer({ min: -99_999_999_999_999, max: 99_999_999_999_999 }).map((n) => n / 10_000);
const band = fc.double({ min: 0, max: 50, noNaN: true });
const directed = fc.constantFrom<Direction>("higher_better", "lower_better");

describe("trendOf: higher is better", () => {
  // Comparison 80, default 1% band: anything within 0.8 of 80 is stable.
  it.each([
    [90, "improving"],
    [80.81, "improving"],
    [80.8, "stable"],
    [80, "stable"],
    [79.2, "stable"],
    [79.19, "worsening"],
    [0, "worsening"],
  ] as const)("%s against 80 → %s", (current, expected) => {
    expect(higher(current, 80)).toBe(expected);
  });
});

describe("trendOf: lower is better", () => {
  it.each([
    [70, "improving"],
    [79.19, "improving"],
    [79.2, "stable"],
    [80, "stable"],
    [80.8, "stable"],
    [80.81, "worsening"],
    [200, "worsening"],
  ] as const)("%s against 80 → %s", (current, expected) => {
    expect(lower(current, 80)).toBe(expected);
  });
});

describe("trendOf: the stable band", () => {
  it("defaults to 1% of the comparison", () => {
    expect(higher(101, 100)).toBe("stable");
    expect(higher(101.01, 100)).toBe("improving");
  });

  it("uses the band given", () => {
    expect(higher(104, 100, 5)).toBe("stable");
    expect(higher(106, 100, 5)).toBe("improving");
    expect(lower(96, 100, 5)).toBe("stable");
    expect(lower(94, 100, 5)).toBe("improving");
  });

  it("with a zero band only an unchanged figure is stable", () => {
    expect(higher(100, 100, 0)).toBe("stable");
    expect(higher(100.0001, 100, 0)).toBe("improving");
    expect(higher(99.9999, 100, 0)).toBe("worsening");
  });

  it("is measured against the comparison's size, also when it is negative", () => {
    // |−200| × 1% = 2.
    expect(higher(-198, -200)).toBe("stable");
    expect(higher(-197, -200)).toBe("improving");
    expect(lower(-203, -200)).toBe("improving");
  });

  it("has no width around a zero comparison: any change is movement", () => {
    expect(higher(0, 0)).toBe("stable");
    expect(higher(0.0001, 0)).toBe("improving");
    expect(lower(0.0001, 0)).toBe("worsening");
  });

  it("includes its edge at large magnitudes (no floating-point drift)", () => {
    // 1% of 12,345,678.9012 is 123,456.789012: the edge itself is stable.
    expect(higher(12_469_135.690212, 12_345_678.9012)).toBe("stable");
    expect(higher(12_222_222.112188, 12_345_678.9012)).toBe("stable");
    expect(higher(12_469_135.7, 12_345_678.9012)).toBe("improving");
    // Regression: at 10^9 the fixed 1e-9 slack was below one ulp, so the edge read as movement.
    expect(higher(5_656_125_429.341151, 5_491_383_911.9817, 3)).toBe("stable");
  });
});

describe("trendOf: no comparison", () => {
  it.each([
    [null, 80],
    [80, null],
    [null, null],
    [Number.NaN, 80],
    [80, Number.NaN],
  ] as const)("current %s, comparison %s → no_comparison", (current, comparison) => {
    expect(higher(current, comparison)).toBe("no_comparison");
    expect(lower(current, comparison)).toBe("no_comparison");
  });

  it("a measure with no better direction has no trend, however much it moves", () => {
    fc.assert(
      fc.property(fc.option(stored), fc.option(stored), band, (current, comparison, b) => {
        expect(trendOf({ current, comparison, direction: "neither", stableBandPct: b })).toBe("no_comparison");
      }),
    );
  });

  it("a missing figure on either side is never a trend", () => {
    fc.assert(
      fc.property(stored, directed, band, fc.boolean(), (x, direction, b, currentMissing) => {
        const [current, comparison] = currentMissing ? [null, x] : [x, null];
        expect(trendOf({ current, comparison, direction, stableBandPct: b })).toBe("no_comparison");
      }),
    );
  });
});

describe("trendOf: properties", () => {
  it("always answers one of the four trends, each with a label", () => {
    fc.assert(
      fc.property(fc.option(stored), fc.option(stored), fc.constantFrom<Direction>("higher_better", "lower_better", "neither"), band, (current, comparison, direction, b) => {
        const t = trendOf({ current, comparison, direction, stableBandPct: b });
        expect(ALL_TRENDS).toContain(t);
        expect(TREND_LABELS[t]).toMatch(/\S/);
      }),
    );
  });

  it("mirror symmetry: lower-is-better is higher-is-better with improving and worsening swapped", () => {
    fc.assert(
      fc.property(stored, stored, band, (current, comparison, b) => {
        expect(lower(current, comparison, b)).toBe(MIRROR[higher(current, comparison, b)]);
      }),
    );
  });

  it("mirror symmetry: negating both figures swaps improving and worsening", () => {
    fc.assert(
      fc.property(stored, stored, directed, band, (current, comparison, direction, b) => {
        const t = trendOf({ current, comparison, direction, stableBandPct: b });
        expect(trendOf({ current: -current, comparison: -comparison, direction, stableBandPct: b })).toBe(MIRROR[t]);
      }),
    );
  });

  it("swapping current and comparison flips improving ↔ worsening unless stable", () => {
    fc.assert(
      fc.property(stored, stored, directed, band, (a, b, direction, pct) => {
        const forward = trendOf({ current: a, comparison: b, direction, stableBandPct: pct });
        const backward = trendOf({ current: b, comparison: a, direction, stableBandPct: pct });
        // The band is a percentage of the comparison, so it is wider on the side of the larger figure: a
        // change just outside one side's band can be inside the other's. It never keeps its direction.
        if (forward !== "stable" && backward !== "stable") expect(backward).toBe(MIRROR[forward]);
        if (forward !== "stable") expect(backward).not.toBe(forward);
        // With the same size on both sides (a move across zero) the band is the same width: exact flip.
        if (Math.abs(a) === Math.abs(b)) expect(backward).toBe(MIRROR[forward]);
      }),
    );
  });

  it("the same figure is always stable", () => {
    fc.assert(
      fc.property(stored, directed, band, (x, direction, b) => {
        expect(trendOf({ current: x, comparison: x, direction, stableBandPct: b })).toBe("stable");
      }),
    );
  });

  it("the stable band is monotonic: stable in a band stays stable in any wider one", () => {
    fc.assert(
      fc.property(stored, stored, directed, band, band, (current, comparison, direction, b1, b2) => {
        const [narrow, wide] = b1 <= b2 ? [b1, b2] : [b2, b1];
        const n = trendOf({ current, comparison, direction, stableBandPct: narrow });
        const w = trendOf({ current, comparison, direction, stableBandPct: wide });
        if (n === "stable") expect(w).toBe("stable");
        // A wider band can only turn movement into stable, never reverse it.
        if (w !== "stable") expect(w).toBe(n);
      }),
    );
  });

  it("a change exactly at the band's edge is stable, just beyond it is movement", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999_999_999 }).map((n) => n / 10_000),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        directed,
        (comparison, pct, up, direction) => {
          const edge = (comparison * pct) / 100;
          const current = up ? comparison + edge : comparison - edge;
          expect(trendOf({ current, comparison, direction, stableBandPct: pct })).toBe("stable");
          const beyond = up ? current + Math.max(edge * 1e-3, 0.001) : current - Math.max(edge * 1e-3, 0.001);
          const better = (direction === "higher_better") === up;
          expect(trendOf({ current: beyond, comparison, direction, stableBandPct: pct })).toBe(better ? "improving" : "worsening");
        },
      ),
    );
  });

  it("moving further in the same direction never changes an improving or worsening trend", () => {
    fc.assert(
      fc.property(stored, stored, fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100), directed, (current, comparison, extra, direction) => {
        const t = trendOf({ current, comparison, direction });
        // fc.pre, not return: fast-check counts the skips and fails if stable inputs crowd out the rest.
        fc.pre(t === "improving" || t === "worsening");
        const further = current > comparison ? current + extra : current - extra;
        expect(trendOf({ current: further, comparison, direction })).toBe(t);
      }),
    );
  });
});
