import "server-only";
import { sql } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { cache } from "react";
import type { Database } from "@/db/client";
import { db } from "@/lib/db";
import { PUBLISHED_REPORTS_TAG, reportCacheTag } from "./cache-tags";
import { parseQuarterSlug, quarterSlug, readReportContent, type QuarterRef, type ReportContent, type StoredReportContent } from "./content";
import { PAGE_SIZE } from "@/lib/paging/page";
import {
  CROSS_GOVERNMENT,
  listPublishedQuarters,
  listPublishedReportPage,
  listPublishingDepartments,
  type PublishedQuarter,
  type PublishedReportSummary,
} from "./queries";

/*
 * Reads of published reports for the public pages and their downloads. Everything comes from
 * report_revisions (the content frozen at publication, read in the current shape whatever schema
 * version it was published with: readReportContent): a report's draft narrative, its status
 * and today's figures are never read here, so a draft, submitted or approved report without a
 * revision does not exist as far as the public is concerned, and later changes to figures do not
 * change what was published.
 */

/** A published revision's metadata (timestamps as ISO strings: the cache stores JSON). */
export interface PublishedRevisionInfo {
  number: number;
  publishedAt: string;
  correctionNote: string | null;
}

export interface PublishedReport {
  departmentSlug: string;
  quarter: QuarterRef;
  content: ReportContent;
  /** The revision shown. */
  revision: PublishedRevisionInfo;
  /** The latest revision's number (the current published version). */
  latest: number;
  /** Every revision of the report, oldest first. */
  revisions: PublishedRevisionInfo[];
}

export interface GovernmentReport {
  quarter: QuarterRef;
  /** Each department's latest published revision for the quarter, in the organisation's order. */
  departments: { content: ReportContent; revision: PublishedRevisionInfo }[];
}

type Reader = Pick<Database, "execute">;

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * A department's published report for a quarter at a given revision (the latest when none is
 * given), with the list of its revisions. Null when the department, the report or the revision
 * does not exist, or the report has never been published. One query.
 */
export async function readPublishedReport(reader: Reader, departmentSlug: string, q: QuarterRef, revision?: number): Promise<PublishedReport | null> {
  if (!SLUG.test(departmentSlug) || departmentSlug === CROSS_GOVERNMENT.slug) return null;
  if (revision !== undefined && !(Number.isInteger(revision) && revision >= 1 && revision < 1_000_000)) return null;
  const { rows } = await reader.execute<{ revision: number; published_at: string; correction_note: string | null; content: StoredReportContent | null }>(sql`
    select x.revision, x.published_at, x.correction_note,
      case when x.revision = coalesce(${revision ?? null}::int, x.latest) then x.content end as content
    from (
      select rr.revision, to_char(rr.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as published_at,
        rr.correction_note, rr.content, max(rr.revision) over () as latest
      from report_revisions rr
      join reports r on r.id = rr.report_id
      join org_units d on d.id = r.department_id and d.kind = 'department'
      where d.slug = ${departmentSlug} and r.year = ${q.year} and r.quarter = ${q.quarter}
    ) x
    order by x.revision`);
  const shown = rows.find((r) => r.content !== null);
  if (!shown?.content) return null;
  const revisions = rows.map((r) => ({ number: r.revision, publishedAt: r.published_at, correctionNote: r.correction_note }));
  return {
    departmentSlug,
    quarter: q,
    content: readReportContent(shown.content),
    revision: revisions.find((r) => r.number === shown.revision)!,
    latest: revisions[revisions.length - 1]!.number,
    revisions,
  };
}

/**
 * The cross-government report for a quarter: every department's published report for it, each at
 * its latest revision. Null when no department has published one. One query.
 */
export async function readGovernmentReport(reader: Reader, q: QuarterRef): Promise<GovernmentReport | null> {
  const { rows } = await reader.execute<{ revision: number; published_at: string; correction_note: string | null; content: StoredReportContent }>(sql`
    select x.revision, x.published_at, x.correction_note, x.content
    from (
      select distinct on (r.id) d.sort_order, d.name, rr.revision,
        to_char(rr.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as published_at, rr.correction_note, rr.content
      from report_revisions rr
      join reports r on r.id = rr.report_id
      join org_units d on d.id = r.department_id and d.kind = 'department'
      where r.year = ${q.year} and r.quarter = ${q.quarter}
      order by r.id, rr.revision desc
    ) x
    order by x.sort_order, x.name`);
  if (rows.length === 0) return null;
  return {
    quarter: q,
    departments: rows.map((r) => ({ content: readReportContent(r.content), revision: { number: r.revision, publishedAt: r.published_at, correctionNote: r.correction_note } })),
  };
}

// ---------------------------------------------------------------------------------------------
// Cached reads. A published revision never changes, so the cache holds it until a revision of the
// same report is published (the publish action revalidates reportCacheTag and
// PUBLISHED_REPORTS_TAG, with expire: 0). A miss (not published) is cached too and cleared the
// same way, so asking for an unpublished report does not reach the database every time either.
// React's cache() shares one read between generateMetadata and the page within a request.
// ---------------------------------------------------------------------------------------------

/** The published report at a URL's department and quarter ("2026-q3"), at a revision or the latest. */
export const getPublishedReport = cache(async (departmentSlug: string, quarterParam: string, revision?: number): Promise<PublishedReport | null> => {
  const q = parseQuarterSlug(quarterParam);
  if (!q || !SLUG.test(departmentSlug)) return null;
  const slug = quarterSlug(q);
  return unstable_cache(() => readPublishedReport(db, departmentSlug, q, revision), ["published-report", departmentSlug, slug, String(revision ?? "latest")], {
    tags: [PUBLISHED_REPORTS_TAG, reportCacheTag(departmentSlug, slug)],
  })();
});

/** The cross-government report for a URL's quarter ("2026-q3"). */
export const getGovernmentReport = cache(async (quarterParam: string): Promise<GovernmentReport | null> => {
  const q = parseQuarterSlug(quarterParam);
  if (!q) return null;
  const slug = quarterSlug(q);
  return unstable_cache(() => readGovernmentReport(db, q), ["government-report", slug], {
    tags: [PUBLISHED_REPORTS_TAG, reportCacheTag(CROSS_GOVERNMENT.slug, slug)],
  })();
});

export type PublishedReportListItem = Omit<PublishedReportSummary, "publishedAt"> & { publishedAt: string };

/** The public index's options, cached until the next publication: both grow with time, not with each request. */
const getPublishedQuarters = unstable_cache(() => listPublishedQuarters(), ["published-quarters"], { tags: [PUBLISHED_REPORTS_TAG] });
const getPublishingDepartments = unstable_cache(listPublishingDepartments, ["publishing-departments"], { tags: [PUBLISHED_REPORTS_TAG] });

const getReportPage = (department: string | null, quarter: QuarterRef | null, page: number) =>
  unstable_cache(
    async () => {
      const { total, rows } = await listPublishedReportPage({ department, quarter, page });
      return { total, rows: rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() })) };
    },
    ["published-report-page", department ?? "", quarter ? quarterSlug(quarter) : "", String(page)],
    { tags: [PUBLISHED_REPORTS_TAG] },
  )();

export interface PublishedReportIndex {
  quarters: PublishedQuarter[];
  departments: { slug: string; name: string }[];
  /** The filters applied: a department or quarter with nothing published is no filter. */
  department: { slug: string; name: string } | null;
  quarter: QuarterRef | null;
  total: number;
  /** The page shown (pageWindow's clamp). */
  rows: PublishedReportListItem[];
}

/**
 * The public /reports index: the quarters (for the cross-government reports and the filter), the
 * departments that have published, and one page of reports matching the filters. Every read is
 * cached until the next publication, keyed only by filters that exist and pages that can, so
 * made-up addresses neither reach the database each time nor fill the cache.
 */
export async function getPublishedReportIndex(filters: { department: string; quarter: string; page: number }): Promise<PublishedReportIndex> {
  const [quarters, departments] = await Promise.all([getPublishedQuarters(), getPublishingDepartments()]);
  const department = departments.find((d) => d.slug === filters.department) ?? null;
  const q = parseQuarterSlug(filters.quarter);
  const quarter = q && quarters.some((p) => p.year === q.year && p.quarter === q.quarter) ? q : null;
  const published = quarters.reduce((n, p) => n + p.departments, 0);
  const page = Math.min(Math.max(1, filters.page), Math.max(1, Math.ceil(published / PAGE_SIZE)));
  const { total, rows } = published === 0 ? { total: 0, rows: [] } : await getReportPage(department?.slug ?? null, quarter, page);
  return { quarters, departments, department, quarter, total, rows };
}
