import { measureForReport, REPORT_SCHEMA_VERSION, summarise, type ReportContent, type ReportMeasure } from "@/lib/reports/content";

/** A measure for report tests, derived by the real rules from a few monthly figures. */
export function sampleMeasure(overrides: Partial<Parameters<typeof measureForReport>[0]> = {}): ReportMeasure {
  return measureForReport(
    {
      code: "MD-INC-P1",
      name: "Priority 1 incidents resolved within target time",
      description: "Share of P1 incidents resolved within the service level.",
      unitName: "Modernisation and Digital",
      category: "service",
      valueType: "percent",
      decimals: 1,
      scaleMax: null,
      direction: "higher_better",
      frequency: "monthly",
      quarterRule: "last",
      dataSource: "M&D Service Management Report",
      baseline: 83,
      baselineLabel: "August 2020",
      tolerancePct: 5,
      figures: [
        { period: "2025-09-01", value: 80, numerator: null, denominator: null, commentary: null },
        { period: "2025-12-01", value: 84, numerator: null, denominator: null, commentary: null },
        { period: "2026-03-01", value: 86.5, numerator: null, denominator: null, commentary: null },
        { period: "2026-06-01", value: 91, numerator: null, denominator: null, commentary: "Improvement continues." },
        { period: "2026-09-01", value: 88, numerator: null, denominator: null, commentary: "Two major incidents this month." },
      ],
      targets: [{ effectiveFrom: "2020-01-01", value: 90 }],
      ...overrides,
    },
    { year: 2026, quarter: 3 },
  );
}

export function sampleContent(measures: ReportMeasure[] = [sampleMeasure()]): ReportContent {
  const body = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    department: { slug: "coo", name: "Chief Operating Office" },
    year: 2026,
    quarter: 3,
    generatedAt: "2026-10-06T20:00:00.000Z",
    asAt: "2026-09-30",
    narrative: { introduction: "Intro.", highlights: "One.\nTwo.", concerns: "Vacancies." },
    measures,
    initiatives: [],
    risks: [],
    recommendations: { implemented: [], outstanding: [] },
    resources: null,
  } satisfies Omit<ReportContent, "summary">;
  return { ...body, summary: summarise(body) };
}
