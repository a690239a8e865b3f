/**
 * The open data of a published report (pure; unit-tested): the CSV, whose columns are the
 * published contract CSV_COLUMNS, and the JSON, which is the frozen content with the revision's
 * metadata. Both are built from a revision's content only.
 */
import { stringify } from "csv-stringify/sync";
import { escapeCell } from "@/lib/entry/csv";
import { CSV_COLUMNS, csvRows, quarterSlug, type QuarterRef, type ReportContent } from "./content";

export interface OpenDataRevision {
  number: number;
  publishedAt: string;
  correctionNote: string | null;
}

/** A CSV cell: numbers as written by JavaScript (no thousands separators), text formula-escaped, empty for none. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return escapeCell(value);
}

/** The CSV of one or more reports (the cross-government report joins its departments' rows). */
export function reportCsv(reports: { content: ReportContent; revision: number }[]): string {
  const header = CSV_COLUMNS.map((c) => c.name);
  const rows = reports.flatMap((r) => csvRows(r.content, r.revision).map((row) => row.map(csvCell)));
  return stringify([header, ...rows]);
}

/** The JSON download of a department's report: which revision it is, and the frozen content as published. */
export function reportJson(content: ReportContent, revision: OpenDataRevision) {
  return {
    department: content.department,
    quarter: quarterSlug(content),
    revision,
    content,
  };
}

/** The JSON download of the cross-government report: each department's latest revision and content. */
export function governmentJson(q: QuarterRef, departments: { content: ReportContent; revision: OpenDataRevision }[]) {
  return {
    quarter: quarterSlug(q),
    departments: departments.map((d) => reportJson(d.content, d.revision)),
  };
}

/** File name of a download, e.g. "coo-2026-q3-revision-2.csv". */
export function downloadName(departmentSlug: string, q: QuarterRef, revision: number | null, ext: "csv" | "json"): string {
  return `${departmentSlug}-${quarterSlug(q)}${revision === null ? "" : `-revision-${revision}`}.${ext}`;
}

/** What the JSON's top-level fields mean, for the page that documents the downloads. */
export const JSON_FIELDS = [
  { name: "department", description: "The department's short URL name (slug) and name" },
  { name: "quarter", description: "The report's quarter, e.g. 2026-q3" },
  { name: "revision", description: "number (1 = as first published), publishedAt (ISO 8601 time) and correctionNote (why a correction was published; null for revision 1)" },
  {
    name: "content",
    description:
      "The report as published: summary counts, narrative (introduction, highlights, concerns), asAt (the day initiatives, milestones, risks and recommendations are as at: the quarter's last day), measures (with value, target, baseline, status, trend, the five-quarter history and, for each quarter, monthsReported, monthsRequired and figureStatus: final, provisional or withheld), initiatives (with milestones achieved in the quarter, flagged late, and missed: due in the quarter and not achieved by its end), risks, recommendations and resources (schema version 3: month, the month its figures are as at; year; tolerance, lowerPct and upperPct; serviceAreas, each with name, budgetPence (total net revenue expenditure), outturnToDatePence, forecastPence and varianceStatus; total; efficiencies, with items (title, scope departmental or cross_cutting, targetPence, deliveredToDatePence, forecastPence, rag), the departmental and crossCutting totals and governmentTargetPence, the government-wide target the departmental ones contribute to; amounts in integer pence). schemaVersion gives the version of this shape; revisions published with version 1 have null for asAt and the months behind each figure, which it did not record; revisions published before version 3 have null for resources. Since issue 18 each measure may also carry annotations (the department's public notes on the quarter's months: period, the month as YYYY-MM-01, and text) and trendAcrossBreak (the first month of a break in the series between the previous quarter and this one, when there is one: the trend is then no_comparison), and each quarter of its history seriesBreak (the first month of a break that starts in that quarter, or null); revisions published before then do not have these fields. Survey-based measures also have, on the measure and on each quarter of its history, sample (n: the responses the figure is based on; lower and upper: its 95% interval in the figure's unit; tooFew: below the minimum sample, when the figure is not published and its value is null; minimum; method: how the interval was found) and, for percentages, changes (previousQuarter and sameQuarterLastYear: significant or within_normal_variation, by a two-proportion test at 95%); revisions published before these existed lack them.",
  },
] as const;
