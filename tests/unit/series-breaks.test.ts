import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvRows, readReportContent, type StoredReportContent } from "@/lib/reports/content";
import { measureSentence } from "@/components/reports/format";
import {
  breakBetween,
  breakBetweenPeriods,
  breakStartingIn,
  changesText,
  notComparableText,
  periodMonths,
  seriesDefinitionChanges,
  type SeriesDefinition,
} from "@/lib/measures/series-breaks";
import { sampleContent, sampleMeasure } from "./report-fixture";

const month = fc.record({ y: fc.integer({ min: 2020, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}-01`);

describe("breakBetween: a comparison crosses a break when the earlier period holds a month before it and the later one a month from it on", () => {
  it("finds a break in the later month, not one in the earlier month or after the later one", () => {
    expect(breakBetween(["2026-05-01"], "2026-04-01", "2026-05-01")).toBe("2026-05-01");
    expect(breakBetween(["2026-04-01"], "2026-04-01", "2026-05-01")).toBeNull();
    expect(breakBetween(["2026-06-01"], "2026-04-01", "2026-05-01")).toBeNull();
    expect(breakBetween([], "2026-04-01", "2026-05-01")).toBeNull();
  });

  it("takes the latest of several, and either order of the two months", () => {
    expect(breakBetween(["2025-09-01", "2026-02-01", "2025-12-01"], "2025-08-01", "2026-08-01")).toBe("2026-02-01");
    expect(breakBetween(["2026-02-01"], "2026-08-01", "2025-08-01")).toBe("2026-02-01");
  });

  it("compares quarters by their months: a break inside either quarter is crossed, one on the earlier quarter's first month is not", () => {
    expect(periodMonths("quarterly", "2026-10-01")).toEqual({ first: "2026-10-01", last: "2026-12-01" });
    expect(periodMonths("quarterly", "2026-11-01").last).toBe("2027-01-01");
    expect(periodMonths("monthly", "2026-05-01")).toEqual({ first: "2026-05-01", last: "2026-05-01" });
    // Q2 (April–June) against Q3 (July–September).
    expect(breakBetweenPeriods(["2026-08-01"], "quarterly", "2026-04-01", "2026-07-01")).toBe("2026-08-01");
    expect(breakBetweenPeriods(["2026-05-01"], "quarterly", "2026-04-01", "2026-07-01")).toBe("2026-05-01");
    expect(breakBetweenPeriods(["2026-04-01"], "quarterly", "2026-04-01", "2026-07-01")).toBeNull();
    expect(breakBetweenPeriods(["2026-10-01"], "quarterly", "2026-04-01", "2026-07-01")).toBeNull();
  });

  it("agrees with its definition on generated months (property)", () => {
    fc.assert(
      fc.property(fc.array(month, { maxLength: 6 }), month, month, (breaks, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const crossed = breaks.filter((x) => x > from && x <= to).sort();
        expect(breakBetween(breaks, a, b)).toBe(crossed.at(-1) ?? null);
        expect(breakStartingIn(breaks, from, to)).toBe(breaks.filter((x) => x >= from && x <= to).sort().at(-1) ?? null);
      }),
    );
  });

  it("says why there is no change in words", () => {
    expect(notComparableText("2026-05-01")).toBe("Not comparable: series break in May 2026");
  });
});

describe("seriesDefinitionChanges: which catalogue edits may record a break", () => {
  const stored: SeriesDefinition = { description: "Calls logged.\r\nBy any channel.", dataSource: "Service desk", valueType: "score", scaleMin: "1.0000", scaleMax: "7.0000" };

  it("ignores line endings, surrounding spaces and how a number is written", () => {
    expect(seriesDefinitionChanges(stored, { ...stored, description: "  Calls logged.\nBy any channel. ", scaleMin: "1", scaleMax: 7 })).toEqual([]);
  });

  it("names the definition, data source, unit and scale when they change, in that order", () => {
    expect(seriesDefinitionChanges(stored, { ...stored, dataSource: "ServiceNow", description: "Calls." })).toEqual(["description", "dataSource"]);
    expect(seriesDefinitionChanges(stored, { ...stored, scaleMax: "5" })).toEqual(["scale"]);
    expect(seriesDefinitionChanges(stored, { ...stored, valueType: "percent", scaleMin: null, scaleMax: null })).toEqual(["valueType", "scale"]);
    expect(changesText(["description", "dataSource", "scale"])).toBe("definition, data source and scale");
    expect(changesText(["dataSource"])).toBe("data source");
  });
});

describe("the report: breaks and public notes", () => {
  const withBreak = (breaks: string[]) => sampleMeasure({ breaks, annotations: [{ period: "2026-08-01", text: "Network outage 3 to 5 August." }] });

  it("gives no trend across a break between the previous quarter and the report's, and says so", () => {
    const m = withBreak(["2026-08-01"]);
    expect(m.trendAcrossBreak).toBe("2026-08-01");
    expect(m.trend).toBe("no_comparison");
    expect(measureSentence(m, "Q3 2026")).toContain("Not comparable with Q2 2026: series break in August 2026.");
    expect(m.annotations).toEqual([{ period: "2026-08-01", text: "Network outage 3 to 5 August." }]);
    // A break before the previous quarter's first month is not crossed: the trend is the plain one.
    const earlier = withBreak(["2026-04-01"]);
    expect(earlier.trendAcrossBreak).toBeNull();
    expect(earlier.trend).toBe(sampleMeasure().trend);
  });

  it("marks the quarter a break starts in, in the history and the CSV's series_break column", () => {
    const m = withBreak(["2026-02-01", "2026-08-01"]);
    expect(m.history.map((h) => h.seriesBreak)).toEqual([null, null, "2026-02-01", null, "2026-08-01"]);
    const rows = csvRows(sampleContent([m]), 1);
    const at = CSV_COLUMNS.findIndex((c) => c.name === "series_break");
    // Added after the resources columns, before the survey sample's n, lower and upper.
    expect(CSV_COLUMNS.slice(at).map((c) => c.name)).toEqual(["series_break", "n", "lower", "upper"]);
    expect(rows.map((r) => r[at])).toEqual([null, null, "2026-02", null, "2026-08"]);
  });

  it("reads a revision published before issue 18 as it was: no notes, no breaks, the trend it published", () => {
    const content = sampleContent([sampleMeasure()]);
    // As frozen before issue 18: without the fields it added.
    const old = JSON.parse(JSON.stringify(content)) as StoredReportContent;
    for (const m of old.measures) {
      delete m.annotations;
      delete m.trendAcrossBreak;
      for (const h of m.history) delete h.seriesBreak;
    }
    const read = readReportContent(old);
    expect(read.measures[0]!.annotations).toBeUndefined();
    expect(read.measures[0]!.trendAcrossBreak).toBeUndefined();
    expect(read.measures[0]!.trend).toBe(content.measures[0]!.trend);
    const at = CSV_COLUMNS.findIndex((c) => c.name === "series_break");
    expect(csvRows(read, 1).every((r) => r[at] === null)).toBe(true);
  });
});
