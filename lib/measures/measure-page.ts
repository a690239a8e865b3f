import "server-only";
import { cache } from "react";
import { format, parseISO, subMonths } from "date-fns";
import { sql } from "drizzle-orm";
import type { FeedbackMetric, Frequency, ValueType } from "@/lib/enums";
import { listSurveyCounts, type SurveyCount } from "@/lib/feedback/queries";
import { targetInForceJoin } from "@/lib/measures/figure-sql";
import type { SessionUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import { statusOf, toNumber, type Direction, type Status } from "./status";

/**
 * Reads for the measure page (/measures/[id]) and its CSV download. Four queries whatever the
 * length of the history: the measure with its unit, department and target history; the unit's
 * scope for the permission check; the series (one row per period, the target in force joined in
 * SQL); the latest change history of its figures; for a survey-fed measure, its responses by month.
 */

export interface MeasureTargetChange {
  effectiveFrom: string;
  /** Null: to be confirmed. */
  targetValue: number | null;
  tbcDue: string | null;
  note: string | null;
}

export interface MeasureHeader {
  id: number;
  code: string;
  name: string;
  description: string;
  unitId: number;
  unitName: string;
  departmentName: string;
  valueType: ValueType;
  decimals: number;
  scaleMax: string | null;
  direction: Direction;
  frequency: Frequency;
  dataSource: string;
  dataLimitations: string | null;
  baselineValue: number | null;
  baselinePeriod: string | null;
  baselineNote: string | null;
  tolerancePct: number;
  active: boolean;
  /** Set when the customer survey calculates the figures (lib/feedback). */
  feedbackMetric: FeedbackMetric | null;
  /** Oldest first. */
  targets: MeasureTargetChange[];
  /** Issue 18: the date the target is to be met by (the forecast's horizon); breaks and notes, oldest first. */
  targetDate: string | null;
  seriesBreaks: { period: string; reason: string }[];
  annotations: { id: number; period: string; text: string; isPublic: boolean }[];
}

export interface SeriesPoint {
  /** yyyy-MM-dd: the month, or the first month of the quarter. */
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  commentary: string | null;
  /** The target in force for the period; null when none or to be confirmed. */
  target: number | null;
  status: Status;
}

export interface ChangeEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  period: string;
  /** The figure before the change, when it was already submitted (drafts are not shown). */
  from: number | null;
  fromCommentary: string | null;
  hadSubmittedBefore: boolean;
  to: number | null;
  toCommentary: string | null;
  reason: string | null;
}

export const CHANGE_HISTORY_LIMIT = 50;

/** The measure if it exists and the user may view its department; null otherwise (answered as 404). Cached per request. */
export const getViewableMeasure = cache(async (user: SessionUser, id: number): Promise<MeasureHeader | null> => {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const { rows } = await db.execute<{
    id: number;
    code: string;
    name: string;
    description: string;
    unit_id: number;
    unit_name: string;
    department_name: string;
    value_type: ValueType;
    decimals: number;
    scale_max: string | null;
    direction: Direction;
    frequency: Frequency;
    data_source: string;
    data_limitations: string | null;
    baseline_value: string | null;
    baseline_period: string | null;
    baseline_note: string | null;
    amber_tolerance_pct: string;
    active: boolean;
    feedback_metric: FeedbackMetric | null;
    targets: { effective_from: string; target_value: string | null; tbc_due: string | null; note: string | null }[] | null;
    target_date: string | null;
    series_breaks: { period: string; reason: string }[] | null;
    annotations: { id: number; period: string; text: string; is_public: boolean }[] | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select m.id, m.code, m.name, m.description, m.unit_id, u.name as unit_name, dept.name as department_name,
      m.value_type, m.decimals, m.scale_max, m.direction, m.frequency, m.data_source, m.data_limitations,
      m.baseline_value, to_char(m.baseline_period, 'YYYY-MM-DD') as baseline_period, m.baseline_note,
      m.amber_tolerance_pct, m.active, m.feedback_metric,
      (select json_agg(json_build_object(
          'effective_from', to_char(t.effective_from, 'YYYY-MM-DD'), 'target_value', t.target_value::text,
          'tbc_due', to_char(t.tbc_due, 'YYYY-MM-DD'), 'note', t.note) order by t.effective_from)
        from measure_targets t where t.measure_id = m.id) as targets,
      -- Issue 18: read straight from their tables, in this same query (a handful of rows per measure).
      to_char(m.target_date, 'YYYY-MM-DD') as target_date,
      (select json_agg(json_build_object('period', to_char(b.period, 'YYYY-MM-DD'), 'reason', b.reason) order by b.period)
        from measure_series_breaks b where b.measure_id = m.id) as series_breaks,
      (select json_agg(json_build_object('id', a.id, 'period', to_char(a.period, 'YYYY-MM-DD'), 'text', a.text, 'is_public', a.is_public)
          order by a.period, a.id)
        from measure_annotations a where a.measure_id = m.id) as annotations
    from measures m
    join org_units u on u.id = m.unit_id
    join unit_department ud on ud.id = u.id
    join org_units dept on dept.id = ud.department_id
    where m.id = ${id}`);
  const r = rows[0];
  if (!r) return null;
  const scope = await getUnitScope(r.unit_id);
  if (!scope || !can(user, "unit:view", scope)) return null;
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    unitId: r.unit_id,
    unitName: r.unit_name,
    departmentName: r.department_name,
    valueType: r.value_type,
    decimals: r.decimals,
    scaleMax: r.scale_max,
    feedbackMetric: r.feedback_metric,
    direction: r.direction,
    frequency: r.frequency,
    dataSource: r.data_source,
    dataLimitations: r.data_limitations,
    baselineValue: toNumber(r.baseline_value),
    baselinePeriod: r.baseline_period,
    baselineNote: r.baseline_note,
    tolerancePct: Number(r.amber_tolerance_pct),
    active: r.active,
    targets: (r.targets ?? []).map((t) => ({
      effectiveFrom: t.effective_from,
      targetValue: toNumber(t.target_value),
      tbcDue: t.tbc_due,
      note: t.note,
    })),
    targetDate: r.target_date,
    seriesBreaks: r.series_breaks ?? [],
    annotations: (r.annotations ?? []).map((a) => ({ id: a.id, period: a.period, text: a.text, isPublic: a.is_public })),
  };
});

/**
 * Every submitted figure of the measure, oldest first, one per period, each judged against the
 * target in force for its period (the latest target effective on or before it) — so a period
 * before a target change keeps the old target. Drafts are not evidence yet and are left out.
 */
export async function getMeasureSeries(measure: Pick<MeasureHeader, "id" | "frequency" | "direction" | "tolerancePct">): Promise<SeriesPoint[]> {
  const periodType = measure.frequency === "monthly" ? "month" : "quarter";
  const { rows } = await db.execute<{
    period: string;
    value: string | null;
    numerator: string | null;
    denominator: string | null;
    commentary: string | null;
    target_value: string | null;
  }>(sql`
    select to_char(v.period, 'YYYY-MM-DD') as period, v.value, v.numerator, v.denominator, v.commentary, t.target_value
    from measure_values v
    ${targetInForceJoin(sql`v.period`, sql`v.measure_id`)}
    where v.measure_id = ${measure.id} and v.status = 'submitted' and v.period_type = ${periodType}::period_type
    order by v.period`);
  return rows.map((r) => {
    const value = toNumber(r.value);
    const target = toNumber(r.target_value);
    return {
      period: r.period,
      value,
      numerator: toNumber(r.numerator),
      denominator: toNumber(r.denominator),
      commentary: r.commentary,
      target,
      status: statusOf({ value, target, direction: measure.direction, tolerancePct: measure.tolerancePct }),
    };
  });
}

interface FigureSnapshot {
  value?: unknown;
  commentary?: unknown;
  status?: unknown;
}

const asNumber = (v: unknown) => (typeof v === "number" || typeof v === "string" ? toNumber(v) : null);
const asText = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/**
 * The latest changes to the measure's submitted figures (submissions and corrections, newest
 * first, at most CHANGE_HISTORY_LIMIT). Draft saves are left out: drafts are not evidence.
 */
export async function getMeasureChangeHistory(measureId: number): Promise<ChangeEntry[]> {
  const { rows } = await db.execute<{
    id: number;
    at: string;
    actor: string | null;
    action: string;
    period: string;
    before: FigureSnapshot | null;
    after: FigureSnapshot | null;
    reason: string | null;
  }>(sql`
    select a.id, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, coalesce(u.name, a.actor_email) as actor,
      a.action, to_char(v.period, 'YYYY-MM-DD') as period, a.before, a.after, a.reason
    from measure_values v
    join audit_log a on a.entity_type = 'measure_value' and a.entity_id = v.id::text
    left join users u on u.id = a.actor_id
    where v.measure_id = ${measureId} and v.status = 'submitted' and a.action <> 'figure.save_draft'
    order by a.at desc, a.id desc
    limit ${CHANGE_HISTORY_LIMIT}`);
  return rows.map((r) => {
    const hadSubmittedBefore = r.before?.status === "submitted";
    return {
      id: Number(r.id),
      at: r.at,
      actor: r.actor,
      action: r.action,
      period: r.period,
      hadSubmittedBefore,
      from: hadSubmittedBefore ? asNumber(r.before?.value) : null,
      fromCommentary: hadSubmittedBefore ? asText(r.before?.commentary) : null,
      to: asNumber(r.after?.value),
      toCommentary: asText(r.after?.commentary),
      reason: r.reason,
    };
  });
}

/** An initiative the measure shows the success of, with the key objective and priority above it. */
export interface ThreadLink {
  initiativeId: number;
  cspRef: string;
  initiativeTitle: string;
  objectiveTitle: string | null;
  priority: string | null;
  parentPriority: string | null;
}

/** The golden thread upwards: the initiatives that name this measure, each with its objective and priority. */
export async function getMeasureThread(measureId: number): Promise<ThreadLink[]> {
  const { rows } = await db.execute<{
    id: number;
    csp_ref: string;
    title: string;
    objective_title: string | null;
    priority: string | null;
    parent_priority: string | null;
  }>(sql`
    select i.id, i.csp_ref, i.title, k.title as objective_title,
      p.code || ' ' || p.title as priority, pp.code || ' ' || pp.title as parent_priority
    from initiative_measures im
    join initiatives i on i.id = im.initiative_id
    left join key_objectives k on k.id = i.key_objective_id
    left join strategic_priorities p on p.id = coalesce(k.priority_id, i.priority_id)
    left join strategic_priorities pp on pp.id = p.parent_id
    where im.measure_id = ${measureId}
    order by i.csp_ref, i.id`);
  return rows.map((r) => ({
    initiativeId: r.id,
    cspRef: r.csp_ref,
    initiativeTitle: r.title,
    objectiveTitle: r.objective_title,
    priority: r.priority,
    parentPriority: r.parent_priority,
  }));
}

export interface MeasurePageData {
  measure: MeasureHeader;
  series: SeriesPoint[];
  changes: ChangeEntry[];
  thread: ThreadLink[];
  /** A survey-fed measure's responses by month (counted, verified, held); empty for other measures. */
  survey: SurveyCount[];
  /** The first months of new series after breaks (issue 18), oldest first: comparisons across one are not made. */
  breaks: string[];
}

/** Everything the measure page shows, or null (not found, or not the user's to see). */
export async function getMeasurePage(user: SessionUser, id: number): Promise<MeasurePageData | null> {
  const measure = await getViewableMeasure(user, id);
  if (!measure) return null;
  const [series, changes, thread, survey] = await Promise.all([
    getMeasureSeries(measure),
    getMeasureChangeHistory(measure.id),
    getMeasureThread(measure.id),
    measure.feedbackMetric ? listSurveyCounts(measure.unitId) : Promise.resolve([]),
  ]);
  // The breaks came with the measure (oldest first): no second query for them.
  return { measure, series, changes, thread, survey, breaks: measure.seriesBreaks.map((b) => b.period) };
}

/** "Aug 2026" for a monthly figure, "Q3 2026" for a quarterly one (stored against its first month). */
export function periodLabel(frequency: Frequency, period: string): string {
  const d = parseISO(period);
  if (frequency === "quarterly") return `Q${Math.floor(d.getMonth() / 3) + 1} ${d.getFullYear()}`;
  return format(d, "MMM yyyy");
}

/** The same period a year before (yyyy-MM-dd). */
export function samePeriodLastYear(period: string): string {
  return format(subMonths(parseISO(period), 12), "yyyy-MM-dd");
}
