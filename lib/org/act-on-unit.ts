import "server-only";
import type { Database } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, ForbiddenError, type Action, type UnitScope } from "@/lib/auth/permissions";
import { getUnitScope } from "./queries";

/**
 * The one unit-scope check of the write side: loads the unit with its department and ancestors and
 * asserts `user` may do `action` there (lib/auth/permissions.ts). Returns the unit's scope.
 *
 * An unknown unit (or `null`/`undefined`: the row that named it was not found) is refused like a
 * unit out of scope, for every role, so that ids cannot be probed; `ifUnknown` replaces that refusal where the unit
 * comes from a form field and deserves a field error. Pass `tx` when checking inside a transaction.
 */
export async function assertCanActOnUnit(
  user: SessionUser,
  action: Action,
  unitId: number | null | undefined,
  options: { tx?: Pick<Database, "execute">; ifUnknown?: () => Error } = {},
): Promise<UnitScope> {
  const scope = unitId == null ? null : await getUnitScope(unitId, options.tx);
  if (!scope) {
    throw options.ifUnknown ? options.ifUnknown() : new ForbiddenError();
  }
  assertCan(user, action, scope);
  return scope;
}
