import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import { cache } from "react";
import type { SessionUser } from "@/lib/auth/current-user";
import { seesAllDepartments, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listUnitsUserMay } from "@/lib/org/queries";
import { unitTreeCte, unitTreeOfCte } from "@/lib/org/tree-sql";
import { pageWindow, PAGE_SIZE, type PageWindow } from "@/lib/paging/page";
import { containsPattern } from "@/lib/paging/search";
import type { RecommendationFilters } from "@/lib/validation/recommendation";
import { dueSoonSql, overdueAtSql } from "./overdue-sql";
import { type RecommendationAcceptance, type RecommendationSource, type RecommendationStatus } from "./rules";

/** Whom the tracker covers: every department (VIEWER, ADMIN) or the user's own (SLT, LEAD). Needs `ud`. */
const scopeFilter = (user: SessionUser): SQL => departmentScopeSql(user, sql`ud.department_id`);


export interface RecommendationRow {
  id: number;
  ref: string;
  source: RecommendationSource;
  reportTitle: string;
  text: string;
  acceptance: RecommendationAcceptance | null;
  ownerName: string;
  targetDate: string | null;
  status: RecommendationStatus;
  unitName: string;
  departmentSlug: string;
  departmentName: string;
}

export interface RecommendationCounts {
  /** Matching the department, source, status and search filters, whatever the view. */
  total: number;
  active: number;
  overdue: number;
  dueSoon: number;
}

/**
 * The recommendations the user may see matching the filters (not the view), then `tail`. Scope
 * first: the unit tree is grown only from the departments in scope (and the one the filters name),
 * and recommendations are reached through their units' index, so a department's SLT costs what
 * their department holds. Each row carries `overdue` and `due_soon` as the rules say (overdue-sql.ts).
 */
function baseSql(user: SessionUser, filters: RecommendationFilters, today: string): SQL {
  const inScope = departmentScopeSql(user, sql`id`);
  const departments = filters.department ? sql`${inScope} and slug = ${filters.department}` : inScope;
  // Scope again on the department row: deny by default even if the tree's roots were widened.
  const where: SQL[] = [scopeFilter(user)];
  if (filters.source) where.push(sql`r.source = ${filters.source}`);
  if (filters.status) where.push(sql`r.status = ${filters.status}`);
  if (filters.q) {
    const p = containsPattern(filters.q);
    where.push(sql`(r.ref ilike ${p} or r.text ilike ${p} or r.report_title ilike ${p})`);
  }
  return sql`
    with recursive ${unitTreeOfCte(departments)},
    base as materialized (
      select r.id, r.ref, r.source, r.report_title, r.text, r.acceptance, r.owner_name, r.target_date, r.status,
        u.name as unit_name, d.slug as department_slug, d.name as department_name, d.sort_order as dept_order,
        ${overdueAtSql(today)} as overdue, ${dueSoonSql(today)} as due_soon
      from unit_tree ud
      join recommendations r on r.unit_id = ud.id
      join org_units u on u.id = ud.id
      join org_units d on d.id = ud.department_id
      where ${sql.join(where, sql` and `)}
    )`;
}

const ACTIVE = sql`b.status in ('open', 'in_progress')`;

function viewSql(view: RecommendationFilters["view"]): SQL {
  if (view === "overdue") return sql`b.overdue`;
  if (view === "due_soon") return sql`b.due_soon`;
  if (view === "active") return ACTIVE;
  return sql`true`;
}

/** The ORDER BY of each sort; every one ends on the id, so that pages never overlap or skip a row. */
function orderSql(f: RecommendationFilters, alias = "b"): SQL {
  const b = sql.identifier(alias);
  const dir = sql.raw(f.dir === "desc" ? "desc" : "asc");
  switch (f.sort) {
    case "ref":
      return sql`${b}.ref ${dir}, ${b}.id`;
    case "target":
      // No target date sorts last either way: it is not a date to plan against.
      return sql`${b}.target_date ${dir} nulls last, ${b}.id`;
    case "status":
      // The status type's order: open, in progress, implemented, not accepted, closed.
      return sql`${b}.status ${dir}, ${b}.target_date asc nulls last, ${b}.id`;
    case "priority":
      return sql`${b}.overdue desc, ${b}.status in ('open', 'in_progress') desc, ${b}.target_date asc nulls last, ${b}.dept_order, ${b}.ref, ${b}.id`;
  }
}

/**
 * One page of the recommendations the user may see, filtered by department, source, status,
 * search and view (all, still active, overdue, due soon), in the order asked, with the count of
 * each view (the tabs): ONE statement whatever the number of recommendations. The matching rows
 * are worked out once, counted, sorted and cut to the page (LIMIT/OFFSET). A page past the end
 * shows the last page (the OFFSET is clamped in SQL as pageWindow clamps it). `size` is for tests.
 */
export async function listRecommendations(
  user: SessionUser,
  filters: RecommendationFilters,
  today: string,
  size = PAGE_SIZE,
): Promise<{ rows: RecommendationRow[]; counts: RecommendationCounts; window: PageWindow }> {
  // The page's rows, or one row of nulls beside the counts when there is none (left join).
  const { rows } = await db.execute<{
    id: number | null;
    ref: string;
    source: RecommendationSource;
    report_title: string;
    text: string;
    acceptance: RecommendationAcceptance | null;
    owner_name: string;
    target_date: string | null;
    status: RecommendationStatus;
    unit_name: string;
    department_slug: string;
    department_name: string;
    total: number;
    active: number;
    overdue_count: number;
    due_soon_count: number;
    shown: number;
  }>(sql`
    ${baseSql(user, filters, today)},
    counts as (
      select count(*)::int as total,
        count(*) filter (where ${ACTIVE})::int as active,
        count(*) filter (where b.overdue)::int as overdue_count,
        count(*) filter (where b.due_soon)::int as due_soon_count,
        count(*) filter (where ${viewSql(filters.view)})::int as shown
      from base b
    ),
    page as (
      select b.* from base b
      where ${viewSql(filters.view)}
      order by ${orderSql(filters)}
      limit ${size}
      offset (select (least(${filters.page}::int, greatest(1, ceil(c.shown / ${size}::numeric)::int)) - 1) * ${size}::int from counts c)
    )
    select c.total, c.active, c.overdue_count, c.due_soon_count, c.shown,
      p.id, p.ref, p.source, p.report_title, p.text, p.acceptance, p.owner_name, to_char(p.target_date, 'YYYY-MM-DD') as target_date, p.status,
      p.unit_name, p.department_slug, p.department_name
    from counts c
    left join page p on true
    order by ${orderSql(filters, "p")}`);
  const c = rows[0];
  const counts = { total: c?.total ?? 0, active: c?.active ?? 0, overdue: c?.overdue_count ?? 0, dueSoon: c?.due_soon_count ?? 0 };
  return {
    counts,
    window: pageWindow(c?.shown ?? 0, filters.page, size),
    rows: rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        id: r.id!,
        ref: r.ref,
        source: r.source,
        reportTitle: r.report_title,
        text: r.text,
        acceptance: r.acceptance,
        ownerName: r.owner_name,
        targetDate: r.target_date,
        status: r.status,
        unitName: r.unit_name,
        departmentSlug: r.department_slug,
        departmentName: r.department_name,
      })),
  };
}

/** The departments the user may filter by (all of them, or their own). */
export async function listVisibleDepartments(user: SessionUser): Promise<{ slug: string; name: string }[]> {
  const { rows } = await db.execute<{ slug: string; name: string }>(sql`
    select slug, name from org_units
    where kind = 'department' and (${seesAllDepartments(user)} or id = ${user.departmentId ?? -1})
    order by sort_order, name`);
  return rows;
}

export interface ProgressUpdate {
  id: number;
  note: string;
  statusFrom: RecommendationStatus | null;
  statusTo: RecommendationStatus | null;
  author: string | null;
  at: string;
}

export interface RecommendationDetail {
  id: number;
  ref: string;
  source: RecommendationSource;
  reportTitle: string;
  reportDate: string | null;
  unitId: number;
  unitName: string;
  departmentSlug: string;
  departmentName: string;
  text: string;
  acceptance: RecommendationAcceptance | null;
  response: string | null;
  ownerName: string;
  targetDate: string | null;
  status: RecommendationStatus;
  completionEvidence: string | null;
  implementedOn: string | null;
  version: number;
  updatedAt: string;
  scope: UnitScope;
  updates: ProgressUpdate[];
}

/**
 * One recommendation with its unit's scope and its progress updates (oldest first), when the user
 * may see it; null otherwise (unknown and out of scope look the same). One statement, cached per
 * request (the page and its metadata share it).
 */
export const getRecommendation = cache(async (user: SessionUser, id: number): Promise<RecommendationDetail | null> => {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const { rows } = await db.execute<{
    id: number;
    ref: string;
    source: RecommendationSource;
    report_title: string;
    report_date: string | null;
    unit_id: number;
    unit_name: string;
    department_id: number;
    department_slug: string;
    department_name: string;
    text: string;
    acceptance: RecommendationAcceptance | null;
    response: string | null;
    owner_name: string;
    target_date: string | null;
    status: RecommendationStatus;
    completion_evidence: string | null;
    implemented_on: string | null;
    version: number;
    updated_at: string;
    ancestor_ids: number[];
    updates: { id: number; note: string; status_from: RecommendationStatus | null; status_to: RecommendationStatus | null; author: string | null; at: string }[];
  }>(sql`
    with recursive ${unitTreeCte}
    select r.id, r.ref, r.source, r.report_title, to_char(r.report_date, 'YYYY-MM-DD') as report_date, r.unit_id, u.name as unit_name,
      d.id as department_id, d.slug as department_slug, d.name as department_name, r.text, r.acceptance, r.response, r.owner_name,
      to_char(r.target_date, 'YYYY-MM-DD') as target_date, r.status, r.completion_evidence, to_char(r.implemented_on, 'YYYY-MM-DD') as implemented_on,
      r.version, r.updated_at,
      ud.ancestor_ids,
      coalesce((
        select json_agg(json_build_object('id', x.id, 'note', x.note, 'status_from', x.status_from, 'status_to', x.status_to, 'author', au.name, 'at', x.created_at) order by x.created_at, x.id)
        from recommendation_updates x left join users au on au.id = x.created_by_id
        where x.recommendation_id = r.id
      ), '[]') as updates
    from recommendations r
    join org_units u on u.id = r.unit_id
    join unit_tree ud on ud.id = r.unit_id
    join org_units d on d.id = ud.department_id
    where r.id = ${id} and ${scopeFilter(user)}`);
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    ref: r.ref,
    source: r.source,
    reportTitle: r.report_title,
    reportDate: r.report_date,
    unitId: r.unit_id,
    unitName: r.unit_name,
    departmentSlug: r.department_slug,
    departmentName: r.department_name,
    text: r.text,
    acceptance: r.acceptance,
    response: r.response,
    ownerName: r.owner_name,
    targetDate: r.target_date,
    status: r.status,
    completionEvidence: r.completion_evidence,
    implementedOn: r.implemented_on,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
    scope: { unitId: r.unit_id, departmentId: r.department_id, ancestorIds: r.ancestor_ids },
    updates: r.updates.map((x) => ({ id: x.id, note: x.note, statusFrom: x.status_from, statusTo: x.status_to, author: x.author, at: x.at })),
  };
});

export interface EditableUnit {
  id: number;
  name: string;
  kind: string;
  departmentName: string;
}

/** The units the user may give a recommendation to (recommendation:edit), in tree order: each department then its units. One query. */
export async function listEditableUnits(user: SessionUser): Promise<EditableUnit[]> {
  const units = await listUnitsUserMay(user, "recommendation:edit");
  return units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, departmentName: u.departmentName }));
}
