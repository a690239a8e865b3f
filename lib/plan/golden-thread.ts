import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db";
import type { Period } from "@/lib/entry/periods";
import type { InitiativeStatus, InitiativeType, Rag } from "@/lib/enums";
import { figureAndTargetJoins } from "@/lib/measures/figure-sql";
import type { Status } from "@/lib/measures/status";
import { toNumber } from "@/lib/measures/status";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import { milestoneState } from "@/lib/reviews/rules";
import { arrangeThread, type ThreadFundingRow, type ThreadInitiativeRow, type ThreadObjectiveRow, type ThreadPriorityRow } from "./arrange";

export type { GoldenThread, ThreadPriority, ThreadObjective, ThreadInitiative, ThreadMeasure, ThreadMilestone, ThreadFunding } from "./arrange";

interface InitiativeJson {
  milestones: { id: number; title: string; planned: string; forecast: string | null; actual: string | null; status: string }[];
  measures: { id: number; code: string; name: string; value_type: string; decimals: number; scale_max: string | null; value: string | null; status: Status }[];
}

/**
 * The golden thread of a department: Common Strategic Policy priorities → its key objectives for
 * `year` → the Government Plan initiatives its units lead → their milestones and the measures they
 * impact, each with its status as of `month` (measures: the last completed month) or `today`
 * (milestones), and the money: the department's Government Plan funding lines for `year` with the
 * initiatives each is linked to. Four queries whatever the size of the plan.
 */
export async function getGoldenThread(departmentId: number, year: number, month: Period, today: string) {
  const [priorities, objectives, initiatives, funding] = await Promise.all([
    db.execute<{ id: number; code: string; title: string; description: string; parent_id: number | null; sort_order: number }>(sql`
      select id, code, title, description, parent_id, sort_order from strategic_priorities order by sort_order, code`),
    db.execute<{ id: number; title: string; description: string; priority_id: number | null; lead_unit_name: string }>(sql`
      select k.id, k.title, k.description, k.priority_id, u.name as lead_unit_name
      from key_objectives k join org_units u on u.id = k.lead_unit_id
      where k.department_id = ${departmentId} and k.year = ${year}
      order by k.sort_order, k.title`),
    db.execute<{
      id: number;
      csp_ref: string;
      title: string;
      type: InitiativeType;
      status: InitiativeStatus;
      rag: Rag | null;
      ongoing: boolean;
      success_criterion: string | null;
      priority_id: number | null;
      key_objective_id: number | null;
      unit_name: string;
      milestones: InitiativeJson["milestones"];
      measures: InitiativeJson["measures"];
    }>(sql`
      with recursive ${unitDepartmentCte}
      select i.id, i.csp_ref, i.title, i.type, i.status, i.rag, i.ongoing, i.success_criterion, i.priority_id,
        i.key_objective_id, u.name as unit_name,
        coalesce((select json_agg(json_build_object('id', ms.id, 'title', ms.title, 'planned', ms.planned_date,
            'forecast', ms.forecast_date, 'actual', ms.actual_date, 'status', ms.status) order by ms.sort_order, ms.planned_date)
          from milestones ms where ms.initiative_id = i.id), '[]'::json) as milestones,
        coalesce((select json_agg(json_build_object('id', m.id, 'code', m.code, 'name', m.name, 'value_type', m.value_type,
            'decimals', m.decimals, 'scale_max', m.scale_max::text, 'value', v.value::text,
            'status', measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct)) order by m.name)
          from initiative_measures im join measures m on m.id = im.measure_id
          ${figureAndTargetJoins(month)}
          where im.initiative_id = i.id), '[]'::json) as measures
      from initiatives i
      join org_units u on u.id = i.lead_unit_id
      join unit_department ud on ud.id = u.id
      where ud.department_id = ${departmentId} and i.status <> 'closed'
      order by i.csp_ref, i.id`),
    db.execute<{ id: number; ref: string | null; name: string; kind: "growth" | "capital"; allocation_pence: string; initiative_ids: number[] }>(sql`
      select p.id, p.ref, p.name, p.kind, p.allocation_pence::text,
        coalesce((select array_agg(fpi.initiative_id order by fpi.initiative_id) from funding_programme_initiatives fpi where fpi.programme_id = p.id), '{}') as initiative_ids
      from funding_programmes p
      where p.department_id = ${departmentId} and p.year = ${year}
      order by p.sort_order, p.id`),
  ]);

  const thisMonth = `${today.slice(0, 8)}01`; // milestones are due or missed as of today's month
  const priorityRows: ThreadPriorityRow[] = priorities.rows.map((p) => ({
    id: p.id,
    code: p.code,
    title: p.title,
    description: p.description,
    parentId: p.parent_id,
  }));
  const objectiveRows: ThreadObjectiveRow[] = objectives.rows.map((k) => ({
    id: k.id,
    title: k.title,
    description: k.description,
    priorityId: k.priority_id,
    leadUnitName: k.lead_unit_name,
  }));
  const initiativeRows: ThreadInitiativeRow[] = initiatives.rows.map((i) => ({
    id: i.id,
    cspRef: i.csp_ref,
    title: i.title,
    type: i.type,
    status: i.status,
    rag: i.rag,
    ongoing: i.ongoing,
    successCriterion: i.success_criterion,
    priorityId: i.priority_id,
    keyObjectiveId: i.key_objective_id,
    unitName: i.unit_name,
    milestones: i.milestones.map((ms) => ({
      id: ms.id,
      title: ms.title,
      plannedDate: ms.planned,
      forecastDate: ms.forecast,
      actualDate: ms.actual,
      state: milestoneState({ plannedDate: ms.planned, forecastDate: ms.forecast, actualDate: ms.actual, status: ms.status }, thisMonth, today),
    })),
    measures: i.measures.map((m) => ({
      id: m.id,
      code: m.code,
      name: m.name,
      valueType: m.value_type,
      decimals: m.decimals,
      scaleMax: m.scale_max,
      value: toNumber(m.value),
      status: m.status,
    })),
  }));
  const fundingRows: ThreadFundingRow[] = funding.rows.map((f) => ({
    id: f.id,
    ref: f.ref,
    name: f.name,
    kind: f.kind,
    allocationPence: Number(f.allocation_pence),
    initiativeIds: f.initiative_ids,
  }));
  return arrangeThread(priorityRows, objectiveRows, initiativeRows, fundingRows);
}

/** The years the department has key objectives for (newest first), for the year selector. */
export async function listObjectiveYears(departmentId: number): Promise<number[]> {
  const { rows } = await db.execute<{ year: number }>(sql`
    select distinct year from key_objectives where department_id = ${departmentId} order by year desc`);
  return rows.map((r) => r.year);
}
