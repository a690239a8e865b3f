import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import { cache } from "react";
import type { SessionUser } from "@/lib/auth/current-user";
import { seesAllDepartments, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listUnitsUserMay } from "@/lib/org/queries";
import { unitDepartmentCte, unitTreeCte } from "@/lib/org/tree-sql";
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
  /** Matching the department, source and status filters, whatever the view. */
  total: number;
  active: number;
  overdue: number;
  dueSoon: number;
}

/**
 * The recommendations the user may see, filtered by department, source, status and view (all,
 * still active, overdue, due soon), with the count of each view — in one statement.
 */
export async function listRecommendations(
  user: SessionUser,
  filters: RecommendationFilters,
  today: string,
): Promise<{ rows: RecommendationRow[]; counts: RecommendationCounts }> {
  const where: SQL[] = [scopeFilter(user)];
  if (filters.department) where.push(sql`d.slug = ${filters.department}`);
  if (filters.source) where.push(sql`r.source = ${filters.source}`);
  if (filters.status) where.push(sql`r.status = ${filters.status}`);
  const view =
    filters.view === "overdue"
      ? sql`b.overdue`
      : filters.view === "due_soon"
        ? sql`b.due_soon`
        : filters.view === "active"
          ? sql`b.status in ('open', 'in_progress')`
          : sql`true`;
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
  }>(sql`
    with recursive ${unitDepartmentCte},
    base as (
      select r.id, r.ref, r.source, r.report_title, r.text, r.acceptance, r.owner_name, to_char(r.target_date, 'YYYY-MM-DD') as target_date, r.status,
        u.name as unit_name, d.slug as department_slug, d.name as department_name, d.sort_order as dept_order,
        ${overdueAtSql(today)} as overdue, ${dueSoonSql(today)} as due_soon
      from recommendations r
      join org_units u on u.id = r.unit_id
      join unit_department ud on ud.id = r.unit_id
      join org_units d on d.id = ud.department_id
      where ${sql.join(where, sql` and `)}
    ),
    counts as (
      select count(*)::int as total,
        count(*) filter (where status in ('open', 'in_progress'))::int as active,
        count(*) filter (where overdue)::int as overdue_count,
        count(*) filter (where due_soon)::int as due_soon_count
      from base
    )
    select b.*, c.* from counts c
    left join base b on ${view}
    order by b.overdue desc, b.status in ('open', 'in_progress') desc, b.target_date asc nulls last, b.dept_order, b.ref`);
  const first = rows[0];
  const counts = { total: first?.total ?? 0, active: first?.active ?? 0, overdue: first?.overdue_count ?? 0, dueSoon: first?.due_soon_count ?? 0 };
  return {
    counts,
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
