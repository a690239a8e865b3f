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

  it("says when a quarter has no figure rather than charting nothing", () => {
    const html = render(null, sampleContent([sampleMeasure({ figures: [], targets: [], baseline: null, baselineLabel: null })]));
    expect(html).toContain("No figures were reported in these five quarters");
    expect(html).toContain("No figure was reported for Q3 2026.");
  });
});
