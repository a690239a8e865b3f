import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnCentres, niceStep, stepDecimals, yScale } from "@/components/reports/chart-geometry";
import {
  baselineText,
  figure,
  figureNote,
  labelOf,
  longDate,
  measureSentence,
  paragraphs,
  plural,
  quarterFigure,
  RECOMMENDATION_STATUS_LABELS,
  targetText,
} from "@/components/reports/format";
import { sampleMeasure } from "./report-fixture";

describe("report wording", () => {
  const m = sampleMeasure();

  it("gives figures, targets and baselines in their unit, and says when there is none", () => {
    expect(figure(88, m)).toBe("88.0%");
    expect(figure(null, m)).toBe("No figure");
    expect(targetText(90, m)).toBe("90.0%");
    expect(targetText(null, m)).toBe("To be confirmed");
    expect(targetText(null, { ...m, direction: "neither" })).toBe("No target (context measure)");
    expect(baselineText(m)).toBe("83.0% (August 2020)");
    expect(baselineText({ ...m, baseline: null })).toBe("Not recorded");
  });

  it("describes a measure in one sentence with its status and trend in words", () => {
    expect(m.status).toBe("within_tolerance");
    expect(m.trend).toBe("worsening");
    expect(measureSentence(m, "Q3 2026")).toBe("Q3 2026: 88.0% against a target of 90.0% (within tolerance). Worse than Q2 2026.");
    const none = sampleMeasure({ figures: [] });
    expect(measureSentence(none, "Q3 2026")).toBe("No figure was reported for Q3 2026.");
  });

  it("says how many months a provisional figure is built from, and why a withheld one is not shown", () => {
    const months = [
      { period: "2026-07-01", value: 10, numerator: null, denominator: null, commentary: null },
      { period: "2026-08-01", value: 12, numerator: null, denominator: null, commentary: null },
    ];
    const mean = sampleMeasure({ quarterRule: "mean", figures: months });
    expect(figureNote(mean)).toBe("Provisional: built from 2 of 3 months");
    expect(quarterFigure(mean, mean)).toBe("11.0% (provisional)");
    expect(measureSentence(mean, "Q3 2026")).toMatch(/^Q3 2026: 11\.0% against a target of 90\.0% \(off target\)\. Provisional: built from 2 of 3 months\./);
    const sum = sampleMeasure({ quarterRule: "sum", valueType: "count", decimals: 0, figures: months });
    expect(quarterFigure(sum, sum)).toBe("Withheld");
    expect(figureNote(sum)).toBe("Withheld: only 2 of 3 months were reported, and a total of fewer months would understate the quarter");
    expect(measureSentence(sum, "Q3 2026")).toBe("The figure for Q3 2026 is withheld: only 2 of 3 months were reported, and a total of fewer months would understate the quarter.");
    // Final figures, and revisions that did not record the months, carry no note.
    expect(figureNote(m)).toBeNull();
    expect(figureNote({ monthsReported: null, monthsRequired: null, figureStatus: null })).toBeNull();
  });

  it("turns codes into words, and unknown codes into readable words", () => {
    expect(labelOf(RECOMMENDATION_STATUS_LABELS, "in_progress")).toBe("In progress");
    expect(labelOf(RECOMMENDATION_STATUS_LABELS, "on_hold_pending")).toBe("On hold pending");
  });

  it("formats dates and counts for reading", () => {
    expect(longDate("2026-10-09")).toBe("9 October 2026");
    expect(longDate(null)).toBe("—");
    expect(longDate("not a date")).toBe("—");
    expect(plural(1, "measure")).toBe("1 measure");
    expect(plural(3, "measure")).toBe("3 measures");
    expect(paragraphs(" One.\r\n\nTwo. \n")).toEqual(["One.", "Two."]);
    expect(paragraphs(null)).toEqual([]);
  });
});

/** Figures as the database stores them: numeric(14, 4). */
const stored = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => n / 10_000);

describe("chart scales", () => {
  it("picks nice steps", () => {
    expect(niceStep(0.3)).toBe(0.5);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(0)).toBe(1);
    expect(stepDecimals(5)).toBe(0);
    expect(stepDecimals(2.5)).toBe(1);
    expect(stepDecimals(0.25)).toBe(2);
  });

  it("has nothing to plot without figures, and widens a flat series", () => {
    expect(yScale([null, undefined], 0, 100)).toBeNull();
    const flat = yScale([50, 50], 0, 100)!;
    expect(flat.min).toBeLessThan(50);
    expect(flat.max).toBeGreaterThan(50);
  });

  it("keeps every value inside the plot, with max at the top", () => {
    fc.assert(
      fc.property(fc.array(fc.option(stored, { freq: 4 }), { minLength: 1, maxLength: 12 }), (values) => {
        const s = yScale(values, 10, 100);
        const present = values.filter((v): v is number => v !== null);
        if (present.length === 0) return s === null;
        if (!s) return false;
        return present.every((v) => s.y(v) >= 10 - 1e-6 && s.y(v) <= 110 + 1e-6) && Math.abs(s.y(s.max) - 10) < 1e-6 && s.ticks.length >= 2;
      }),
    );
  });

  it("spaces columns evenly", () => {
    expect(columnCentres(4, 0, 100)).toEqual([12.5, 37.5, 62.5, 87.5]);
    expect(columnCentres(0, 0, 100)).toEqual([]);
  });
});
