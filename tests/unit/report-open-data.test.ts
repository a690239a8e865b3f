import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvRows } from "@/lib/reports/content";
import { csvCell, downloadName, governmentJson, reportCsv, reportJson } from "@/lib/reports/open-data";
import { sampleContent, sampleMeasure } from "./report-fixture";

const records = (csv: string) => parse(csv) as string[][];

describe("the report CSV", () => {
  it("has CSV_COLUMNS as its header and one row per measure per quarter, matching csvRows", () => {
    const content = sampleContent([sampleMeasure(), sampleMeasure({ code: "MD-INC-P2", name: "P2 incidents" })]);
    const [header, ...rows] = records(reportCsv([{ content, revision: 2 }]));
    expect(header).toEqual(CSV_COLUMNS.map((c) => c.name));
    expect(rows).toHaveLength(10);
    expect(rows).toEqual(csvRows(content, 2).map((r) => r.map((v) => (v === null ? "" : String(v)))));
    expect(rows[4]).toEqual([
      "coo",
      "2026-Q3",
      "2",
      "MD-INC-P1",
      "Priority 1 incidents resolved within target time",
      "Modernisation and Digital",
      "2026-Q3",
      "88",
      "90",
      "83",
      "percent",
      "within_tolerance",
      "M&D Service Management Report",
      "1",
      "3",
      "final",
      // A measure row: the resources columns are empty; no break in the series.
      "measure",
      "",
      "",
      "",
      "",
      "",
      "",
      // Not a break, and not survey-based: no series_break, n, lower or upper.
      "",
      "",
      "",
      "",
    ]);
  });

  it("says how many months are behind each figure: a partial mean provisional, a partial sum withheld (no value, no status)", () => {
    const months = [
      { period: "2026-07-01", value: 80, numerator: null, denominator: null, commentary: null },
      { period: "2026-08-01", value: 90, numerator: null, denominator: null, commentary: null },
    ];
    const mean = sampleMeasure({ code: "MEAN", quarterRule: "mean", figures: months });
    const sum = sampleMeasure({ code: "SUM", quarterRule: "sum", valueType: "count", figures: months });
    const [, ...rows] = records(reportCsv([{ content: sampleContent([mean, sum]), revision: 1 }]));
    const col = (row: string[], name: string) => row[CSV_COLUMNS.findIndex((c) => c.name === name)];
    const q3 = rows.filter((r) => col(r, "quarter") === "2026-Q3");
    expect(q3.map((r) => [col(r, "measure_code"), col(r, "value"), col(r, "status"), col(r, "months_reported"), col(r, "months_required"), col(r, "figure_status")])).toEqual([
      ["MEAN", "85", "off_target", "2", "3", "provisional"],
      ["SUM", "", "no_data", "2", "3", "withheld"],
    ]);
    // A quarter with no figure at all has no figure status.
    expect(col(rows.find((r) => col(r, "quarter") === "2025-Q3")!, "figure_status")).toBe("");
  });

  it("leaves cells empty where there is no figure or target", () => {
    const m = sampleMeasure({ figures: [], targets: [], baseline: null, baselineLabel: null });
    const [, first] = records(reportCsv([{ content: sampleContent([m]), revision: 1 }]));
    const at = (name: string) => first![CSV_COLUMNS.findIndex((c) => c.name === name)];
    expect(at("value")).toBe("");
    expect(at("target")).toBe("");
    expect(at("baseline")).toBe("");
    expect(at("status")).toBe("no_data");
  });

  it("escapes text a spreadsheet would run as a formula, and never numbers", () => {
    const m = sampleMeasure({ name: "=HYPERLINK(\"http://evil\")", dataSource: "@SUM(A1)", unitName: "+Unit" });
    const [, row] = records(reportCsv([{ content: sampleContent([m]), revision: 1 }]));
    expect(row![4]).toBe("'=HYPERLINK(\"http://evil\")");
    expect(row![5]).toBe("'+Unit");
    expect(row![12]).toBe("'@SUM(A1)");
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("joins several departments' rows under one header (the cross-government file)", () => {
    const a = sampleContent();
    const b = { ...sampleContent(), department: { slug: "cls", name: "Customer and Local Services" } };
    const [header, ...rows] = records(reportCsv([{ content: a, revision: 1 }, { content: b, revision: 3 }]));
    expect(header).toEqual(CSV_COLUMNS.map((c) => c.name));
    expect(rows.map((r) => `${r[0]}:${r[2]}`)).toEqual([...Array(5).fill("coo:1"), ...Array(5).fill("cls:3")]);
  });
});

describe("the report JSON", () => {
  it("is the frozen content with the revision's metadata", () => {
    const content = sampleContent();
    const revision = { number: 2, publishedAt: "2026-10-09T10:00:00.000Z", correctionNote: "Q3 figure for P1 incidents corrected." };
    const doc = reportJson(content, revision);
    expect(doc).toEqual({ department: content.department, quarter: "2026-q3", revision, content });
    expect(JSON.parse(JSON.stringify(doc)).content).toEqual(content);
    expect(governmentJson({ year: 2026, quarter: 3 }, [{ content, revision }])).toEqual({ quarter: "2026-q3", departments: [doc] });
  });

  it("names files after the department, quarter and revision", () => {
    expect(downloadName("coo", { year: 2026, quarter: 3 }, null, "csv")).toBe("coo-2026-q3.csv");
    expect(downloadName("coo", { year: 2026, quarter: 3 }, 2, "json")).toBe("coo-2026-q3-revision-2.json");
  });
});
