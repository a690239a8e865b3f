import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRiskFilters, filterQuery, DEFAULT_FILTERS, isFiltered } from "@/lib/risks/filters";
import { containsPattern } from "@/lib/paging/search";
import {
  bandOf,
  bandRanges,
  DEFAULT_RISK_BANDS,
  describeBands,
  escalationState,
  exceedsAppetite,
  isHighOrAbove,
  riskScore,
  RISK_BAND_ORDER,
} from "@/lib/risks/scoring";
import { riskBandsSchema } from "@/lib/validation/risk-bands";

describe("risk score and band", () => {
  it("scores likelihood × impact", () => {
    expect(riskScore(3, 5)).toBe(15);
    expect(riskScore(1, 1)).toBe(1);
    expect(riskScore(5, 5)).toBe(25);
  });

  it("bands by the risk policies' defaults: Low 1–4, Medium 5–9, High 10–16, Very High 20–25", () => {
    expect([1, 4].map((s) => bandOf(s))).toEqual(["low", "low"]);
    expect([5, 9].map((s) => bandOf(s))).toEqual(["medium", "medium"]);
    expect([10, 16].map((s) => bandOf(s))).toEqual(["high", "high"]);
    expect([20, 25].map((s) => bandOf(s))).toEqual(["very_high", "very_high"]);
    expect(isHighOrAbove(10)).toBe(true);
    expect(isHighOrAbove(9)).toBe(false);
  });

  it("bands by custom edges", () => {
    const bands = { mediumFrom: 4, highFrom: 8, veryHighFrom: 15 };
    expect(bandOf(3, bands)).toBe("low");
    expect(bandOf(4, bands)).toBe("medium");
    expect(bandOf(8, bands)).toBe("high");
    expect(bandOf(15, bands)).toBe("very_high");
    expect(describeBands(bands)).toBe("Low 1–3, Medium 4–7, High 8–14, Very High 15–25");
  });

  it("describes the default bands", () => {
    expect(describeBands()).toBe("Low 1–4, Medium 5–9, High 10–19, Very High 20–25");
  });

  it("band ranges cover 1–25 without gaps or overlaps, and agree with bandOf, for any valid edges", () => {
    const validBands = fc
      .tuple(fc.integer({ min: 2, max: 23 }), fc.integer({ min: 1, max: 22 }), fc.integer({ min: 1, max: 22 }))
      .map(([m, a, b]) => ({ mediumFrom: m, highFrom: m + a, veryHighFrom: m + a + b }))
      .filter((b) => b.veryHighFrom <= 25);
    fc.assert(
      fc.property(validBands, (bands) => {
        expect(riskBandsSchema.safeParse(bands).success).toBe(true);
        const ranges = bandRanges(bands);
        expect(ranges.map((r) => r.band)).toEqual(RISK_BAND_ORDER);
        expect(ranges[0]!.from).toBe(1);
        expect(ranges.at(-1)!.to).toBe(25);
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to + 1);
        for (const r of ranges) for (let s = r.from; s <= r.to; s++) expect(bandOf(s, bands)).toBe(r.band);
      }),
    );
  });

  it("a band never goes down as the score goes up", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), (s) => {
        expect(RISK_BAND_ORDER.indexOf(bandOf(s + 1))).toBeGreaterThanOrEqual(RISK_BAND_ORDER.indexOf(bandOf(s)));
      }),
    );
  });
});

describe("appetite and escalation flag", () => {
  const risk = (l: number, i: number, appetite: number, escalated = false) => ({ residualLikelihood: l, residualImpact: i, appetiteScore: appetite, escalated });

  it("flags a residual score above the appetite, not one equal to it", () => {
    expect(exceedsAppetite(risk(3, 5, 6))).toBe(true);
    expect(exceedsAppetite(risk(3, 4, 12))).toBe(false);
    expect(exceedsAppetite(risk(3, 4, 11))).toBe(true);
    expect(escalationState(risk(3, 5, 6))).toBe("escalate");
    expect(escalationState(risk(2, 3, 9))).toBe("within");
  });

  it("an escalated risk stays escalated whatever its score", () => {
    expect(escalationState(risk(3, 5, 6, true))).toBe("escalated");
    expect(escalationState(risk(1, 1, 6, true))).toBe("escalated");
  });
});

describe("risk bands setting", () => {
  it("accepts the defaults and increasing edges", () => {
    expect(riskBandsSchema.safeParse(DEFAULT_RISK_BANDS).success).toBe(true);
    expect(riskBandsSchema.safeParse({ mediumFrom: 2, highFrom: 3, veryHighFrom: 25 }).success).toBe(true);
  });

  it("refuses edges that do not increase, with the message on the field", () => {
    const equal = riskBandsSchema.safeParse({ mediumFrom: 5, highFrom: 5, veryHighFrom: 20 });
    expect(equal.success).toBe(false);
    expect(equal.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["highFrom", "High must start above Medium"]]);
    const down = riskBandsSchema.safeParse({ mediumFrom: 5, highFrom: 12, veryHighFrom: 10 });
    expect(down.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["veryHighFrom", "Very High must start above High"]]);
  });

  it("refuses edges outside 2–25 and fractions", () => {
    for (const bad of [
      { mediumFrom: 1, highFrom: 10, veryHighFrom: 20 },
      { mediumFrom: 5, highFrom: 10, veryHighFrom: 26 },
      { mediumFrom: 5.5, highFrom: 10, veryHighFrom: 20 },
      { mediumFrom: "5", highFrom: 10, veryHighFrom: 20 },
    ]) {
      expect(riskBandsSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe("risk list filters in the URL", () => {
  it("reads known filters and ignores malformed ones", () => {
    expect(parseRiskFilters({})).toEqual(DEFAULT_FILTERS);
    const f = parseRiskFilters({
      department: "coo",
      unit: "12",
      band: "high",
      rating: "inherent",
      above: "1",
      escalated: "1",
      status: "all",
      likelihood: "3",
      impact: "5",
      q: "  cyber ",
      sort: "reviewed",
      dir: "desc",
      page: "3",
    });
    expect(f).toEqual({
      department: "coo",
      unit: 12,
      band: "high",
      rating: "inherent",
      aboveAppetite: true,
      escalated: true,
      status: "all",
      likelihood: 3,
      impact: 5,
      q: "cyber",
      sort: "reviewed",
      dir: "desc",
      page: 3,
    });
    const bad = parseRiskFilters({
      department: "COO; drop",
      unit: "-1",
      band: "extreme",
      likelihood: "6",
      impact: "0",
      status: "deleted",
      sort: "r.id; drop table risks",
      dir: "sideways",
      page: "-2",
    });
    expect(bad).toEqual(DEFAULT_FILTERS);
    // A sort without a direction takes its own default; a search is cut to 100 characters.
    expect(parseRiskFilters({ sort: "ref" })).toMatchObject({ sort: "ref", dir: "asc" });
    expect(parseRiskFilters({ q: "x".repeat(500) }).q).toHaveLength(100);
  });

  it("writes back what it reads", () => {
    const f = parseRiskFilters({ department: "coo", band: "very_high", likelihood: "2", impact: "4", status: "closed", q: "50%_x", sort: "title", dir: "desc", page: "2" });
    expect(parseRiskFilters(Object.fromEntries(new URLSearchParams(filterQuery(f))))).toEqual(f);
    expect(filterQuery(DEFAULT_FILTERS)).toBe("");
    // Sort and page alone do not count as filtering.
    expect(isFiltered({ ...DEFAULT_FILTERS, sort: "ref", dir: "desc", page: 4 })).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTERS, q: "cyber" })).toBe(true);
  });

  it("escapes ILIKE wildcards in a search", () => {
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });
});
