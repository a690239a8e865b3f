import { sql } from "drizzle-orm";
import { format, parseISO } from "date-fns";
import type { Database } from "@/db/client";
import type { QuarterRule } from "@/lib/measures/quarter";
import { toNumber, type Direction } from "@/lib/measures/status";
import { unitDepartmentCte } from "@/lib/org/unit-department";
import { bandOf, RISK_BAND_LABELS } from "@/lib/risks/scoring";
import { getRiskBands } from "@/lib/settings";
import {
  fiveQuarters,
  measureForReport,
  milestonesInQuarter,
  quarterBounds,
  quarterMonthPeriods,
  REPORT_SCHEMA_VERSION,
  summarise,
  type QuarterRef,
  type ReportContent,
  type ReportNarrative,
} from "./content";

type Reader = Pick<Database, "execute" | "select">;

/**
 * Assembles a department's report for a quarter from the figures as they stand (submitted figures
 * only; published measures only; public risks only). Takes the database as a parameter (no
 * "server-only") so that the demo seed can publish reports too. Five queries whatever the size
 * of the department. Returns null when the department does not exist.
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

  // One after another: inside a transaction (publishing, the seed) they share one client, which must not be
  // sent a query while another is running.
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
    frequency: "monthly" | "quarterly";
    quarter_rule: QuarterRule;
    data_source: string;
    baseline_value: string | null;
    baseline_period: string | null;
    amber_tolerance_pct: string;
    figures: { p: string; v: string | null; n: string | null; d: string | null; c: string | null }[] | null;
    targets: { f: string; v: string | null }[] | null;
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
        from measure_targets t where t.measure_id = m.id) as targets
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
    rag: "green" | "amber" | "red" | null;
    rag_reason: string | null;
    target_date_label: string | null;
    success_criterion: string | null;
    milestones: { title: string; planned: string; forecast: string | null; actual: string | null; status: string }[] | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select i.csp_ref, i.title, u.name as unit_name, i.type, i.status, i.rag, i.rag_reason, i.target_date_label, i.success_criterion,
      (select json_agg(json_build_object('title', ms.title, 'planned', ms.planned_date, 'forecast', ms.forecast_date,
          'actual', ms.actual_date, 'status', ms.status) order by ms.sort_order, ms.planned_date)
        from milestones ms where ms.initiative_id = i.id) as milestones
    from initiatives i
    join org_units u on u.id = i.lead_unit_id
    join unit_department ud on ud.id = u.id
    where ud.department_id = ${departmentId} and i.status <> 'closed'
    order by i.csp_ref, i.id`);
  const riskRows = await db.execute<{
    ref: string;
    title: string;
    category: string;
    event: string;
    likelihood: number;
    impact: number;
    appetite: number;
    mitigations: { description: string; status: string }[] | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select r.ref, r.title, r.category, r.event, r.residual_likelihood as likelihood, r.residual_impact as impact, r.appetite_score as appetite,
      (select json_agg(json_build_object('description', mi.description, 'status', mi.status) order by mi.sort_order, mi.id)
        from risk_mitigations mi where mi.risk_id = r.id) as mitigations
    from risks r join unit_department ud on ud.id = r.unit_id
    where ud.department_id = ${departmentId} and r.is_public and r.status = 'open'
    order by r.residual_likelihood * r.residual_impact desc, r.ref`);
  const recommendationRows = await db.execute<{
    ref: string;
    source: string;
    report_title: string;
    text: string;
    status: string;
    target_date: string | null;
    implemented_on: string | null;
    completion_evidence: string | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select rc.ref, rc.source, rc.report_title, rc.text, rc.status, to_char(rc.target_date, 'YYYY-MM-DD') as target_date,
      to_char(rc.implemented_on, 'YYYY-MM-DD') as implemented_on, rc.completion_evidence
    from recommendations rc join unit_department ud on ud.id = rc.unit_id
    where ud.department_id = ${departmentId}
      and (rc.status in ('open', 'in_progress') or rc.implemented_on between ${start}::date and ${end}::date)
    order by rc.target_date nulls last, rc.ref`);
  const bands = await getRiskBands(db);

  const dept = department.rows[0];
  if (!dept) return null;

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
    ),
  }));

  const risks = riskRows.rows.map((r) => {
    const score = r.likelihood * r.impact;
    return {
      ref: r.ref,
      title: r.title,
      category: r.category,
      event: r.event,
      residualScore: score,
      residualBand: RISK_BAND_LABELS[bandOf(score, bands)],
      appetiteScore: r.appetite,
      aboveAppetite: score > r.appetite,
      mitigations: r.mitigations ?? [],
    };
  });

  const recs = recommendationRows.rows.map((r) => ({
    ref: r.ref,
    source: r.source,
    reportTitle: r.report_title,
    text: r.text,
    status: r.status,
    targetDate: r.target_date,
    implementedOn: r.implemented_on,
    completionEvidence: r.completion_evidence,
    overdue: (r.status === "open" || r.status === "in_progress") && r.target_date !== null && r.target_date < end,
  }));

  const body = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    department: { slug: dept.slug, name: dept.name },
    year: q.year,
    quarter: q.quarter,
    generatedAt: now.toISOString(),
    narrative,
    measures,
    initiatives,
    risks,
    recommendations: {
      implemented: recs.filter((r) => r.implementedOn !== null && r.implementedOn >= start && r.implementedOn <= end),
      outstanding: recs.filter((r) => r.status === "open" || r.status === "in_progress"),
    },
  } satisfies Omit<ReportContent, "summary">;
  return { ...body, summary: summarise(body) };
}
