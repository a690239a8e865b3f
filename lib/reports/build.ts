import type { Frequency, Rag } from "@/lib/enums";
import { sql } from "drizzle-orm";
import { format, parseISO } from "date-fns";
import type { Database } from "@/db/client";
import { asAtDate } from "@/lib/entry/periods";
import { forecastAsAtSql, milestoneAchievedBySql, ragAsAtJoin } from "@/lib/initiatives/as-at-sql";
import type { QuarterRule } from "@/lib/measures/quarter";
import { toNumber, type Direction } from "@/lib/measures/status";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import { overdueAtSql, statusAtSql } from "@/lib/recommendations/overdue-sql";
import { isActive, type RecommendationStatus } from "@/lib/recommendations/rules";
import { aboveAppetiteSql, riskBandSql, riskRatingAtJoin } from "@/lib/risks/rating-sql";
import { RISK_BAND_LABELS, type RiskBand } from "@/lib/risks/scoring";
import { efficiencyMonthAsAtJoin, efficiencyYearToDateSql, financeMonthAsAtJoin, financeYearToDateSql, yearOf } from "@/lib/resources/as-at-sql";
import { totalNetSql } from "@/lib/resources/money-sql";
import { getFinanceTolerance, getRiskBands, getSetting } from "@/lib/settings";
import { MIN_RESPONSES_SETTING, parseMinResponses } from "@/lib/feedback/rules";
import type { SampleKind } from "@/lib/statistics/sample";
import { parsePeriodSamples, periodSamplesSql, sampleKindSql, type PeriodSampleJson } from "@/lib/statistics/sample-sql";
import {
  fiveQuarters,
  measureForReport,
  milestonesInQuarter,
  quarterBounds,
  quarterMonthPeriods,
  REPORT_SCHEMA_VERSION,
  resourcesForReport,
  summarise,
  type QuarterRef,
  type ReportContent,
  type ReportNarrative,
} from "./content";

type Reader = Pick<Database, "execute" | "select">;

/**
 * Assembles a department's report for a quarter: the measures' figures as they stand (submitted
 * figures only; published measures only), and everything else as at D, the quarter's last day (or
 * `now`'s day while the quarter runs: asAtDate) — each initiative's RAG and reason as at D, its
 * milestones achieved and missed by D (with their dates as then forecast), the public open risks
 * as rated at D (one not yet rated then is left out), and the recommendations outstanding at D and
 * implemented in the quarter. Each as-at rule is its one SQL fragment (lib/initiatives/as-at-sql.ts,
 * lib/risks/rating-sql.ts, lib/recommendations/overdue-sql.ts), so a later update, re-rating or
 * implementation never changes a quarter's report. Takes the database as a parameter (no
 * "server-only") so that the demo seed can publish reports too. Its resources section (budget,
 * outturn to date and forecast by service area, efficiencies against target) is as at the month of
 * D: each line's return for that month or its latest before it in the year (lib/resources/as-at-sql.ts),
 * judged under the finance tolerance setting. A survey-based figure carries its sample (n, 95%
 * interval) and, below the minimum sample setting, is published as "too few responses" (issue 18).
 * Ten queries whatever the size of the department.
 * Returns null when the department does not exist.
 */
export async function buildReportContent(
  db: Reader,
  departmentId: number,
  q: QuarterRef,
  narrative: ReportNarrative,
  now: Date = new Date(),
): Promise<ReportContent | null> {
  const quarters = fiveQuarters(q);
  const from = quarterMonthPeriods(quarters[0]!)[0];
  const { start, end } = quarterBounds(q);
  const asAt = asAtDate(end, format(now, "yyyy-MM-dd"));

  // One after another: inside a transaction (publishing, the seed) they share one client, which must not be
  // sent a query while another is running.
  const bands = await getRiskBands(db);
  // Survey-based figures below it are published as "too few responses" (issue 18); frozen with the content.
  const minimumSample = parseMinResponses(await getSetting(db, MIN_RESPONSES_SETTING));
  const department = await db.execute<{ slug: string; name: string }>(sql`select slug, name from org_units where id = ${departmentId} and kind = 'department'`);
  const measureRows = await db.execute<{
    code: string;
    name: string;
    description: string;
    unit_name: string;
    category: string;
    value_type: string;
    decimals: number;
    scale_max: string | null;
    direction: Direction;
    frequency: Frequency;
    quarter_rule: QuarterRule;
    data_source: string;
    baseline_value: string | null;
    baseline_period: string | null;
    amber_tolerance_pct: string;
    figures: { p: string; v: string | null; n: string | null; d: string | null; c: string | null }[] | null;
    targets: { f: string; v: string | null }[] | null;
    annotations: { p: string; t: string }[] | null;
    breaks: string[] | null;
    sample_kind: SampleKind | null;
    samples: PeriodSampleJson[] | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select m.code, m.name, m.description, u.name as unit_name, m.category, m.value_type, m.decimals, m.scale_max::text,
      m.direction, m.frequency, m.quarter_rule, m.data_source, m.baseline_value::text,
      to_char(m.baseline_period, 'YYYY-MM-DD') as baseline_period, m.amber_tolerance_pct::text,
      (select json_agg(json_build_object('p', to_char(v.period, 'YYYY-MM-DD'), 'v', v.value::text, 'n', v.numerator::text,
          'd', v.denominator::text, 'c', v.commentary) order by v.period)
        from measure_values v
        where v.measure_id = m.id and v.status = 'submitted' and v.period between ${from}::date and ${end}::date
          and v.period_type = case when m.frequency = 'monthly' then 'month'::period_type else 'quarter'::period_type end) as figures,
      (select json_agg(json_build_object('f', to_char(t.effective_from, 'YYYY-MM-DD'), 'v', t.target_value::text) order by t.effective_from)
        from measure_targets t where t.measure_id = m.id) as targets,
      -- Issue 18: the public notes on the quarter's months, and the breaks within the five quarters.
      (select json_agg(json_build_object('p', to_char(a.period, 'YYYY-MM-DD'), 't', a.text) order by a.period, a.id)
        from measure_annotations a where a.measure_id = m.id and a.is_public and a.period between ${start}::date and ${end}::date) as annotations,
      (select json_agg(to_char(b.period, 'YYYY-MM-DD') order by b.period)
        from measure_series_breaks b where b.measure_id = m.id and b.period between ${from}::date and ${end}::date) as breaks,
      ${sampleKindSql()} as sample_kind, ${periodSamplesSql(sql`${from}::date`, sql`${end}::date`)} as samples
    from measures m
    join org_units u on u.id = m.unit_id
    join unit_department ud on ud.id = u.id
    where ud.department_id = ${departmentId} and m.active and m.is_public
    order by u.sort_order, u.name, m.category, m.sort_order, m.id`);
  const initiativeRows = await db.execute<{
    csp_ref: string;
    title: string;
    unit_name: string;
    type: string;
    status: string;
    rag: Rag | null;
    rag_reason: string | null;
    target_date_label: string | null;
    success_criterion: string | null;
    milestones: { title: string; planned: string; forecast: string; actual: string | null; status: string }[] | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select i.csp_ref, i.title, u.name as unit_name, i.type, i.status, rag_at.rag, rag_at.reason as rag_reason, i.target_date_label, i.success_criterion,
      (select json_agg(json_build_object('title', ms.title, 'planned', ms.planned_date, 'forecast', to_char(${forecastAsAtSql("ms", asAt)}, 'YYYY-MM-DD'),
          'actual', case when ${milestoneAchievedBySql("ms", asAt)} then ms.actual_date end, 'status', ms.status) order by ms.sort_order, ms.planned_date)
        from milestones ms where ms.initiative_id = i.id) as milestones
    from initiatives i
    join org_units u on u.id = i.lead_unit_id
    join unit_department ud on ud.id = u.id
    ${ragAsAtJoin("i", asAt)}
    where ud.department_id = ${departmentId} and i.status <> 'closed'
    order by i.csp_ref, i.id`);
  const riskRows = await db.execute<{
    ref: string;
    title: string;
    category: string;
    event: string;
    score: number;
    band: RiskBand;
    above_appetite: boolean;
    appetite: number;
    mitigations: { description: string; status: string }[] | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select r.ref, r.title, r.category, r.event, rating.score, ${riskBandSql(sql`rating.score`, bands)} as band,
      ${aboveAppetiteSql(sql`rating.score`, sql`r.appetite_score`)} as above_appetite, r.appetite_score as appetite,
      (select json_agg(json_build_object('description', mi.description, 'status', mi.status) order by mi.sort_order, mi.id)
        from risk_mitigations mi where mi.risk_id = r.id) as mitigations
    from risks r join unit_department ud on ud.id = r.unit_id
    ${riskRatingAtJoin(asAt, "r", "rating")}
    where ud.department_id = ${departmentId} and r.is_public and r.status = 'open' and rating.score is not null
    order by rating.score desc, r.ref`);
  const recommendationRows = await db.execute<{
    ref: string;
    source: string;
    report_title: string;
    text: string;
    status: RecommendationStatus | null;
    target_date: string | null;
    implemented_on: string | null;
    completion_evidence: string | null;
    overdue: boolean;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select x.* from (
      select rc.ref, rc.source, rc.report_title, rc.text, ${statusAtSql(asAt, "rc")} as status, to_char(rc.target_date, 'YYYY-MM-DD') as target_date,
        to_char(rc.implemented_on, 'YYYY-MM-DD') as implemented_on, rc.completion_evidence, ${overdueAtSql(asAt, "rc")} as overdue
      from recommendations rc join unit_department ud on ud.id = rc.unit_id
      where ud.department_id = ${departmentId}
    ) x
    where x.status in ('open', 'in_progress') or x.implemented_on between ${start} and ${asAt}
    order by x.target_date nulls last, x.ref`);

  // The resources section: as at D's month, the year's budgets and efficiencies.
  const resourcesMonth = `${asAt.slice(0, 7)}-01`;
  const year = yearOf(resourcesMonth);
  const tolerance = await getFinanceTolerance(db);
  const resourceRows = await db.execute<{
    service_areas: { name: string; budget: number; to_date: number; forecast: number | null }[];
    efficiencies: { title: string; scope: "departmental" | "cross_cutting"; target: number; to_date: number; forecast: number | null }[];
    government_target: number | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select
      (select coalesce(json_agg(json_build_object('name', x.name, 'budget', x.budget, 'to_date', x.to_date, 'forecast', x.forecast) order by x.below, x.sort_order, x.name), '[]'::json)
        from (
          select u.name, u.sort_order, (u.id <> ud.department_id) as below, ${totalNetSql("b")} as budget, ${financeYearToDateSql(sql`u.id`, resourcesMonth)} as to_date,
            fm.forecast_outturn_pence as forecast
          from unit_budgets b join org_units u on u.id = b.unit_id join unit_department ud on ud.id = u.id
          ${financeMonthAsAtJoin(sql`u.id`, resourcesMonth)}
          where ud.department_id = ${departmentId} and b.year = ${year}
        ) x) as service_areas,
      (select coalesce(json_agg(json_build_object('title', x.title, 'scope', x.scope, 'target', x.target_pence, 'to_date', x.to_date, 'forecast', x.forecast)
          order by x.scope, x.sort_order, x.id), '[]'::json)
        from (
          select e.id, e.title, e.scope, e.sort_order, e.target_pence, ${efficiencyYearToDateSql(sql`e.id`, resourcesMonth)} as to_date, em.forecast_pence as forecast
          from efficiencies e
          ${efficiencyMonthAsAtJoin(sql`e.id`, resourcesMonth)}
          where e.department_id = ${departmentId} and e.year = ${year}
        ) x) as efficiencies,
      (select target_pence from government_efficiency_targets where year = ${year}) as government_target`);

  const dept = department.rows[0];
  if (!dept) return null;

  const res = resourceRows.rows[0]!;
  const resources = resourcesForReport({
    month: resourcesMonth,
    tolerance,
    serviceAreas: res.service_areas.map((a) => ({ name: a.name, budgetPence: Number(a.budget), outturnToDatePence: Number(a.to_date), forecastPence: a.forecast === null ? null : Number(a.forecast) })),
    efficiencies: res.efficiencies.map((e) => ({
      title: e.title,
      scope: e.scope,
      targetPence: Number(e.target),
      deliveredToDatePence: Number(e.to_date),
      forecastPence: e.forecast === null ? null : Number(e.forecast),
    })),
    governmentTargetPence: res.government_target === null ? null : Number(res.government_target),
  });

  const measures = measureRows.rows.map((r) =>
    measureForReport(
      {
        code: r.code,
        name: r.name,
        description: r.description,
        unitName: r.unit_name,
        category: r.category,
        valueType: r.value_type,
        decimals: r.decimals,
        scaleMax: toNumber(r.scale_max),
        direction: r.direction,
        frequency: r.frequency,
        quarterRule: r.quarter_rule,
        dataSource: r.data_source,
        baseline: toNumber(r.baseline_value),
        baselineLabel: r.baseline_period && r.baseline_value !== null ? format(parseISO(r.baseline_period), "MMMM yyyy") : null,
        tolerancePct: Number(r.amber_tolerance_pct),
        figures: (r.figures ?? []).map((f) => ({ period: f.p, value: toNumber(f.v), numerator: toNumber(f.n), denominator: toNumber(f.d), commentary: f.c })),
        targets: (r.targets ?? []).map((t) => ({ effectiveFrom: t.f, value: toNumber(t.v) })),
        annotations: (r.annotations ?? []).map((a) => ({ period: a.p, text: a.t })),
        breaks: r.breaks ?? [],
        sampleKind: r.sample_kind,
        samples: parsePeriodSamples(r.sample_kind, r.samples),
        minimumSample,
      },
      q,
    ),
  );

  const initiatives = initiativeRows.rows.map((i) => ({
    cspRef: i.csp_ref,
    title: i.title,
    unitName: i.unit_name,
    type: i.type,
    status: i.status,
    rag: i.rag,
    ragReason: i.rag_reason,
    targetDateLabel: i.target_date_label,
    successCriterion: i.success_criterion,
    ...milestonesInQuarter(
      (i.milestones ?? []).map((m) => ({ title: m.title, plannedDate: m.planned, forecastDate: m.forecast, actualDate: m.actual, status: m.status })),
      q,
      asAt,
    ),
  }));

  const risks = riskRows.rows.map((r) => ({
    ref: r.ref,
    title: r.title,
    category: r.category,
    event: r.event,
    residualScore: r.score,
    residualBand: RISK_BAND_LABELS[r.band],
    appetiteScore: r.appetite,
    aboveAppetite: r.above_appetite,
    mitigations: r.mitigations ?? [],
  }));

  // Implemented: on a day of the quarter up to D (that date is the fact, even when it was recorded
  // after D). Outstanding: open or in progress at D (statusAtSql), unless implemented by then.
  const implementedBy = (r: { implemented_on: string | null }) => r.implemented_on !== null && r.implemented_on <= asAt;
  const rec = (r: (typeof recommendationRows.rows)[number], status: string, overdue: boolean) => ({
    ref: r.ref,
    source: r.source,
    reportTitle: r.report_title,
    text: r.text,
    status,
    targetDate: r.target_date,
    implementedOn: r.implemented_on,
    completionEvidence: r.completion_evidence,
    overdue,
  });
  const implemented = recommendationRows.rows.filter((r) => implementedBy(r) && r.implemented_on! >= start).map((r) => rec(r, "implemented", false));
  const outstanding = recommendationRows.rows
    .filter((r) => r.status !== null && isActive(r.status) && !implementedBy(r))
    .map((r) => rec(r, r.status!, r.overdue));

  const body = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    department: { slug: dept.slug, name: dept.name },
    year: q.year,
    quarter: q.quarter,
    generatedAt: now.toISOString(),
    asAt,
    narrative,
    measures,
    initiatives,
    risks,
    recommendations: { implemented, outstanding },
    resources,
  } satisfies Omit<ReportContent, "summary">;
  return { ...body, summary: summarise(body) };
}
