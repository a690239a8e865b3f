import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { publicBaseUrl } from "@/lib/feedback/base-url";
import { PAGE_SIZE } from "@/lib/paging/page";
import { parseQuarterSlug, quarterSlug } from "@/lib/reports/content";
import { etagMatches, REVALIDATE_EVERY_TIME, revisionEtag } from "@/lib/reports/etag";
import { readPublishedReport } from "@/lib/reports/published";
import { listPublishedReportPage } from "@/lib/reports/queries";
import { ApiProblem, invalid, parameterName } from "./problem";
import { json } from "./route";
import { publishedFiguresQuery, publishedReportsQuery, type publishedFiguresResponse, type publishedReportsResponse } from "./schemas";

/**
 * The published figures of /api/v1: no token needed, and only what a published report froze
 * (report_revisions, read by lib/reports/published.ts): a draft, submitted or approved report does
 * not exist here, and figures changed after publication do not change what was published.
 */

/** The report's public page and downloads: the latest revision's, or one revision's. */
const reportLinks = (department: string, quarter: string, revision?: number) => {
  const page = `${publicBaseUrl()}/reports/${department}/${quarter}${revision === undefined ? "" : `/revisions/${revision}`}`;
  return { page, json: `${page}/data.json`, csv: `${page}/data.csv` };
};

/** GET the published department reports, newest quarter first, 50 a page. */
export async function listPublishedReports(request: Request): Promise<Response> {
  const query = publishedReportsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw invalid(query.error, "Correct the parameters listed in errors.", parameterName);
  const { department, quarter, page = 1 } = query.data;
  const { total, rows } = await listPublishedReportPage({ department: department ?? null, quarter: quarter ? parseQuarterSlug(quarter) : null, page });
  const body: z.infer<typeof publishedReportsResponse> = {
    total,
    page: Math.min(page, Math.max(1, Math.ceil(total / PAGE_SIZE))),
    pageSize: PAGE_SIZE,
    reports: rows.map((r) => {
      const q = quarterSlug(r);
      return {
        department: { slug: r.departmentSlug, name: r.departmentName },
        quarter: q,
        revision: r.revision,
        publishedAt: r.publishedAt.toISOString(),
        links: { figures: `${publicBaseUrl()}/api/v1/published/figures?department=${r.departmentSlug}&quarter=${q}`, ...reportLinks(r.departmentSlug, q) },
      };
    }),
  };
  return json(body);
}

/** GET a published report's figures, as frozen at publication (the latest revision, or the one asked for). */
export async function getPublishedFigures(request: Request): Promise<Response> {
  const query = publishedFiguresQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw invalid(query.error, "Correct the parameters listed in errors.", parameterName);
  const { department, quarter, revision } = query.data;
  const report = await readPublishedReport(db, department, parseQuarterSlug(quarter)!, revision);
  if (!report) {
    throw new ApiProblem("not-found", revision ? `${department} has no revision ${revision} of a published report for ${quarter}.` : `${department} has no published report for ${quarter}.`);
  }
  const etag = revisionEtag([report.revisionId]);
  const headers = { ETag: etag, "Cache-Control": REVALIDATE_EVERY_TIME };
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  const { content } = report;
  const body: z.infer<typeof publishedFiguresResponse> = {
    department: content.department,
    quarter,
    revision: report.revision,
    latestRevision: report.latest,
    asAt: content.asAt,
    measures: content.measures.map((m) => ({
      code: m.code,
      name: m.name,
      unitName: m.unitName,
      category: m.category,
      valueType: m.valueType,
      decimals: m.decimals,
      direction: m.direction,
      frequency: m.frequency,
      quarterRule: m.quarterRule,
      value: m.value,
      target: m.target,
      baseline: m.baseline,
      status: m.status,
      trend: m.trend,
      figureStatus: m.figureStatus,
      monthsReported: m.monthsReported,
      monthsRequired: m.monthsRequired,
      commentary: m.commentary,
    })),
    links: reportLinks(department, quarter, revision),
  };
  return json(body, { headers });
}
