import "server-only";
import { and, asc, desc, eq, max, sql } from "drizzle-orm";
import { orgUnits, reportRevisions, reports } from "@/db/schema";
import type { Database } from "@/db/client";
import { db } from "@/lib/db";
import { pageSliceSql } from "@/lib/paging/page-sql";

/** Slug and name used for cross-government reports (reports.department_id is null). */
export const CROSS_GOVERNMENT = { slug: "government", name: "Government of Jersey (cross-government)" } as const;

export interface PublishedReportSummary {
  reportId: number;
  departmentName: string;
  departmentSlug: string;
  year: number;
  quarter: number;
  /** The latest published revision (1 = as first published; higher = corrected). */
  revision: number;
  /** When the latest revision was published. */
  publishedAt: Date;
}

/**
 * Published quarterly reports, one row per report at its latest revision. A report is published
 * exactly when it has a row in report_revisions (the frozen content), so drafts, submitted and
 * approved reports never appear. Ordered by department, then newest quarter first.
 * Public: no user needed, and only these summary columns leave the database.
 */
export async function listPublishedReports(): Promise<PublishedReportSummary[]> {
  const latest = db
    .select({ reportId: reportRevisions.reportId, revision: max(reportRevisions.revision).as("latest_revision") })
    .from(reportRevisions)
    .groupBy(reportRevisions.reportId)
    .as("latest");

  const rows = await db
    .select({
      reportId: reports.id,
      departmentName: sql<string>`coalesce(${orgUnits.name}, ${CROSS_GOVERNMENT.name})`,
      departmentSlug: sql<string>`coalesce(${orgUnits.slug}, ${CROSS_GOVERNMENT.slug})`,
      year: reports.year,
      quarter: reports.quarter,
      revision: reportRevisions.revision,
      publishedAt: reportRevisions.publishedAt,
    })
    .from(latest)
    .innerJoin(reportRevisions, and(eq(reportRevisions.reportId, latest.reportId), eq(reportRevisions.revision, latest.revision)))
    .innerJoin(reports, eq(reports.id, latest.reportId))
    .leftJoin(orgUnits, eq(orgUnits.id, reports.departmentId))
    // Cross-government reports (no department) first, then departments in their usual order.
    .orderBy(sql`${orgUnits.id} is not null`, asc(orgUnits.sortOrder), asc(orgUnits.name), desc(reports.year), desc(reports.quarter));

  return rows;
}

/** Where the public index reads: the app's pool, or a transaction (the tests' fixtures roll back: published revisions cannot be deleted). */
type Reader = Pick<Database, "execute">;

/** A quarter with at least one published department report (so a cross-government report), newest first. */
export interface PublishedQuarter {
  year: number;
  quarter: number;
  /** How many departments have published their report for it. */
  departments: number;
}

/**
 * The quarters with a published department report, each with how many departments published —
 * counted in SQL, one row per quarter (it grows with time, not with departments).
 */
export async function listPublishedQuarters(reader: Reader = db): Promise<PublishedQuarter[]> {
  const { rows } = await reader.execute<{ year: number; quarter: number; departments: number }>(sql`
    select r.year, r.quarter::int as quarter, count(*)::int as departments
    from reports r join org_units d on d.id = r.department_id and d.kind = 'department'
    where exists (select 1 from report_revisions rv where rv.report_id = r.id)
    group by r.year, r.quarter
    order by r.year desc, r.quarter desc`);
  return rows;
}

/** The departments with at least one published report, in the organisation's order: the filter's options. */
export async function listPublishingDepartments(): Promise<{ slug: string; name: string }[]> {
  const { rows } = await db.execute<{ slug: string; name: string }>(sql`
    select d.slug, d.name from org_units d
    where d.kind = 'department'
      and exists (select 1 from reports r join report_revisions rv on rv.report_id = r.id where r.department_id = d.id)
    order by d.sort_order, d.name`);
  return rows;
}

export interface PublishedReportFilters {
  /** A department's slug, or null for every department. */
  department: string | null;
  quarter: { year: number; quarter: number } | null;
  page: number;
}

/**
 * One page of published department reports (newest quarter first, then the organisation's order),
 * at their latest revision, with the total — one query. The filters and the page come first: only
 * the page's reports look up their latest revision. The cross-government report is not a row here.
 */
export async function listPublishedReportPage({ department, quarter, page }: PublishedReportFilters, reader: Reader = db): Promise<{ total: number; rows: PublishedReportSummary[] }> {
  const { rows } = await reader.execute<{ report_id: number; slug: string; name: string; year: number; quarter: number; revision: number; published_at: string; total: number }>(sql`
    with numbered as (
      select r.id, d.slug, d.name, r.year, r.quarter,
        row_number() over (order by r.year desc, r.quarter desc, d.sort_order, d.name, r.id) as rn, count(*) over () as total
      from reports r join org_units d on d.id = r.department_id and d.kind = 'department'
      where exists (select 1 from report_revisions rv where rv.report_id = r.id)
        ${department === null ? sql`` : sql`and d.slug = ${department}`}
        ${quarter === null ? sql`` : sql`and r.year = ${quarter.year} and r.quarter = ${quarter.quarter}`}
    )
    select n.id as report_id, n.slug, n.name, n.year, n.quarter::int as quarter, n.total::int as total, l.revision,
      to_char(l.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as published_at
    from numbered n
    cross join lateral (select rv.revision, rv.published_at from report_revisions rv where rv.report_id = n.id order by rv.revision desc limit 1) l
    where ${pageSliceSql(sql`n.rn`, sql`n.total`, page)}
    order by n.rn`);
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      reportId: r.report_id,
      departmentSlug: r.slug,
      departmentName: r.name,
      year: r.year,
      quarter: r.quarter,
      revision: r.revision,
      publishedAt: new Date(r.published_at),
    })),
  };
}

/** Entries an Atom feed holds at most (the newest): enough for a feed reader polling daily or weekly. */
export const FEED_ENTRIES = 50;

/** A published revision as an Atom feed entry: a report's first publication (1) or a correction. */
export interface FeedRevision {
  departmentSlug: string;
  departmentName: string;
  /** "COO": the entry titles' short name. */
  departmentShortName: string;
  year: number;
  quarter: number;
  revision: number;
  /** ISO 8601, UTC. */
  publishedAt: string;
  correctionNote: string | null;
}

/**
 * The newest published revisions of department reports, newest first, at most FEED_ENTRIES: of
 * every department, or of the one named by `department` (a slug). One query, from report_revisions
 * only: a draft, submitted or approved report, and a correction still in progress, have no row
 * there, so they never reach a feed. Empty for a department that has published nothing, or does not exist.
 */
export async function listFeedRevisions(department: string | null, reader: Reader = db): Promise<FeedRevision[]> {
  const { rows } = await reader.execute<{ slug: string; name: string; short_name: string; year: number; quarter: number; revision: number; published_at: string; correction_note: string | null }>(sql`
    select d.slug, d.name, d.short_name, r.year, r.quarter::int as quarter, rr.revision, rr.correction_note,
      to_char(rr.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as published_at
    from report_revisions rr
    join reports r on r.id = rr.report_id
    join org_units d on d.id = r.department_id and d.kind = 'department'
    ${department === null ? sql`` : sql`where d.slug = ${department}`}
    order by rr.published_at desc, rr.id desc
    limit ${FEED_ENTRIES}`);
  return rows.map((r) => ({
    departmentSlug: r.slug,
    departmentName: r.name,
    departmentShortName: r.short_name,
    year: r.year,
    quarter: r.quarter,
    revision: r.revision,
    publishedAt: r.published_at,
    correctionNote: r.correction_note,
  }));
}
