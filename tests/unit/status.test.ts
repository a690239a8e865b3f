import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STATUS_LABELS, statusOf, toNumber, type Direction, type Status } from "@/lib/measures/status";

const ALL_STATUSES: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];
/** Worse → better, for the three statuses that judge a figure. */
const RANK: Partial<Record<Status, number>> = { off_target: 0, within_tolerance: 1, on_target: 2 };

const higher = (value: number | null, target: number | null, tolerancePct = 5) =>
  statusOf({ value, target, direction: "higher_better", tolerancePct });
const lower = (value: number | null, target: number | null, tolerancePct = 5) =>
  statusOf({ value, target, direction: "lower_better", tolerancePct });

describe("statusOf: higher is better", () => {
  // Target 90, 5% tolerance: the amber band is 4.5, so 85.5 is its lower edge.
  it.each([
    [95, "on_target"],
    [90, "on_target"],
    [89.99, "within_tolerance"],
    [87, "within_tolerance"],
    [85.5, "within_tolerance"],
    [85.49, "off_target"],
    [0, "off_target"],
  ] as const)("value %s against target 90 → %s", (value, expected) => {
    expect(higher(value, 90)).toBe(expected);
  });

  it("uses the measure's own tolerance", () => {
    // 10% of 80 = 8: 72 is the edge.
    expect(higher(72, 80, 10)).toBe("within_tolerance");
    expect(higher(71.99, 80, 10)).toBe("off_target");
    // 2% of 80 = 1.6: 78.4 is the edge.
    expect(higher(78.4, 80, 2)).toBe("within_tolerance");
    expect(higher(78.39, 80, 2)).toBe("off_target");
  });

  it("has no amber band with a zero tolerance", () => {
    expect(higher(90, 90, 0)).toBe("on_target");
    expect(higher(89.999, 90, 0)).toBe("off_target");
  });

  it("treats a negative tolerance as zero", () => {
    expect(higher(89.999, 90, -5)).toBe("off_target");
    expect(higher(90, 90, -5)).toBe("on_target");
  });
});

describe("statusOf: lower is better", () => {
  // Target 10, 5% tolerance: the amber band is 0.5, so 10.5 is its upper edge.
  it.each([
    [0, "on_target"],
    [9, "on_target"],
    [10, "on_target"],
    [10.01, "within_tolerance"],
    [10.5, "within_tolerance"],
    [10.51, "off_target"],
    [40, "off_target"],
  ] as const)("value %s against target 10 → %s", (value, expected) => {
    expect(lower(value, 10)).toBe(expected);
  });
});

describe("statusOf: negative and zero targets", () => {
  it("sizes the band from the magnitude of a negative target (higher is better)", () => {
    // Target -10, 10% tolerance: band 1, edge -11.
    expect(higher(-9, -10, 10)).toBe("on_target");
    expect(higher(-10, -10, 10)).toBe("on_target");
    expect(higher(-10.5, -10, 10)).toBe("within_tolerance");
    expect(higher(-11, -10, 10)).toBe("within_tolerance");
    expect(higher(-11.01, -10, 10)).toBe("off_target");
  });

  it("sizes the band from the magnitude of a negative target (lower is better)", () => {
    expect(lower(-11, -10, 10)).toBe("on_target");
    expect(lower(-10, -10, 10)).toBe("on_target");
    expect(lower(-9, -10, 10)).toBe("within_tolerance");
    expect(lower(-8.99, -10, 10)).toBe("off_target");
  });

  it("has no amber band around a zero target", () => {
    expect(higher(0, 0)).toBe("on_target");
    expect(higher(1, 0)).toBe("on_target");
    expect(higher(-0.001, 0)).toBe("off_target");
    expect(lower(0, 0)).toBe("on_target");
    expect(lower(0.001, 0)).toBe("off_target");
  });
});

describe("statusOf: missing data, missing target, no direction", () => {
  it("gives no_data for a missing or unparseable figure, before looking at the target", () => {
    expect(higher(null, 90)).toBe("no_data");
    expect(higher(null, null)).toBe("no_data");
    expect(higher(Number.NaN, 90)).toBe("no_data");
    expect(statusOf({ value: null, target: 5, direction: "neither", tolerancePct: 5 })).toBe("no_data");
  });

  it("gives no_target for a target to be confirmed", () => {
    expect(higher(95, null)).toBe("no_target");
    expect(lower(0, null)).toBe("no_target");
    expect(higher(95, Number.NaN)).toBe("no_target");
  });

  it("gives no_target for a measure with no better direction, whatever the figure", () => {
    for (const value of [-100, 0, 49, 1e6]) {
      expect(statusOf({ value, target: 49, direction: "neither", tolerancePct: 5 })).toBe("no_target");
    }
  });
});

describe("statusOf: figures that arrive as decimal strings", () => {
  it("counts a value equal to its target as on target despite floating-point error", () => {
    expect(higher(0.3, 0.1 + 0.2)).toBe("on_target");
    expect(lower(0.1 + 0.2, 0.3)).toBe("on_target");
  });

  it("judges numeric-column strings parsed with toNumber", () => {
    const v = toNumber("85.5000");
    const t = toNumber("90.0000");
    expect(higher(v, t)).toBe("within_tolerance");
    expect(higher(toNumber(null), t)).toBe("no_data");
    expect(higher(v, toNumber(null))).toBe("no_target");
  });

  it("labels every status", () => {
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...ALL_STATUSES].sort());
    expect(STATUS_LABELS.within_tolerance).toBe("Within tolerance");
  });
});

describe("toNumber", () => {
  it.each([
    [null, null],
    [undefined, null],
    ["", null],
    ["abc", null],
    ["Infinity", null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    ["0", 0],
    [0, 0],
    ["12.5000", 12.5],
    ["-3.25", -3.25],
    ["1e3", 1000],
    [7, 7],
  ] as const)("%j → %j", (input, expected) => {
    expect(toNumber(input)).toBe(expected);
  });
});

describe("statusOf: properties", () => {
  // Bounded finite figures: the domain (percentages, counts, scores, money) never comes near 1e9.
  const figure = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
  const tolerance = fc.double({ min: 0, max: 100, noNaN: true });
  const direction = fc.constantFrom<Direction>("higher_better", "lower_better", "neither");

  it("always returns one of the five statuses, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.option(fc.double(), { nil: null }),
        fc.option(fc.double(), { nil: null }),
        direction,
        fc.double(),
        (value, target, dir, tolerancePct) => {
          expect(ALL_STATUSES).toContain(statusOf({ value, target, direction: dir, tolerancePct }));
        },
      ),
    );
  });

  it("higher is better: a larger figure is never judged worse", () => {
    fc.assert(
      fc.property(figure, figure, figure, tolerance, (a, b, target, tolerancePct) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(RANK[higher(hi, target, tolerancePct)]!).toBeGreaterThanOrEqual(RANK[higher(lo, target, tolerancePct)]!);
      }),
    );
  });

  it("lower is better: a smaller figure is never judged worse", () => {
    fc.assert(
      fc.property(figure, figure, figure, tolerance, (a, b, target, tolerancePct) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(RANK[lower(lo, target, tolerancePct)]!).toBeGreaterThanOrEqual(RANK[lower(hi, target, tolerancePct)]!);
      }),
    );
  });

  it("lower is better is the mirror image of higher is better", () => {
    fc.assert(
      fc.property(figure, figure, tolerance, (value, target, tolerancePct) => {
        expect(lower(value, target, tolerancePct)).toBe(higher(-value, -target, tolerancePct));
      }),
    );
  });

  it("a wider tolerance never makes a figure worse", () => {
    fc.assert(
      fc.property(figure, figure, tolerance, tolerance, fc.constantFrom<Direction>("higher_better", "lower_better"), (value, target, t1, t2, dir) => {
        const [narrow, wide] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const judged = (tolerancePct: number) => RANK[statusOf({ value, target, direction: dir, tolerancePct })]!;
        expect(judged(wide)).toBeGreaterThanOrEqual(judged(narrow));
      }),
    );
  });

  it("a figure exactly at its target is on target", () => {
    fc.assert(
      fc.property(figure, tolerance, fc.constantFrom<Direction>("higher_better", "lower_better"), (target, tolerancePct, dir) => {
        expect(statusOf({ value: target, target, direction: dir, tolerancePct })).toBe("on_target");
      }),
    );
  });

  it("only a real figure against a real target with a direction is ever judged", () => {
    fc.assert(
      fc.property(fc.option(figure, { nil: null }), fc.option(figure, { nil: null }), direction, tolerance, (value, target, dir, tolerancePct) => {
        const status = statusOf({ value, target, direction: dir, tolerancePct });
        if (value === null) expect(status).toBe("no_data");
        else if (target === null || dir === "neither") expect(status).toBe("no_target");
        else expect(["on_target", "within_tolerance", "off_target"]).toContain(status);
      }),
    );
  });
});
