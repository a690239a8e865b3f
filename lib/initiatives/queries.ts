import "server-only";
import { cache } from "react";
import { sql, type SQL } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import { targetInForceJoin } from "@/lib/measures/figure-sql";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { Status } from "@/lib/measures/status";
import { listUnitsUserMay } from "@/lib/org/queries";
import { PAGE_SIZE, pageWindow, type PageWindow } from "@/lib/paging/page";
import { containsPattern } from "@/lib/paging/search";
import { milestoneOverdueAtSql, ragAsAtJoin } from "./as-at-sql";
import type { InitiativeSort, SortDirection } from "./list-params";
import { unitDepartmentCte, unitTreeCte, unitTreeOfUnitsCte, withinUnitSql } from "@/lib/org/tree-sql";
import type { InitiativeStatus, InitiativeType, MilestoneStatus, PeriodType, Rag, ValueType } from "@/lib/enums";

/** Reads are limited to the departments the user may see (VIEWER and ADMIN: all; SLT and LEAD: their own). */
const scopeFilter = (user: SessionUser): SQL => departmentScopeSql(user, sql`ud.department_id`);

/** The open milestones of an initiative `i`, earliest expected date first (shared by the list and timeline). */
const openMilestone = sql`ms.actual_date is null and ms.status not in ('achieved', 'cancelled')`;

export interface InitiativeFilters {
  department?: string | null;
  unitId?: number | null;
  type?: InitiativeType | null;
  rag?: Rag | "none" | null;
  overdue?: boolean;
  /** Text the CSP reference or the title contains, in any case. */
  q?: string;
}

export interface InitiativeListRow {
  id: number;
  cspRef: string;
  title: string;
  type: InitiativeType;
  /** The RAG as at today: that of the latest monthly update for a month on or before today (ragAsAt). */
  rag: Rag | null;
  status: InitiativeStatus;
  ongoing: boolean;
  targetDate: string | null;
  targetDateLabel: string | null;
  unitName: string;
  unitShortName: string;
  departmentSlug: string;
  departmentShortName: string;
  /** The earliest open milestone (overdue when its expected date is before today). */
  nextMilestone: { id: number; title: string; expected: string; overdue: boolean } | null;
  /** Milestones overdue at today (milestoneOverdueAtSql). */
  overdueCount: number;
  /** The month of the latest update on or before today ("YYYY-MM-01"), or null when there is none. */
  lastUpdate: string | null;
}

export interface InitiativePaging {
  sort: InitiativeSort;
  dir: SortDirection;
  /** The page asked for; one past the end shows the last page. */
  page: number;
  /** Rows a page (PAGE_SIZE unless a test asks for the whole list). */
  size?: number;
}

export interface InitiativeListPage {
  rows: InitiativeListRow[];
  window: PageWindow;
}

/** The earliest open milestone of initiative `i` as `nm(id, title, expected)`: for the sort and the rows. */
const nextMilestoneJoin = sql`left join lateral (
      select ms.id, ms.title, coalesce(ms.forecast_date, ms.planned_date) as expected
      from milestones ms where ms.initiative_id = i.id and ${openMilestone}
      order by coalesce(ms.forecast_date, ms.planned_date), ms.sort_order, ms.id limit 1
    ) nm on true`;

/**
 * Each sort's keys (then CSP reference and id, so that the order is total and pages never overlap).
 * A key from a derived figure says which join it needs, so that the filter stage joins only that.
 */
const SORTS: Record<InitiativeSort, { keys: SQL[]; needs?: "rag" | "next" }> = {
  unit: { keys: [sql`d.sort_order`, sql`d.name`, sql`u.sort_order`, sql`u.name`] },
  ref: { keys: [sql`i.csp_ref`] },
  title: { keys: [sql`i.title`] },
  // Red first when ascending: the order of concern, not of the alphabet.
  rag: { keys: [sql`case rag_at.rag when 'red' then 0 when 'amber' then 1 when 'green' then 2 end`], needs: "rag" },
  next: { keys: [sql`nm.expected`], needs: "next" },
  target: { keys: [sql`i.target_date`] },
  updated: { keys: [sql`rag_at.period`], needs: "rag" },
};

/**
 * `hits(id, csp_ref, department_id, k0…)`: the initiatives in the user's scope that pass the
 * filters, with the sort keys of `order`. Scope and the plain filters come first; the as-at
 * figures (RAG, overdue) are computed only for what is left, and only when a filter or the sort
 * needs them — so the cost follows the user's scope, not the whole government.
 */
function hitsCte(user: SessionUser, f: InitiativeFilters, today: string, order?: InitiativePaging): SQL {
  const where: SQL[] = [departmentScopeSql(user, sql`ut.department_id`)];
  if (f.department) where.push(sql`d.slug = ${f.department}`);
  if (f.unitId) where.push(withinUnitSql(sql`ut`, f.unitId));
  if (f.type) where.push(sql`i.type = ${f.type}`);
  if (f.q) where.push(sql`(i.csp_ref ilike ${containsPattern(f.q)} or i.title ilike ${containsPattern(f.q)})`);
  if (f.rag === "none") where.push(sql`rag_at.rag is null`);
  else if (f.rag) where.push(sql`rag_at.rag = ${f.rag}`);
  if (f.overdue) where.push(sql`exists (select 1 from milestones ms where ms.initiative_id = i.id and ${milestoneOverdueAtSql("ms", today)})`);
  const sort = order ? SORTS[order.sort] : undefined;
  const keys = (sort?.keys ?? []).map((k, n) => sql`, ${k} as ${sql.identifier(`k${n}`)}`);
  return sql`hits as (
    select i.id, i.csp_ref, ut.department_id${sql.join(keys)}
    from initiatives i
    join unit_tree ut on ut.id = i.lead_unit_id
    join org_units u on u.id = i.lead_unit_id
    join org_units d on d.id = ut.department_id
    ${f.rag || sort?.needs === "rag" ? ragAsAtJoin("i", today) : sql``}
    ${sort?.needs === "next" ? nextMilestoneJoin : sql``}
    where ${sql.join(where, sql` and `)}
  )`;
}

/** The ORDER BY of `order` over the hits columns of row `alias`. Nulls (no update, no milestone) go last either way. */
function hitsOrder(alias: string, order: InitiativePaging): SQL {
  const a = sql.identifier(alias);
  const dir = order.dir === "desc" ? sql`desc` : sql`asc`;
  const keys = SORTS[order.sort].keys.map((_, n) => sql`${a}.${sql.identifier(`k${n}`)} ${dir} nulls last`);
  return sql.join([...keys, sql`${a}.csp_ref`, sql`${a}.id`], sql`, `);
}

/** How many initiatives in the user's scope pass the filters. */
async function countInitiatives(user: SessionUser, filters: InitiativeFilters, today: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    with recursive ${unitTreeCte}, ${hitsCte(user, filters, today)}
    select count(*)::int as n from hits`);
  return rows[0]?.n ?? 0;
}

/** One page of the filtered, sorted initiatives; the figures shown are computed for that page's rows only. */
async function initiativeRows(user: SessionUser, filters: InitiativeFilters, order: InitiativePaging, today: string, offset: number, limit: number) {
  const { rows } = await db.execute<{
    id: number; csp_ref: string; title: string; type: InitiativeType; rag: Rag | null; status: InitiativeStatus; ongoing: boolean;
    target_date: string | null; target_date_label: string | null; unit_name: string; unit_short_name: string;
    department_slug: string; department_short_name: string; next_id: number | null; next_title: string | null;
    next_expected: string | null; overdue_count: number; last_update: string | null;
  }>(sql`
    with recursive ${unitTreeCte}, ${hitsCte(user, filters, today, order)},
    page as (select * from hits h order by ${hitsOrder("h", order)} limit ${limit} offset ${offset})
    select i.id, i.csp_ref, i.title, i.type, rag_at.rag, i.status, i.ongoing, to_char(i.target_date, 'YYYY-MM-DD') as target_date,
      i.target_date_label, u.name as unit_name, u.short_name as unit_short_name, d.slug as department_slug,
      d.short_name as department_short_name, nm.id as next_id, nm.title as next_title, to_char(nm.expected, 'YYYY-MM-DD') as next_expected,
      oc.n as overdue_count, to_char(rag_at.period, 'YYYY-MM-DD') as last_update
    from page p
    join initiatives i on i.id = p.id
    join org_units u on u.id = i.lead_unit_id
    join org_units d on d.id = p.department_id
    ${ragAsAtJoin("i", today)}
    ${nextMilestoneJoin}
    cross join lateral (
      select count(*)::int as n from milestones ms
      where ms.initiative_id = i.id and ${milestoneOverdueAtSql("ms", today)}
    ) oc
    order by ${hitsOrder("p", order)}`);

  return rows.map(
    (r): InitiativeListRow => ({
      id: r.id,
      cspRef: r.csp_ref,
      title: r.title,
      type: r.type,
      rag: r.rag,
      status: r.status,
      ongoing: r.ongoing,
      targetDate: r.target_date,
      targetDateLabel: r.target_date_label,
      unitName: r.unit_name,
      unitShortName: r.unit_short_name,
      departmentSlug: r.department_slug,
      departmentShortName: r.department_short_name,
      nextMilestone:
        r.next_id !== null ? { id: r.next_id, title: r.next_title!, expected: r.next_expected!, overdue: r.next_expected! < today } : null,
      overdueCount: r.overdue_count,
      lastUpdate: r.last_update,
    }),
  );
}

/**
 * A page of the initiatives the user may see, filtered and sorted in SQL: two statements whatever
 * the number of initiatives (the count and the page, side by side; a third only when the page
 * asked for lies past the end). Filters, sort and page come from initiativeListParams.
 */
export async function listInitiatives(user: SessionUser, filters: InitiativeFilters, paging: InitiativePaging, today: string): Promise<InitiativeListPage> {
  const size = paging.size ?? PAGE_SIZE;
  const asked = pageWindow(Number.MAX_SAFE_INTEGER, paging.page, size);
  const [total, rows] = await Promise.all([
    countInitiatives(user, filters, today),
    initiativeRows(user, filters, paging, today, asked.offset, size),
  ]);
  const window = pageWindow(total, paging.page, size);
  return { rows: window.offset === asked.offset ? rows : await initiativeRows(user, filters, paging, today, window.offset, size), window };
}

export interface InitiativeFilterOptions {
  /** The departments the user may see, in their order. */
  departments: { slug: string; name: string }[];
  /**
   * The department whose units are offered: the one chosen, else that of the unit chosen, else the
   * user's only department; null when the user sees several and has chosen none.
   */
  department: string | null;
  /** The units below that department, in tree order (none when `department` is null). */
  units: { id: number; name: string; depth: number }[];
}

/**
 * What the list's filters offer, in one query. Units are listed for one department at a time:
 * at ten times the size the whole government has 600, too many for one drop-down.
 */
export async function listInitiativeFilterOptions(user: SessionUser, department: string | null, unitId: number | null): Promise<InitiativeFilterOptions> {
  const { rows } = await db.execute<{ departments: InitiativeFilterOptions["departments"]; department: string | null; units: InitiativeFilterOptions["units"] }>(sql`
    with recursive ${unitTreeCte},
    depts as (select d.id, d.slug, d.name, d.sort_order from org_units d where d.parent_id is null and ${departmentScopeSql(user, sql`d.id`)}),
    chosen as (
      select id, slug from depts
      where slug = ${department}
        or (${department}::text is null and id = (select ut.department_id from unit_tree ut where ut.id = ${unitId}::int))
        or (${department}::text is null and ${unitId}::int is null and (select count(*) from depts) = 1)
      limit 1
    )
    select
      coalesce((select json_agg(json_build_object('slug', slug, 'name', name) order by sort_order, name) from depts), '[]'::json) as departments,
      (select slug from chosen) as department,
      coalesce((
        select json_agg(json_build_object('id', o.id, 'name', o.name, 'depth', ut.depth) order by ut.sort_path)
        from unit_tree ut join org_units o on o.id = ut.id
        where ut.department_id = (select id from chosen) and ut.depth > 0
      ), '[]'::json) as units`);
  const r = rows[0]!;
  return { departments: r.departments, department: r.department, units: r.units };
}

export interface ScopeUnit {
  id: number;
  slug: string;
  name: string;
  kind: string;
  departmentSlug: string;
  departmentName: string;
}

/** The departments and units the user may see, for the filters and the timeline (one query). */
export async function listVisibleUnits(user: SessionUser): Promise<ScopeUnit[]> {
  const { rows } = await db.execute<{ id: number; slug: string; name: string; kind: string; department_slug: string; department_name: string }>(sql`
    with recursive ${unitDepartmentCte}
    select u.id, u.slug, u.name, u.kind::text as kind, d.slug as department_slug, d.name as department_name
    from org_units u join unit_department ud on ud.id = u.id join org_units d on d.id = ud.department_id
    where ${scopeFilter(user)}
    order by d.sort_order, d.name, u.kind <> 'department', u.sort_order, u.name`);
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, kind: r.kind, departmentSlug: r.department_slug, departmentName: r.department_name }));
}

export interface InitiativeDetail {
  id: number;
  cspRef: string;
  title: string;
  deliverables: string;
  type: InitiativeType;
  status: InitiativeStatus;
  ongoing: boolean;
  startDate: string | null;
  targetDate: string | null;
  targetDateLabel: string | null;
  wellbeingOutcomes: string | null;
  impactedMeasuresText: string | null;
  successCriterion: string | null;
  rag: Rag | null;
  ragReason: string | null;
  version: number;
  leadUnitId: number;
  unitName: string;
  departmentSlug: string;
  departmentName: string;
  priorityId: number | null;
  priority: { code: string; title: string } | null;
  keyObjectiveId: number | null;
  keyObjective: string | null;
  /** The funding lines that pay for it (its money: initiatives carry no allocation of their own), newest year first. */
  funding: InitiativeFunding[];
}

export interface InitiativeUpdateRow {
  id: number;
  period: string;
  rag: Rag;
  reason: string | null;
  commentary: string | null;
  by: string | null;
  at: string;
}

export interface ForecastChangeRow {
  fromDate: string | null;
  toDate: string;
  reason: string;
  by: string | null;
  at: string;
}

export interface MilestoneRow {
  id: number;
  title: string;
  plannedDate: string;
  forecastDate: string | null;
  actualDate: string | null;
  status: MilestoneStatus;
  version: number;
  changes: ForecastChangeRow[];
}

export interface ImpactedMeasure {
  id: number;
  code: string;
  name: string;
  valueType: ValueType;
  decimals: number;
  period: string | null;
  periodType: PeriodType | null;
  value: number | null;
  status: Status;
}

/** A Government Plan funding line (growth or capital) that pays for the initiative. */
export interface InitiativeFunding {
  id: number;
  ref: string | null;
  name: string;
  kind: "growth" | "capital";
  year: number;
  allocationPence: number;
}

export interface InitiativePage {
  initiative: InitiativeDetail;
  updates: InitiativeUpdateRow[];
  milestones: MilestoneRow[];
  measures: ImpactedMeasure[];
}

/**
 * An initiative with its updates (newest first), milestones with their forecast history, and the
 * measures it impacts with their latest submitted status — four queries, run side by side. Null
 * when it does not exist or lies outside the user's departments (the page answers 404 either way).
 * Cached per request, so that the page and its metadata share one read.
 */
export const getInitiativePage = cache(async (user: SessionUser, id: number): Promise<InitiativePage | null> => {
  const [head, updates, milestones, measures] = await Promise.all([
    db.execute<{
      id: number; csp_ref: string; title: string; deliverables: string; type: InitiativeType; status: InitiativeStatus; ongoing: boolean;
      start_date: string | null; target_date: string | null; target_date_label: string | null; wellbeing_outcomes: string | null;
      impacted_measures_text: string | null; success_criterion: string | null; rag: Rag | null;
      rag_reason: string | null; version: number; lead_unit_id: number; unit_name: string; department_slug: string;
      department_name: string; priority_id: number | null; priority_code: string | null; priority_title: string | null;
      key_objective_id: number | null; key_objective: string | null; funding: InitiativeFunding[];
    }>(sql`
      with recursive ${unitTreeOfUnitsCte(sql`id = (select lead_unit_id from initiatives where id = ${id})`)}
      select i.id, i.csp_ref, i.title, i.deliverables, i.type, i.status, i.ongoing, to_char(i.start_date, 'YYYY-MM-DD') as start_date,
        to_char(i.target_date, 'YYYY-MM-DD') as target_date, i.target_date_label, i.wellbeing_outcomes, i.impacted_measures_text,
        i.success_criterion, i.rag, i.rag_reason, i.version, i.lead_unit_id, u.name as unit_name,
        d.slug as department_slug, d.name as department_name, i.priority_id, sp.code as priority_code, sp.title as priority_title,
        i.key_objective_id, ko.title as key_objective,
        coalesce((select json_agg(json_build_object('id', p.id, 'ref', p.ref, 'name', p.name, 'kind', p.kind, 'year', p.year,
            'allocationPence', p.allocation_pence) order by p.year desc, p.sort_order, p.id)
          from funding_programme_initiatives fpi join funding_programmes p on p.id = fpi.programme_id
          where fpi.initiative_id = i.id), '[]'::json) as funding
      from initiatives i
      join org_units u on u.id = i.lead_unit_id
      join unit_tree ud on ud.id = i.lead_unit_id
      join org_units d on d.id = ud.department_id
      left join strategic_priorities sp on sp.id = i.priority_id
      left join key_objectives ko on ko.id = i.key_objective_id
      where i.id = ${id} and ${scopeFilter(user)}`),
    db.execute<{ id: number; period: string; rag: Rag; reason: string | null; commentary: string | null; by: string | null; at: string }>(sql`
      select up.id, to_char(up.period, 'YYYY-MM-DD') as period, up.rag, up.reason, up.commentary,
        (select usr.name from users usr where usr.id = up.created_by_id) as by, up.created_at::text as at
      from initiative_updates up
      where up.initiative_id = ${id}
      order by up.period desc, up.id desc`),
    db.execute<{
      id: number; title: string; planned_date: string; forecast_date: string | null; actual_date: string | null; status: MilestoneStatus;
      version: number; changes: ForecastChangeRow[];
    }>(sql`
      select ms.id, ms.title, to_char(ms.planned_date, 'YYYY-MM-DD') as planned_date, to_char(ms.forecast_date, 'YYYY-MM-DD') as forecast_date,
        to_char(ms.actual_date, 'YYYY-MM-DD') as actual_date, ms.status, ms.version, coalesce(fc.changes, '[]'::json) as changes
      from milestones ms
      left join lateral (
        select json_agg(json_build_object('fromDate', to_char(c.from_date, 'YYYY-MM-DD'), 'toDate', to_char(c.to_date, 'YYYY-MM-DD'),
          'reason', c.reason, 'by', usr.name, 'at', c.changed_at) order by c.changed_at desc, c.id desc) as changes
        from milestone_forecast_changes c left join users usr on usr.id = c.changed_by_id
        where c.milestone_id = ms.id
      ) fc on true
      where ms.initiative_id = ${id}
      order by ms.sort_order, ms.planned_date, ms.id`),
    // The latest submitted figure of each impacted measure, judged against the target in force for its period.
    db.execute<{
      id: number; code: string; name: string; value_type: ValueType; decimals: number; period: string | null;
      period_type: PeriodType | null; value: string | null; status: Status;
    }>(sql`
      select m.id, m.code, m.name, m.value_type, m.decimals, to_char(v.period, 'YYYY-MM-DD') as period, v.period_type::text as period_type,
        v.value, measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct) as status
      from initiative_measures im
      join measures m on m.id = im.measure_id
      left join lateral (
        select mv.period, mv.period_type, mv.value from measure_values mv
        where mv.measure_id = m.id and mv.status = 'submitted' order by mv.period desc limit 1
      ) v on true
      ${targetInForceJoin(sql`v.period`)}
      where im.initiative_id = ${id}
      order by m.code`),
  ]);
  const r = head.rows[0];
  if (!r) return null;
  return {
    initiative: {
      id: r.id,
      cspRef: r.csp_ref,
      title: r.title,
      deliverables: r.deliverables,
      type: r.type,
      status: r.status,
      ongoing: r.ongoing,
      startDate: r.start_date,
      targetDate: r.target_date,
      targetDateLabel: r.target_date_label,
      wellbeingOutcomes: r.wellbeing_outcomes,
      impactedMeasuresText: r.impacted_measures_text,
      successCriterion: r.success_criterion,
      rag: r.rag,
      ragReason: r.rag_reason,
      version: r.version,
      leadUnitId: r.lead_unit_id,
      unitName: r.unit_name,
      departmentSlug: r.department_slug,
      departmentName: r.department_name,
      priorityId: r.priority_id,
      priority: r.priority_code ? { code: r.priority_code, title: r.priority_title ?? "" } : null,
      keyObjectiveId: r.key_objective_id,
      keyObjective: r.key_objective,
      funding: r.funding,
    },
    updates: updates.rows,
    milestones: milestones.rows.map((m) => ({
      id: m.id,
      title: m.title,
      plannedDate: m.planned_date,
      forecastDate: m.forecast_date,
      actualDate: m.actual_date,
      status: m.status,
      version: m.version,
      changes: m.changes,
    })),
    measures: measures.rows.map((m) => ({
      id: m.id,
      code: m.code,
      name: m.name,
      valueType: m.value_type,
      decimals: m.decimals,
      period: m.period,
      periodType: m.period_type,
      value: m.value === null ? null : Number(m.value),
      status: m.status as Status,
    })),
  };
});

export type TimelineMilestone = Omit<MilestoneRow, "version" | "changes">;

export interface TimelineInitiative {
  id: number;
  cspRef: string;
  title: string;
  unitShortName: string;
  rag: Rag | null;
  targetDate: string | null;
  milestones: TimelineMilestone[];
}

/**
 * A department's initiatives with the milestones that fall in `year` (by actual date when achieved,
 * else by forecast, else planned) — one query. Initiatives without a milestone that year are listed
 * too, so that the timeline shows what has nothing scheduled.
 */
export async function getTimeline(departmentId: number, year: number): Promise<TimelineInitiative[]> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const { rows } = await db.execute<{
    id: number; csp_ref: string; title: string; unit_short_name: string; rag: Rag | null; target_date: string | null; milestones: TimelineMilestone[];
  }>(sql`
    with recursive ${unitDepartmentCte}
    select i.id, i.csp_ref, i.title, u.short_name as unit_short_name, i.rag, to_char(i.target_date, 'YYYY-MM-DD') as target_date,
      coalesce(ml.items, '[]'::json) as milestones
    from initiatives i
    join org_units u on u.id = i.lead_unit_id
    join unit_department ud on ud.id = i.lead_unit_id
    left join lateral (
      select json_agg(json_build_object('id', ms.id, 'title', ms.title, 'plannedDate', to_char(ms.planned_date, 'YYYY-MM-DD'),
        'forecastDate', to_char(ms.forecast_date, 'YYYY-MM-DD'), 'actualDate', to_char(ms.actual_date, 'YYYY-MM-DD'), 'status', ms.status)
        order by coalesce(ms.actual_date, ms.forecast_date, ms.planned_date), ms.sort_order, ms.id) as items
      from milestones ms
      where ms.initiative_id = i.id and coalesce(ms.actual_date, ms.forecast_date, ms.planned_date) between ${from}::date and ${to}::date
    ) ml on true
    where ud.department_id = ${departmentId}
    order by i.csp_ref, i.id`);
  return rows.map((r) => ({
    id: r.id,
    cspRef: r.csp_ref,
    title: r.title,
    unitShortName: r.unit_short_name,
    rag: r.rag,
    targetDate: r.target_date,
    milestones: r.milestones,
  }));
}

export interface InitiativeFormOptions {
  /** The units the user may lead an initiative from (`initiative:edit`), in tree order. */
  units: { id: number; name: string; depth: number; departmentId: number; departmentName: string }[];
  priorities: { id: number; code: string; title: string; depth: number }[];
  /** Key objectives of those units' departments, newest year first. */
  keyObjectives: { id: number; departmentId: number; year: number; title: string }[];
  /** Catalogued measures of those departments: active ones, and any already linked (`keep`). */
  measures: { id: number; departmentId: number; unitId: number; unitName: string; code: string; name: string; active: boolean }[];
}

/**
 * What the initiative form offers: the units `user` may edit, the CSP priorities, and the key
 * objectives and measures of those units' departments — two queries whatever the data.
 */
export async function getInitiativeFormOptions(user: SessionUser, keep: number[] = []): Promise<InitiativeFormOptions> {
  const units = await listUnitsUserMay(user, "initiative:edit");
  const departments = [...new Set(units.map((u) => u.departmentId))];
  const depts = `{${departments.join(",")}}`;
  const kept = `{${keep.filter((n) => Number.isSafeInteger(n)).join(",")}}`;
  const { rows } = await db.execute<{
    priorities: InitiativeFormOptions["priorities"];
    key_objectives: InitiativeFormOptions["keyObjectives"];
    measures: InitiativeFormOptions["measures"];
  }>(sql`
    with recursive ${unitDepartmentCte},
    pt(id, code, title, depth, path) as (
      select id, code, title, 0, array[sort_order, id] from strategic_priorities where parent_id is null
      union all
      select p.id, p.code, p.title, pt.depth + 1, pt.path || array[p.sort_order, p.id] from strategic_priorities p join pt on p.parent_id = pt.id
    )
    select
      coalesce((select json_agg(json_build_object('id', id, 'code', code, 'title', title, 'depth', depth) order by path) from pt), '[]'::json) as priorities,
      coalesce((
        select json_agg(json_build_object('id', ko.id, 'departmentId', ko.department_id, 'year', ko.year, 'title', ko.title)
          order by ko.year desc, ko.sort_order, ko.title)
        from key_objectives ko where ko.department_id = any(${depts}::int[])
      ), '[]'::json) as key_objectives,
      coalesce((
        select json_agg(json_build_object('id', m.id, 'departmentId', ud.department_id, 'unitId', m.unit_id, 'unitName', mu.name,
          'code', m.code, 'name', m.name, 'active', m.active) order by mu.sort_order, mu.name, m.name)
        from measures m join unit_department ud on ud.id = m.unit_id join org_units mu on mu.id = m.unit_id
        where ud.department_id = any(${depts}::int[]) and (m.active or m.id = any(${kept}::int[]))
      ), '[]'::json) as measures`);
  const r = rows[0]!;
  return {
    units: units.map((u) => ({ id: u.id, name: u.name, depth: u.depth, departmentId: u.departmentId, departmentName: u.departmentName })),
    priorities: r.priorities,
    keyObjectives: r.key_objectives,
    measures: r.measures,
  };
}
