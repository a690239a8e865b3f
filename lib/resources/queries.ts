import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { SessionUser } from "@/lib/auth/current-user";
import { can, type Action, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { BudgetType, Direction, EfficiencyScope, EfficiencyType, FundingKind, MeasureCategory, Rag, WorkforceDimension } from "@/lib/enums";
import { monthEnd, type Period } from "@/lib/entry/periods";
import { figureAndTargetJoins } from "@/lib/measures/figure-sql";
import { getViewableDepartment, type DepartmentRow } from "@/lib/measures/department";
import type { Status } from "@/lib/measures/status";
import { departmentTreeCte } from "@/lib/org/tree-sql";
import { getFinanceTolerance } from "@/lib/settings";
import { efficiencyMonthAsAtJoin, financeMonthAsAtJoin, fundingMonthAsAtJoin } from "./as-at-sql";
import { efficiencyRagSql, totalNetSql, varianceStatusSql } from "./money-sql";
import {
  budgetToDatePence,
  sumPence,
  turnoverPct,
  unitCostPence,
  vacanciesFte,
  varianceStatus,
  type Tolerance,
  type VarianceStatus,
} from "./rules";

/**
 * The resources pages' reads (issue 16): a department's money and people for a month, AS AT that
 * month — the rows of the month's year up to it, never a later one. Every query is bounded by the
 * department (its unit tree, or department_id), aggregates in SQL, and judges money with the SQL
 * twins of lib/resources/rules.ts (money-sql.ts); only totals of rows already read are summed here,
 * in pence (sumPence), before anything is rounded for display.
 */

/** Postgres returns bigint and sums of bigint as text: whole pence, checked. */
function pence(v: string | number | null): number {
  const n = Number(v ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`resources: ${String(v)} is not a whole number of pence`);
  return n;
}
const penceOrNull = (v: string | number | null): number | null => (v === null ? null : pence(v));
const numOrNull = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** The calendar (financial) year of a month, and its first month. */
export function yearOf(month: Period): { year: number; yearStart: Period; monthsElapsed: number } {
  const year = Number(month.slice(0, 4));
  return { year, yearStart: `${year}-01-01`, monthsElapsed: Number(month.slice(5, 7)) };
}

// ---------------------------------------------------------------- service areas

/** A service area (a unit with a budget for the year) as at a month. */
export interface ServiceArea {
  unitId: number;
  name: string;
  /** The unit's ancestors, nearest first (permission checks on the unit). */
  ancestorIds: number[];
  /** Whether it is the department itself (its "Directorate" line). */
  isDepartment: boolean;
  incomePence: number;
  delPence: number;
  nonCashPence: number;
  /** Total net revenue expenditure (DEL − income + non-cash): what actuals and forecasts are held against. */
  budgetPence: number;
  fteEstablishment: number;
  /** Actual net expenditure in the month itself; null without a return for it. */
  monthActualPence: number | null;
  /** Sum of the year's actuals up to the month, and how many months they are. */
  ytdActualPence: number;
  ytdMonths: number;
  /** budgetToDatePence: the straight-line profile (the plan gives no monthly profile). */
  budgetToDatePence: number;
  /** The latest forecast outturn of the year up to the month (the month's, or an earlier one). */
  forecastPence: number | null;
  forecastMonth: Period | null;
  forecastCommentary: string | null;
  /** forecast − budget; null without a forecast. */
  variancePence: number | null;
  status: VarianceStatus | null;
  /** FTE in post at the latest workforce return of the year up to the month. */
  fteInPost: number | null;
}

export interface ServiceAreasTotal {
  incomePence: number;
  delPence: number;
  nonCashPence: number;
  budgetPence: number;
  fteEstablishment: number;
  ytdActualPence: number;
  budgetToDatePence: number;
  /** The sum of the service areas' forecasts; null unless every service area has one. */
  forecastPence: number | null;
  variancePence: number | null;
  status: VarianceStatus | null;
  /** How many service areas have a forecast (the total is only judged when all do). */
  withForecast: number;
  fteInPost: number | null;
}

/**
 * The department's service areas for the year of `month` — its units with a budget that year, in
 * tree order — with the year to date and the latest forecast as at `month`. One query, the
 * department's units only.
 */
export async function listServiceAreas(departmentId: number, month: Period, tolerance: Tolerance): Promise<ServiceArea[]> {
  const { year, yearStart, monthsElapsed } = yearOf(month);
  const forecast = sql`f.forecast_outturn_pence`;
  const { rows } = await db.execute<{
    unit_id: number;
    name: string;
    ancestor_ids: number[];
    depth: number;
    income_pence: string;
    del_pence: string;
    non_cash_pence: string;
    budget_pence: string;
    fte_establishment: string;
    month_actual: string | null;
    ytd_actual: string | null;
    ytd_months: number;
    forecast_pence: string | null;
    forecast_month: string | null;
    forecast_commentary: string | null;
    status: VarianceStatus | null;
    fte_in_post: string | null;
  }>(sql`
    with recursive ${departmentTreeCte(departmentId)}
    select ut.id as unit_id, u.name, ut.ancestor_ids, ut.depth,
      b.income_pence, b.del_pence, b.non_cash_pence, ${totalNetSql("b")} as budget_pence, b.fte_establishment,
      ytd.month_actual, ytd.ytd_actual, ytd.ytd_months,
      f.forecast_outturn_pence as forecast_pence, to_char(f.month, 'YYYY-MM-DD') as forecast_month, f.commentary as forecast_commentary,
      case when f.forecast_outturn_pence is null then null else ${varianceStatusSql(forecast, totalNetSql("b"), tolerance)} end as status,
      w.fte_in_post
    from unit_tree ut
    join org_units u on u.id = ut.id
    join unit_budgets b on b.unit_id = ut.id and b.year = ${year}
    cross join lateral (
      select sum(fm.actual_pence) filter (where fm.month = ${month}::date) as month_actual,
        sum(fm.actual_pence) as ytd_actual, count(*)::int as ytd_months
      from finance_months fm
      where fm.unit_id = ut.id and fm.month between ${yearStart}::date and ${month}::date
    ) ytd
    ${financeMonthAsAtJoin(sql`ut.id`, month, "f")}
    left join lateral (
      select wm.fte_in_post from workforce_months wm
      where wm.unit_id = ut.id and wm.month between ${yearStart}::date and ${month}::date
      order by wm.month desc limit 1
    ) w on true
    order by ut.sort_path`);
  return rows.map((r) => {
    const budgetPence = pence(r.budget_pence);
    const forecastPence = penceOrNull(r.forecast_pence);
    return {
      unitId: r.unit_id,
      name: r.name,
      ancestorIds: r.ancestor_ids,
      isDepartment: r.depth === 0,
      incomePence: pence(r.income_pence),
      delPence: pence(r.del_pence),
      nonCashPence: pence(r.non_cash_pence),
      budgetPence,
      fteEstablishment: Number(r.fte_establishment),
      monthActualPence: penceOrNull(r.month_actual),
      ytdActualPence: pence(r.ytd_actual),
      ytdMonths: r.ytd_months,
      budgetToDatePence: budgetToDatePence(budgetPence, monthsElapsed),
      forecastPence,
      forecastMonth: r.forecast_month,
      forecastCommentary: r.forecast_commentary,
      variancePence: forecastPence === null ? null : forecastPence - budgetPence,
      status: r.status,
      fteInPost: numOrNull(r.fte_in_post),
    };
  });
}

/** FTE to two decimals, summed in hundredths so that 0.1 + 0.2 stays 0.3. */
function sumFte(values: readonly number[]): number {
  return values.reduce((t, v) => t + Math.round(v * 100), 0) / 100;
}

/** The department's total row: every line summed in pence from its service areas. */
export function totalServiceAreas(areas: readonly ServiceArea[], tolerance: Tolerance): ServiceAreasTotal {
  const budgetPence = sumPence(areas.map((a) => a.budgetPence));
  const withForecast = areas.filter((a) => a.forecastPence !== null).length;
  const forecastPence = areas.length > 0 && withForecast === areas.length ? sumPence(areas.map((a) => a.forecastPence!)) : null;
  const inPost = areas.filter((a) => a.fteInPost !== null);
  return {
    incomePence: sumPence(areas.map((a) => a.incomePence)),
    delPence: sumPence(areas.map((a) => a.delPence)),
    nonCashPence: sumPence(areas.map((a) => a.nonCashPence)),
    budgetPence,
    fteEstablishment: sumFte(areas.map((a) => a.fteEstablishment)),
    ytdActualPence: sumPence(areas.map((a) => a.ytdActualPence)),
    budgetToDatePence: sumPence(areas.map((a) => a.budgetToDatePence)),
    forecastPence,
    variancePence: forecastPence === null ? null : forecastPence - budgetPence,
    status: forecastPence === null ? null : varianceStatus(forecastPence, budgetPence, tolerance),
    withForecast,
    fteInPost: inPost.length ? sumFte(inPost.map((a) => a.fteInPost!)) : null,
  };
}

// ---------------------------------------------------------------- funding lines

export interface FundedInitiative {
  id: number;
  title: string;
}

export interface FundingLine {
  id: number;
  kind: FundingKind;
  ref: string | null;
  name: string;
  source: string;
  cspPriority: string | null;
  leadUnitName: string | null;
  allocationPence: number;
  /** Spend of the year's months up to the month. */
  spendToDatePence: number;
  forecastPence: number | null;
  forecastMonth: Period | null;
  forecastCommentary: string | null;
  variancePence: number | null;
  /** The forecast against the allocation, by the same tolerance rule as budgets. */
  status: VarianceStatus | null;
  initiatives: FundedInitiative[];
}

/** The department's Government Plan growth and capital lines of the year, as at `month`. One query. */
export async function listFundingLines(departmentId: number, month: Period, tolerance: Tolerance): Promise<FundingLine[]> {
  const { year, yearStart } = yearOf(month);
  const { rows } = await db.execute<{
    id: number;
    kind: FundingKind;
    ref: string | null;
    name: string;
    source: string;
    csp_priority: string | null;
    lead_unit_name: string | null;
    allocation_pence: string;
    spend: string | null;
    forecast_pence: string | null;
    forecast_month: string | null;
    forecast_commentary: string | null;
    status: VarianceStatus | null;
    initiatives: FundedInitiative[] | null;
  }>(sql`
    select p.id, p.kind, p.ref, p.name, p.source, p.csp_priority, lu.name as lead_unit_name, p.allocation_pence,
      s.spend, f.forecast_outturn_pence as forecast_pence, to_char(f.month, 'YYYY-MM-DD') as forecast_month,
      f.commentary as forecast_commentary,
      case when f.forecast_outturn_pence is null then null
        else ${varianceStatusSql(sql`f.forecast_outturn_pence`, sql`p.allocation_pence`, tolerance)} end as status,
      i.initiatives
    from funding_programmes p
    left join org_units lu on lu.id = p.lead_unit_id
    cross join lateral (
      select sum(pm.spend_pence) as spend from funding_programme_months pm
      where pm.programme_id = p.id and pm.month between ${yearStart}::date and ${month}::date
    ) s
    ${fundingMonthAsAtJoin(sql`p.id`, month, "f")}
    cross join lateral (
      select json_agg(json_build_object('id', i.id, 'title', i.title) order by i.title, i.id) as initiatives
      from funding_programme_initiatives fpi join initiatives i on i.id = fpi.initiative_id
      where fpi.programme_id = p.id
    ) i
    where p.department_id = ${departmentId} and p.year = ${year}
    order by p.kind, p.sort_order, p.id`);
  return rows.map((r) => {
    const allocationPence = pence(r.allocation_pence);
    const forecastPence = penceOrNull(r.forecast_pence);
    return {
      id: r.id,
      kind: r.kind,
      ref: r.ref,
      name: r.name,
      source: r.source,
      cspPriority: r.csp_priority,
      leadUnitName: r.lead_unit_name,
      allocationPence,
      spendToDatePence: pence(r.spend),
      forecastPence,
      forecastMonth: r.forecast_month,
      forecastCommentary: r.forecast_commentary,
      variancePence: forecastPence === null ? null : forecastPence - allocationPence,
      status: r.status,
      initiatives: r.initiatives ?? [],
    };
  });
}

/** Funding lines grouped as the plan shows them: growth by source, then capital; each with its totals. */
export interface FundingGroup {
  kind: FundingKind;
  source: string;
  lines: FundingLine[];
  allocationPence: number;
  spendToDatePence: number;
  /** Sum of the lines' forecasts; null unless every line has one. */
  forecastPence: number | null;
}

export function groupFundingLines(lines: readonly FundingLine[]): FundingGroup[] {
  const groups = new Map<string, FundingLine[]>();
  for (const l of lines) {
    const key = l.kind === "capital" ? "capital" : `growth:${l.source}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  return [...groups.values()].map((ls) => ({
    kind: ls[0]!.kind,
    source: ls[0]!.kind === "capital" ? "Capital programme" : ls[0]!.source,
    lines: ls,
    allocationPence: sumPence(ls.map((l) => l.allocationPence)),
    spendToDatePence: sumPence(ls.map((l) => l.spendToDatePence)),
    forecastPence: ls.every((l) => l.forecastPence !== null) ? sumPence(ls.map((l) => l.forecastPence!)) : null,
  }));
}

// ---------------------------------------------------------------- efficiencies

export interface EfficiencyRow {
  id: number;
  scope: EfficiencyScope;
  programme: string | null;
  title: string;
  leadUnitName: string | null;
  recurring: boolean;
  type: EfficiencyType;
  budgetType: BudgetType;
  targetPence: number;
  deliveredToDatePence: number;
  forecastPence: number | null;
  forecastCommentary: string | null;
  /** efficiencyRag of the forecast against the target; null without a return this year. */
  rag: Rag | null;
}

export interface EfficiencyTotals {
  targetPence: number;
  deliveredToDatePence: number;
  /** Sum of the forecasts; null unless every efficiency has one. */
  forecastPence: number | null;
}

export interface Efficiencies {
  departmental: EfficiencyRow[];
  crossCutting: EfficiencyRow[];
  departmentalTotal: EfficiencyTotals;
  crossCuttingTotal: EfficiencyTotals;
  /** The government's efficiencies objective for the year (government_efficiency_targets); null when not set. */
  governmentTargetPence: number | null;
}

function totalsOf(rows: readonly EfficiencyRow[]): EfficiencyTotals {
  return {
    targetPence: sumPence(rows.map((r) => r.targetPence)),
    deliveredToDatePence: sumPence(rows.map((r) => r.deliveredToDatePence)),
    forecastPence: rows.every((r) => r.forecastPence !== null) ? sumPence(rows.map((r) => r.forecastPence!)) : null,
  };
}

/**
 * The department's efficiencies of the year as at `month` (delivered to date, latest forecast,
 * RAG), split into its own and the cross-cutting ones, with the government's target. One query.
 */
export async function getEfficiencies(departmentId: number, month: Period, tolerance: Tolerance): Promise<Efficiencies> {
  const { year, yearStart } = yearOf(month);
  const { rows } = await db.execute<{
    government_target: string | null;
    id: number | null;
    scope: EfficiencyScope;
    programme: string | null;
    title: string;
    lead_unit_name: string | null;
    recurring: boolean;
    type: EfficiencyType;
    budget_type: BudgetType;
    target_pence: string;
    delivered: string | null;
    forecast_pence: string | null;
    forecast_commentary: string | null;
    rag: Rag | null;
  }>(sql`
    select g.government_target, e.id, e.scope, e.programme, e.title, lu.name as lead_unit_name, e.recurring, e.type,
      e.budget_type, e.target_pence, d.delivered, f.forecast_pence, f.commentary as forecast_commentary,
      case when f.forecast_pence is null then null else ${efficiencyRagSql(sql`f.forecast_pence`, sql`e.target_pence`, tolerance)} end as rag
    from (select (select t.target_pence from government_efficiency_targets t where t.year = ${year}) as government_target) g
    left join efficiencies e on e.department_id = ${departmentId} and e.year = ${year}
    left join org_units lu on lu.id = e.lead_unit_id
    left join lateral (
      select sum(em.delivered_pence) as delivered from efficiency_months em
      where em.efficiency_id = e.id and em.month between ${yearStart}::date and ${month}::date
    ) d on true
    ${efficiencyMonthAsAtJoin(sql`e.id`, month, "f")}
    order by e.scope, e.programme nulls first, e.sort_order, e.id`);
  const list: EfficiencyRow[] = rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: r.id!,
      scope: r.scope,
      programme: r.programme,
      title: r.title,
      leadUnitName: r.lead_unit_name,
      recurring: r.recurring,
      type: r.type,
      budgetType: r.budget_type,
      targetPence: pence(r.target_pence),
      deliveredToDatePence: pence(r.delivered),
      forecastPence: penceOrNull(r.forecast_pence),
      forecastCommentary: r.forecast_commentary,
      rag: r.rag,
    }));
  const departmental = list.filter((e) => e.scope === "departmental");
  const crossCutting = list.filter((e) => e.scope === "cross_cutting");
  return {
    departmental,
    crossCutting,
    departmentalTotal: totalsOf(departmental),
    crossCuttingTotal: totalsOf(crossCutting),
    governmentTargetPence: penceOrNull(rows[0]?.government_target ?? null),
  };
}

// ---------------------------------------------------------------- cost and performance

/** A measure's figure for a month, with its status (the department dashboard's rule, in SQL). */
export interface MeasureFigure {
  id: number;
  code: string;
  name: string;
  category: MeasureCategory;
  unitId: number;
  unitName: string;
  valueType: string;
  decimals: number;
  scaleMax: string | null;
  /** For the target's wording: a context measure ("neither") has none (lib/measures/target-text.ts). */
  direction: Direction;
  /** The submitted figure that counts for the month (quarterly: the latest quarter ended by it). */
  value: number | null;
  period: Period | null;
  target: number | null;
  status: Status;
}

export interface VolumeCost {
  /** The volume in the month: the figure, or for a ratio measure its numerator (calls answered). */
  monthVolume: number | null;
  /** Cost per unit in the month: the month's actual ÷ the month's volume (whole pence). */
  monthUnitCostPence: number | null;
  /** The year's months up to the month that have both an actual and a submitted volume. */
  ytdMonths: number;
  ytdActualPence: number;
  ytdVolume: number;
  /** YTD actual ÷ YTD volume over those months (whole pence). */
  ytdUnitCostPence: number | null;
}

export interface CostMeasure extends MeasureFigure {
  isVolume: boolean;
  /** Only for a monthly volume measure. */
  cost: VolumeCost | null;
}

/**
 * Each measure of the department with the service area it belongs to — the nearest unit at or above
 * its own with a budget that year — its figure and status for `month` (figureAndTargetJoins and
 * measure_status, as the department dashboard), and for a monthly volume measure the unit cost:
 * the area's actual ÷ the volume, for the month and for the year's months up to it that have both.
 * One query; measures of units under no budgeted unit are left out.
 */
export async function listCostMeasures(departmentId: number, month: Period): Promise<(CostMeasure & { areaUnitId: number })[]> {
  const { year, yearStart } = yearOf(month);
  const { rows } = await db.execute<
    MeasureRowSql & {
      area_unit_id: number;
      is_volume: boolean;
      frequency: string;
      month_volume: string | null;
      month_actual: string | null;
      ytd_months: number | null;
      ytd_actual: string | null;
      ytd_volume: string | null;
    }
  >(sql`
    with recursive ${departmentTreeCte(departmentId)},
    m as materialized (
      select m.*, u.name as unit_name, ut.sort_path, a.area_unit_id
      from unit_tree ut
      join org_units u on u.id = ut.id
      join measures m on m.unit_id = ut.id and m.active
      cross join lateral (
        select b.unit_id as area_unit_id
        from unnest(array[ut.id] || ut.ancestor_ids) with ordinality as x(unit_id, nearness)
        join unit_budgets b on b.unit_id = x.unit_id and b.year = ${year}
        order by x.nearness limit 1
      ) a
    )
    select ${measureColumnsSql}, m.area_unit_id, m.is_volume, m.frequency, vol.month_volume, vol.month_actual,
      vol.ytd_months, vol.ytd_actual, vol.ytd_volume
    from m
    ${figureAndTargetJoins(month)}
    left join lateral (
      select sum(coalesce(fv.numerator, fv.value)) filter (where fm.month = ${month}::date) as month_volume,
        sum(fm.actual_pence) filter (where fm.month = ${month}::date) as month_actual,
        count(*)::int as ytd_months, sum(fm.actual_pence) as ytd_actual, sum(coalesce(fv.numerator, fv.value)) as ytd_volume
      from finance_months fm
      join measure_values fv on fv.measure_id = m.id and fv.period_type = 'month' and fv.period = fm.month and fv.status = 'submitted'
      where m.is_volume and m.frequency = 'monthly'
        and fm.unit_id = m.area_unit_id and fm.month between ${yearStart}::date and ${month}::date
    ) vol on true
    order by m.sort_path, m.category, m.sort_order, m.id`);
  return rows.map((r) => {
    const monthlyVolume = r.is_volume && r.frequency === "monthly";
    let cost: VolumeCost | null = null;
    if (monthlyVolume) {
      const monthVolume = numOrNull(r.month_volume);
      const monthActual = penceOrNull(r.month_actual);
      const ytdActualPence = pence(r.ytd_actual);
      const ytdVolume = Number(r.ytd_volume ?? 0);
      cost = {
        monthVolume,
        monthUnitCostPence: monthActual === null || monthVolume === null ? null : unitCostPence(monthActual, monthVolume),
        ytdMonths: r.ytd_months ?? 0,
        ytdActualPence,
        ytdVolume,
        ytdUnitCostPence: unitCostPence(ytdActualPence, ytdVolume),
      };
    }
    return { ...measureFigureOf(r), areaUnitId: r.area_unit_id, isVolume: r.is_volume, cost };
  });
}

type MeasureRowSql = {
  id: number;
  code: string;
  name: string;
  category: MeasureCategory;
  unit_id: number;
  unit_name: string;
  value_type: string;
  decimals: number;
  scale_max: string | null;
  direction: Direction;
  value: string | null;
  period: string | null;
  target: string | null;
  status: Status;
};

/** The columns of MeasureRowSql from `m` (with unit_name) after figureAndTargetJoins. */
const measureColumnsSql: SQL = sql`m.id, m.code, m.name, m.category, m.unit_id, m.unit_name, m.value_type, m.decimals,
  m.scale_max, m.direction, v.value, to_char(v.period, 'YYYY-MM-DD') as period, t.target_value as target,
  measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct) as status`;

function measureFigureOf(r: MeasureRowSql): MeasureFigure {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    category: r.category,
    unitId: r.unit_id,
    unitName: r.unit_name,
    valueType: r.value_type,
    decimals: r.decimals,
    scaleMax: r.scale_max,
    direction: r.direction,
    value: numOrNull(r.value),
    period: r.period,
    target: numOrNull(r.target),
    status: r.status,
  };
}

/** A service area's spend beside its measures. */
export interface CostAndPerformance {
  area: ServiceArea;
  measures: CostMeasure[];
}

export function costAndPerformance(areas: readonly ServiceArea[], measures: readonly (CostMeasure & { areaUnitId: number })[]): CostAndPerformance[] {
  return areas.map((area) => ({ area, measures: measures.filter((m) => m.areaUnitId === area.unitId) }));
}

// ---------------------------------------------------------------- the resources page

export interface ResourcesPage {
  department: DepartmentRow;
  month: Period;
  year: number;
  monthsElapsed: number;
  tolerance: Tolerance;
  serviceAreas: ServiceArea[];
  total: ServiceAreasTotal;
  funding: FundingGroup[];
  efficiencies: Efficiencies;
  cost: CostAndPerformance[];
  /** Whether the department has anything to show for the year (CLS in the demo has not). */
  empty: boolean;
}

/**
 * The resources page of department `slug` for `month`, or null when there is no such department or
 * `user` may not view it (unit:view on the department). The department and the tolerance setting,
 * then four queries side by side, each bounded by the department.
 */
export async function getResourcesPage(user: SessionUser, slug: string, month: Period): Promise<ResourcesPage | null> {
  const [department, tolerance] = await Promise.all([getViewableDepartment(user, slug), getFinanceTolerance(db)]);
  if (!department) return null;
  const { year, monthsElapsed } = yearOf(month);
  const [serviceAreas, lines, efficiencies, measures] = await Promise.all([
    listServiceAreas(department.id, month, tolerance),
    listFundingLines(department.id, month, tolerance),
    getEfficiencies(department.id, month, tolerance),
    listCostMeasures(department.id, month),
  ]);
  return {
    department,
    month,
    year,
    monthsElapsed,
    tolerance,
    serviceAreas,
    total: totalServiceAreas(serviceAreas, tolerance),
    funding: groupFundingLines(lines),
    efficiencies,
    cost: costAndPerformance(serviceAreas, measures),
    empty: serviceAreas.length === 0 && lines.length === 0 && efficiencies.departmental.length + efficiencies.crossCutting.length === 0,
  };
}

// ---------------------------------------------------------------- workforce (the People Dashboard)

export interface WorkforceUnit {
  unitId: number;
  name: string;
  ancestorIds: number[];
  isDepartment: boolean;
  /** Budget FTE for the year; null when the unit has no budget. */
  establishment: number | null;
  /** The latest workforce return of the year up to the month, and its month. */
  returnMonth: Period | null;
  headcount: number | null;
  fteInPost: number | null;
  /** vacanciesFte(establishment, in post); null without both. */
  vacancies: number | null;
  /** Leavers in the 12 months to the month and the average headcount of those months' returns. */
  leavers12: number;
  averageHeadcount: number | null;
  turnoverPct: number | null;
  /** Spend in the month itself (null without a return for it), and the year's months up to it. */
  agencyMonthPence: number | null;
  fixedTermMonthPence: number | null;
  agencyYtdPence: number;
  fixedTermYtdPence: number;
}

export type WorkforceTotal = Omit<WorkforceUnit, "unitId" | "name" | "ancestorIds" | "isDepartment" | "returnMonth">;

/**
 * Each unit of the department with a budget or a workforce return in the year, as at `month`: in
 * post against establishment, vacancies, headcount, 12-month turnover and agency and fixed-term
 * spend. One query.
 */
export async function listWorkforce(departmentId: number, month: Period): Promise<WorkforceUnit[]> {
  const { year, yearStart } = yearOf(month);
  const { rows } = await db.execute<{
    unit_id: number;
    name: string;
    ancestor_ids: number[];
    depth: number;
    establishment: string | null;
    return_month: string | null;
    headcount: number | null;
    fte_in_post: string | null;
    agency_month: string | null;
    fixed_term_month: string | null;
    agency_ytd: string | null;
    fixed_term_ytd: string | null;
    leavers12: number | null;
    average_headcount: string | null;
  }>(sql`
    with recursive ${departmentTreeCte(departmentId)}
    select ut.id as unit_id, u.name, ut.ancestor_ids, ut.depth, b.fte_establishment as establishment,
      to_char(w.month, 'YYYY-MM-DD') as return_month, w.headcount, w.fte_in_post,
      y.agency_month, y.fixed_term_month, y.agency_ytd, y.fixed_term_ytd, t.leavers12, t.average_headcount
    from unit_tree ut
    join org_units u on u.id = ut.id
    left join unit_budgets b on b.unit_id = ut.id and b.year = ${year}
    left join lateral (
      select wm.month, wm.headcount, wm.fte_in_post from workforce_months wm
      where wm.unit_id = ut.id and wm.month between ${yearStart}::date and ${month}::date
      order by wm.month desc limit 1
    ) w on true
    cross join lateral (
      select sum(wm.agency_spend_pence) filter (where wm.month = ${month}::date) as agency_month,
        sum(wm.fixed_term_spend_pence) filter (where wm.month = ${month}::date) as fixed_term_month,
        sum(wm.agency_spend_pence) as agency_ytd, sum(wm.fixed_term_spend_pence) as fixed_term_ytd
      from workforce_months wm
      where wm.unit_id = ut.id and wm.month between ${yearStart}::date and ${month}::date
    ) y
    cross join lateral (
      select sum(wm.leavers)::int as leavers12, avg(wm.headcount) as average_headcount
      from workforce_months wm
      where wm.unit_id = ut.id and wm.month between (${month}::date - interval '11 months')::date and ${month}::date
    ) t
    where b.id is not null or w.month is not null
    order by ut.sort_path`);
  return rows.map((r) => {
    const establishment = numOrNull(r.establishment);
    const fteInPost = numOrNull(r.fte_in_post);
    const averageHeadcount = numOrNull(r.average_headcount);
    const leavers12 = r.leavers12 ?? 0;
    return {
      unitId: r.unit_id,
      name: r.name,
      ancestorIds: r.ancestor_ids,
      isDepartment: r.depth === 0,
      establishment,
      returnMonth: r.return_month,
      headcount: r.headcount,
      fteInPost,
      vacancies: establishment === null || fteInPost === null ? null : vacanciesFte(establishment, fteInPost),
      leavers12,
      averageHeadcount,
      turnoverPct: averageHeadcount === null ? null : turnoverPct(leavers12, averageHeadcount),
      agencyMonthPence: penceOrNull(r.agency_month),
      fixedTermMonthPence: penceOrNull(r.fixed_term_month),
      agencyYtdPence: pence(r.agency_ytd),
      fixedTermYtdPence: pence(r.fixed_term_ytd),
    };
  });
}

/** The department's total: sums, vacancies of the totals, turnover of the summed leavers and average headcounts. */
export function totalWorkforce(units: readonly WorkforceUnit[]): WorkforceTotal {
  const some = <T>(f: (u: WorkforceUnit) => T | null) => units.map(f).filter((v): v is T => v !== null);
  const establishment = some((u) => u.establishment);
  const inPost = some((u) => u.fteInPost);
  const headcount = some((u) => u.headcount);
  const average = some((u) => u.averageHeadcount);
  const agencyMonth = some((u) => u.agencyMonthPence);
  const fixedMonth = some((u) => u.fixedTermMonthPence);
  const totalEstablishment = establishment.length ? sumFte(establishment) : null;
  const totalInPost = inPost.length ? sumFte(inPost) : null;
  const averageHeadcount = average.length ? average.reduce((t, v) => t + v, 0) : null;
  const leavers12 = units.reduce((t, u) => t + u.leavers12, 0);
  return {
    establishment: totalEstablishment,
    headcount: headcount.length ? headcount.reduce((t, v) => t + v, 0) : null,
    fteInPost: totalInPost,
    // The department's vacancies are the sum of its units' (a unit over establishment does not fill another's post).
    vacancies: units.some((u) => u.vacancies !== null) ? sumFte(some((u) => u.vacancies)) : null,
    leavers12,
    averageHeadcount,
    turnoverPct: averageHeadcount === null ? null : turnoverPct(leavers12, averageHeadcount),
    agencyMonthPence: agencyMonth.length ? sumPence(agencyMonth) : null,
    fixedTermMonthPence: fixedMonth.length ? sumPence(fixedMonth) : null,
    agencyYtdPence: sumPence(units.map((u) => u.agencyYtdPence)),
    fixedTermYtdPence: sumPence(units.map((u) => u.fixedTermYtdPence)),
  };
}

/**
 * The department's workforce measures (category 'workforce': absence, TOM vacancies filled, HR
 * cases…) with their figure and status for `month`, as the department dashboard reads them. One query.
 */
export async function listWorkforceMeasures(departmentId: number, month: Period): Promise<MeasureFigure[]> {
  const { rows } = await db.execute<MeasureRowSql>(sql`
    with recursive ${departmentTreeCte(departmentId)},
    m as materialized (
      select m.*, u.name as unit_name, ut.sort_path
      from unit_tree ut
      join org_units u on u.id = ut.id
      join measures m on m.unit_id = ut.id and m.active and m.category = 'workforce'
    )
    select ${measureColumnsSql}
    from m
    ${figureAndTargetJoins(month)}
    order by m.sort_path, m.sort_order, m.id`);
  return rows.map(measureFigureOf);
}

export interface ProfileBand {
  band: string;
  headcount: number;
  demoValue: boolean;
}

export interface WorkforceProfile {
  dimension: WorkforceDimension;
  asOf: string;
  bands: ProfileBand[];
}

export interface PayGap {
  asOf: string;
  medianGapPct: number;
  meanGapPct: number;
  source: string;
}

/**
 * The department's latest workforce profile on or before `asAt` (each dimension's latest date) and
 * its latest gender pay gap. One query.
 */
export async function getWorkforceProfile(departmentId: number, asAt: string): Promise<{ profiles: WorkforceProfile[]; payGap: PayGap | null }> {
  const { rows } = await db.execute<{
    kind: "profile" | "pay_gap";
    dimension: WorkforceDimension | null;
    as_of: string;
    band: string | null;
    headcount: number | null;
    demo_value: boolean | null;
    median: string | null;
    mean: string | null;
    source: string | null;
  }>(sql`
    (select 'profile' as kind, p.dimension, to_char(p.as_of, 'YYYY-MM-DD') as as_of, p.band, p.headcount, p.demo_value,
        null::numeric as median, null::numeric as mean, null as source, p.sort_order
      from workforce_profiles p
      join (select dimension, max(as_of) as as_of from workforce_profiles
            where department_id = ${departmentId} and as_of <= ${asAt}::date group by dimension) l
        on l.dimension = p.dimension and l.as_of = p.as_of
      where p.department_id = ${departmentId})
    union all
    (select 'pay_gap', null, to_char(g.as_of, 'YYYY-MM-DD'), null, null, null, g.median_gap_pct, g.mean_gap_pct, g.source, 0
      from gender_pay_gaps g where g.department_id = ${departmentId} and g.as_of <= ${asAt}::date
      order by g.as_of desc limit 1)
    order by 1, 2, 10`);
  const profiles = new Map<WorkforceDimension, WorkforceProfile>();
  let payGap: PayGap | null = null;
  for (const r of rows) {
    if (r.kind === "pay_gap") {
      payGap = { asOf: r.as_of, medianGapPct: Number(r.median), meanGapPct: Number(r.mean), source: r.source ?? "" };
      continue;
    }
    const d = r.dimension!;
    const p = profiles.get(d) ?? { dimension: d, asOf: r.as_of, bands: [] };
    p.bands.push({ band: r.band!, headcount: r.headcount!, demoValue: r.demo_value! });
    profiles.set(d, p);
  }
  const order: WorkforceDimension[] = ["sex", "age_band", "length_of_service"];
  return { profiles: order.map((d) => profiles.get(d)).filter((p): p is WorkforceProfile => p !== undefined), payGap };
}

export interface PeoplePage {
  department: DepartmentRow;
  month: Period;
  units: WorkforceUnit[];
  total: WorkforceTotal;
  measures: MeasureFigure[];
  profiles: WorkforceProfile[];
  payGap: PayGap | null;
  empty: boolean;
}

/**
 * The People Dashboard of department `slug` for `month` (as at `asAt`, the month's as-at day), or
 * null when there is no such department or `user` may not view it. The department, then three
 * queries side by side, each bounded by the department.
 */
export async function getPeoplePage(user: SessionUser, slug: string, month: Period, asAt: string = monthEnd(month)): Promise<PeoplePage | null> {
  const department = await getViewableDepartment(user, slug);
  if (!department) return null;
  const [units, measures, { profiles, payGap }] = await Promise.all([
    listWorkforce(department.id, month),
    listWorkforceMeasures(department.id, month),
    getWorkforceProfile(department.id, asAt),
  ]);
  return {
    department,
    month,
    units,
    total: totalWorkforce(units),
    measures,
    profiles,
    payGap,
    empty: units.length === 0 && measures.length === 0 && profiles.length === 0 && payGap === null,
  };
}

// ---------------------------------------------------------------- links to the entry pages

/**
 * Whether `user` may do `action` on the department itself or on any of `units` (its units, each
 * with its ancestors): whether a link to the page where it is done is worth showing. The entry
 * pages check again on the server.
 */
export function canOnAnyUnit(user: SessionUser, action: Action, departmentId: number, units: readonly { unitId: number; ancestorIds: number[] }[]): boolean {
  const scope = (unitId: number, ancestorIds: number[]): UnitScope => ({ unitId, departmentId, ancestorIds });
  return can(user, action, scope(departmentId, [])) || units.some((u) => can(user, action, scope(u.unitId, u.ancestorIds)));
}
