import "server-only";
import { sql } from "drizzle-orm";
import type { Frequency, MeetingStatus, Rag } from "@/lib/enums";
import { dueInSql, periodTypeSql, storedPeriodSql, targetInForceJoin } from "@/lib/measures/figure-sql";
import type { UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { forecastAsAtSql, milestoneAchievedBySql, milestoneDueInSql, milestoneOverdueAtSql, ragAsAtJoin } from "@/lib/initiatives/as-at-sql";
import { listDepartmentMonthNotes, type MonthNote } from "@/lib/measures/notes-queries";
import { statusOf, toNumber, type Direction, type Status } from "@/lib/measures/status";
import { spcWindowJoin } from "@/lib/statistics/spc-sql";
import { specialCauseAt, type SpecialCause } from "@/lib/statistics/special-cause";
import { departmentUnitsCte } from "@/lib/org/tree-sql";
import { getResourceExceptions, type ResourceExceptions } from "@/lib/resources/exceptions";
import { aboveAppetiteSql, riskRatingAtJoin } from "@/lib/risks/rating-sql";
import { getFinanceTolerance } from "@/lib/settings";
import { actionOpenAtSql, actionOverdueAtSql } from "./action-sql";
import { isException, monthEnd, type ActionStatus, type MilestoneState } from "./rules";

export interface ReviewDepartment {
  id: number;
  slug: string;
  name: string;
  shortName: string;
}

/** The permission scope of a department (it is its own department and has no ancestors). */
export const departmentScope = (d: { id: number }): UnitScope => ({ unitId: d.id, departmentId: d.id, ancestorIds: [] });

/** A department by its slug (the URL segment); null when there is no such department. One query. */
export async function getReviewDepartment(slug: string): Promise<ReviewDepartment | null> {
  const { rows } = await db.execute<{ id: number; slug: string; name: string; short_name: string }>(
    sql`select id, slug, name, short_name from org_units where slug = ${slug} and kind = 'department'`,
  );
  const r = rows[0];
  return r ? { id: r.id, slug: r.slug, name: r.name, shortName: r.short_name } : null;
}

export interface PackMeeting {
  id: number;
  heldOn: string | null;
  attendees: string | null;
  decisions: string | null;
  status: MeetingStatus;
  version: number;
}

export interface PackMeasure {
  id: number;
  code: string;
  name: string;
  unitShortName: string;
  valueType: string;
  decimals: number;
  frequency: Frequency;
  period: string;
  value: number | null;
  target: number | null;
  status: Status;
  commentary: string | null;
  /** A draft exists but was not submitted. */
  hasDraft: boolean;
  /** Whether the measure falls due this month (quarterly measures only in a quarter's last month). */
  judged: boolean;
  /** Issue 18: special-cause variation of the month's figure (monthly measures with spc_signals on); null otherwise. */
  specialCause: SpecialCause | null;
}

export interface ActionHistoryEntry {
  at: string;
  actor: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

export interface PackAction {
  id: number;
  meetingId: number;
  meetingPeriod: string;
  description: string;
  ownerName: string;
  dueDate: string | null;
  status: ActionStatus;
  closedAt: string | null;
  closingNote: string | null;
  version: number;
  /** Open with its due date passed at the pack's as-at day (actionOverdueAtSql), not today. */
  overdue: boolean;
  link: { kind: "measure" | "initiative" | "risk"; id: number; label: string } | null;
  history: ActionHistoryEntry[];
}

/** A risk as rated at the pack's as-at day (its latest review on or before it). */
export interface PackRisk {
  id: number;
  ref: string;
  title: string;
  ownerName: string;
  unitShortName: string;
  score: number;
  likelihood: number;
  impact: number;
  appetite: number;
  aboveTolerance: boolean;
  escalated: boolean;
}

export interface PackInitiative {
  id: number;
  cspRef: string;
  title: string;
  unitShortName: string;
  /** The RAG of its latest monthly update for a month on or before the as-at day, with the reason then given. */
  rag: Rag | null;
  ragReason: string | null;
  status: string;
  targetDate: string | null;
}

export interface PackMilestone {
  id: number;
  title: string;
  initiativeId: number;
  initiativeRef: string;
  initiativeTitle: string;
  plannedDate: string;
  /** The forecast as known at the as-at day; null when it was then the planned date. */
  forecastDate: string | null;
  state: MilestoneState;
}

export interface ReviewPack {
  department: ReviewDepartment;
  period: string;
  /** The day the pack is judged at: the month's last day, or today for the current month (monthAsAt). */
  asAt: string;
  meeting: PackMeeting | null;
  /** Measures off target, within tolerance or without a submitted figure for the month. */
  exceptions: PackMeasure[];
  measuresReviewed: number;
  /** Actions from earlier meetings that were open at the as-at day (they carry forward until closed). */
  carriedForward: PackAction[];
  /** Actions agreed at this month's meeting, whatever their status. */
  actions: PackAction[];
  /** Open risks whose rating at the as-at day was above their appetite (risks not yet rated then are not). */
  risksAboveTolerance: PackRisk[];
  initiativesAtRisk: PackInitiative[];
  milestones: PackMilestone[];
  /**
   * Resources as at the month (lib/resources/exceptions.ts): service areas and funding lines whose
   * forecast is beyond the finance tolerance setting, and efficiencies off track (amber or red).
   */
  resources: ResourceExceptions;
  /** Issue 18: notes on the months behind each measure's figure, and breaks starting in them (listDepartmentMonthNotes). */
  notes: MonthNote[];
  /** What an action may be linked to: the department's measures, initiatives and open risks. */
  linkOptions: {
    measures: { id: number; label: string }[];
    initiatives: { id: number; label: string }[];
    risks: { id: number; label: string }[];
  };
}

/**
 * The pack for a department's monthly SLT review, assembled in a fixed number of queries whatever the
 * amount of data (run side by side): the meeting, the department's measures with the month's submitted
 * figure, the target in force then and what their special-cause check reads (spcWindowJoin, issue 18),
 * the notes and breaks on the months shown, the actions (this meeting's, and those of earlier meetings
 * open at `asAt`, each with its audit history aggregated in SQL), risks by their rating at `asAt`,
 * initiatives by their RAG at `asAt`, milestones due in the month or missed, by their forecast
 * as known at `asAt`, and (after the finance tolerance setting) the resources beyond tolerance as at
 * the month (getResourceExceptions), and the notes on the months behind the figures (listDepartmentMonthNotes). `asAt` is monthAsAt(period, today): the month's last day, or today for the
 * current month (docs/rules.md). Initiatives complete or closed and risks no longer open are left
 * out by their status now (neither keeps a history of it).
 */
export async function getReviewPack(department: ReviewDepartment, period: string, asAt: string): Promise<ReviewPack> {
  const dept = department.id;
  const end = monthEnd(period);

  const [meetingRes, measureRes, actionRes, riskRes, initiativeRes, milestoneRes, resources, notes] = await Promise.all([
    db.execute<{ id: number; held_on: string | null; attendees: string | null; decisions: string | null; status: MeetingStatus; version: number }>(sql`
      select id, to_char(held_on, 'YYYY-MM-DD') as held_on, attendees, decisions, status, version
      from review_meetings where department_id = ${dept} and period = ${period}::date`),

    // Monthly measures are judged on the month; quarterly ones on their quarter, in the quarter's last month.
    db.execute<{
      id: number; code: string; name: string; unit_short_name: string; value_type: string; decimals: number;
      frequency: Frequency; direction: Direction; amber_tolerance_pct: string; period: string;
      value: string | null; commentary: string | null; has_draft: boolean; target_value: string | null; judged: boolean;
      spc_since: string | null; spc_points: { p: string; v: string }[] | null;
    }>(sql`
      with recursive ${departmentUnitsCte(dept)}
      select m.id, m.code, m.name, u.short_name as unit_short_name, m.value_type, m.decimals, m.frequency, m.direction,
        m.amber_tolerance_pct, to_char(p.period, 'YYYY-MM-DD') as period,
        case when v.status = 'submitted' then v.value end as value,
        case when v.status = 'submitted' then v.commentary end as commentary,
        coalesce(v.status = 'draft', false) as has_draft, t.target_value,
        ${dueInSql(sql`${period}::date`)} as judged, spc.since as spc_since, spc.points as spc_points
      from measures m
      join org_units u on u.id = m.unit_id
      join unit_department ud on ud.id = m.unit_id
      cross join lateral (select ${storedPeriodSql(sql`${period}::date`)} as period, ${periodTypeSql()} as period_type) p
      left join measure_values v on v.measure_id = m.id and v.period_type = p.period_type and v.period = p.period
      ${targetInForceJoin(sql`p.period`)}
      ${spcWindowJoin(sql`${period}::date`)}
      where ud.department_id = ${dept} and m.active
      order by u.sort_order, m.sort_order, m.id`),

    db.execute<{
      id: number; meeting_id: number; meeting_period: string; description: string; owner_name: string; due_date: string | null;
      status: ActionStatus; closed_at: string | null; closing_note: string | null; version: number; overdue: boolean;
      measure_id: number | null; measure_label: string | null; initiative_id: number | null; initiative_label: string | null;
      risk_id: number | null; risk_label: string | null; history: ActionHistoryEntry[];
    }>(sql`
      select a.id, a.meeting_id, to_char(rm.period, 'YYYY-MM-DD') as meeting_period, a.description, a.owner_name,
        to_char(a.due_date, 'YYYY-MM-DD') as due_date, a.status, a.closed_at::text as closed_at, a.closing_note, a.version,
        ${actionOverdueAtSql(asAt)} as overdue, a.measure_id, m.code || ' – ' || m.name as measure_label,
        a.initiative_id, i.csp_ref || ' – ' || i.title as initiative_label,
        a.risk_id, r.ref || ' – ' || r.title as risk_label,
        coalesce(h.history, '[]'::json) as history
      from review_actions a
      join review_meetings rm on rm.id = a.meeting_id
      left join measures m on m.id = a.measure_id
      left join initiatives i on i.id = a.initiative_id
      left join risks r on r.id = a.risk_id
      left join lateral (
        select json_agg(json_build_object('at', al.at, 'actor', coalesce(usr.name, al.actor_email), 'action', al.action,
          'before', al.before, 'after', al.after, 'reason', al.reason) order by al.at, al.id) as history
        from audit_log al left join users usr on usr.id = al.actor_id
        where al.entity_type = 'review_action' and al.entity_id = a.id::text
      ) h on true
      where rm.department_id = ${dept}
        and (rm.period = ${period}::date or (rm.period < ${period}::date and ${actionOpenAtSql(asAt)}))
      order by rm.period, a.due_date nulls last, a.id`),

    // Every open risk (the actions' link options); rated at `asAt`, null when not yet rated then.
    db.execute<{
      id: number; ref: string; title: string; owner_name: string; unit_short_name: string; likelihood: number | null; impact: number | null;
      appetite: number; score: number | null; above: boolean; escalated: boolean;
    }>(sql`
      with recursive ${departmentUnitsCte(dept)}
      select r.id, r.ref, r.title, r.owner_name, u.short_name as unit_short_name, rating.likelihood, rating.impact,
        r.appetite_score as appetite, rating.score, coalesce(${aboveAppetiteSql(sql`rating.score`, sql`r.appetite_score`)}, false) as above, r.escalated
      from risks r join org_units u on u.id = r.unit_id join unit_department ud on ud.id = r.unit_id
      ${riskRatingAtJoin(asAt)}
      where ud.department_id = ${dept} and r.status = 'open'
      order by above desc, score desc nulls last, r.ref`),

    db.execute<{
      id: number; csp_ref: string; title: string; unit_short_name: string; rag: Rag | null;
      rag_reason: string | null; status: string; target_date: string | null;
    }>(sql`
      with recursive ${departmentUnitsCte(dept)}
      select i.id, i.csp_ref, i.title, u.short_name as unit_short_name, rag_at.rag, rag_at.reason as rag_reason, i.status,
        to_char(i.target_date, 'YYYY-MM-DD') as target_date
      from initiatives i join org_units u on u.id = i.lead_unit_id join unit_department ud on ud.id = i.lead_unit_id
      ${ragAsAtJoin("i", asAt)}
      where ud.department_id = ${dept}
      order by case rag_at.rag when 'red' then 0 when 'amber' then 1 else 2 end, i.csp_ref, i.id`),

    // As at `asAt` (milestoneState): not achieved by then nor cancelled, and missed (overdue then) or due in
    // the month, both by the forecast as then known.
    db.execute<{
      id: number; title: string; initiative_id: number; csp_ref: string; initiative_title: string; planned_date: string; expected_date: string; missed: boolean;
    }>(sql`
      with recursive ${departmentUnitsCte(dept)}
      select * from (
        select ms.id, ms.title, i.id as initiative_id, i.csp_ref, i.title as initiative_title, to_char(ms.planned_date, 'YYYY-MM-DD') as planned_date,
          to_char(${forecastAsAtSql("ms", asAt)}, 'YYYY-MM-DD') as expected_date, ${milestoneOverdueAtSql("ms", asAt)} as missed,
          ${milestoneDueInSql("ms", period, end, asAt)} as due
        from milestones ms join initiatives i on i.id = ms.initiative_id join unit_department ud on ud.id = i.lead_unit_id
        where ud.department_id = ${dept} and ms.status <> 'cancelled' and not ${milestoneAchievedBySql("ms", asAt)}
      ) x
      where missed or due
      order by expected_date, id`),

    getFinanceTolerance(db).then((tolerance) => getResourceExceptions(db, dept, period, tolerance)),

    listDepartmentMonthNotes(dept, period),
  ]);

  const m = meetingRes.rows[0];
  const meeting: PackMeeting | null = m
    ? { id: m.id, heldOn: m.held_on, attendees: m.attendees, decisions: m.decisions, status: m.status, version: m.version }
    : null;

  const measures: PackMeasure[] = measureRes.rows.map((r) => {
    const value = toNumber(r.value);
    const target = toNumber(r.target_value);
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      unitShortName: r.unit_short_name,
      valueType: r.value_type,
      decimals: r.decimals,
      frequency: r.frequency,
      period: r.period,
      value,
      target,
      status: statusOf({ value, target, direction: r.direction, tolerancePct: Number(r.amber_tolerance_pct) }),
      commentary: r.commentary,
      hasDraft: r.has_draft,
      judged: r.judged,
      specialCause: specialCauseAt(r.spc_since, r.spc_points, period, r.direction),
    };
  });

  const actions: PackAction[] = actionRes.rows.map((r) => ({
    id: r.id,
    meetingId: r.meeting_id,
    meetingPeriod: r.meeting_period,
    description: r.description,
    ownerName: r.owner_name,
    dueDate: r.due_date,
    status: r.status,
    closedAt: r.closed_at,
    overdue: r.overdue,
    closingNote: r.closing_note,
    version: r.version,
    link:
      r.measure_id !== null
        ? { kind: "measure", id: r.measure_id, label: r.measure_label ?? "" }
        : r.initiative_id !== null
          ? { kind: "initiative", id: r.initiative_id, label: r.initiative_label ?? "" }
          : r.risk_id !== null
            ? { kind: "risk", id: r.risk_id, label: r.risk_label ?? "" }
            : null,
    history: r.history,
  }));

  // Above appetite implies rated at `asAt`, so the rating is there.
  const risksAbove: PackRisk[] = riskRes.rows
    .filter((r) => r.above)
    .map((r) => ({
      id: r.id,
      ref: r.ref,
      title: r.title,
      ownerName: r.owner_name,
      unitShortName: r.unit_short_name,
      score: r.score!,
      likelihood: r.likelihood!,
      impact: r.impact!,
      appetite: r.appetite,
      aboveTolerance: true,
      escalated: r.escalated,
    }));

  const initiatives: PackInitiative[] = initiativeRes.rows.map((r) => ({
    id: r.id,
    cspRef: r.csp_ref,
    title: r.title,
    unitShortName: r.unit_short_name,
    rag: r.rag,
    ragReason: r.rag_reason,
    status: r.status,
    targetDate: r.target_date,
  }));

  return {
    department,
    period,
    asAt,
    meeting,
    exceptions: measures.filter((x) => x.judged && isException(x.status)),
    measuresReviewed: measures.filter((x) => x.judged).length,
    carriedForward: actions.filter((a) => a.meetingPeriod < period),
    actions: actions.filter((a) => a.meetingPeriod === period),
    risksAboveTolerance: risksAbove,
    initiativesAtRisk: initiatives.filter((i) => (i.rag === "red" || i.rag === "amber") && i.status !== "complete" && i.status !== "closed"),
    milestones: milestoneRes.rows.map((r) => ({
      id: r.id,
      title: r.title,
      initiativeId: r.initiative_id,
      initiativeRef: r.csp_ref,
      initiativeTitle: r.initiative_title,
      plannedDate: r.planned_date,
      forecastDate: r.expected_date === r.planned_date ? null : r.expected_date,
      state: r.missed ? "missed" : "due",
    })),
    resources,
    notes,
    linkOptions: {
      measures: measures.map((x) => ({ id: x.id, label: `${x.code} – ${x.name}` })),
      initiatives: initiatives.map((i) => ({ id: i.id, label: `${i.cspRef} – ${i.title}` })),
      risks: riskRes.rows.map((r) => ({ id: r.id, label: `${r.ref} – ${r.title}` })),
    },
  };
}
