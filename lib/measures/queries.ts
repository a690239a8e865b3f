import "server-only";
import { sql } from "drizzle-orm";
import type { SessionUser } from "@/lib/auth/current-user";
import { seesAllDepartments } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { unitDepartmentCte } from "@/lib/org/unit-department";
import { statusOf, toNumber, type Direction, type Status } from "./status";

export interface LatestMeasureRow {
  id: number;
  code: string;
  name: string;
  valueType: string;
  decimals: number;
  scaleMax: string | null;
  direction: Direction;
  frequency: "monthly" | "quarterly";
  groupName: string | null;
  breakdown: string | null;
  unitName: string;
  unitShortName: string;
  departmentId: number;
  departmentSlug: string;
  departmentName: string;
  period: string | null;
  value: number | null;
  target: number | null;
  targetTbcDue: string | null;
  status: Status;
}

/**
 * Every active measure the user may see, with its latest submitted figure and the target in force
 * for that period — one query whatever the number of measures or figures.
 */
export async function listLatestMeasures(user: SessionUser): Promise<LatestMeasureRow[]> {
  const scope = seesAllDepartments(user) ? sql`true` : sql`ud.department_id = ${user.departmentId ?? -1}`;
  const { rows } = await db.execute<{
    id: number;
    code: string;
    name: string;
    value_type: string;
    decimals: number;
    scale_max: string | null;
    direction: Direction;
    frequency: "monthly" | "quarterly";
    group_name: string | null;
    breakdown: string | null;
    amber_tolerance_pct: string;
    unit_name: string;
    unit_short_name: string;
    department_id: number;
    department_slug: string;
    department_name: string;
    period: string | null;
    value: string | null;
    target_value: string | null;
    tbc_due: string | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select m.id, m.code, m.name, m.value_type, m.decimals, m.scale_max, m.direction, m.frequency, m.group_name,
      m.breakdown, m.amber_tolerance_pct, u.name as unit_name, u.short_name as unit_short_name,
      dept.id as department_id, dept.slug as department_slug, dept.name as department_name,
      to_char(v.period, 'YYYY-MM-DD') as period, v.value, t.target_value, to_char(t.tbc_due, 'YYYY-MM-DD') as tbc_due
    from measures m
    join org_units u on u.id = m.unit_id
    join unit_department ud on ud.id = u.id
    join org_units dept on dept.id = ud.department_id
    left join lateral (
      select mv.period, mv.value from measure_values mv
      where mv.measure_id = m.id and mv.status = 'submitted'
      order by mv.period desc limit 1
    ) v on true
    left join lateral (
      select mt.target_value, mt.tbc_due from measure_targets mt
      where mt.measure_id = m.id and mt.effective_from <= coalesce(v.period, current_date)
      order by mt.effective_from desc limit 1
    ) t on true
    where m.active and ${scope}
    order by dept.sort_order, u.sort_order, m.sort_order, m.id`);
  return rows.map((r) => {
    const value = toNumber(r.value);
    const target = toNumber(r.target_value);
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      valueType: r.value_type,
      decimals: r.decimals,
      scaleMax: r.scale_max,
      direction: r.direction,
      frequency: r.frequency,
      groupName: r.group_name,
      breakdown: r.breakdown,
      unitName: r.unit_name,
      unitShortName: r.unit_short_name,
      departmentId: r.department_id,
      departmentSlug: r.department_slug,
      departmentName: r.department_name,
      period: r.period,
      value,
      target,
      targetTbcDue: r.tbc_due,
      status: statusOf({ value, target, direction: r.direction, tolerancePct: Number(r.amber_tolerance_pct) }),
    };
  });
}
