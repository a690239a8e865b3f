import "server-only";
import { and, asc, desc, eq, max, sql } from "drizzle-orm";
import { orgUnits, reportRevisions, reports } from "@/db/schema";
import { db } from "@/lib/db";

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
