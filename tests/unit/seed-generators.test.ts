import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { measures } from "@/db/seed/data";
import type { SeedMeasure } from "@/db/seed/data/types";
import { addMonthsIso, iso, lastCompletedMonths, shiftDate, shiftYearsInText, yearShift } from "@/db/seed/dates";
import { anchorPeriod, demoFigures, exactRatio } from "@/db/seed/figures";
import { checkFigure } from "@/lib/entry/value-rules";
import { commentaryOff, forecastChanges, officeTime, ragHistory, ratingHistory } from "@/db/seed/history";
import type { Rag } from "@/lib/enums";
import { seededRandom } from "@/db/seed/random";

function measure(overrides: Omit<Partial<SeedMeasure>, "demo"> & { demo?: Partial<SeedMeasure["demo"]> } = {}): SeedMeasure {
  const { demo, ...rest } = overrides;
  return {
    code: "TEST-MEASURE",
    name: "A test measure",
    description: "",
    unitSlug: "md",
    category: "service",
    valueType: "percent",
    decimals: 1,
    direction: "higher_better",
    frequency: "monthly",
    quarterRule: "mean",
    dataSource: "Test",
    target: { value: 90, from: "2021-01-01" },
    internationalBenchmarking: false,
    isPublic: false,
    ...rest,
    demo: { start: 80, end: 90, noise: 5, ...demo },
  };
}

const MONTHS_24 = lastCompletedMonths(new Date(2026, 10, 22), 24);

describe("seededRandom", () => {
  it("gives the same sequence for the same seed", () => {
    const a = seededRandom("MD-INC-P1");
    const b = seededRandom("MD-INC-P1");
    const seqA = Array.from({ length: 50 }, a);
    const seqB = Array.from({ length: 50 }, b);
    expect(seqA).toEqual(seqB);
  });

  it("gives different sequences for different seeds", () => {
    const a = Array.from({ length: 5 }, seededRandom("MD-INC-P1"));
    const b = Array.from({ length: 5 }, seededRandom("MD-INC-P2"));
    expect(a).not.toEqual(b);
  });

  it("stays in [0, 1) and is roughly uniform", () => {
    const rand = seededRandom("uniformity");
    const xs = Array.from({ length: 20_000 }, rand);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    // Every tenth of the range is used.
    const deciles = new Set(xs.map((x) => Math.floor(x * 10)));
    expect(deciles.size).toBe(10);
  });

  it("stays in [0, 1) for any seed (property)", () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const rand = seededRandom(seed);
        for (let i = 0; i < 20; i++) {
          const x = rand();
          expect(x >= 0 && x < 1).toBe(true);
        }
      }),
    );
  });
});

describe("demoFigures", () => {
  it("is deterministic: same measure and periods, same figures", () => {
    for (const m of measures) {
      expect(demoFigures(m, MONTHS_24)).toEqual(demoFigures(m, MONTHS_24));
    }
  });

  it("returns figures for a subset of the given periods, in order", () => {
    const figures = demoFigures(measure({ demo: { gaps: 3 } }), MONTHS_24);
    const periods = figures.map((f) => f.period);
    expect(periods.every((p) => MONTHS_24.includes(p))).toBe(true);
    expect([...periods].sort()).toEqual(periods);
    expect(new Set(periods).size).toBe(periods.length);
  });

  it("leaves exactly the requested number of gaps", () => {
    expect(demoFigures(measure(), MONTHS_24)).toHaveLength(24);
    expect(demoFigures(measure({ demo: { gaps: 1 } }), MONTHS_24)).toHaveLength(23);
    expect(demoFigures(measure({ demo: { gaps: 3 } }), MONTHS_24)).toHaveLength(21);
  });

  it("never leaves fewer than two figures however many gaps are asked for", () => {
    const periods = MONTHS_24.slice(-4);
    expect(demoFigures(measure({ demo: { gaps: 10 } }), periods)).toHaveLength(2);
    expect(demoFigures(measure({ demo: { gaps: 10 } }), periods.slice(-2))).toHaveLength(2);
    expect(demoFigures(measure(), [])).toEqual([]);
  });

  it("honours each seed measure's gaps over 24 months", () => {
    for (const m of measures) {
      expect(demoFigures(m, MONTHS_24), m.code).toHaveLength(24 - (m.demo.gaps ?? 0));
    }
  });

  it("gives ratio measures whole-number parts with numerator ≤ denominator, and the value they imply", () => {
    const ratios = measures.filter((m) => m.quarterRule === "ratio" && m.demo.denominator);
    expect(ratios.length).toBeGreaterThan(5);
    for (const m of ratios) {
      for (const f of demoFigures(m, MONTHS_24)) {
        expect(Number.isInteger(f.numerator), m.code).toBe(true);
        expect(Number.isInteger(f.denominator), m.code).toBe(true);
        expect(f.denominator!, m.code).toBeGreaterThanOrEqual(1);
        expect(f.numerator!, m.code).toBeGreaterThanOrEqual(0);
        expect(f.numerator!, m.code).toBeLessThanOrEqual(f.denominator!);
        expect(f.value, m.code).toBeCloseTo((f.numerator! / f.denominator!) * 100, 2);
      }
    }
  });

  it("keeps ratio parts valid even when the trend and noise run past 0–100 (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.double({ min: -200, max: 300, noNaN: true }),
        fc.double({ min: -200, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 50_000 }),
        (code, start, end, noise, denominator) => {
          const m = measure({ code, quarterRule: "ratio", demo: { start, end, noise, denominator } });
          for (const f of demoFigures(m, MONTHS_24)) {
            expect(Number.isInteger(f.numerator) && Number.isInteger(f.denominator)).toBe(true);
            expect(0 <= f.numerator! && f.numerator! <= f.denominator!).toBe(true);
            expect(f.value >= 0 && f.value <= 100).toBe(true);
          }
        },
      ),
    );
  });

  it("gives count measures non-negative whole numbers and no ratio parts", () => {
    const counts = measures.filter((m) => m.valueType === "count");
    expect(counts.length).toBeGreaterThan(3);
    for (const m of counts) {
      for (const f of demoFigures(m, MONTHS_24)) {
        expect(Number.isInteger(f.value), m.code).toBe(true);
        expect(f.value, m.code).toBeGreaterThanOrEqual(0);
        expect(f.numerator).toBeNull();
        expect(f.denominator).toBeNull();
      }
    }
    // Even a trend that heads below zero.
    for (const f of demoFigures(measure({ valueType: "count", decimals: 0, demo: { start: 1, end: -5, noise: 4 } }), MONTHS_24)) {
      expect(Number.isInteger(f.value) && f.value >= 0).toBe(true);
    }
  });

  it("keeps percentages within 0–100 and scores within their scale", () => {
    for (const m of measures) {
      for (const f of demoFigures(m, MONTHS_24)) {
        if (m.valueType === "percent") {
          expect(f.value, m.code).toBeGreaterThanOrEqual(0);
          expect(f.value, m.code).toBeLessThanOrEqual(100);
        }
        if (m.valueType === "score") {
          expect(f.value, m.code).toBeGreaterThanOrEqual(m.scaleMin!);
          expect(f.value, m.code).toBeLessThanOrEqual(m.scaleMax!);
        }
      }
    }
    const hot = measure({ valueType: "percent", demo: { start: 99, end: 99.9, noise: 20 } });
    for (const f of demoFigures(hot, MONTHS_24)) expect(f.value).toBeLessThanOrEqual(100);
    const cold = measure({ valueType: "score", scaleMin: 1, scaleMax: 7, demo: { start: 1, end: 1.2, noise: 3 } });
    for (const f of demoFigures(cold, MONTHS_24)) expect(f.value).toBeGreaterThanOrEqual(1);
  });

  it("rounds non-ratio values to the measure's decimals", () => {
    for (const m of measures.filter((x) => !(x.quarterRule === "ratio" && x.demo.denominator))) {
      const factor = 10 ** m.decimals;
      for (const f of demoFigures(m, MONTHS_24)) {
        expect(Math.abs(Math.round(f.value * factor) - f.value * factor), m.code).toBeLessThan(1e-6);
      }
    }
  });

  it("follows the trend from start to end within the noise", () => {
    const m = measure({ valueType: "count", decimals: 0, demo: { start: 100, end: 200, noise: 5 } });
    const figures = demoFigures(m, MONTHS_24);
    expect(figures[0]!.value).toBeGreaterThanOrEqual(95);
    expect(figures[0]!.value).toBeLessThanOrEqual(105);
    expect(figures.at(-1)!.value).toBeGreaterThanOrEqual(195);
    expect(figures.at(-1)!.value).toBeLessThanOrEqual(205);
  });
});

describe("baselines in the demo history (issue 13 §6)", () => {
  const now = new Date(2026, 10, 22);
  const withBaseline = measures.filter((m) => m.baseline && m.baseline.value !== null);

  it("gives every measure with a baseline its baseline, exactly, in the baseline's period", () => {
    expect(withBaseline.length).toBeGreaterThanOrEqual(14);
    for (const m of withBaseline) {
      const quarterly = m.frequency === "quarterly";
      const periods = quarterly ? MONTHS_24.filter((p) => [1, 4, 7, 10].includes(Number(p.slice(5, 7)))) : MONTHS_24;
      const at = anchorPeriod(shiftDate(m.baseline!.period, yearShift(now)), periods, quarterly);
      expect(at, m.code).not.toBeNull();
      const figure = demoFigures(m, periods, { period: at!, value: m.baseline!.value! }).find((f) => f.period === at);
      expect(figure?.value, m.code).toBe(m.baseline!.value);
      if (m.quarterRule === "ratio" && m.demo.denominator) {
        // The parts give the baseline under the entry rules themselves.
        const check = checkFigure({ valueType: m.valueType, quarterRule: m.quarterRule, scaleMin: null, scaleMax: null }, { numerator: String(figure!.numerator), denominator: String(figure!.denominator) });
        expect(check.ok && check.value, m.code).toBe(m.baseline!.value);
      }
    }
  });

  it("runs the trend through the baseline: the months either side are near it", () => {
    for (const m of withBaseline.filter((x) => x.frequency === "monthly" && !(x.quarterRule === "ratio" && (x.demo.denominator ?? 0) < 20))) {
      const at = shiftDate(m.baseline!.period, yearShift(now));
      const figures = demoFigures(m, MONTHS_24, { period: at, value: m.baseline!.value! });
      const i = figures.findIndex((f) => f.period === at);
      for (const f of [figures[i - 1], figures[i + 1]].filter((x) => x !== undefined)) {
        const allowed = m.demo.noise + Math.abs(m.demo.end - m.demo.start) / 4 + (m.valueType === "count" ? 1 : 0.5);
        expect(Math.abs(f.value - m.baseline!.value!), `${m.code} ${f.period}`).toBeLessThanOrEqual(allowed);
      }
    }
  });

  it("never leaves the baseline's period as a gap", () => {
    const m = measure({ demo: { gaps: 20 } });
    for (const at of MONTHS_24) expect(demoFigures(m, MONTHS_24, { period: at, value: 77 }).find((f) => f.period === at)?.value).toBe(77);
  });

  it("finds whole parts giving exactly the percentage, near the usual volume", () => {
    expect(exactRatio(64, 40)).toEqual({ numerator: 32, denominator: 50 });
    expect(exactRatio(88, 26)).toEqual({ numerator: 22, denominator: 25 });
    expect(exactRatio(99.84, 2500)).toEqual({ numerator: 2496, denominator: 2500 });
    expect(exactRatio(83, 6)).toEqual({ numerator: 83, denominator: 100 });
  });

  it("maps a baseline month to the quarter holding it for quarterly measures", () => {
    const quarters = ["2025-07-01", "2025-10-01"];
    expect(anchorPeriod("2025-09-01", quarters, true)).toBe("2025-07-01");
    expect(anchorPeriod("2025-10-01", quarters, true)).toBe("2025-10-01");
    expect(anchorPeriod("2025-09-01", quarters, false)).toBeNull();
    expect(anchorPeriod("2024-01-01", quarters, true)).toBeNull();
  });
});

describe("yearShift and shiftDate", () => {
  it("counts the years since the documents' 2021", () => {
    expect(yearShift(new Date(2021, 0, 1))).toBe(0);
    expect(yearShift(new Date(2026, 10, 22))).toBe(5);
    expect(yearShift(new Date(2030, 11, 31, 23, 59))).toBe(9);
  });

  it("moves a date by whole years, keeping month and day", () => {
    expect(shiftDate("2021-06-30", 5)).toBe("2026-06-30");
    expect(shiftDate("2020-08-01", 5)).toBe("2025-08-01");
    expect(shiftDate("2021-03-31", 0)).toBe("2021-03-31");
    expect(shiftDate("2021-12-31", -1)).toBe("2020-12-31");
  });

  it("turns 29 February into 28 February in a non-leap year", () => {
    expect(shiftDate("2020-02-29", 1)).toBe("2021-02-28");
    expect(shiftDate("2020-02-29", 5)).toBe("2025-02-28");
  });

  it("keeps 29 February in a leap year", () => {
    expect(shiftDate("2020-02-29", 4)).toBe("2024-02-29");
    expect(shiftDate("2020-02-29", 8)).toBe("2028-02-29");
  });

  it("always yields a real calendar date (property)", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(2000, 0, 1), max: new Date(2040, 11, 31), noInvalidDate: true }), fc.integer({ min: -10, max: 20 }), (d, years) => {
        const shifted = shiftDate(iso(d), years);
        expect(shifted).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const [y, m, day] = shifted.split("-").map(Number) as [number, number, number];
        const back = new Date(y, m - 1, day);
        expect(iso(back)).toBe(shifted);
        expect(y).toBe(d.getFullYear() + years);
      }),
    );
  });
});

describe("lastCompletedMonths", () => {
  it("lists the completed months before now, oldest first", () => {
    expect(lastCompletedMonths(new Date(2026, 10, 22), 3)).toEqual(["2026-08-01", "2026-09-01", "2026-10-01"]);
  });

  it("crosses a year boundary", () => {
    expect(lastCompletedMonths(new Date(2026, 0, 15), 3)).toEqual(["2025-10-01", "2025-11-01", "2025-12-01"]);
  });

  it("excludes the current month even on its first morning or its last minute", () => {
    expect(lastCompletedMonths(new Date(2026, 2, 1, 0, 0, 0), 1)).toEqual(["2026-02-01"]);
    expect(lastCompletedMonths(new Date(2026, 2, 31, 23, 59, 59), 1)).toEqual(["2026-02-01"]);
  });

  it("gives 24 consecutive first-of-month dates ending last month, never the current one (property)", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(2000, 0, 1), max: new Date(2100, 11, 31), noInvalidDate: true }), fc.integer({ min: 1, max: 36 }), (now, count) => {
        const months = lastCompletedMonths(now, count);
        const current = iso(new Date(now.getFullYear(), now.getMonth(), 1));
        expect(months).toHaveLength(count);
        expect(months).not.toContain(current);
        expect(months.every((p) => p.endsWith("-01"))).toBe(true);
        expect(months.at(-1)).toBe(addMonthsIso(current, -1));
        for (let i = 1; i < months.length; i++) expect(months[i]).toBe(addMonthsIso(months[i - 1]!, 1));
      }),
    );
  });
});

describe("addMonthsIso and iso", () => {
  it("adds months to an ISO date", () => {
    expect(addMonthsIso("2026-11-01", 3)).toBe("2027-02-01");
    expect(addMonthsIso("2026-01-01", -1)).toBe("2025-12-01");
    expect(addMonthsIso("2024-01-31", 1)).toBe("2024-02-29");
  });

  it("formats a local date as yyyy-MM-dd", () => {
    expect(iso(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
  });
});

describe("history generators", () => {
  const RAGS: Rag[] = ["green", "amber", "red"];
  const rank = { green: 0, amber: 1, red: 2 } as const;

  it("ends the RAG history at today's RAG, moving one step a month, the same each run (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 36 }), fc.constantFrom(...RAGS), (seed, count, current) => {
        const h = ragHistory(seed, count, current);
        expect(h).toHaveLength(count);
        expect(h.at(-1)).toBe(current);
        for (let i = 1; i < h.length; i++) expect(Math.abs(rank[h[i]!] - rank[h[i - 1]!])).toBeLessThanOrEqual(1);
        expect(ragHistory(seed, count, current)).toEqual(h);
      }),
    );
  });

  it("ends the rating history at today's rating, within 1 and the inherent rating (property)", () => {
    const rating = fc.record({ likelihood: fc.integer({ min: 1, max: 5 }), impact: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 36 }), rating, rating, (seed, count, current, inherent) => {
        const h = ratingHistory(seed, count, current, inherent);
        expect(h).toHaveLength(count);
        expect(h.at(-1)).toEqual(current);
        for (const r of h) {
          expect(r.likelihood).toBeGreaterThanOrEqual(1);
          expect(r.impact).toBeGreaterThanOrEqual(1);
          expect(r.likelihood).toBeLessThanOrEqual(Math.max(inherent.likelihood, current.likelihood));
          expect(r.impact).toBeLessThanOrEqual(Math.max(inherent.impact, current.impact));
        }
      }),
    );
  });

  it("moves a forecast 2–6 weeks before the date it leaves, chained to today's forecast", () => {
    const now = new Date(2026, 11, 4, 12);
    expect(forecastChanges("x", "2026-06-30", "2026-06-30", now)).toEqual([]);
    for (const [planned, forecast] of [["2026-03-31", "2026-05-15"], ["2026-06-30", "2026-10-28"], ["2026-10-31", "2026-12-15"]] as const) {
      const changes = forecastChanges(`m:${planned}`, planned, forecast, now);
      expect(changes.length).toBeGreaterThan(0);
      expect(changes[0]!.fromDate).toBe(planned);
      expect(changes.at(-1)!.toDate).toBe(forecast);
      for (const [i, c] of changes.entries()) {
        if (i > 0) expect(c.fromDate).toBe(changes[i - 1]!.toDate);
        const lead = (new Date(`${c.fromDate}T00:00:00`).getTime() - c.changedAt.getTime()) / 86_400_000;
        expect(lead, `${planned} ${c.fromDate}`).toBeGreaterThan(13);
        expect(lead).toBeLessThan(43);
        expect(c.changedAt < now).toBe(true);
      }
    }
    // A long slip goes in two moves.
    expect(forecastChanges("m:2026-06-30", "2026-06-30", "2026-10-28", now)).toHaveLength(2);
  });

  it("puts a timestamp in office hours on a working day, never after now", () => {
    const now = new Date(2026, 11, 4, 12);
    const t = officeTime("a", "2026-11-07", 0, now); // a Saturday
    expect(t.getDay()).toBe(1);
    expect(t.getHours()).toBeGreaterThanOrEqual(9);
    expect(t.getHours()).toBeLessThan(17);
    expect(officeTime("b", "2026-12-03", 5, now) < now).toBe(true);
  });
});

describe("shiftYearsInText (issue 19)", () => {
  it("moves the years of a text like its dates", () => {
    expect(shiftYearsInText("August 2020.", 5)).toBe("August 2025.");
    expect(shiftYearsInText("Target to be confirmed by Q1 2021.", 5)).toBe("Target to be confirmed by Q1 2026.");
    expect(shiftYearsInText("August 2020 (5,995 in June 2019).", 5)).toBe("August 2025 (5,995 in June 2024).");
    expect(shiftYearsInText("Tranche 2 in 2021 for completion in 2022", 5)).toBe("Tranche 2 in 2026 for completion in 2027");
  });

  it("moves both ends of a range, across a century", () => {
    expect(shiftYearsInText("Government Plan 2020-23: £20 million", 5)).toBe("Government Plan 2025-28: £20 million");
    expect(shiftYearsInText("Government Plan 2020–23", 5)).toBe("Government Plan 2025–28");
    expect(shiftYearsInText("Plan 2095–98", 5)).toBe("Plan 2100–03");
  });

  it("leaves references, amounts and other numbers alone", () => {
    for (const text of ["GP20-013-01", "GP20-OI3-10", "12,554 purchase orders", "£1,140k", "COVID-19", "Q2-4", "about 6 P1 incidents", "3000 calls", "O13-15"]) {
      expect(shiftYearsInText(text, 5), text).toBe(text);
    }
    expect(shiftYearsInText("2021", 0)).toBe("2021");
  });
});

describe("commentaryOff (issue 19)", () => {
  it("speaks of TOM vacancies only on the measures of TOM vacancies", () => {
    for (const m of measures) {
      const lines = commentaryOff(m);
      expect(lines, m.code).toHaveLength(4);
      expect(lines.some((l) => /\bTOM\b/.test(l)), m.code).toBe(m.code.includes("-TOM-"));
    }
  });

  it("speaks of incidents and outages only on service measures", () => {
    for (const m of measures.filter((x) => x.category !== "service")) {
      expect(commentaryOff(m).some((l) => /incident|outage/i.test(l)), m.code).toBe(false);
    }
  });
});
