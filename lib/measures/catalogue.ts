import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { targetInForceJoin } from "@/lib/measures/figure-sql";
import { measures, measureSeriesBreaks, measureTargets, orgUnits, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope, listUnitsUserMay } from "@/lib/org/queries";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import type { Direction, Frequency, MeasureCategory, UnitKind, ValueType } from "@/lib/enums";

/*
 * Reads behind the measures catalogue (/admin/measures). Only ADMIN (every department) and SLT (its
 * own department) manage measures; every read checks that here as well as on the page.
 */

export interface CatalogueRow {
  id: number;
  code: string;
  name: string;
  category: MeasureCategory;
  valueType: ValueType;
  scaleMin: string | null;
  scaleMax: string | null;
  decimals: number;
  direction: Direction;
  frequency: Frequency;
  groupName: string | null;
  breakdown: string | null;
  isPublic: boolean;
  active: boolean;
  unitId: number;
  unitName: string;
  departmentId: number;
  departmentName: string;
  /** The target in force today: null value = to be confirmed (see tbcDue); null from = no target yet. */
  targetValue: string | null;
  targetFrom: string | null;
  tbcDue: string | null;
  /** The next scheduled change of target, when one is already agreed for a later month. */
  nextTargetValue: string | null;
  nextTargetFrom: string | null;
  nextTbcDue: string | null;
}

/**
 * SQL condition on `ud.department_id` for the departments whose measures the user manages.
 * The permission matrix gives "measure:manage" to ADMIN anywhere and to SLT in its department only.
 */
function manageableDepartments(user: SessionUser) {
  return user.role === "ADMIN" ? sql`true` : sql`ud.department_id = ${user.departmentId ?? -1}`;
}

/**
 * Every measure the user may manage, active and retired, with its unit, department and the target in
 * force today (and the next agreed change, if any) — one query whatever the number of measures.
 */
export async function listCatalogue(user: SessionUser): Promise<CatalogueRow[]> {
  assertCan(user, "measure:manage");
  const { rows } = await db.execute<{
    id: number;
    code: string;
    name: string;
    category: MeasureCategory;
    value_type: ValueType;
    scale_min: string | null;
    scale_max: string | null;
    decimals: number;
    direction: Direction;
    frequency: Frequency;
    group_name: string | null;
    breakdown: string | null;
    is_public: boolean;
    active: boolean;
    unit_id: number;
    unit_name: string;
    department_id: number;
    department_name: string;
    target_value: string | null;
    target_from: string | null;
    tbc_due: string | null;
    next_target_value: string | null;
    next_target_from: string | null;
    next_tbc_due: string | null;
  }>(sql`
    with recursive ${unitDepartmentCte}
    select m.id, m.code, m.name, m.category, m.value_type, m.scale_min, m.scale_max, m.decimals, m.direction,
      m.frequency, m.group_name, m.breakdown, m.is_public, m.active,
      u.id as unit_id, u.name as unit_name, dept.id as department_id, dept.name as department_name,
      t.target_value, to_char(t.effective_from, 'YYYY-MM-DD') as target_from, to_char(t.tbc_due, 'YYYY-MM-DD') as tbc_due,
      n.target_value as next_target_value, to_char(n.effective_from, 'YYYY-MM-DD') as next_target_from,
      to_char(n.tbc_due, 'YYYY-MM-DD') as next_tbc_due
    from measures m
    join org_units u on u.id = m.unit_id
    join unit_department ud on ud.id = u.id
    join org_units dept on dept.id = ud.department_id
    ${targetInForceJoin(sql`current_date`)}
    left join lateral (
      select mt.target_value, mt.effective_from, mt.tbc_due from measure_targets mt
      where mt.measure_id = m.id and mt.effective_from > current_date
      order by mt.effective_from limit 1
    ) n on true
    where ${manageableDepartments(user)}
    order by dept.sort_order, dept.name, u.sort_order, u.name, m.sort_order, m.code`);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    category: r.category,
    valueType: r.value_type,
    scaleMin: r.scale_min,
    scaleMax: r.scale_max,
    decimals: r.decimals,
    direction: r.direction,
    frequency: r.frequency,
    groupName: r.group_name,
    breakdown: r.breakdown,
    isPublic: r.is_public,
    active: r.active,
    unitId: r.unit_id,
    unitName: r.unit_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    targetValue: r.target_value,
    targetFrom: r.target_from,
    tbcDue: r.tbc_due,
    nextTargetValue: r.next_target_value,
    nextTargetFrom: r.next_target_from,
    nextTbcDue: r.next_tbc_due,
  }));
}

/** What the edit form shows and submits: the stored definition (numerics as strings, dates as YYYY-MM-DD). */
export const measureDefinitionColumns = {
  id: measures.id,
  code: measures.code,
  name: measures.name,
  description: measures.description,
  unitId: measures.unitId,
  category: measures.category,
  valueType: measures.valueType,
  scaleMin: measures.scaleMin,
  scaleMax: measures.scaleMax,
  decimals: measures.decimals,
  direction: measures.direction,
  frequency: measures.frequency,
  quarterRule: measures.quarterRule,
  dataSource: measures.dataSource,
  dataLimitations: measures.dataLimitations,
  baselineValue: measures.baselineValue,
  baselinePeriod: measures.baselinePeriod,
  baselineNote: measures.baselineNote,
  amberTolerancePct: measures.amberTolerancePct,
  internationalBenchmarking: measures.internationalBenchmarking,
  groupName: measures.groupName,
  breakdown: measures.breakdown,
  isPublic: measures.isPublic,
  sampleBased: measures.sampleBased,
  spcSignals: measures.spcSignals,
  targetDate: measures.targetDate,
  active: measures.active,
  version: measures.version,
};

export interface TargetHistoryRow {
  id: number;
  targetValue: string | null;
  effectiveFrom: string;
  tbcDue: string | null;
  note: string | null;
  createdByName: string | null;
  createdAt: Date;
  /** The row that judges the current month. */
  inForce: boolean;
}

/** A break in the measure's series (issue 18), as the catalogue lists it. */
export interface SeriesBreakRow {
  id: number;
  /** The first month of the new series. */
  period: string;
  reason: string;
  createdByName: string | null;
  createdAt: Date;
}

export type MeasureForEdit = NonNullable<Awaited<ReturnType<typeof getMeasureForEdit>>>;

/**
 * One measure with its full target history and the breaks in its series (both newest first), or
 * null when it does not exist or the user may not manage it — the page answers both with "not found".
 */
export async function getMeasureForEdit(user: SessionUser, id: number) {
  assertCan(user, "measure:manage");
  const [rows, targets, breaks] = await Promise.all([
    db
      .select({ ...measureDefinitionColumns, unitName: orgUnits.name })
      .from(measures)
      .innerJoin(orgUnits, eq(orgUnits.id, measures.unitId))
      .where(eq(measures.id, id)),
    db
      .select({
        id: measureTargets.id,
        targetValue: measureTargets.targetValue,
        effectiveFrom: measureTargets.effectiveFrom,
        tbcDue: measureTargets.tbcDue,
        note: measureTargets.note,
        createdByName: users.name,
        createdAt: measureTargets.createdAt,
      })
      .from(measureTargets)
      .leftJoin(users, eq(users.id, measureTargets.createdById))
      .where(eq(measureTargets.measureId, id))
      .orderBy(desc(measureTargets.effectiveFrom)),
    db
      .select({
        id: measureSeriesBreaks.id,
        period: measureSeriesBreaks.period,
        reason: measureSeriesBreaks.reason,
        createdByName: users.name,
        createdAt: measureSeriesBreaks.createdAt,
      })
      .from(measureSeriesBreaks)
      .leftJoin(users, eq(users.id, measureSeriesBreaks.createdById))
      .where(eq(measureSeriesBreaks.measureId, id))
      .orderBy(desc(measureSeriesBreaks.period)),
  ]);
  const measure = rows[0];
  if (!measure) return null;
  if (!can(user, "measure:manage", await getUnitScope(measure.unitId))) return null;

  const today = new Date();
  const thisMonth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-01`;
  const inForceId = targets.find((t) => t.effectiveFrom <= thisMonth)?.id;
  const history: TargetHistoryRow[] = targets.map((t) => ({ ...t, inForce: t.id === inForceId }));
  return { ...measure, targets: history, breaks: breaks satisfies SeriesBreakRow[] };
}

export interface ManageableUnit {
  id: number;
  name: string;
  kind: UnitKind;
  departmentId: number;
  departmentName: string;
}

/** The units the user may give a measure to (the lead unit select), in tree order: each department then its units. */
export async function listManageableUnits(user: SessionUser): Promise<ManageableUnit[]> {
  assertCan(user, "measure:manage");
  const units = await listUnitsUserMay(user, "measure:manage");
  return units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, departmentId: u.departmentId, departmentName: u.departmentName }));
}
