import "server-only";
import { sql } from "drizzle-orm";
import { cache } from "react";
import type { Database } from "@/db/client";
import { db } from "@/lib/db";
import { PAGE_SIZE } from "@/lib/paging/page";
import { parseQuarterSlug, readReportContent, type QuarterRef, type ReportContent, type StoredReportContent } from "./content";
import {
  CROSS_GOVERNMENT,
  listPublishedQuarters,
  listPublishedReportPage,
  listPublishingDepartments,
  type PublishedQuarter,
  type PublishedReportSummary,
} from "./queries";
import { WeightedLru } from "./revision-cache";

/*
 * Reads of published reports for the public pages and their downloads. Everything comes from
 * report_revisions (the content frozen at publication, read in the current shape whatever schema
 * version it was published with: readReportContent): a report's draft narrative, its status
 * and today's figures are never read here, so a draft, submitted or approved report without a
 * revision does not exist as far as the public is concerned, and later changes to figures do not
 * change what was published.
 */

/** A published revision's metadata (timestamps as ISO strings, as the downloads give them). */
export interface PublishedRevisionInfo {
  number: number;
  publishedAt: string;
  correctionNote: string | null;
}

export interface PublishedReport {
  departmentSlug: string;
  quarter: QuarterRef;
  content: ReportContent;
  /** The shown revision's row id in report_revisions: immutable, so it names this content for good (ETag). */
  revisionId: number;
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
  departments: { content: ReportContent; revisionId: number; revision: PublishedRevisionInfo }[];
}

type Reader = Pick<Database, "execute">;

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

// ---------------------------------------------------------------------------------------------
// Every request reads which revision is current from Postgres (one small indexed query without
// the content), so every instance serves a new revision from the moment it is committed. The
// content, the large part, is kept in this process's memory by revision id: revisions are
// append-only (a trigger refuses UPDATE and DELETE), so an entry can never be stale and nothing
// has to be invalidated anywhere when a revision is published. Bounded by the size of the JSON.
// ---------------------------------------------------------------------------------------------

/** About 32 MB of JSON text (each entry weighs the length of its JSON); past that, the least recently read go. */
const CONTENT_BUDGET_CHARS = 32 * 1024 * 1024;
const CONTENT_KEY = Symbol.for("baseline.reportRevisionContent");

/** One cache per process, on globalThis: the pages and the route handlers may load this module separately. */
function contentCache(): WeightedLru<number, ReportContent> {
  const g = globalThis as unknown as Record<symbol, WeightedLru<number, ReportContent> | undefined>;
  return (g[CONTENT_KEY] ??= new WeightedLru(CONTENT_BUDGET_CHARS));
}

/** Tests only: forget every cached revision. */
export function clearRevisionContentCache(): void {
  contentCache().clear();
}

/** The content of each revision id, from memory or, for those not yet read here, in one query. */
async function contentsOf(reader: Reader, ids: readonly number[]): Promise<Map<number, ReportContent>> {
  const cache = contentCache();
  const found = new Map<number, ReportContent>();
  const missing: number[] = [];
  for (const id of ids) {
    const hit = cache.get(id);
    if (hit) found.set(id, hit);
    else missing.push(id);
  }
  if (missing.length > 0) {
    // As text, parsed here: its length is the entry's weight.
    const { rows } = await reader.execute<{ id: number; json: string }>(sql`
      select rr.id, rr.content::text as json from report_revisions rr where rr.id = any(${`{${missing.join(",")}}`}::int[])`);
    for (const r of rows) {
      const content = readReportContent(JSON.parse(r.json) as StoredReportContent);
      cache.set(r.id, content, r.json.length);
      found.set(r.id, content);
    }
  }
  return found;
}

type RevisionRow = {
  id: number;
  revision: number;
  published_at: string;
  correction_note: string | null;
};

const info = (r: RevisionRow): PublishedRevisionInfo => ({ number: r.revision, publishedAt: r.published_at, correctionNote: r.correction_note });

/**
 * A department's published report for a quarter at a given revision (the latest when none is
 * given), with the list of its revisions. Null when the department, the report or the revision
 * does not exist, or the report has never been published. One query (the revisions, without their
 * content), and a second for the content only the first time this process shows that revision.
 */
export async function readPublishedReport(reader: Reader, departmentSlug: string, q: QuarterRef, revision?: number): Promise<PublishedReport | null> {
  if (!SLUG.test(departmentSlug) || departmentSlug === CROSS_GOVERNMENT.slug) return null;
  if (revision !== undefined && !(Number.isInteger(revision) && revision >= 1 && revision < 1_000_000)) return null;
  const { rows } = await reader.execute<RevisionRow>(sql`
    select rr.id, rr.revision, to_char(rr.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as published_at, rr.correction_note
    from report_revisions rr
    join reports r on r.id = rr.report_id
    join org_units d on d.id = r.department_id and d.kind = 'department'
    where d.slug = ${departmentSlug} and r.year = ${q.year} and r.quarter = ${q.quarter}
    order by rr.revision`);
  const shown = revision === undefined ? rows[rows.length - 1] : rows.find((r) => r.revision === revision);
  if (!shown) return null;
  const content = (await contentsOf(reader, [shown.id])).get(shown.id);
  if (!content) return null;
  return {
    departmentSlug,
    quarter: q,
    content,
    revisionId: shown.id,
    revision: info(shown),
    latest: rows[rows.length - 1]!.revision,
    revisions: rows.map(info),
  };
}

/**
 * The cross-government report for a quarter: every department's published report for it, each at
 * its latest revision. Null when no department has published one. One query for which revisions
 * (without content), and one for the contents this process has not read yet.
 */
export async function readGovernmentReport(reader: Reader, q: QuarterRef): Promise<GovernmentReport | null> {
  const { rows } = await reader.execute<RevisionRow>(sql`
    select x.id, x.revision, x.published_at, x.correction_note
    from (
      select distinct on (r.id) d.sort_order, d.name, rr.id, rr.revision,
        to_char(rr.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as published_at, rr.correction_note
      from report_revisions rr
      join reports r on r.id = rr.report_id
      join org_units d on d.id = r.department_id and d.kind = 'department'
      where r.year = ${q.year} and r.quarter = ${q.quarter}
      order by r.id, rr.revision desc
    ) x
    order by x.sort_order, x.name`);
  if (rows.length === 0) return null;
  const contents = await contentsOf(reader, rows.map((r) => r.id));
  const departments = rows.flatMap((r) => {
    const content = contents.get(r.id);
    return content ? [{ content, revisionId: r.id, revision: info(r) }] : [];
  });
  return departments.length === 0 ? null : { quarter: q, departments };
}

// React's cache() shares one read between generateMetadata and the page within a request; nothing
// outlives the request but the content by revision id above.

/** The published report at a URL's department and quarter ("2026-q3"), at a revision or the latest. */
export const getPublishedReport = cache(async (departmentSlug: string, quarterParam: string, revision?: number): Promise<PublishedReport | null> => {
  const q = parseQuarterSlug(quarterParam);
  if (!q || !SLUG.test(departmentSlug)) return null;
  return readPublishedReport(db, departmentSlug, q, revision);
});

/** The cross-government report for a URL's quarter ("2026-q3"). */
export const getGovernmentReport = cache(async (quarterParam: string): Promise<GovernmentReport | null> => {
  const q = parseQuarterSlug(quarterParam);
  return q ? readGovernmentReport(db, q) : null;
});

export type PublishedReportListItem = Omit<PublishedReportSummary, "publishedAt"> & { publishedAt: string };

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
 * departments that have published, and one page of reports matching the filters. Read per request
 * (three small queries), so a publication on any instance is listed everywhere at once; a filter or
 * page that does not exist is no filter, or the last page.
 */
export async function getPublishedReportIndex(filters: { department: string; quarter: string; page: number }): Promise<PublishedReportIndex> {
  const [quarters, departments] = await Promise.all([listPublishedQuarters(), listPublishingDepartments()]);
  const department = departments.find((d) => d.slug === filters.department) ?? null;
  const q = parseQuarterSlug(filters.quarter);
  const quarter = q && quarters.some((p) => p.year === q.year && p.quarter === q.quarter) ? q : null;
  const published = quarters.reduce((n, p) => n + p.departments, 0);
  const page = Math.min(Math.max(1, filters.page), Math.max(1, Math.ceil(published / PAGE_SIZE)));
  if (published === 0) return { quarters, departments, department, quarter, total: 0, rows: [] };
  const { total, rows } = await listPublishedReportPage({ department: department?.slug ?? null, quarter, page });
  return { quarters, departments, department, quarter, total, rows: rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() })) };
}
