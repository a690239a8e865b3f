import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { monthParam, type Period } from "@/lib/entry/periods";
import { entryHref, isoDate, listOwedFigures, unitScopeOf, type DueFigure, type TrackerScope } from "@/lib/entry/tracker";
import { milestoneOverdueAtSql } from "@/lib/initiatives/as-at-sql";
import { unitTreeOfCte, withinUnitSql } from "@/lib/org/tree-sql";
import { isOverdue, type RecommendationStatus } from "@/lib/recommendations/rules";
import { actionIsOverdue } from "@/lib/reviews/rules";
import { compareDue, initiativeUpdateDue, monthlyCheckDue, ownedUnit, ownsUnit, type Due, type ObligationKind, type Person } from "./rules";

/**
 * What each person owes, with its due date, whether it is late and where to do it: the one home of
 * this question for "My updates" (app/(app)/my-updates) and the reminders job (lib/reminders). Like
 * lib/entry/tracker.ts it takes the database as a parameter and does not import "server-only", so
 * that scripts/reminders.ts can run it outside Next.js.
 *
 * One query per kind whatever the number of people (the people are a VALUES list joined in SQL).
 * Whose items are whose: lib/obligations/rules.ts ownedUnit (unit items), plus what is assigned by
 * name (risks.owner_user_id, review_actions.owner_user_id).
 */

interface Base extends Due {
  kind: ObligationKind;
  /** Unique within a person's list, e.g. "milestone:12". */
  key: string;
  /** Where it is done. */
  href: string;
}

export interface FiguresObligation extends Base {
  kind: "figures";
  unitId: number;
  unitName: string;
  departmentId: number;
  ancestorIds: number[];
  month: Period;
  figures: DueFigure[];
}

export interface InitiativeUpdateObligation extends Base {
  kind: "initiative-update";
  initiativeId: number;
  cspRef: string;
  title: string;
  unitName: string;
  /** The month the update is recorded against. */
  period: Period;
  lastUpdate: Period | null;
}

export interface MilestoneObligation extends Base {
  kind: "milestone";
  milestoneId: number;
  title: string;
  initiativeId: number;
  cspRef: string;
  initiativeTitle: string;
  plannedDate: string;
  forecastDate: string | null;
}

export interface RiskReviewObligation extends Base {
  kind: "risk-review";
  riskId: number;
  ref: string;
  title: string;
  unitName: string;
  lastReviewedOn: string | null;
  /** Owned by the person by name (risks.owner_user_id), not through their unit. */
  assigned: boolean;
}

export interface RecommendationUpdateObligation extends Base {
  kind: "recommendation-update";
  recommendationId: number;
  ref: string;
  text: string;
  unitName: string;
  lastUpdateOn: string | null;
}

export interface RecommendationOverdueObligation extends Base {
  kind: "recommendation-overdue";
  recommendationId: number;
  ref: string;
  text: string;
  unitName: string;
  targetDate: string;
}

export interface ReviewActionObligation extends Base {
  kind: "review-action";
  actionId: number;
  description: string;
  departmentName: string;
  meetingPeriod: Period;
}

export type Obligation =
  | FiguresObligation
  | InitiativeUpdateObligation
  | MilestoneObligation
  | RiskReviewObligation
  | RecommendationUpdateObligation
  | RecommendationOverdueObligation
  | ReviewActionObligation;

export interface ObligationOptions {
  people: readonly Person[];
  now: Date;
  /** The working day of the following month figures (and initiative updates) are due by (lib/settings.ts). */
  workingDay: number;
}

/** people(person_id, unit_id, subtree): each person with the unit they answer for (null: none). */
function peopleCte(people: readonly Person[]): SQL {
  const rows = people.map((p) => {
    const owned = ownedUnit(p);
    return sql`(${p.id}::integer, ${owned?.unitId ?? null}::integer, ${owned?.subtree ?? false}::boolean)`;
  });
  return sql`people(person_id, unit_id, subtree) as (values ${sql.join(rows, sql`, `)})`;
}

/**
 * unit_tree grown only from the people's departments: every unit a person answers for (ownedUnit)
 * lies in their department, so the rest of the organisation is never read — one person's list costs
 * what their department holds, not what the government holds.
 */
function peopleTreeCte(people: readonly Person[]): SQL {
  const departments = [...new Set(people.flatMap((p) => (p.departmentId === null ? [] : [p.departmentId])))];
  if (departments.length === 0) return unitTreeOfCte(sql`false`);
  return unitTreeOfCte(sql`id in (${sql.join(
    departments.map((id) => sql`${id}::integer`),
    sql`, `,
  )})`);
}

/** Unit tree row `ut` is one the person `p` answers for (the SQL twin of rules.ts ownsUnit). */
const ownsSql = sql`(ut.id = p.unit_id or (p.subtree and ${withinUnitSql(sql`ut`, sql`p.unit_id`)}))`;

/** The figures scope to read: the one person's, or everything for several people (each takes their part). */
function figureScope(people: readonly Person[]): TrackerScope {
  if (people.length !== 1) return { kind: "all" };
  const owned = ownedUnit(people[0]!);
  if (!owned) return { kind: "none" };
  return owned.subtree ? { kind: "unit", unitId: owned.unitId } : { kind: "department", departmentId: owned.unitId };
}

/** Figures owed, one item per unit and month as they are entered (lib/entry/tracker.ts listOwedFigures). */
function groupFigures(figures: DueFigure[]): FiguresObligation[] {
  const groups = new Map<string, FiguresObligation>();
  for (const f of figures) {
    const key = `figures:${f.unitId}:${monthParam(f.month)}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        kind: "figures",
        key,
        href: entryHref(f.unitId, f.month),
        due: f.due,
        late: false,
        unitId: f.unitId,
        unitName: f.unitName,
        departmentId: f.departmentId,
        ancestorIds: f.ancestorIds,
        month: f.month,
        figures: [],
      };
      groups.set(key, g);
    }
    g.figures.push(f);
    if (f.state === "late") g.late = true;
  }
  return [...groups.values()];
}

/**
 * Everything each person owes as of `now`, late first then by due date: a Map from person id to
 * their list (every person given has an entry, maybe empty). Seven queries whatever the number of
 * people.
 */
export async function listObligations(db: Database, { people, now, workingDay }: ObligationOptions): Promise<Map<number, Obligation[]>> {
  const out = new Map<number, Obligation[]>(people.map((p) => [p.id, []]));
  if (people.length === 0) return out;
  const today = isoDate(now);
  const thisMonth = `${today.slice(0, 7)}-01`;
  const update = initiativeUpdateDue(today, workingDay);
  const ids = sql.join(
    people.map((p) => sql`${p.id}::integer`),
    sql`, `,
  );

  const [figures, initiativesRes, milestonesRes, risksRes, recommendationsRes, actionsRes] = await Promise.all([
    listOwedFigures(db, { scope: figureScope(people), now, workingDay }),

    // Initiatives still running with no update recorded this month.
    db.execute<{ person_id: number; id: number; csp_ref: string; title: string; unit_name: string; last_update: string | null }>(sql`
      with recursive ${peopleTreeCte(people)}, ${peopleCte(people)}
      select p.person_id, i.id, i.csp_ref, i.title, u.name as unit_name,
        (select to_char(max(iu.period), 'YYYY-MM-DD') from initiative_updates iu where iu.initiative_id = i.id) as last_update
      from people p
      join unit_tree ut on ${ownsSql}
      join initiatives i on i.lead_unit_id = ut.id
      join org_units u on u.id = i.lead_unit_id
      where i.status not in ('complete', 'closed')
        and not exists (select 1 from initiative_updates iu where iu.initiative_id = i.id and iu.period = ${update.period}::date)
      order by i.csp_ref, i.id`),

    // Overdue milestones (milestoneOverdueAtSql, twin of isMilestoneOverdueAt): expected date passed, not achieved or cancelled.
    db.execute<{
      person_id: number; id: number; title: string; initiative_id: number; csp_ref: string; initiative_title: string;
      planned_date: string; forecast_date: string | null;
    }>(sql`
      with recursive ${peopleTreeCte(people)}, ${peopleCte(people)}
      select p.person_id, ms.id, ms.title, i.id as initiative_id, i.csp_ref, i.title as initiative_title,
        to_char(ms.planned_date, 'YYYY-MM-DD') as planned_date, to_char(ms.forecast_date, 'YYYY-MM-DD') as forecast_date
      from people p
      join unit_tree ut on ${ownsSql}
      join initiatives i on i.lead_unit_id = ut.id
      join milestones ms on ms.initiative_id = i.id
      where ${milestoneOverdueAtSql("ms", today)}
      order by coalesce(ms.forecast_date, ms.planned_date), ms.id`),

    // Open risks not reviewed this month: the named owner's; the unit's when no active owner is named.
    // Two ways in, each from the person: the risks named to them, and the risks of the units they
    // answer for (less those named to them, already found) — never every open risk of the government.
    db.execute<{
      person_id: number; id: number; ref: string; title: string; unit_name: string; last_reviewed_on: string | null; created_on: string; assigned: boolean;
    }>(sql`
      with recursive ${peopleTreeCte(people)}, ${peopleCte(people)},
      owed(person_id, risk_id, assigned) as (
        select p.person_id, r.id, true from people p join risks r on r.owner_user_id = p.person_id and r.status = 'open'
        union all
        select p.person_id, r.id, false
        from people p
        join unit_tree ut on ${ownsSql}
        join risks r on r.unit_id = ut.id and r.status = 'open' and r.owner_user_id is distinct from p.person_id
        left join users owner on owner.id = r.owner_user_id
        where owner.id is null or not owner.active
      )
      select o.person_id, r.id, r.ref, r.title, u.name as unit_name, lr.last_reviewed_on,
        to_char(r.created_at, 'YYYY-MM-DD') as created_on, o.assigned
      from owed o
      join risks r on r.id = o.risk_id
      join org_units u on u.id = r.unit_id
      cross join lateral (
        select to_char(max(rv.reviewed_on), 'YYYY-MM-DD') as last_reviewed_on from risk_reviews rv where rv.risk_id = r.id
      ) lr
      where lr.last_reviewed_on is null or lr.last_reviewed_on < ${thisMonth}
      order by r.ref`),

    // Open and in-progress recommendations of the person's units, with their last progress update.
    db.execute<{
      person_id: number; id: number; ref: string; text: string; unit_name: string; target_date: string | null;
      last_update_on: string | null; created_on: string; status: RecommendationStatus;
    }>(sql`
      with recursive ${peopleTreeCte(people)}, ${peopleCte(people)}
      select p.person_id, r.id, r.ref, r.text, r.status, u.name as unit_name, to_char(r.target_date, 'YYYY-MM-DD') as target_date,
        (select to_char(max(ru.created_at), 'YYYY-MM-DD') from recommendation_updates ru where ru.recommendation_id = r.id) as last_update_on,
        to_char(r.created_at, 'YYYY-MM-DD') as created_on
      from people p
      join unit_tree ut on ${ownsSql}
      join recommendations r on r.unit_id = ut.id
      join org_units u on u.id = r.unit_id
      where r.status in ('open', 'in_progress')
      order by r.ref`),

    // Open SLT actions owned by the person.
    db.execute<{
      person_id: number; id: number; description: string; due_date: string | null; period: string; slug: string; department_name: string;
    }>(sql`
      select a.owner_user_id as person_id, a.id, a.description, to_char(a.due_date, 'YYYY-MM-DD') as due_date,
        to_char(rm.period, 'YYYY-MM-DD') as period, d.slug, d.name as department_name
      from review_actions a
      join review_meetings rm on rm.id = a.meeting_id
      join org_units d on d.id = rm.department_id
      where a.status = 'open' and a.owner_user_id in (${ids})
      order by a.due_date nulls last, a.id`),
  ]);

  const add = (personId: number, item: Obligation) => out.get(personId)?.push(item);

  const groups = groupFigures(figures);
  for (const p of people) for (const g of groups) if (ownsUnit(p, unitScopeOf(g))) add(p.id, g);

  for (const r of initiativesRes.rows) {
    add(r.person_id, {
      kind: "initiative-update",
      key: `initiative-update:${r.id}`,
      href: `/initiatives/${r.id}`,
      due: update.due,
      late: update.late,
      initiativeId: r.id,
      cspRef: r.csp_ref,
      title: r.title,
      unitName: r.unit_name,
      period: update.period,
      lastUpdate: r.last_update,
    });
  }
  for (const r of milestonesRes.rows) {
    add(r.person_id, {
      kind: "milestone",
      key: `milestone:${r.id}`,
      href: `/initiatives/${r.initiative_id}`,
      due: r.forecast_date ?? r.planned_date,
      late: true,
      milestoneId: r.id,
      title: r.title,
      initiativeId: r.initiative_id,
      cspRef: r.csp_ref,
      initiativeTitle: r.initiative_title,
      plannedDate: r.planned_date,
      forecastDate: r.forecast_date,
    });
  }
  for (const r of risksRes.rows) {
    const due = monthlyCheckDue(r.last_reviewed_on, r.created_on, today);
    if (!due) continue;
    add(r.person_id, {
      kind: "risk-review",
      key: `risk-review:${r.id}`,
      href: `/risks/${r.id}`,
      ...due,
      riskId: r.id,
      ref: r.ref,
      title: r.title,
      unitName: r.unit_name,
      lastReviewedOn: r.last_reviewed_on,
      assigned: r.assigned,
    });
  }
  for (const r of recommendationsRes.rows) {
    const common = { recommendationId: r.id, ref: r.ref, text: r.text, unitName: r.unit_name, href: `/recommendations/${r.id}` };
    const due = monthlyCheckDue(r.last_update_on, r.created_on, today);
    if (due) add(r.person_id, { kind: "recommendation-update", key: `recommendation-update:${r.id}`, ...due, ...common, lastUpdateOn: r.last_update_on });
    // Past its target date (lib/recommendations/rules.ts isOverdue): implement it or agree a new date.
    if (r.target_date !== null && isOverdue({ status: r.status, targetDate: r.target_date }, today)) {
      add(r.person_id, { kind: "recommendation-overdue", key: `recommendation-overdue:${r.id}`, due: r.target_date, late: true, ...common, targetDate: r.target_date });
    }
  }
  for (const r of actionsRes.rows) {
    add(r.person_id, {
      kind: "review-action",
      key: `review-action:${r.id}`,
      href: `/reviews/${r.slug}/${monthParam(r.period)}`,
      due: r.due_date,
      late: actionIsOverdue({ status: "open", dueDate: r.due_date }, today),
      actionId: r.id,
      description: r.description,
      departmentName: r.department_name,
      meetingPeriod: r.period,
    });
  }

  for (const list of out.values()) list.sort(compareDue);
  return out;
}

/** What one person owes (My updates). */
export async function listObligationsOf(db: Database, options: Omit<ObligationOptions, "people"> & { person: Person }): Promise<Obligation[]> {
  const { person, ...rest } = options;
  return (await listObligations(db, { ...rest, people: [person] })).get(person.id) ?? [];
}
