import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import { seesAllDepartments } from "@/lib/auth/permissions";
import { pageWindow, PAGE_SIZE, type PageWindow } from "@/lib/paging/page";
import type { Frequency } from "@/lib/enums";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { Period } from "@/lib/entry/periods";
import { figureAndTargetJoins } from "@/lib/measures/figure-sql";
import { departmentTreeCte, unitTreeCte } from "@/lib/org/tree-sql";
import type { Direction, Status } from "@/lib/measures/status";
import { spcWindowJoin } from "@/lib/statistics/spc-sql";
import { specialCauseAt, type SpecialCause } from "@/lib/statistics/special-cause";
import { milestoneOverdueAtSql, forecastAsAtSql, ragAsAtJoin } from "@/lib/initiatives/as-at-sql";
import { overdueAtSql } from "@/lib/recommendations/overdue-sql";
import { actionOverdueAtSql } from "@/lib/reviews/action-sql";
import { aboveAppetiteSql, highOrAboveSql, riskRatingAtJoin } from "@/lib/risks/rating-sql";
import type { RiskBands } from "@/lib/risks/scoring";
import { efficiencyMonthAsAtJoin, efficiencyOffTrackSql, financeMonthAsAtJoin, serviceAreaBeyondSql, yearOf } from "@/lib/resources/as-at-sql";
import { totalNetSql } from "@/lib/resources/money-sql";
import { DEFAULT_TOLERANCE, efficiencyRag, formatThousands, variancePct, type Tolerance } from "@/lib/resources/rules";

export interface Scorecard {
  unitId: number;
  unitName: string;
  unitKind: string;
  departmentId: number;
  departmentSlug: string;
  departmentName: string;
  measures: Record<Status, number>;
  missing: number;
  initiatives: { green: number; amber: number; red: number };
  highRisks: number;
  overdueMilestones: number;
  overdueActions: number;
  overdueRecommendations: number;
  /** Service areas whose forecast outturn is an overspend beyond the finance tolerance, as at the month. */
  overspends: number;
  /** Efficiencies (led by the unit; the department's own when no unit leads) off track, amber or red, as at the month. */
  offTrackEfficiencies: number;
}

/**
 * What a view of the overview is built from: the month whose figures it shows, the day D its other
 * counts are judged at (monthAsAt: the month's last day, or today for the current month), and the
 * risk band edges, read once with getRiskBands (lib/settings.ts, which validates the setting).
 */
export interface OverviewAsAt {
  month: Period;
  asAt: string;
  bands: RiskBands;
  /** Only this department's units (the department page); the user's scope applies as well. */
  departmentId?: number;
  /**
   * The finance tolerance (getFinanceTolerance) that overspends and off-track efficiencies are judged
   * under; the pages read the setting, DEFAULT_TOLERANCE otherwise.
   */
  tolerance?: Tolerance;
}

/** The month ("YYYY-MM-01") whose resources returns a view judged at day `asAt` reads: its own. */
const monthOfAsAt = (asAt: string) => `${asAt.slice(0, 7)}-01`;

/**
 * Service areas (units with a budget for the month's year) whose forecast outturn as at `month` is
 * an overspend beyond tolerance, for unit `unit`: a count or the hits' rows.
 */
function overspendFrom(unit: SQL, month: string, tolerance: Tolerance): SQL {
  return sql`from unit_budgets b
        ${financeMonthAsAtJoin(unit, month)}
        where b.unit_id = ${unit} and b.year = ${yearOf(month)} and ${serviceAreaBeyondSql(tolerance, { overspendOnly: true })}`;
}

/** Efficiencies of unit `unit` (its department's, led by it; the department's own when none leads) off track as at `month`. */
function offTrackEfficiencyFrom(unit: SQL, department: SQL, month: string, tolerance: Tolerance): SQL {
  return sql`from efficiencies e
        ${efficiencyMonthAsAtJoin(sql`e.id`, month)}
        where e.department_id = ${department} and coalesce(e.lead_unit_id, e.department_id) = ${unit} and e.year = ${yearOf(month)}
          and ${efficiencyOffTrackSql(tolerance)}`;
}

/** Whom the overview covers: every department, or the user's own; narrowed to one department when asked. */
function scopeFilter(user: SessionUser, departmentId?: number): SQL {
  const own = departmentScopeSql(user, sql`ud.department_id`);
  return departmentId === undefined ? own : sql`${own} and ud.department_id = ${departmentId}`;
}

/**
 * unit_tree and its unit_department projection (lib/org/tree-sql.ts), grown from the one department
 * the view covers when it covers one (asked for, or the user's own), so that its cost does not
 * depend on the other departments; scopeFilter still decides what may be seen.
 */
function scopedTreeCte(user: SessionUser, departmentId?: number): SQL {
  const one = departmentId ?? (seesAllDepartments(user) ? undefined : (user.departmentId ?? -1));
  const tree = one === undefined ? unitTreeCte : departmentTreeCte(one);
  return sql`${tree},
    unit_department(id, department_id) as (select id, department_id from unit_tree)`;
}

/**
 * The scorecard counts of the units in CTE `scoped` (id, department_id), one CTE per count, each
 * keyed by unit_id: measure_counts, initiative_counts, milestone_counts, risk_counts,
 * action_counts, recommendation_counts. Shared by the unit and the department scorecards, so that
 * a department's row is exactly the sum of its units'.
 *
 * Scope first: each count is a LATERAL aggregate per scoped unit, reached through the unit's
 * indexes (measures, initiatives, risks, meetings and recommendations by unit), so the cost is the
 * units' in scope. Joined the other way the planner — misled by the recursive unit tree's estimate
 * of tens of thousands of units — judged every figure, milestone and risk of the government and
 * only then kept the page's.
 */
function scorecardCountsCtes({ month, asAt, bands, tolerance = DEFAULT_TOLERANCE }: Omit<OverviewAsAt, "departmentId">): SQL {
  return sql`measure_counts as (
      select s.id as unit_id, c.* from scoped s
      cross join lateral (
        select
          count(*) filter (where f.status = 'on_target')::int as on_target,
          count(*) filter (where f.status = 'within_tolerance')::int as within_tolerance,
          count(*) filter (where f.status = 'off_target')::int as off_target,
          count(*) filter (where f.status = 'no_target')::int as no_target,
          count(*) filter (where f.status = 'no_data')::int as no_data,
          count(*) filter (where f.status = 'no_data' and f.frequency = 'monthly')::int as missing
        from (
          select m.frequency, measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct) as status
          from measures m
          ${figureAndTargetJoins(month)}
          where m.unit_id = s.id and m.active
        ) f
      ) c
    ),
    initiative_counts as (
      select s.id as unit_id, c.* from scoped s
      cross join lateral (
        select
          count(*) filter (where rag_at.rag = 'green')::int as rag_green,
          count(*) filter (where rag_at.rag = 'amber')::int as rag_amber,
          count(*) filter (where rag_at.rag = 'red')::int as rag_red
        from initiatives i
        ${ragAsAtJoin("i", asAt)}
        where i.lead_unit_id = s.id and i.status not in ('complete', 'closed')
      ) c
    ),
    milestone_counts as (
      select s.id as unit_id, c.* from scoped s
      cross join lateral (
        select count(*)::int as overdue_milestones
        from initiatives i join milestones ms on ms.initiative_id = i.id
        where i.lead_unit_id = s.id and ${milestoneOverdueAtSql("ms", asAt)}
      ) c
    ),
    risk_counts as (
      select s.id as unit_id, c.* from scoped s
      cross join lateral (
        select count(*)::int as high_risks
        from risks r
        ${riskRatingAtJoin(asAt)}
        where r.unit_id = s.id and r.status = 'open' and ${highOrAboveSql(sql`rating.score`, bands)}
      ) c
    ),
    action_counts as (
      select s.id as unit_id, c.* from scoped s
      cross join lateral (
        select count(*)::int as overdue_actions
        from review_meetings rm join review_actions a on a.meeting_id = rm.id
        where rm.department_id = s.id and ${actionOverdueAtSql(asAt)}
      ) c
    ),
    recommendation_counts as (
      select s.id as unit_id, c.* from scoped s
      cross join lateral (
        select count(*)::int as overdue_recommendations
        from recommendations r
        where r.unit_id = s.id and ${overdueAtSql(asAt)}
      ) c
    ),
    resource_counts as (
      select s.id as unit_id,
        (select count(*)::int ${overspendFrom(sql`s.id`, month, tolerance)}) as overspends,
        (select count(*)::int ${offTrackEfficiencyFrom(sql`s.id`, sql`s.department_id`, month, tolerance)}) as off_track_efficiencies
      from scoped s
    )`;
}

/** The joins of every count CTE to scoped units `s`. */
const countJoins = sql`
    left join measure_counts mc on mc.unit_id = s.id
    left join initiative_counts ic on ic.unit_id = s.id
    left join milestone_counts mi on mi.unit_id = s.id
    left join risk_counts rc on rc.unit_id = s.id
    left join action_counts ac on ac.unit_id = s.id
    left join recommendation_counts rec on rec.unit_id = s.id
    left join resource_counts rs on rs.unit_id = s.id`;

type ScorecardRow = {
  unit_id: number;
  unit_name: string;
  unit_kind: string;
  department_id: number;
  department_slug: string;
  department_name: string;
  on_target: number;
  within_tolerance: number;
  off_target: number;
  no_target: number;
  no_data: number;
  missing: number;
  rag_green: number;
  rag_amber: number;
  rag_red: number;
  high_risks: number;
  overdue_milestones: number;
  overdue_actions: number;
  overdue_recommendations: number;
  overspends: number;
  off_track_efficiencies: number;
};

function toScorecard(r: ScorecardRow): Scorecard {
  return {
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitKind: r.unit_kind,
    departmentId: r.department_id,
    departmentSlug: r.department_slug,
    departmentName: r.department_name,
    measures: { on_target: r.on_target, within_tolerance: r.within_tolerance, off_target: r.off_target, no_target: r.no_target, no_data: r.no_data },
    missing: r.missing,
    initiatives: { green: r.rag_green, amber: r.rag_amber, red: r.rag_red },
    highRisks: r.high_risks,
    overdueMilestones: r.overdue_milestones,
    overdueActions: r.overdue_actions,
    overdueRecommendations: r.overdue_recommendations,
    overspends: r.overspends,
    offTrackEfficiencies: r.off_track_efficiencies,
  };
}

/**
 * The scorecard of every unit the user may see, for one month: measure statuses (the month's
 * submitted figure, or the latest quarter ended by it, against the target in force), missing
 * submissions, and as at D (docs/rules.md): initiatives by their RAG at D, risks High after
 * mitigation by their rating at D (risks not yet rated then do not count), milestones overdue at D
 * (by their forecast as then known), SLT actions open at D and due before it, and recommendations
 * overdue at D. Initiatives complete or closed, and risks no longer open, are left out by their
 * status now (neither has a history). One SQL statement, counted where the data is, whatever its size.
 */
export async function getScorecards(user: SessionUser, { month, asAt, bands, departmentId }: OverviewAsAt): Promise<Scorecard[]> {
  const { rows } = await db.execute<ScorecardRow>(sql`
    with recursive ${scopedTreeCte(user, departmentId)},
    scoped as (
      select u.id, u.name, u.kind::text as kind, u.sort_order, ud.department_id
      from org_units u join unit_department ud on ud.id = u.id
      where ${scopeFilter(user, departmentId)}
    ),
    ${scorecardCountsCtes({ month, asAt, bands })}
    select s.id as unit_id, s.name as unit_name, s.kind as unit_kind, d.id as department_id, d.slug as department_slug, d.name as department_name,
      coalesce(mc.on_target, 0) as on_target, coalesce(mc.within_tolerance, 0) as within_tolerance, coalesce(mc.off_target, 0) as off_target,
      coalesce(mc.no_target, 0) as no_target, coalesce(mc.no_data, 0) as no_data, coalesce(mc.missing, 0) as missing,
      coalesce(ic.rag_green, 0) as rag_green, coalesce(ic.rag_amber, 0) as rag_amber, coalesce(ic.rag_red, 0) as rag_red,
      coalesce(rc.high_risks, 0) as high_risks, coalesce(mi.overdue_milestones, 0) as overdue_milestones, coalesce(ac.overdue_actions, 0) as overdue_actions,
      coalesce(rec.overdue_recommendations, 0) as overdue_recommendations,
      coalesce(rs.overspends, 0) as overspends, coalesce(rs.off_track_efficiencies, 0) as off_track_efficiencies
    from scoped s
    join org_units d on d.id = s.department_id
    ${countJoins}
    order by d.sort_order, d.name, (s.kind <> 'department'), s.sort_order, s.name`);
  return rows.map(toScorecard);
}

/**
 * One scorecard per department the user may see (each the sum of its units' — getScorecards'
 * counts, summed in SQL), for one page of PAGE_SIZE departments in department order; a page past
 * the end shows the last. One statement: the departments are paged first and only the page's
 * units are counted. Each card's unit is its department.
 */
export async function getDepartmentScorecards(user: SessionUser, view: Omit<OverviewAsAt, "departmentId"> & { page: number }): Promise<{ cards: Scorecard[]; window: PageWindow }> {
  const offset = (Math.max(1, Math.trunc(view.page) || 1) - 1) * PAGE_SIZE;
  const { rows } = await db.execute<ScorecardRow & { total: number }>(sql`
    with recursive ${scopedTreeCte(user)},
    departments as (
      select d.id, d.slug, d.name, row_number() over (order by d.sort_order, d.name, d.id) as rn, count(*) over () as total
      from org_units d where d.parent_id is null and ${departmentScopeSql(user, sql`d.id`)}
    ),
    -- The first row of the page shown: the one asked for, or the last page's when past the end.
    page_start as (select coalesce(least(${offset}::bigint, (max(total) - 1) / ${PAGE_SIZE} * ${PAGE_SIZE}), 0) as n from departments),
    page as (select d.* from departments d, page_start p where d.rn > p.n and d.rn <= p.n + ${PAGE_SIZE}),
    scoped as (select ud.id, ud.department_id from unit_department ud join page p on p.id = ud.department_id),
    ${scorecardCountsCtes(view)}
    select p.id as unit_id, p.name as unit_name, 'department' as unit_kind, p.id as department_id, p.slug as department_slug, p.name as department_name,
      p.total::int as total,
      coalesce(sum(mc.on_target), 0)::int as on_target, coalesce(sum(mc.within_tolerance), 0)::int as within_tolerance,
      coalesce(sum(mc.off_target), 0)::int as off_target, coalesce(sum(mc.no_target), 0)::int as no_target,
      coalesce(sum(mc.no_data), 0)::int as no_data, coalesce(sum(mc.missing), 0)::int as missing,
      coalesce(sum(ic.rag_green), 0)::int as rag_green, coalesce(sum(ic.rag_amber), 0)::int as rag_amber, coalesce(sum(ic.rag_red), 0)::int as rag_red,
      coalesce(sum(rc.high_risks), 0)::int as high_risks, coalesce(sum(mi.overdue_milestones), 0)::int as overdue_milestones,
      coalesce(sum(ac.overdue_actions), 0)::int as overdue_actions, coalesce(sum(rec.overdue_recommendations), 0)::int as overdue_recommendations,
      coalesce(sum(rs.overspends), 0)::int as overspends, coalesce(sum(rs.off_track_efficiencies), 0)::int as off_track_efficiencies
    from page p
    join scoped s on s.department_id = p.id
    ${countJoins}
    group by p.id, p.name, p.slug, p.total, p.rn
    order by p.rn`);
  return { cards: rows.map(toScorecard), window: pageWindow(rows[0]?.total ?? 0, view.page) };
}

/** A department's scorecard: the sum of its units' (the first card names it). */
export function sumScorecards(cards: Scorecard[]): Scorecard {
  const sum = (f: (c: Scorecard) => number) => cards.reduce((s, c) => s + f(c), 0);
  const statuses = Object.keys(cards[0]!.measures) as Status[];
  return {
    ...cards[0]!,
    measures: Object.fromEntries(statuses.map((s) => [s, sum((c) => c.measures[s])])) as Record<Status, number>,
    missing: sum((c) => c.missing),
    initiatives: { green: sum((c) => c.initiatives.green), amber: sum((c) => c.initiatives.amber), red: sum((c) => c.initiatives.red) },
    highRisks: sum((c) => c.highRisks),
    overdueMilestones: sum((c) => c.overdueMilestones),
    overdueActions: sum((c) => c.overdueActions),
    overdueRecommendations: sum((c) => c.overdueRecommendations),
    overspends: sum((c) => c.overspends),
    offTrackEfficiencies: sum((c) => c.offTrackEfficiencies),
  };
}

export interface MeasureException {
  id: number;
  name: string;
  unitName: string;
  departmentSlug: string;
  frequency: Frequency;
  valueType: string;
  decimals: number;
  scaleMax: string | null;
  period: string | null;
  value: string | null;
  target: string | null;
  status: Status;
  /**
   * Issue 18: for a monthly measure with spc_signals on, whether the month's figure is part of an
   * XmR signal (lib/statistics/special-cause.ts) — special-cause variation, improving or concerning.
   */
  specialCause: SpecialCause | null;
}

/** A bounded page of a list, with how many there are in all. */
export interface Bounded<T> {
  items: T[];
  total: number;
}

/** Which rows of a list: at most `limit`, after `offset`. */
export interface Slice {
  limit: number;
  offset?: number;
  /** Only this department (the user's scope applies as well). */
  departmentId?: number;
}

/** Measures off target, within tolerance or missing for the month (worst first), at most `limit`. */
export async function listMeasureExceptions(user: SessionUser, month: Period, limit = 50): Promise<MeasureException[]> {
  return (await pageMeasureExceptions(user, month, { limit })).items;
}

/**
 * listMeasureExceptions, one slice at a time, with the number of exceptions in all (counted in the
 * same statement). Each measure's status is judged once (`exceptions`, narrow rows); the total
 * counts those rows, the slice is sorted on their narrow keys, and names and units are joined for
 * the slice's rows only. The measures are reached unit by unit (a LATERAL per unit, as in the
 * scorecards): joined to the unit tree instead, the planner misjudged the tree's size and put a
 * Memoize, which never hits (one row per measure), in front of every figure and target lookup —
 * a third of the statement's time at scale 10. Each slice row also brings what its special-cause
 * check reads (spcWindowJoin: at most 36 figures of its own), in the same statement.
 */
export async function pageMeasureExceptions(user: SessionUser, month: Period, { limit, offset = 0, departmentId }: Slice): Promise<Bounded<MeasureException>> {
  const { rows } = await db.execute<{
    total: number;
    id: number;
    name: string;
    unit_name: string;
    department_slug: string;
    frequency: Frequency;
    value_type: string;
    decimals: number;
    scale_max: string | null;
    period: string | null;
    value: string | null;
    target_value: string | null;
    status: Status;
    direction: Direction;
    spc_since: string | null;
    spc_points: { p: string; v: string }[] | null;
  }>(sql`
    with recursive ${scopedTreeCte(user, departmentId)},
    exceptions as materialized (
      select j.* from unit_department ud
      cross join lateral (
        select m.id, m.sort_order, ud.department_id, m.frequency, v.period, v.value, t.target_value,
          measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct) as status
        from measures m
        ${figureAndTargetJoins(month)}
        where m.unit_id = ud.id and m.active
      ) j
      where ${scopeFilter(user, departmentId)}
        and (j.status in ('off_target', 'within_tolerance') or (j.status = 'no_data' and j.frequency = 'monthly'))
    ),
    slice as (
      select e.*, case e.status when 'off_target' then 0 when 'no_data' then 1 else 2 end as rank, d.sort_order as dept_order
      from exceptions e join org_units d on d.id = e.department_id
      order by rank, dept_order, e.sort_order, e.id
      limit ${limit} offset ${offset}
    )
    select s.id, m.name, u.name as unit_name, d.slug as department_slug, s.frequency, m.value_type, m.decimals, m.scale_max,
      to_char(s.period, 'YYYY-MM-DD') as period, s.value, s.target_value, s.status,
      (select count(*) from exceptions)::int as total,
      m.direction, spc.since as spc_since, spc.points as spc_points
    from slice s
    join measures m on m.id = s.id
    join org_units u on u.id = m.unit_id
    join org_units d on d.id = s.department_id
    -- Issue 18: the series its special-cause check reads, for the slice's measures only.
    ${spcWindowJoin(sql`${month}::date`)}
    order by s.rank, s.dept_order, s.sort_order, s.id`);
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    unitName: r.unit_name,
    departmentSlug: r.department_slug,
    frequency: r.frequency,
    valueType: r.value_type,
    decimals: r.decimals,
    scaleMax: r.scale_max,
    period: r.period,
    value: r.value,
    target: r.target_value,
    status: r.status,
    specialCause: specialCauseAt(r.spc_since, r.spc_points, month, r.direction),
  }));
  return { items, total: rows[0]?.total ?? 0 };
}

export interface OtherException {
  /** overspend: a service area's forecast overspend beyond tolerance (id: its unit); efficiency: one off track. */
  kind: "initiative" | "risk" | "milestone" | "action" | "recommendation" | "overspend" | "efficiency";
  id: number;
  title: string;
  detail: string;
  unitName: string;
  departmentSlug: string;
  date: string | null;
  /** The item's own page; null for SLT actions, which live in a month's review pack (the page knows the month). */
  href: string | null;
}

/**
 * Where each kind of exception is looked at: a milestone on its initiative's page; an overspend or
 * an efficiency on its department's resources page for the month (`asAt`'s).
 */
function exceptionHref(kind: OtherException["kind"], id: number, initiativeId: number | null, departmentSlug: string, asAt: string): string | null {
  switch (kind) {
    case "overspend":
    case "efficiency":
      return `/departments/${departmentSlug}/resources?month=${asAt.slice(0, 7)}`;
    case "initiative":
      return `/initiatives/${id}`;
    case "risk":
      return `/risks/${id}`;
    case "milestone":
      return initiativeId === null ? null : `/initiatives/${initiativeId}`;
    case "recommendation":
      return `/recommendations/${id}`;
    case "action":
      return null;
  }
}

/**
 * As at D, like the scorecards: initiatives red or amber at D (with the reason then given), risks High
 * after mitigation by their rating at D (noting when that was above appetite), milestones overdue at
 * D (dated by their forecast as then known), SLT actions overdue at D and recommendations overdue at
 * D, and as at D's month (lib/resources/as-at-sql.ts) service areas forecasting an overspend beyond
 * the finance tolerance and efficiencies off track — one statement.
 */
export async function listOtherExceptions(user: SessionUser, view: Omit<OverviewAsAt, "month">, limit = 60): Promise<OtherException[]> {
  return (await pageOtherExceptions(user, view, { limit })).items;
}

/**
 * listOtherExceptions one slice at a time, with the number in all (counted in the same statement).
 * Each exception is found once as a narrow row (`hits`: kind, id, rank, date, unit); the total
 * counts those rows, the slice is sorted on them, and titles and details are built for the slice's
 * rows only.
 */
export async function pageOtherExceptions(
  user: SessionUser,
  { asAt, bands, departmentId, tolerance = DEFAULT_TOLERANCE }: Omit<OverviewAsAt, "month">,
  { limit, offset = 0 }: Omit<Slice, "departmentId">,
): Promise<Bounded<OtherException>> {
  const month = monthOfAsAt(asAt);
  const { rows } = await db.execute<{
    total: number;
    kind: OtherException["kind"];
    id: number;
    title: string;
    detail: string;
    unit_name: string;
    department_slug: string;
    date: string | null;
    initiative_id: number | null;
    forecast_pence: string | null;
    budget_pence: string | null;
  }>(sql`
    with recursive ${scopedTreeCte(user, departmentId)},
    scoped as (select ud.id, ud.department_id from unit_department ud where ${scopeFilter(user, departmentId)}),
    hits as materialized (
      (select 'initiative' as kind, i.id, case rag_at.rag when 'red' then 0 else 1 end as rank, i.target_date as date, s.id as unit_id, s.department_id
       from initiatives i join scoped s on s.id = i.lead_unit_id
       ${ragAsAtJoin("i", asAt)}
       where rag_at.rag in ('red', 'amber') and i.status not in ('complete', 'closed'))
      union all
      (select 'risk', r.id, 2, null, s.id, s.department_id
       from risks r join scoped s on s.id = r.unit_id
       ${riskRatingAtJoin(asAt)}
       where r.status = 'open' and ${highOrAboveSql(sql`rating.score`, bands)})
      union all
      (select 'milestone', ms.id, 3, ${forecastAsAtSql("ms", asAt)}, s.id, s.department_id
       from milestones ms join initiatives i on i.id = ms.initiative_id join scoped s on s.id = i.lead_unit_id
       where ${milestoneOverdueAtSql("ms", asAt)})
      union all
      (select 'action', a.id, 4, a.due_date, s.id, s.department_id
       from review_actions a join review_meetings rm on rm.id = a.meeting_id join scoped s on s.id = rm.department_id
       where ${actionOverdueAtSql(asAt)})
      union all
      (select 'recommendation', r.id, 5, r.target_date, s.id, s.department_id
       from recommendations r join scoped s on s.id = r.unit_id
       where ${overdueAtSql(asAt)})
      union all
      (select 'overspend', s.id, 6, null, s.id, s.department_id
       from scoped s
       where exists (select 1 ${overspendFrom(sql`s.id`, month, tolerance)}))
      union all
      (select 'efficiency', e.id, 7, null, s.id, s.department_id
       from scoped s cross join lateral (select e.id ${offTrackEfficiencyFrom(sql`s.id`, sql`s.department_id`, month, tolerance)}) e)
    ),
    slice as (select * from hits order by rank, date nulls last, kind, id limit ${limit} offset ${offset})
    select h.kind, h.id, x.title, x.detail, u.name as unit_name, d.slug as department_slug, to_char(h.date, 'YYYY-MM-DD') as date,
      x.initiative_id, x.forecast_pence::text, x.budget_pence::text, (select count(*) from hits)::int as total
    from slice h
    join org_units u on u.id = h.unit_id
    join org_units d on d.id = h.department_id
    cross join lateral (
      (select i.title, rag_at.rag::text || coalesce(': ' || rag_at.reason, '') as detail, null::int as initiative_id,
         null::bigint as forecast_pence, null::bigint as budget_pence
       from initiatives i ${ragAsAtJoin("i", asAt)}
       where h.kind = 'initiative' and i.id = h.id)
      union all
      (select r.title, 'Residual ' || rating.likelihood || ' × ' || rating.impact || ' = ' || rating.score
         || case when ${aboveAppetiteSql(sql`rating.score`, sql`r.appetite_score`)} then ', above appetite (' || r.appetite_score || ')' else '' end, null, null, null
       from risks r ${riskRatingAtJoin(asAt)}
       where h.kind = 'risk' and r.id = h.id)
      union all
      (select ms.title, 'Of ' || i.title, i.id, null, null
       from milestones ms join initiatives i on i.id = ms.initiative_id
       where h.kind = 'milestone' and ms.id = h.id)
      union all
      (select a.description, 'Owner: ' || a.owner_name, null, null, null
       from review_actions a
       where h.kind = 'action' and a.id = h.id)
      union all
      (select r.ref || ': ' || case when length(r.text) > 140 then left(r.text, 139) || '…' else r.text end, 'Owner: ' || r.owner_name, null, null, null
       from recommendations r
       where h.kind = 'recommendation' and r.id = h.id)
      union all
      (select 'Forecast outturn of ' || u.name, coalesce(fm.commentary, ''), null, fm.forecast_outturn_pence, ${totalNetSql("b")}
       from unit_budgets b join org_units u on u.id = b.unit_id
       ${financeMonthAsAtJoin(sql`b.unit_id`, month)}
       where h.kind = 'overspend' and b.unit_id = h.id and b.year = ${yearOf(month)})
      union all
      (select e.title, coalesce(em.commentary, ''), null, em.forecast_pence, e.target_pence
       from efficiencies e
       ${efficiencyMonthAsAtJoin(sql`e.id`, month)}
       where h.kind = 'efficiency' and e.id = h.id)
    ) x
    order by h.rank, h.date nulls last, h.kind, h.id`);
  const items = rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    title: r.title,
    detail: r.kind === "overspend" || r.kind === "efficiency" ? resourceDetail(r.kind, Number(r.forecast_pence), Number(r.budget_pence), r.detail, tolerance) : r.detail,
    unitName: r.unit_name,
    departmentSlug: r.department_slug,
    date: r.date,
    href: exceptionHref(r.kind, r.id, r.initiative_id, r.department_slug, asAt),
  }));
  return { items, total: rows[0]?.total ?? 0 };
}

/**
 * An overspend's or an off-track efficiency's detail in words, £'000: "Overspend of 1,273 against a
 * budget of 19,883 (6.4%). <commentary>" or "Red: forecast 150.0 against a target of 200.0. <commentary>".
 */
function resourceDetail(kind: "overspend" | "efficiency", forecast: number, budget: number, commentary: string, tolerance: Tolerance): string {
  const note = commentary ? ` ${commentary}` : " No commentary given.";
  if (kind === "overspend") {
    const pct = variancePct(forecast, budget);
    return `Overspend of ${formatThousands(forecast - budget)} (£'000) against a budget of ${formatThousands(budget)}${pct === null ? "" : ` (${pct}%)`}.${note}`;
  }
  const rag = efficiencyRag(forecast, budget, tolerance);
  return `${rag === "red" ? "Red" : "Amber"}: forecast ${formatThousands(forecast, 1)} (£'000) against a target of ${formatThousands(budget, 1)}.${note}`;
}
