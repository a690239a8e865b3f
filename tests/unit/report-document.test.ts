import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReportDocument } from "@/components/reports/report-document";
import { sampleContent, sampleMeasure } from "./report-fixture";

const render = (revision: Parameters<typeof ReportDocument>[0]["revision"], content = sampleContent()) => renderToStaticMarkup(createElement(ReportDocument, { content, revision }));

describe("the report document", () => {
  it("has one h1, its sections as h2 and every table a caption", () => {
    const html = render({ number: 1, publishedAt: "2026-10-09T10:00:00.000Z", correctionNote: null });
    expect(html.match(/<h1/g)).toHaveLength(1);
    for (const section of ["Summary", "Introduction", "Highlights", "Areas of concern and what is being done", "Performance measures", "Government Plan initiatives", "Risks", "Audit and scrutiny recommendations"]) {
      expect(html).toContain(`>${section}</h2>`);
    }
    const tables = html.match(/<table/g)?.length ?? 0;
    expect(tables).toBeGreaterThan(0);
    expect(html.match(/<caption/g)).toHaveLength(tables);
  });

  it("gives statuses and trends in words, and each chart a name and a table of its five quarters", () => {
    const html = render({ number: 1, publishedAt: "2026-10-09T10:00:00.000Z", correctionNote: null });
    expect(html).toContain("Within tolerance");
    expect(html).toContain("Worsening");
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"[\s\S]*?<title id="\1">Chart of Priority 1 incidents/);
    expect(html).toContain("Priority 1 incidents resolved within target time: figures for the last five quarters</caption>");
    for (const label of ["Q3 2025", "Q4 2025", "Q1 2026", "Q2 2026", "Q3 2026"]) expect(html).toContain(`>${label}</th>`);
  });

  it("shows the revision and its correction note, or that a draft is not published", () => {
    const corrected = render({ number: 2, publishedAt: "2026-10-20T10:00:00.000Z", correctionNote: "The P1 figure for September was corrected." });
    expect(corrected).toContain("Corrected: revision 2");
    expect(corrected).toContain("The P1 figure for September was corrected.");
    const draft = render(null);
    expect(draft).toContain("this report has not been published");
    expect(draft).not.toContain("Published <time");
  });

  it("flags provisional and withheld figures, with the months behind them, and says what the report is as at", () => {
    const months = [
      { period: "2026-07-01", value: 80, numerator: null, denominator: null, commentary: null },
      { period: "2026-09-01", value: 90, numerator: null, denominator: null, commentary: null },
    ];
    const html = render(null, sampleContent([sampleMeasure({ code: "MEAN", quarterRule: "mean", figures: months }), sampleMeasure({ code: "SUM", quarterRule: "sum", valueType: "count", figures: months })]));
    expect(html).toContain("85.0% (provisional)");
    expect(html).toContain("Provisional: built from 2 of 3 months");
    expect(html).toContain("Withheld: only 2 of 3 months were reported");
    expect(html).toContain("1 figure is provisional and 1 figure is withheld");
    expect(html).toContain("as at 30 September 2026");
  });

  it("shows a milestone achieved late once, as achieved late", () => {
    const content = sampleContent();
    const late = { title: "Go live", plannedDate: "2026-07-15", forecastDate: null, actualDate: "2026-09-01", late: true };
    const html = render(null, { ...content, initiatives: [{ cspRef: "X1", title: "ITS", unitName: "M&D", type: "programme", status: "in_progress", rag: "amber", ragReason: null, targetDateLabel: null, successCriterion: null, achieved: [late], missed: [] }] });
    expect(html).toContain("Achieved 1 September 2026 (planned 15 July 2026), late");
    expect(html.match(/Go live/g)).toHaveLength(1);
  });

  it("says when a quarter has no figure rather than charting nothing", () => {
    const html = render(null, sampleContent([sampleMeasure({ figures: [], targets: [], baseline: null, baselineLabel: null })]));
    expect(html).toContain("No figures were reported in these five quarters");
    expect(html).toContain("No figure was reported for Q3 2026.");
  });
});
