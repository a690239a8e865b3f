import "server-only";
import { addMonths, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import { departmentScopeSql } from "@/lib/org/scope-sql";
import { dueInSql, figureAndTargetJoins, storedPeriodSql, submittedFigureJoin, targetInForceJoin } from "@/lib/measures/figure-sql";
import { PAGE_SIZE } from "@/lib/paging/page";
import { pageSliceSql } from "@/lib/paging/page-sql";
import { containsSql } from "@/lib/paging/search";
import { cache } from "react";
import type { SessionUser } from "@/lib/auth/current-user";
import { can, type UnitScope } from "@/lib/auth/permissions";
import { getScorecards, pageOtherExceptions, sumScorecards, type Bounded, type OtherException, type Scorecard } from "@/lib/dashboard/overview";
import { db } from "@/lib/db";
import { isQuarterEnd, lastCompletedMonth, monthsBetween, toPeriod, type Period } from "@/lib/entry/periods";
import { departmentUnitsCte, unitDepartmentCte } from "@/lib/org/tree-sql";
import { getFinanceTolerance, getRiskBands } from "@/lib/settings";
import type { Frequency, MeasureCategory } from "@/lib/enums";
import { MIN_RESPONSES_SETTING, parseMinResponses } from "@/lib/feedback/rules";
import { summariseSample, type SampleKind, type SampleSummary } from "@/lib/statistics/sample";
import { parsePeriodSamples, periodSamplesSql, sampleKindSql, type PeriodSampleJson } from "@/lib/statistics/sample-sql";
import { statusOf, toNumber, type Direction, type Status } from "./status";
import { breakBetweenPeriods } from "./series-breaks";
import { trendOf, type Trend } from "./trend";

/** How many months the dashboard's sparklines cover (the selected month and the 11 before it). */
export const SERIES_MONTHS = 12;

/** Exceptions the department page shows itself; the rest are one link away, a page at a time. */
export const EXCEPTIONS_SHOWN = 10;

export interface DepartmentRow {
  id: number;
  slug: string;
  name: string;
  shortName: string;
}

/** One point of a measure's 12-month series: a month, and for quarterly measures the quarter ending in it. */
export interface SeriesPoint {
  /** The month on the axis, "YYYY-MM-01". */
  month: Period;
  /** The period the figure is stored against (the month, or the quarter's first month); null for a month that ends no quarter. */
  period: Period | null;
  value: number | null;
  target: number | null;
  status: Status;
}

export interface DepartmentMeasure {
  id: number;
  code: string;
  name: string;
  category: MeasureCategory;
  valueType: string;
  decimals: number;
  scaleMax: string | null;
  direction: Direction;
  frequency: Frequency;
  groupName: string | null;
  breakdown: string | null;
  unitId: number;
  unitName: string;
  /** Always SERIES_MONTHS points, oldest first, ending at the selected month. */
  series: SeriesPoint[];
  /** The point the selected month shows: that month, or the latest quarter ended by it. */
  latest: SeriesPoint;
  /** The period before `latest` (previous month or quarter). */
  previous: SeriesPoint | null;
  trend: Trend;
  /** Issue 18: the break in the series between `previous` and `latest` (its first month), when there is one; the trend is then no_comparison. */
  trendAcrossBreak: string | null;
  /** Issue 18: for a survey-based figure, the sample behind `latest` (n, 95% interval, too few responses); null otherwise. */
  sample: SampleSummary | null;
}

export interface DepartmentDashboard {
  department: DepartmentRow;
  month: Period;
  /** The day the summary is judged at (monthAsAt of `month`). */
  asAt: string;
  measures: DepartmentMeasure[];
  /** The department's scorecard as at `asAt`: initiatives by RAG, High risks and what was overdue (getScorecards). */
  summary: Scorecard;
  /**
   * The first EXCEPTIONS_SHOWN items behind the summary (red and amber initiatives, High risks and
   * overdue items, as at `asAt`; pageOtherExceptions' order), and how many there are in all.
   */
  exceptions: Bounded<OtherException>;
}

/**
 * The default month of the dashboards (the last completed one), and the months they offer, newest
 * first: the current month (shown as at today), the last two years, and `selected` when it is older.
 */
export function dashboardMonths(now: Date = new Date(), selected?: Period): { defaultMonth: Period; options: Period[] } {
  const last = lastCompletedMonth(now);
  const first = toPeriod(addMonths(parseISO(last), -23));
  const options = monthsBetween(first, toPeriod(now)).reverse();
  if (selected !== undefined && selected < first) options.push(selected);
  return { defaultMonth: last, options };
}

const departmentScope = (departmentId: number): UnitScope => ({ unitId: departmentId, departmentId, ancestorIds: [] });

/**
 * A department by slug, or null when there is none or `user` may not view it (the page answers 404
 * either way). Cached per request: the page's metadata and body both ask.
 */
export const getViewableDepartment = cache(async (user: SessionUser, slug: string): Promise<DepartmentRow | null> => {
  const { rows } = await db.execute<{ id: number; slug: string; name: string; short_name: string }>(sql`
    select id, slug, name, short_name from org_units where slug = ${slug} and kind = 'department' limit 1`);
  const r = rows[0];
  if (!r || !can(user, "unit:view", departmentScope(r.id))) return null;
  return { id: r.id, slug: r.slug, name: r.name, shortName: r.short_name };
});

type SeriesJson = { m: string; p: string | null; v: string | null; t: string | null }[];

/**
 * Every active measure of a department with its 12-month series ending at `month`, in ONE query
 * whatever the number of measures or figures: 12 months × the department's measures, each cell the
 * SUBMITTED figure (drafts never count) and the target in force for its period, aggregated per measure
 * with json_agg. A quarterly measure has a figure in the month that ends each quarter (stored against
 * the quarter's first month) and none in the other months. A survey-based measure also brings the
 * samples behind its latest figures (periodSamplesSql) and the minimum-sample setting, in the same query.
 */
export async function listDepartmentMeasureSeries(departmentId: number, month: Period): Promise<DepartmentMeasure[]> {
  const from = toPeriod(addMonths(parseISO(month), -(SERIES_MONTHS - 1)));
  const sampleFrom = toPeriod(addMonths(parseISO(month), -5));
  const { rows } = await db.execute<{
    id: number;
    code: string;
    name: string;
    category: MeasureCategory;
    value_type: string;
    decimals: number;
    scale_max: string | null;
    direction: Direction;
    frequency: Frequency;
    group_name: string | null;
    breakdown: string | null;
    amber_tolerance_pct: string;
    unit_id: number;
    unit_name: string;
    series: SeriesJson;
    breaks: string[] | null;
    sample_kind: SampleKind | null;
    samples: PeriodSampleJson[] | null;
    min_responses: unknown;
  }>(sql`
    with recursive ${departmentUnitsCte(departmentId)},
    months(month) as (select generate_series(${from}::date, ${month}::date, interval '1 month')::date)
    select m.id, m.code, m.name, m.category, m.value_type, m.decimals, m.scale_max, m.direction, m.frequency,
      m.group_name, m.breakdown, m.amber_tolerance_pct, u.id as unit_id, u.name as unit_name, s.series,
      (select json_agg(to_char(b.period, 'YYYY-MM-DD')) from measure_series_breaks b where b.measure_id = m.id and b.period <= ${month}::date) as breaks,
      -- Issue 18: the samples behind survey-based figures, back to the first month of the latest quarter ended.
      ${sampleKindSql()} as sample_kind, ${periodSamplesSql(sql`${sampleFrom}::date`, sql`${month}::date`)} as samples,
      (select value from app_settings where key = ${MIN_RESPONSES_SETTING}) as min_responses
    from measures m
    join org_units u on u.id = m.unit_id
    join unit_department ud on ud.id = u.id
    cross join lateral (
      select json_agg(json_build_object(
          'm', to_char(mo.month, 'YYYY-MM-DD'), 'p', to_char(sp.period, 'YYYY-MM-DD'),
          'v', mv.value::text, 't', t.target_value::text) order by mo.month) as series
      from months mo
      -- A quarterly measure's figure shows in its quarter's last month (the month it falls due).
      cross join lateral (select case when ${dueInSql(sql`mo.month`)} then ${storedPeriodSql(sql`mo.month`)} end as period) sp
      ${submittedFigureJoin(sql`sp.period`, "m", "mv")}
      ${targetInForceJoin(sql`sp.period`)}
    ) s
    where m.active and ud.department_id = ${departmentId}
    order by u.sort_order, u.name, m.category, m.sort_order, m.id`);

  return rows.map((r) => {
    const tolerancePct = Number(r.amber_tolerance_pct);
    const series: SeriesPoint[] = r.series.map((s) => {
      const value = toNumber(s.v);
      const target = toNumber(s.t);
      return { month: s.m, period: s.p, value, target, status: statusOf({ value, target, direction: r.direction, tolerancePct }) };
    });
    // The selected month itself, or for a quarterly measure the last month of the latest quarter ended by it.
    const latestIndex = r.frequency === "monthly" ? series.length - 1 : series.findLastIndex((s) => isQuarterEnd(s.month));
    const step = r.frequency === "monthly" ? 1 : 3;
    const latest = series[latestIndex]!;
    const previous = series[latestIndex - step] ?? null;
    const trendAcrossBreak = previous ? breakBetweenPeriods(r.breaks ?? [], r.frequency, previous.period ?? previous.month, latest.period ?? latest.month) : null;
    const sample = latest.period === null ? undefined : parsePeriodSamples(r.sample_kind, r.samples).find((x) => x.period === latest.period)?.sample;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      category: r.category,
      valueType: r.value_type,
      decimals: r.decimals,
      scaleMax: r.scale_max,
      direction: r.direction,
      frequency: r.frequency,
      groupName: r.group_name,
      breakdown: r.breakdown,
      unitId: r.unit_id,
      unitName: r.unit_name,
      series,
      latest,
      previous,
      trend: trendAcrossBreak ? "no_comparison" : trendOf({ current: latest.value, comparison: previous?.value ?? null, direction: r.direction }),
      trendAcrossBreak,
      sample: sample && latest.value !== null ? summariseSample(sample, r.value_type, parseMinResponses(r.min_responses)) : null,
    };
  });
}

/**
 * The department dashboard for `slug`: its measures' figures for `month`, and its scorecard and
 * first exceptions as at `asAt` (monthAsAt of the month); null when the department does not exist or
 * `user` may not view it. Six queries whatever the amount of data: the department, the band and
 * finance tolerance settings, then the series, the scorecard and the exceptions side by side — each
 * limited to the department.
 */
export async function getDepartmentDashboard(user: SessionUser, slug: string, month: Period, asAt: string): Promise<DepartmentDashboard | null> {
  const department = await getViewableDepartment(user, slug);
  if (!department) return null;
  const settings = Promise.all([getRiskBands(db), getFinanceTolerance(db)]);
  const view = { month, asAt, departmentId: department.id };
  const [measures, cards, exceptions] = await Promise.all([
    listDepartmentMeasureSeries(department.id, month),
    settings.then(([bands, tolerance]) => getScorecards(user, { ...view, bands, tolerance })),
    settings.then(([bands, tolerance]) => pageOtherExceptions(user, { ...view, bands, tolerance }, { limit: EXCEPTIONS_SHOWN })),
  ]);
  return { department, month, asAt, measures, summary: sumScorecards(cards), exceptions };
}

/**
 * Page `page` (PAGE_SIZE a page) of all the exceptions of a department as at `asAt`, in the order
 * of the page's first few (pageOtherExceptions): the full list its department page links to.
 * `department` comes from getViewableDepartment, which checked that `user` may view it.
 */
export async function pageDepartmentExceptions(user: SessionUser, department: DepartmentRow, asAt: string, page: number): Promise<Bounded<OtherException>> {
  const [bands, tolerance] = await Promise.all([getRiskBands(db), getFinanceTolerance(db)]);
  return pageOtherExceptions(user, { asAt, bands, tolerance, departmentId: department.id }, { limit: PAGE_SIZE, offset: (Math.max(1, page) - 1) * PAGE_SIZE });
}

export interface DepartmentSummary extends DepartmentRow {
  measureCount: number;
  counts: Record<Status, number>;
}

export interface DepartmentSummaryPage {
  /** The departments the user may view that match the search (all pages). */
  total: number;
  /** The page shown (pageWindow's clamp: a page past the end shows the last). */
  rows: DepartmentSummary[];
}

/**
 * One page of the departments `user` may view (name containing `search`), each with its measures
 * counted by status as of `month` (the figure for that month, or the latest quarter ended by it;
 * submitted figures only) — one query. Scope and search first, then the page, and only the page's
 * departments are counted, in SQL with measure_status(): the cost is the page's, not the government's.
 */
export async function listDepartmentSummaries(
  user: SessionUser,
  { month = lastCompletedMonth(new Date()), page = 1, search = "" }: { month?: Period; page?: number; search?: string } = {},
): Promise<DepartmentSummaryPage> {
  if (!can(user, "unit:view")) return { total: 0, rows: [] };
  const { rows } = await db.execute<{ id: number; slug: string; name: string; short_name: string; total: number; measure_count: number } & Record<Status, number>>(sql`
    with recursive ${unitDepartmentCte},
    numbered as (
      select d.id, d.slug, d.name, d.short_name, d.sort_order,
        row_number() over (order by d.sort_order, d.name, d.id) as rn, count(*) over () as total
      from org_units d
      where d.kind = 'department' and ${departmentScopeSql(user, sql`d.id`)} and ${containsSql(sql`d.name`, search)}
    ),
    page as (select * from numbered where ${pageSliceSql(sql`rn`, sql`total`, page)}),
    -- Materialized: the page's measures first, then one index lookup of figure and target each.
    -- Left to itself the planner (misled by the recursive CTE's estimate) reads every figure of
    -- the government in one hash join.
    page_measures as materialized (
      select ud.department_id, m.id, m.frequency, m.direction, m.amber_tolerance_pct
      from page p
      join unit_department ud on ud.department_id = p.id
      join measures m on m.unit_id = ud.id and m.active
    ),
    statuses as (
      select m.department_id, s.status
      from page_measures m
      cross join lateral (
        select measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct) as status
        from (select) as one ${figureAndTargetJoins(month)}
      ) s
    )
    select p.id, p.slug, p.name, p.short_name, p.total::int as total,
      count(s.status)::int as measure_count,
      count(*) filter (where s.status = 'on_target')::int as on_target,
      count(*) filter (where s.status = 'within_tolerance')::int as within_tolerance,
      count(*) filter (where s.status = 'off_target')::int as off_target,
      count(*) filter (where s.status = 'no_target')::int as no_target,
      count(*) filter (where s.status = 'no_data')::int as no_data
    from page p left join statuses s on s.department_id = p.id
    group by p.id, p.slug, p.name, p.short_name, p.total, p.rn
    order by p.rn`);
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      shortName: r.short_name,
      measureCount: r.measure_count,
      counts: { on_target: r.on_target, within_tolerance: r.within_tolerance, off_target: r.off_target, no_target: r.no_target, no_data: r.no_data },
    })),
  };
}
