import { sql, type SQL } from "drizzle-orm";
import { can, seesAllDepartments, type Actor } from "@/lib/auth/permissions";

/**
 * Department scope of reads, one rule in TypeScript and SQL: a user sees a department when the
 * permission matrix lets them view it ("unit:view" — every department for ADMIN and VIEWER, their
 * own for SLT and LEAD). tests/integration/scope-sql.test.ts holds the two equal.
 */

/** Whether `user` may see department `departmentId`. */
export function seesDepartment(user: Actor, departmentId: number): boolean {
  return can(user, "unit:view", { unitId: departmentId, departmentId, ancestorIds: [] });
}

/** SQL twin of seesDepartment on a department id expression (e.g. sql`ud.department_id`, sql`d.id`). */
export function departmentScopeSql(user: Actor, departmentId: SQL): SQL {
  if (!can(user, "unit:view")) return sql`false`;
  return seesAllDepartments(user) ? sql`true` : sql`(${departmentId} = ${user.departmentId ?? -1})`;
}
