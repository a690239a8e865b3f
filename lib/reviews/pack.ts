import "server-only";
import { sql } from "drizzle-orm";
import type { UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { isQuarterEnd, quarterStart } from "@/lib/entry/periods";
import { statusOf, toNumber, type Direction, type Status } from "@/lib/measures/status";
import { unitDepartmentCte } from "@/lib/org/unit-department";
import { isException, milestoneState, monthEnd, type ActionStatus, type MilestoneState } from "./rules";

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
  status: "planned" | "held";
  version: number;
}

export interface PackMeasure {
  id: number;
  code: string;
  name: string;
  unitShortName: string;
  valueType: string;
  decimals: number;
  frequency: "monthly" | "quarterly";
  period: string;
  value: number | null;
  target: number | null;
  status: Status;
  commentary: string | null;
  /** A draft exists but was not submitted. */
  hasDraft: boolean;
  /** Whether the measure falls due this month (quarterly measures only in a quarter's last month). */
  judged: boolean;
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
  link: { kind: "measure" | "initiative" | "risk"; id: number; label: string } | null;
  history: ActionHistoryEntry[];
}

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
  rag: "green" | "amber" | "red" | null;
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
  forecastDate: string | null;
  state: MilestoneState;
}

export interface ReviewPack {
  department: ReviewDepartment;
  period: string;
  today: string;
  meeting: PackMeeting | null;
  /** Measures off target, within tolerance or without a submitted figure for the month. */
  exceptions: PackMeasure[];
  measuresReviewed: number;
  /** Open actions from earlier meetings (they carry forward until closed). */
  carriedForward: PackAction[];
  /** Actions agreed at this month's meeting, whatever their status. */
  actions: PackAction[];
  risksAboveTolerance: PackRisk[];
  initiativesAtRisk: PackInitiative[];
  milestones: PackMilestone[];
  /** What an action may be linked to: the department's measures, initiatives and open risks. */
  linkOptions: {
    measures: { id: number; label: string }[];
    initiatives: { id: number; label: string }[];
    risks: { id: number; label: string }[];
  };
}

/**
 * The pack for a department's monthly SLT review, assembled in six queries whatever the amount of
 * data (run side by side): the meeting, the department's measures with the month's submitted figure
 * and the target in force then, the actions (this meeting's and those carried forward, each with its
 * audit history aggregated in SQL), risks, initiatives and milestones due or missed.
 * `today` decides what is overdue; pass it in so that the pack can be judged as of any day.
 */
export async function getReviewPack(department: ReviewDepartment, period: string, today: string): Promise<ReviewPack> {
  const dept = department.id;
  const quarterly = isQuarterEnd(period);
  const qStart = quarterStart(period);
  const end = monthEnd(period);

  const [meetingRes, measureRes, actionRes, riskRes, initiativeRes, milestoneRes] = await Promise.all([
    db.execute<{ id: number; held_on: string | null; attendees: string | null; decisions: string | null; status: "planned" | "held"; version: number }>(sql`
      select id, to_char(held_on, 'YYYY-MM-DD') as held_on, attendees, decisions, status, version
      from review_meetings where department_id = ${dept} and period = ${period}::date`),

    // Monthly measures are judged on the month; quarterly ones on their quarter, in the quarter's last month.
    db.execute<{
      id: number; code: string; name: string; unit_short_name: string; value_type: string; decimals: number;
      frequency: "monthly" | "quarterly"; direction: Direction; amber_tolerance_pct: string; period: string;
      value: string | null; commentary: string | null; has_draft: boolean; target_value: string | null; judged: boolean;
    }>(sql`
      with recursive ${unitDepartmentCte}
      select m.id, m.code, m.name, u.short_name as unit_short_name, m.value_type, m.decimals, m.frequency, m.direction,
        m.amber_tolerance_pct, to_char(p.period, 'YYYY-MM-DD') as period,
        case when v.status = 'submitted' then v.value end as value,
        case when v.status = 'submitted' then v.commentary end as commentary,
        coalesce(v.status = 'draft', false) as has_draft, t.target_value,
        (m.frequency = 'monthly' or ${quarterly}) as judged
      from measures m
      join org_units u on u.id = m.unit_id
      join unit_department ud on ud.id = m.unit_id
      cross join lateral (
        select case when m.frequency = 'quarterly' then ${qStart}::date else ${period}::date end as period,
          case when m.frequency = 'quarterly' then 'quarter' else 'month' end::period_type as period_type
      ) p
      left join measure_values v on v.measure_id = m.id and v.period_type = p.period_type and v.period = p.period
      left join lateral (
        select mt.target_value from measure_targets mt
        where mt.measure_id = m.id and mt.effective_from <= p.period
        order by mt.effective_from desc limit 1
      ) t on true
      where ud.department_id = ${dept} and m.active
      order by u.sort_order, m.sort_order, m.id`),

    db.execute<{
      id: number; meeting_id: number; meeting_period: string; description: string; owner_name: string; due_date: string | null;
      status: ActionStatus; closed_at: string | null; closing_note: string | null; version: number;
      measure_id: number | null; measure_label: string | null; initiative_id: number | null; initiative_label: string | null;
      risk_id: number | null; risk_label: string | null; history: ActionHistoryEntry[];
    }>(sql`
      select a.id, a.meeting_id, to_char(rm.period, 'YYYY-MM-DD') as meeting_period, a.description, a.owner_name,
        to_char(a.due_date, 'YYYY-MM-DD') as due_date, a.status, a.closed_at::text as closed_at, a.closing_note, a.version,
        a.measure_id, m.code || ' – ' || m.name as measure_label,
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
        and (rm.period = ${period}::date or (rm.period < ${period}::date and a.status = 'open'))
      order by rm.period, a.due_date nulls last, a.id`),

    db.execute<{
      id: number; ref: string; title: string; owner_name: string; unit_short_name: string; likelihood: number; impact: number;
      appetite: number; score: number; above: boolean; escalated: boolean;
    }>(sql`
      with recursive ${unitDepartmentCte}
      select r.id, r.ref, r.title, r.owner_name, u.short_name as unit_short_name, r.residual_likelihood as likelihood,
        r.residual_impact as impact, r.appetite_score as appetite, r.residual_likelihood * r.residual_impact as score,
        r.residual_likelihood * r.residual_impact > r.appetite_score as above, r.escalated
      from risks r join org_units u on u.id = r.unit_id join unit_department ud on ud.id = r.unit_id
      where ud.department_id = ${dept} and r.status = 'open'
      order by above desc, score desc, r.ref`),

    db.execute<{
      id: number; csp_ref: string; title: string; unit_short_name: string; rag: "green" | "amber" | "red" | null;
      rag_reason: string | null; status: string; target_date: string | null;
    }>(sql`
      with recursive ${unitDepartmentCte}
      select i.id, i.csp_ref, i.title, u.short_name as unit_short_name, i.rag, i.rag_reason, i.status,
        to_char(i.target_date, 'YYYY-MM-DD') as target_date
      from initiatives i join org_units u on u.id = i.lead_unit_id join unit_department ud on ud.id = i.lead_unit_id
      where ud.department_id = ${dept}
      order by case i.rag when 'red' then 0 when 'amber' then 1 else 2 end, i.csp_ref, i.id`),

    // Due: expected (forecast, else planned) in the review month; missed: expected before today, not achieved.
    db.execute<{
      id: number; title: string; initiative_id: number; csp_ref: string; initiative_title: string; planned_date: string; forecast_date: string | null;
      actual_date: string | null; status: string;
    }>(sql`
      with recursive ${unitDepartmentCte}
      select ms.id, ms.title, i.id as initiative_id, i.csp_ref, i.title as initiative_title, to_char(ms.planned_date, 'YYYY-MM-DD') as planned_date,
        to_char(ms.forecast_date, 'YYYY-MM-DD') as forecast_date, to_char(ms.actual_date, 'YYYY-MM-DD') as actual_date, ms.status
      from milestones ms join initiatives i on i.id = ms.initiative_id join unit_department ud on ud.id = i.lead_unit_id
      where ud.department_id = ${dept} and ms.actual_date is null and ms.status not in ('achieved', 'cancelled')
        and (coalesce(ms.forecast_date, ms.planned_date) < ${today}::date
          or coalesce(ms.forecast_date, ms.planned_date) between ${period}::date and ${end}::date)
      order by coalesce(ms.forecast_date, ms.planned_date), ms.id`),
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

  const risks: PackRisk[] = riskRes.rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    title: r.title,
    ownerName: r.owner_name,
    unitShortName: r.unit_short_name,
    score: r.score,
    likelihood: r.likelihood,
    impact: r.impact,
    appetite: r.appetite,
    aboveTolerance: r.above,
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
    today,
    meeting,
    exceptions: measures.filter((x) => x.judged && isException(x.status)),
    measuresReviewed: measures.filter((x) => x.judged).length,
    carriedForward: actions.filter((a) => a.meetingPeriod < period),
    actions: actions.filter((a) => a.meetingPeriod === period),
    risksAboveTolerance: risks.filter((r) => r.aboveTolerance),
    initiativesAtRisk: initiatives.filter((i) => (i.rag === "red" || i.rag === "amber") && i.status !== "complete" && i.status !== "closed"),
    milestones: milestoneRes.rows.map((r) => ({
      id: r.id,
      title: r.title,
      initiativeId: r.initiative_id,
      initiativeRef: r.csp_ref,
      initiativeTitle: r.initiative_title,
      plannedDate: r.planned_date,
      forecastDate: r.forecast_date,
      state: milestoneState({ plannedDate: r.planned_date, forecastDate: r.forecast_date, actualDate: r.actual_date, status: r.status }, period, today),
    })),
    linkOptions: {
      measures: measures.map((x) => ({ id: x.id, label: `${x.code} – ${x.name}` })),
      initiatives: initiatives.map((i) => ({ id: i.id, label: `${i.cspRef} – ${i.title}` })),
      risks: risks.map((r) => ({ id: r.id, label: `${r.ref} – ${r.title}` })),
    },
  };
}
