import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReportDocument } from "@/components/reports/report-document";
import { quarterFigure, sampleNote } from "@/components/reports/format";
import { CSV_COLUMNS, csvRows, readReportContent, type MeasureInput } from "@/lib/reports/content";
import { wilsonInterval } from "@/lib/statistics/intervals";
import type { Sample } from "@/lib/statistics/sample";
import { sampleContent, sampleMeasure } from "./report-fixture";

/** Issue 18: survey-based figures in the published report — n, 95% interval, too few responses, significance of changes. */

const MONTHS = ["2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01"];

/** A CSAT-like measure (ratio of satisfied to responses): `satisfied` of `n` every month, `last` for the report's quarter. */
function csat(n: number, satisfied: number, last: { n: number; satisfied: number } = { n, satisfied }, minimumSample = 30): Partial<MeasureInput> {
  const parts = (p: string) => (p >= "2026-07-01" ? last : { n, satisfied });
  return {
    code: "CLS-CSAT",
    name: "Customer satisfaction (CSAT)",
    quarterRule: "ratio",
    figures: MONTHS.map((p) => ({ period: p, value: (parts(p).satisfied * 100) / parts(p).n, numerator: parts(p).satisfied, denominator: parts(p).n, commentary: null })),
    targets: [{ effectiveFrom: "2020-01-01", value: 85 }],
    sampleKind: "proportion",
    samples: MONTHS.map((p) => ({ period: p, sample: { kind: "proportion", n: parts(p).n, successes: parts(p).satisfied } satisfies Sample })),
    minimumSample,
  };
}

const render = (content = sampleContent()) => renderToStaticMarkup(createElement(ReportDocument, { content, revision: { number: 1, publishedAt: "2026-10-09T10:00:00.000Z", correctionNote: null } }));

describe("the report freezes a survey-based figure's sample", () => {
  it("n is the quarter's responses, with the Wilson 95% interval of the quarter's figure in its unit", () => {
    const m = sampleMeasure(csat(100, 80, { n: 100, satisfied: 92 }));
    const w = wilsonInterval(276, 300)!;
    expect(m.sample).toEqual({ n: 300, lower: Math.round(w.lower * 100 * 10_000) / 10_000, upper: Math.round(w.upper * 100 * 10_000) / 10_000, tooFew: false, minimum: 30, method: "Wilson score interval for a proportion" });
    expect(m.value).toBe(92);
    expect(m.history.every((h) => h.sample?.n === 300)).toBe(true);
    // 80% → 92% on 300 responses a quarter is more than sampling noise, against both comparisons.
    expect(m.changes).toEqual({ previousQuarter: "significant", sameQuarterLastYear: "significant" });
    expect(sampleMeasure(csat(100, 80, { n: 100, satisfied: 81 })).changes).toEqual({ previousQuarter: "within_normal_variation", sameQuarterLastYear: "within_normal_variation" });
  });

  it("below the minimum sample publishes no value: too few responses, no status, no interval", () => {
    const m = sampleMeasure(csat(100, 80, { n: 8, satisfied: 7 }));
    expect(m.sample).toMatchObject({ n: 24, lower: null, upper: null, tooFew: true, minimum: 30 });
    expect(m.value).toBeNull();
    expect(m.status).toBe("no_data");
    expect(m.trend).toBe("no_comparison");
    expect(m.changes).toEqual({ previousQuarter: null, sameQuarterLastYear: null });
    expect(quarterFigure(m, m)).toBe("Too few responses");
    expect(sampleNote(m.sample, m)).toBe("24 responses: fewer than the 30 needed to publish a figure");
  });

  it("puts n, lower and upper at the end of each measure row of the CSV", () => {
    const content = sampleContent([sampleMeasure(csat(100, 80, { n: 8, satisfied: 7 }))]);
    const rows = csvRows(content, 1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c.name, r[i]])));
    expect(CSV_COLUMNS.slice(-3).map((c) => c.name)).toEqual(["n", "lower", "upper"]);
    expect(rows.at(-1)).toMatchObject({ quarter: "2026-Q3", value: null, status: "no_data", n: 24, lower: null, upper: null });
    expect(rows[0]).toMatchObject({ quarter: "2025-Q3", value: 80, n: 300 });
    expect((rows[0]!.lower as number) < 80 && (rows[0]!.upper as number) > 80).toBe(true);
    // Other measures leave them empty, and every row has every column.
    const plain = csvRows(sampleContent(), 1);
    expect(plain.every((r) => r.length === CSV_COLUMNS.length && r.slice(-3).every((c) => c === null))).toBe(true);
  });
});

describe("the public report's survey figures", () => {
  it("read too few responses in place of a figure below the minimum sample, and say why", () => {
    const html = render(sampleContent([sampleMeasure(csat(100, 80, { n: 8, satisfied: 7 }))]));
    expect(html).toContain("Too few responses");
    expect(html).toContain("The figure for Q3 2026 is not published: it is based on 24 responses, fewer than the 30 needed.");
    expect(html).toContain("1 survey figure is not published: too few responses");
    expect(html).not.toContain("87.5%");
    expect(html).toContain(">too few</text>");
  });

  it("give n, the 95% interval and whether a change is significant, in words", () => {
    const html = render(sampleContent([sampleMeasure(csat(100, 80, { n: 100, satisfied: 92 }))]));
    expect(html).toMatch(/n = 300, 95% CI \d+\.\d–\d+\.\d%/);
    expect(html).toContain("Against Q2 2026: significant. Against Q3 2025: significant.");
    expect(html).toContain("two-proportion test at 95%");
    expect(html).toContain("<strong>95% interval</strong>");
  });

  it("render revisions published before samples were recorded as they were", () => {
    const older = sampleContent();
    const html = render(readReportContent(JSON.parse(JSON.stringify(older))));
    expect(html).not.toContain("95% CI");
    expect(html).not.toContain("Too few responses");
    expect(html).not.toContain("<strong>95% interval</strong>");
    expect(readReportContent(sampleContent([sampleMeasure(csat(100, 80))])).measures[0]!.sample).toMatchObject({ n: 300 });
  });
});
