import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { db } from "@/lib/db";
import { unitTreeOfUnitsCte } from "@/lib/org/tree-sql";
import type { Actor, Role } from "./permissions";
import type { SessionTimes } from "./rules";

export interface SessionUser extends Actor {
  email: string;
  name: string;
  unitName: string | null;
  active: boolean;
}

type UserRow = {
  id: number;
  email: string;
  name: string;
  role: Role;
  unit_id: number | null;
  unit_name: string | null;
  department_id: number | null;
  active: boolean;
  password_hash: string | null;
};

const toUser = (r: UserRow): SessionUser & { passwordHash: string | null } => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  unitId: r.unit_id,
  unitName: r.unit_name,
  departmentId: r.department_id,
  active: r.active,
  passwordHash: r.password_hash,
});

/**
 * The user columns with the department of their unit, for the users `from` finds (aliased `u`).
 * The unit's department is found by walking up from that unit alone (unitTreeOfUnitsCte), so that
 * it costs the same however large the organisation.
 */
const userQuery = (from: SQL, where: SQL, extraColumns: SQL = sql``) => sql`
    with recursive ${unitTreeOfUnitsCte(sql`id in (select u.unit_id ${from} where ${where})`)}
    select u.id, u.email, u.name, u.role, u.unit_id, unit.name as unit_name, u.active, u.password_hash,
      ut.department_id ${extraColumns}
    ${from} left join org_units unit on unit.id = u.unit_id left join unit_tree ut on ut.id = u.unit_id
    where ${where}
    limit 1`;

/** Loads a user with the department of their unit (sign-in, and the test harness's session users). */
export async function loadUser(by: { id: number } | { email: string }): Promise<(SessionUser & { passwordHash: string | null }) | null> {
  const where = "id" in by ? sql`u.id = ${by.id}` : sql`lower(u.email) = lower(${by.email})`;
  const { rows } = await db.execute<UserRow>(userQuery(sql`from users u`, where));
  return rows[0] ? toUser(rows[0]) : null;
}

/**
 * The session row `sessionId` with its user: the one query behind every request's session check,
 * one primary-key lookup joined to the user lookup.
 */
export async function loadSessionUser(sessionId: string): Promise<{ user: SessionUser; session: SessionTimes } | null> {
  const { rows } = await db.execute<UserRow & { created_at: Date | string; last_seen_at: Date | string; ended_at: Date | string | null }>(
    userQuery(sql`from sessions s join users u on u.id = s.user_id`, sql`s.id = ${sessionId}`, sql`, s.created_at, s.last_seen_at, s.ended_at`),
  );
  const r = rows[0];
  if (!r) return null;
  const { passwordHash: _omit, ...user } = toUser(r);
  void _omit;
  return { user, session: { createdAt: new Date(r.created_at), lastSeenAt: new Date(r.last_seen_at), endedAt: r.ended_at === null ? null : new Date(r.ended_at) } };
}
