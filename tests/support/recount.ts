import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { monthEnd, type Period } from "../../lib/entry/periods";
import { isMilestoneOverdueAt, ragAsAt, type ForecastChange, type Rag } from "../../lib/initiatives/milestone-rules";
import { countingPeriod, periodTypeOf, targetInForce, type Frequency } from "../../lib/measures/figure-rules";
import { statusOf, toNumber, type Direction, type Status } from "../../lib/measures/status";
import { isOverdueAt, type RecommendationStatus, type StatusChangeRecord } from "../../lib/recommendations/rules";
import { actionOpenAt, actionOverdueAt } from "../../lib/reviews/rules";
import { isAboveAppetite, isHighOrAbove, ratingAt, type ReviewRating, type RiskBands } from "../../lib/risks/scoring";

/**
 * The consistency test's own count of everything the dashboard, the department page, the review
 * pack and the reports show, worked out in memory from the history tables with the pure rules —
 * not with the queries' SQL — so that a query that drifts from a rule (or from another page)
 * disagrees with it. Load once with loadHistory, then count as at any day.
 */

const day = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);

export interface History {
  departmentOf: Map<number, number>;
  measures: { id: number; unitId: number; frequency: Frequency; direction: Direction; tolerancePct: number; active: boolean; isPublic: boolean }[];
  figures: Map<string, number | null>;
  targets: Map<number, { effectiveFrom: string; value: number | null }[]>;
  initiatives: { id: number; unitId: number; status: string; updates: { period: string; rag: Rag }[] }[];
  milestones: { id: number; initiativeId: number; unitId: number; plannedDate: string; forecastDate: string | null; actualDate: string | null; status: string; changes: ForecastChange[] }[];
  actions: { id: number; departmentId: number; meetingPeriod: string; status: string; createdOn: string; closedOn: string | null; dueDate: string | null }[];
  recommendations: { id: number; unitId: number; status: RecommendationStatus; createdOn: string; targetDate: string | null; implementedOn: string | null; updates: StatusChangeRecord[] }[];
  risks: { id: number; unitId: number; status: string; isPublic: boolean; appetite: number; residualLikelihood: number; residualImpact: number; reviews: ReviewRating[] }[];
}

const figureKey = (measureId: number, periodType: string, period: string) => `${measureId}|${periodType}|${period}`;

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Everything the counts need, read plainly from the tables (a handful of queries; no rule in SQL). */
export async function loadHistory(db: Database): Promise<History> {
  const q = async <T>(query: ReturnType<typeof sql>) => (await db.execute<T & Record<string, unknown>>(query)).rows as T[];
  const units = await q<{ id: number; parent_id: number | null; kind: string }>(sql`select id, parent_id, kind from org_units`);
  const byId = new Map(units.map((u) => [u.id, u]));
  const departmentOf = new Map<number, number>();
  for (const u of units) {
    let x: typeof u | undefined = u;
    while (x && x.kind !== "department") x = x.parent_id === null ? undefined : byId.get(x.parent_id);
    if (x) departmentOf.set(u.id, x.id);
  }
  const measures = await q<{ id: number; unit_id: number; frequency: Frequency; direction: Direction; tol: string; active: boolean; is_public: boolean }>(
    sql`select id, unit_id, frequency, direction, amber_tolerance_pct::text as tol, active, is_public from measures`,
  );
  const values = await q<{ measure_id: number; period_type: string; period: string; value: string | null }>(
    sql`select measure_id, period_type::text, ${day("period")} as period, value::text from measure_values where status = 'submitted'`,
  );
  const targets = await q<{ measure_id: number; effective_from: string; value: string | null }>(
    sql`select measure_id, ${day("effective_from")} as effective_from, target_value::text as value from measure_targets`,
  );
  const initiatives = await q<{ id: number; unit_id: number; status: string }>(sql`select id, lead_unit_id as unit_id, status::text from initiatives`);
  const updates = groupBy(
    await q<{ initiative_id: number; period: string; rag: Rag }>(sql`select initiative_id, ${day("period")} as period, rag::text from initiative_updates`),
    (u) => u.initiative_id,
  );
  const milestones = await q<{ id: number; initiative_id: number; planned: string; forecast: string | null; actual: string | null; status: string }>(
    sql`select id, initiative_id, ${day("planned_date")} as planned, ${day("forecast_date")} as forecast, ${day("actual_date")} as actual, status::text from milestones`,
  );
  const changes = groupBy(
    await q<{ milestone_id: number; from_date: string | null; to_date: string; changed_on: string }>(
      sql`select milestone_id, ${day("from_date")} as from_date, ${day("to_date")} as to_date, ${day("changed_at")} as changed_on from milestone_forecast_changes order by changed_at, id`,
    ),
    (c) => c.milestone_id,
  );
  const actions = await q<{ id: number; department_id: number; meeting_period: string; status: string; created_on: string; closed_on: string | null; due_date: string | null }>(sql`
    select a.id, rm.department_id, ${day("rm.period")} as meeting_period, a.status::text, ${day("a.created_at")} as created_on,
      ${day("a.closed_at")} as closed_on, ${day("a.due_date")} as due_date
    from review_actions a join review_meetings rm on rm.id = a.meeting_id`);
  const recs = await q<{ id: number; unit_id: number; status: RecommendationStatus; created_on: string; target_date: string | null; implemented_on: string | null }>(
    sql`select id, unit_id, status::text, ${day("created_at")} as created_on, ${day("target_date")} as target_date, ${day("implemented_on")} as implemented_on from recommendations`,
  );
  const recUpdates = groupBy(
    await q<{ recommendation_id: number; status_from: RecommendationStatus | null; status_to: RecommendationStatus | null; on: string }>(
      sql`select recommendation_id, status_from::text, status_to::text, ${day("created_at")} as on from recommendation_updates order by created_at, id`,
    ),
    (u) => u.recommendation_id,
  );
  const risks = await q<{ id: number; unit_id: number; status: string; is_public: boolean; appetite: number; l: number; i: number }>(
    sql`select id, unit_id, status::text, is_public, appetite_score as appetite, residual_likelihood as l, residual_impact as i from risks`,
  );
  const reviews = groupBy(
    await q<{ risk_id: number; reviewed_on: string; l: number; i: number }>(
      sql`select risk_id, ${day("reviewed_on")} as reviewed_on, residual_likelihood as l, residual_impact as i from risk_reviews order by id`,
    ),
    (r) => r.risk_id,
  );

  const initiativeUnit = new Map(initiatives.map((i) => [i.id, i.unit_id]));
  return {
    departmentOf,
    measures: measures.map((m) => ({ id: m.id, unitId: m.unit_id, frequency: m.frequency, direction: m.direction, tolerancePct: Number(m.tol), active: m.active, isPublic: m.is_public })),
    figures: new Map(values.map((v) => [figureKey(v.measure_id, v.period_type, v.period), toNumber(v.value)])),
    targets: new Map([...groupBy(targets, (t) => t.measure_id)].map(([k, ts]) => [k, ts.map((t) => ({ effectiveFrom: t.effective_from, value: toNumber(t.value) }))])),
    initiatives: initiatives.map((i) => ({ id: i.id, unitId: i.unit_id, status: i.status, updates: updates.get(i.id) ?? [] })),
    milestones: milestones.map((m) => ({
      id: m.id,
      initiativeId: m.initiative_id,
      unitId: initiativeUnit.get(m.initiative_id)!,
      plannedDate: m.planned,
      forecastDate: m.forecast,
      actualDate: m.actual,
      status: m.status,
      changes: (changes.get(m.id) ?? []).map((c) => ({ fromDate: c.from_date, toDate: c.to_date, changedOn: c.changed_on })),
    })),
    actions: actions.map((a) => ({ id: a.id, departmentId: a.department_id, meetingPeriod: a.meeting_period, status: a.status, createdOn: a.created_on, closedOn: a.closed_on, dueDate: a.due_date })),
    recommendations: recs.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      status: r.status,
      createdOn: r.created_on,
      targetDate: r.target_date,
      implementedOn: r.implemented_on,
      updates: (recUpdates.get(r.id) ?? []).map((u) => ({ from: u.status_from, to: u.status_to, on: u.on })),
    })),
    risks: risks.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      status: r.status,
      isPublic: r.is_public,
      appetite: r.appetite,
      residualLikelihood: r.l,
      residualImpact: r.i,
      reviews: (reviews.get(r.id) ?? []).map((v) => ({ reviewedOn: v.reviewed_on, likelihood: v.l, impact: v.i })),
    })),
  };
}

export interface UnitCounts {
  measures: Record<Status, number>;
  missing: number;
  initiatives: Record<Rag, number>;
  highRisks: number;
  risksAboveAppetite: number;
  overdueMilestones: number;
  openActions: number;
  overdueActions: number;
  overdueRecommendations: number;
}

const emptyCounts = (): UnitCounts => ({
  measures: { on_target: 0, within_tolerance: 0, off_target: 0, no_target: 0, no_data: 0 },
  missing: 0,
  initiatives: { green: 0, amber: 0, red: 0 },
  highRisks: 0,
  risksAboveAppetite: 0,
  overdueMilestones: 0,
  openActions: 0,
  overdueActions: 0,
  overdueRecommendations: 0,
});

/** A measure's status in a view of `month`: its counting figure against the target in force then. */
export function measureStatusFor(h: History, m: History["measures"][number], month: Period): Status {
  const period = countingPeriod(m.frequency, month);
  const value = h.figures.get(figureKey(m.id, periodTypeOf(m.frequency), period)) ?? null;
  const target = targetInForce(h.targets.get(m.id) ?? [], period);
  return statusOf({ value, target, direction: m.direction, tolerancePct: m.tolerancePct });
}

/**
 * Per unit (SLT actions: per department, where meetings are held), what a view of `month` as at
 * the end of day `asAt` counts.
 */
export function countByUnit(h: History, month: Period, asAt: string, bands: RiskBands): Map<number, UnitCounts> {
  const out = new Map<number, UnitCounts>();
  const of = (unitId: number) => {
    let c = out.get(unitId);
    if (!c) out.set(unitId, (c = emptyCounts()));
    return c;
  };
  for (const m of h.measures) {
    if (!m.active) continue;
    const status = measureStatusFor(h, m, month);
    of(m.unitId).measures[status] += 1;
    if (status === "no_data" && m.frequency === "monthly") of(m.unitId).missing += 1;
  }
  for (const i of h.initiatives) {
    if (i.status === "complete" || i.status === "closed") continue;
    const rag = ragAsAt(i.updates, asAt);
    if (rag) of(i.unitId).initiatives[rag] += 1;
  }
  for (const ms of h.milestones) if (isMilestoneOverdueAt(ms, ms.changes, asAt)) of(ms.unitId).overdueMilestones += 1;
  for (const a of h.actions) {
    if (actionOpenAt(a, asAt)) of(a.departmentId).openActions += 1;
    if (actionOverdueAt(a, asAt)) of(a.departmentId).overdueActions += 1;
  }
  for (const r of h.recommendations) if (isOverdueAt(r, r.updates, asAt)) of(r.unitId).overdueRecommendations += 1;
  for (const r of h.risks) {
    if (r.status !== "open") continue;
    const rating = ratingAt(r, r.reviews, asAt);
    if (!rating) continue;
    if (isHighOrAbove(rating.score, bands)) of(r.unitId).highRisks += 1;
    if (isAboveAppetite(rating.score, r.appetite)) of(r.unitId).risksAboveAppetite += 1;
  }
  return out;
}

/** Adds up unit counts by department. */
export function byDepartment(h: History, counts: Map<number, UnitCounts>): Map<number, UnitCounts> {
  const out = new Map<number, UnitCounts>();
  for (const [unitId, c] of counts) {
    const d = h.departmentOf.get(unitId);
    if (d === undefined) continue;
    const t = out.get(d) ?? emptyCounts();
    for (const k of Object.keys(t.measures) as Status[]) t.measures[k] += c.measures[k];
    for (const k of Object.keys(t.initiatives) as Rag[]) t.initiatives[k] += c.initiatives[k];
    t.missing += c.missing;
    t.highRisks += c.highRisks;
    t.risksAboveAppetite += c.risksAboveAppetite;
    t.overdueMilestones += c.overdueMilestones;
    t.openActions += c.openActions;
    t.overdueActions += c.overdueActions;
    t.overdueRecommendations += c.overdueRecommendations;
    out.set(d, t);
  }
  return out;
}

/** The day a month's view is judged at (its last day, or today while it runs) — restated here on purpose. */
export const asAtOfMonth = (month: Period, today: string) => (monthEnd(month) < today ? monthEnd(month) : today);
