import "server-only";
import { sql } from "drizzle-orm";
import type { SessionUser } from "@/lib/auth/current-user";
import { can, type Action, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { BudgetType, EfficiencyScope, EfficiencyType, FundingKind } from "@/lib/enums";
import type { DepartmentRow } from "@/lib/measures/department";
import { departmentTreeCte } from "@/lib/org/tree-sql";
import { getFinanceTolerance } from "@/lib/settings";
import { totalNetSql } from "./money-sql";
import type { Tolerance } from "./rules";

/**
 * Reads for the monthly resource return and the definitions' forms (issue 16). Each section is one
 * query over the department's own unit tree (departmentTreeCte), so a page costs what its department
 * holds. Year to date is the sum of the year's months BEFORE the month shown; the page adds the
 * month's own figure (the stored one, or the one being typed). Money arrives as bigint text and is
 * turned into integer pence (Number is exact far beyond any budget).
 */

const n = (v: string | number | null): number | null => (v === null ? null : Number(v));
const scopeOf = (r: { unit_id: number; department_id: number; ancestor_ids: number[] }): UnitScope => ({ unitId: r.unit_id, departmentId: r.department_id, ancestorIds: r.ancestor_ids });
const yearStart = (month: string) => `${month.slice(0, 4)}-01-01`;

/** The month's stored row, when there is one. */
export interface StoredMonth {
  version: number;
  commentary: string | null;
}

export interface ServiceAreaReturn {
  unitId: number;
  name: string;
  budgetPence: number;
  /** Sum of the year's actuals before this month. */
  ytdBeforePence: number;
  /** The latest forecast of the year before this month (a starting point), or null. */
  previousForecastPence: number | null;
  current: (StoredMonth & { actualPence: number; forecastPence: number }) | null;
  canEnter: boolean;
}

export interface FundingLineReturn {
  id: number;
  kind: FundingKind;
  ref: string | null;
  name: string;
  leadUnitName: string | null;
  allocationPence: number;
  ytdBeforePence: number;
  previousForecastPence: number | null;
  current: (StoredMonth & { spendPence: number; forecastPence: number }) | null;
  canEnter: boolean;
}

export interface EfficiencyReturn {
  id: number;
  scope: EfficiencyScope;
  title: string;
  leadUnitName: string | null;
  targetPence: number;
  ytdBeforePence: number;
  previousForecastPence: number | null;
  current: (StoredMonth & { deliveredPence: number; forecastPence: number }) | null;
  canEnter: boolean;
}

export interface MonthlyReturn {
  tolerance: Tolerance;
  serviceAreas: ServiceAreaReturn[];
  fundingLines: FundingLineReturn[];
  efficiencies: EfficiencyReturn[];
  /** Whether the user may define funding lines and efficiencies here (links to the forms). */
  canManage: boolean;
}

export const departmentScope = (departmentId: number): UnitScope => ({ unitId: departmentId, departmentId, ancestorIds: [] });

type MonthRow = {
  unit_id: number;
  department_id: number;
  ancestor_ids: number[];
  version: number | null;
  commentary: string | null;
  ytd_before: string;
  previous_forecast: string | null;
};

/**
 * The department's return for `month` (first day): its service areas (units with a budget that
 * year), funding lines and efficiencies of that year, each with the month's row and what the user
 * may enter (finance:enter on the row's unit; a line with no lead unit is the department's).
 * `department` comes from getViewableDepartment (the user may view it). Four queries.
 */
export async function getMonthlyReturn(user: SessionUser, department: DepartmentRow, month: string): Promise<MonthlyReturn> {
  const year = Number(month.slice(0, 4));
  const from = yearStart(month);
  const tree = departmentTreeCte(department.id);
  const [tolerance, areas, lines, effs] = await Promise.all([
    getFinanceTolerance(db),
    db.execute<MonthRow & { name: string; budget: string; actual: string | null; forecast: string | null }>(sql`
      with recursive ${tree}
      select t.id as unit_id, t.department_id, t.ancestor_ids, u.name, ${totalNetSql("b")}::text as budget,
        fm.version, fm.actual_pence::text as actual, fm.forecast_outturn_pence::text as forecast, fm.commentary,
        (select coalesce(sum(f.actual_pence), 0)::text from finance_months f where f.unit_id = t.id and f.month >= ${from} and f.month < ${month}) as ytd_before,
        (select f.forecast_outturn_pence::text from finance_months f where f.unit_id = t.id and f.month >= ${from} and f.month < ${month} order by f.month desc limit 1) as previous_forecast
      from unit_tree t
      join org_units u on u.id = t.id
      join unit_budgets b on b.unit_id = t.id and b.year = ${year}
      left join finance_months fm on fm.unit_id = t.id and fm.month = ${month}
      order by t.sort_path`),
    db.execute<MonthRow & { id: number; kind: FundingKind; ref: string | null; name: string; lead_unit_name: string | null; allocation: string; spend: string | null; forecast: string | null }>(sql`
      with recursive ${tree}
      select p.id, p.kind, p.ref, p.name, lu.name as lead_unit_name, p.allocation_pence::text as allocation,
        t.id as unit_id, t.department_id, t.ancestor_ids,
        pm.version, pm.spend_pence::text as spend, pm.forecast_outturn_pence::text as forecast, pm.commentary,
        (select coalesce(sum(m.spend_pence), 0)::text from funding_programme_months m where m.programme_id = p.id and m.month >= ${from} and m.month < ${month}) as ytd_before,
        (select m.forecast_outturn_pence::text from funding_programme_months m where m.programme_id = p.id and m.month >= ${from} and m.month < ${month} order by m.month desc limit 1) as previous_forecast
      from funding_programmes p
      join unit_tree t on t.id = coalesce(p.lead_unit_id, p.department_id)
      left join org_units lu on lu.id = p.lead_unit_id
      left join funding_programme_months pm on pm.programme_id = p.id and pm.month = ${month}
      where p.department_id = ${department.id} and p.year = ${year}
      order by p.kind desc, p.sort_order, p.id`),
    db.execute<MonthRow & { id: number; scope: EfficiencyScope; title: string; lead_unit_name: string | null; target: string; delivered: string | null; forecast: string | null }>(sql`
      with recursive ${tree}
      select e.id, e.scope, e.title, lu.name as lead_unit_name, e.target_pence::text as target,
        t.id as unit_id, t.department_id, t.ancestor_ids,
        em.version, em.delivered_pence::text as delivered, em.forecast_pence::text as forecast, em.commentary,
        (select coalesce(sum(m.delivered_pence), 0)::text from efficiency_months m where m.efficiency_id = e.id and m.month >= ${from} and m.month < ${month}) as ytd_before,
        (select m.forecast_pence::text from efficiency_months m where m.efficiency_id = e.id and m.month >= ${from} and m.month < ${month} order by m.month desc limit 1) as previous_forecast
      from efficiencies e
      join unit_tree t on t.id = coalesce(e.lead_unit_id, e.department_id)
      left join org_units lu on lu.id = e.lead_unit_id
      left join efficiency_months em on em.efficiency_id = e.id and em.month = ${month}
      where e.department_id = ${department.id} and e.year = ${year}
      order by e.scope, e.sort_order, e.id`),
  ]);
  const stored = (r: MonthRow) => (r.version === null ? null : { version: r.version, commentary: r.commentary });
  const enter = (r: MonthRow) => can(user, "finance:enter", scopeOf(r));
  return {
    tolerance,
    canManage: can(user, "budget:manage", departmentScope(department.id)),
    serviceAreas: areas.rows.map((r) => ({
      unitId: r.unit_id,
      name: r.name,
      budgetPence: Number(r.budget),
      ytdBeforePence: Number(r.ytd_before),
      previousForecastPence: n(r.previous_forecast),
      current: stored(r) && { ...stored(r)!, actualPence: Number(r.actual), forecastPence: Number(r.forecast) },
      canEnter: enter(r),
    })),
    fundingLines: lines.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      ref: r.ref,
      name: r.name,
      leadUnitName: r.lead_unit_name,
      allocationPence: Number(r.allocation),
      ytdBeforePence: Number(r.ytd_before),
      previousForecastPence: n(r.previous_forecast),
      current: stored(r) && { ...stored(r)!, spendPence: Number(r.spend), forecastPence: Number(r.forecast) },
      canEnter: enter(r),
    })),
    efficiencies: effs.rows.map((r) => ({
      id: r.id,
      scope: r.scope,
      title: r.title,
      leadUnitName: r.lead_unit_name,
      targetPence: Number(r.target),
      ytdBeforePence: Number(r.ytd_before),
      previousForecastPence: n(r.previous_forecast),
      current: stored(r) && { ...stored(r)!, deliveredPence: Number(r.delivered), forecastPence: Number(r.forecast) },
      canEnter: enter(r),
    })),
  };
}

export interface WorkforceReturnRow {
  unitId: number;
  name: string;
  depth: number;
  /** FTE establishment from the unit's budget that year, or null without one. */
  establishment: string | null;
  current: {
    version: number;
    headcount: number;
    fteInPost: string;
    leavers: number;
    agencySpendPence: number;
    fixedTermSpendPence: number;
  } | null;
  canEnter: boolean;
}

/** Every unit of the department (tree order) with its people in `month` and whether the user may enter them. One query. */
export async function getWorkforceReturn(user: SessionUser, department: DepartmentRow, month: string): Promise<WorkforceReturnRow[]> {
  const { rows } = await db.execute<{
    unit_id: number;
    department_id: number;
    ancestor_ids: number[];
    depth: number;
    name: string;
    establishment: string | null;
    version: number | null;
    headcount: number | null;
    fte_in_post: string | null;
    leavers: number | null;
    agency: string | null;
    fixed_term: string | null;
  }>(sql`
    with recursive ${departmentTreeCte(department.id)}
    select t.id as unit_id, t.department_id, t.ancestor_ids, t.depth, u.name, b.fte_establishment::text as establishment,
      w.version, w.headcount, w.fte_in_post::text as fte_in_post, w.leavers, w.agency_spend_pence::text as agency, w.fixed_term_spend_pence::text as fixed_term
    from unit_tree t
    join org_units u on u.id = t.id
    left join unit_budgets b on b.unit_id = t.id and b.year = ${Number(month.slice(0, 4))}
    left join workforce_months w on w.unit_id = t.id and w.month = ${month}
    order by t.sort_path`);
  return rows.map((r) => ({
    unitId: r.unit_id,
    name: r.name,
    depth: r.depth,
    establishment: r.establishment,
    current:
      r.version === null
        ? null
        : { version: r.version, headcount: r.headcount!, fteInPost: r.fte_in_post!, leavers: r.leavers!, agencySpendPence: Number(r.agency), fixedTermSpendPence: Number(r.fixed_term) },
    canEnter: can(user, "workforce:enter", { unitId: r.unit_id, departmentId: r.department_id, ancestorIds: r.ancestor_ids }),
  }));
}

/** Whether `user` may do `action` on the department as a whole (budget:manage for the definitions' pages). */
export function canOnDepartment(user: SessionUser, action: Action, department: DepartmentRow): boolean {
  return can(user, action, departmentScope(department.id));
}

export interface DefinitionOptions {
  /** The department and its units, tree order, with their depth (for indenting). */
  units: { id: number; name: string; depth: number }[];
  /** The department's initiatives (led by its units), by CSP reference. */
  initiatives: { id: number; cspRef: string; title: string }[];
}

/** The choices of the funding-line and efficiency forms. Two queries. */
export async function getDefinitionOptions(department: DepartmentRow): Promise<DefinitionOptions> {
  const tree = departmentTreeCte(department.id);
  const [units, initiatives] = await Promise.all([
    db.execute<{ id: number; name: string; depth: number }>(sql`
      with recursive ${tree} select t.id, u.name, t.depth from unit_tree t join org_units u on u.id = t.id order by t.sort_path`),
    db.execute<{ id: number; csp_ref: string; title: string }>(sql`
      with recursive ${tree} select i.id, i.csp_ref, i.title from initiatives i join unit_tree t on t.id = i.lead_unit_id order by i.csp_ref, i.title, i.id`),
  ]);
  return { units: units.rows, initiatives: initiatives.rows.map((r) => ({ id: r.id, cspRef: r.csp_ref, title: r.title })) };
}

export interface FundingLineForEdit {
  id: number;
  version: number;
  kind: FundingKind;
  ref: string | null;
  name: string;
  source: string;
  cspPriority: string | null;
  subPriority: string | null;
  minister: string | null;
  leadUnitId: number | null;
  year: number;
  allocationPence: number;
  initiativeIds: number[];
}

/** A funding line of the department with the initiatives it funds, or null (unknown, or another department's). */
export async function getFundingLineForEdit(department: DepartmentRow, id: number): Promise<FundingLineForEdit | null> {
  const { rows } = await db.execute<{
    id: number;
    version: number;
    kind: FundingKind;
    ref: string | null;
    name: string;
    source: string;
    csp_priority: string | null;
    sub_priority: string | null;
    minister: string | null;
    lead_unit_id: number | null;
    year: number;
    allocation: string;
    initiative_ids: number[];
  }>(sql`
    select p.id, p.version, p.kind, p.ref, p.name, p.source, p.csp_priority, p.sub_priority, p.minister, p.lead_unit_id, p.year,
      p.allocation_pence::text as allocation,
      coalesce((select array_agg(fi.initiative_id order by fi.initiative_id) from funding_programme_initiatives fi where fi.programme_id = p.id), '{}') as initiative_ids
    from funding_programmes p where p.id = ${id} and p.department_id = ${department.id}`);
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    version: r.version,
    kind: r.kind,
    ref: r.ref,
    name: r.name,
    source: r.source,
    cspPriority: r.csp_priority,
    subPriority: r.sub_priority,
    minister: r.minister,
    leadUnitId: r.lead_unit_id,
    year: r.year,
    allocationPence: Number(r.allocation),
    initiativeIds: r.initiative_ids,
  };
}

export interface EfficiencyForEdit {
  id: number;
  version: number;
  scope: EfficiencyScope;
  programme: string | null;
  title: string;
  recurring: boolean;
  type: EfficiencyType;
  budgetType: BudgetType;
  minister: string | null;
  leadUnitId: number | null;
  year: number;
  targetPence: number;
}

/** An efficiency of the department, or null (unknown, or another department's). */
export async function getEfficiencyForEdit(department: DepartmentRow, id: number): Promise<EfficiencyForEdit | null> {
  const { rows } = await db.execute<{
    id: number;
    version: number;
    scope: EfficiencyScope;
    programme: string | null;
    title: string;
    recurring: boolean;
    type: EfficiencyType;
    budget_type: BudgetType;
    minister: string | null;
    lead_unit_id: number | null;
    year: number;
    target: string;
  }>(sql`
    select e.id, e.version, e.scope, e.programme, e.title, e.recurring, e.type, e.budget_type, e.minister, e.lead_unit_id, e.year, e.target_pence::text as target
    from efficiencies e where e.id = ${id} and e.department_id = ${department.id}`);
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    version: r.version,
    scope: r.scope,
    programme: r.programme,
    title: r.title,
    recurring: r.recurring,
    type: r.type,
    budgetType: r.budget_type,
    minister: r.minister,
    leadUnitId: r.lead_unit_id,
    year: r.year,
    targetPence: Number(r.target),
  };
}
