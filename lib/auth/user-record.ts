import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { unitTreeOfUnitsCte } from "@/lib/org/tree-sql";
import type { Actor, Role } from "./permissions";

export interface SessionUser extends Actor {
  email: string;
  name: string;
  unitName: string | null;
  active: boolean;
  sessionVersion: number;
}

/**
 * Loads a user with the department of their unit: the one query behind every session check. The
 * unit's department is found by walking up from that unit alone (unitTreeOfUnitsCte), so that it
 * costs the same however large the organisation.
 */
export async function loadUser(by: { id: number } | { email: string }): Promise<(SessionUser & { passwordHash: string | null }) | null> {
  const where = "id" in by ? sql`u.id = ${by.id}` : sql`lower(u.email) = lower(${by.email})`;
  const { rows } = await db.execute<{
    id: number;
    email: string;
    name: string;
    role: Role;
    unit_id: number | null;
    unit_name: string | null;
    department_id: number | null;
    active: boolean;
    session_version: number;
    password_hash: string | null;
  }>(sql`
    with recursive ${unitTreeOfUnitsCte(sql`id in (select u.unit_id from users u where ${where})`)}
    select u.id, u.email, u.name, u.role, u.unit_id, unit.name as unit_name, u.active, u.session_version, u.password_hash,
      ut.department_id
    from users u left join org_units unit on unit.id = u.unit_id left join unit_tree ut on ut.id = u.unit_id
    where ${where}
    limit 1`);
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    unitId: r.unit_id,
    unitName: r.unit_name,
    departmentId: r.department_id,
    active: r.active,
    sessionVersion: r.session_version,
    passwordHash: r.password_hash,
  };
}
