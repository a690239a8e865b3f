import { sql, type SQL } from "drizzle-orm";
import { actsEverywhere, can, UNKNOWN_UNIT, type Actor, type UnitScope } from "@/lib/auth/permissions";
import { unitSubtreeSql } from "@/lib/org/tree-sql";

/**
 * Which tokens a user manages (lists, revokes), one rule in TypeScript and SQL: a token whose every
 * unit the user may "api-token:manage" — every token for an administrator, for a department's SLT
 * those lying wholly in its department. A token with no unit is an administrator's alone.
 * tests/integration/api-tokens.test.ts holds the two equal.
 */

/** Whether `user` manages a token whose units have these scopes. */
export function managesToken(user: Actor, units: readonly UnitScope[]): boolean {
  if (units.length === 0) return can(user, "api-token:manage", UNKNOWN_UNIT);
  return units.every((u) => can(user, "api-token:manage", u));
}

/** SQL twin of managesToken on a token id expression (e.g. sql`t.id`). */
export function managesTokenSql(user: Actor, tokenId: SQL): SQL {
  if (!can(user, "api-token:manage")) return sql`false`;
  if (actsEverywhere(user, "api-token:manage")) return sql`true`;
  if (user.departmentId === null) return sql`false`;
  return sql`(exists (select 1 from api_token_units tu where tu.token_id = ${tokenId})
    and not exists (select 1 from api_token_units tu where tu.token_id = ${tokenId} and tu.unit_id not in ${unitSubtreeSql(user.departmentId)}))`;
}
