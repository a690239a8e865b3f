import "server-only";
import type { UnitKind } from "@/lib/enums";
import { asc, sql, type SQL } from "drizzle-orm";
import { orgUnits } from "@/db/schema";
import type { Database } from "@/db/client";
import { can, type Action, type Actor, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { departmentScopeSql } from "./scope-sql";
import { unitTreeCte, unitTreeOfUnitsCte } from "./tree-sql";

/**
 * The unit with its department and ancestors, for permission checks; null when it does not exist.
 * Walks up from the unit alone (unitTreeOfUnitsCte). Pass the transaction when checking inside one.
 */
export async function getUnitScope(unitId: number, executor: Pick<Database, "execute"> = db): Promise<UnitScope | null> {
  const { rows } = await executor.execute<{ department_id: number; ancestor_ids: number[] }>(sql`
    with recursive ${unitTreeOfUnitsCte(sql`id = ${unitId}`)}
    select department_id, ancestor_ids from unit_tree`);
  const r = rows[0];
  return r ? { unitId, departmentId: r.department_id, ancestorIds: r.ancestor_ids } : null;
}

export async function listUnits() {
  return db
    .select({ id: orgUnits.id, slug: orgUnits.slug, name: orgUnits.name, shortName: orgUnits.shortName, kind: orgUnits.kind, parentId: orgUnits.parentId })
    .from(orgUnits)
    .orderBy(asc(orgUnits.sortOrder), asc(orgUnits.name));
}

/** A unit with its department and ancestors (for permission checks) and its depth, as the unit pickers list them. */
export interface ScopedUnit {
  id: number;
  name: string;
  shortName: string;
  kind: UnitKind;
  departmentId: number;
  departmentSlug: string;
  departmentName: string;
  /** Ancestors, nearest first. */
  ancestorIds: number[];
  depth: number;
}

export const unitScopeOf = (u: Pick<ScopedUnit, "id" | "departmentId" | "ancestorIds">): UnitScope => ({
  unitId: u.id,
  departmentId: u.departmentId,
  ancestorIds: u.ancestorIds,
});

/**
 * Every unit with its department and ancestors, in tree order, in one query. `where` narrows it
 * with a condition on the unit tree row `t` (e.g. units with an active measure).
 */
export async function listUnitsWithScope(where?: SQL): Promise<ScopedUnit[]> {
  const { rows } = await db.execute<{
    id: number;
    name: string;
    short_name: string;
    kind: ScopedUnit["kind"];
    department_id: number;
    department_slug: string;
    department_name: string;
    ancestor_ids: number[];
    depth: number;
  }>(sql`
    with recursive ${unitTreeCte}
    select t.id, u.name, u.short_name, t.kind, t.department_id, d.slug as department_slug, d.name as department_name, t.ancestor_ids, t.depth
    from unit_tree t join org_units u on u.id = t.id join org_units d on d.id = t.department_id
    ${where ? sql`where ${where}` : sql``}
    order by t.sort_path`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    departmentId: r.department_id,
    departmentSlug: r.department_slug,
    departmentName: r.department_name,
    ancestorIds: r.ancestor_ids,
    depth: r.depth,
  }));
}

/** The units `user` may do `action` to (each unit picker: a new risk's unit, a measure's lead unit …). */
export function unitsWhere(user: Actor, action: Action, units: readonly ScopedUnit[]): ScopedUnit[] {
  return units.filter((u) => can(user, action, unitScopeOf(u)));
}

/**
 * "Units this user may act on, with ancestors": the units `user` may do `action` to, in tree order,
 * in one query (the permission matrix then filters it). `where` as for listUnitsWithScope.
 */
export async function listUnitsUserMay(user: Actor, action: Action, where?: SQL): Promise<ScopedUnit[]> {
  if (!can(user, action)) return [];
  return unitsWhere(user, action, await listUnitsWithScope(where));
}

/**
 * The departments `user` may view, in the organisation's order — one row each, scoped in SQL
 * (departmentScopeSql): a department select holds at most one option per department.
 */
export async function listViewableDepartments(user: Actor): Promise<{ id: number; slug: string; name: string }[]> {
  const { rows } = await db.execute<{ id: number; slug: string; name: string }>(sql`
    select d.id, d.slug, d.name from org_units d
    where d.kind = 'department' and ${departmentScopeSql(user, sql`d.id`)}
    order by d.sort_order, d.name, d.id`);
  return rows;
}

/**
 * The units of ONE department `user` may do `action` to, in tree order: a unit select bounded by a
 * department, never every unit of the government (listUnitsUserMay's rule, narrowed in SQL).
 */
export async function listDepartmentUnitsUserMay(user: Actor, action: Action, departmentId: number): Promise<ScopedUnit[]> {
  return listUnitsUserMay(user, action, sql`t.department_id = ${departmentId}`);
}
