import "server-only";
import { format } from "date-fns";
import { RuleError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/current-user";
import { ForbiddenError } from "@/lib/auth/permissions";
import { parseMonth, viewOfMonth, type Period } from "@/lib/entry/periods";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";

/**
 * The department a review form names, checked against the user's scope ("review:manage") by the
 * shared unit check; refuses anything else. Unknown, out-of-scope and non-department units get the
 * same answer, so ids cannot be probed.
 */
export async function managedDepartment(actor: SessionUser, departmentId: number | null | undefined): Promise<{ id: number }> {
  const scope = await assertCanActOnUnit(actor, "review:manage", departmentId);
  if (scope.departmentId !== scope.unitId) throw new ForbiddenError();
  return { id: scope.departmentId };
}

/**
 * The month a meeting is recorded or an action agreed for ("YYYY-MM", validated by the form's
 * schema): refused with the pages' message when it has not started (viewOfMonth), since a pack of
 * a future month is not shown and must not be written to.
 */
export function startedMonth(month: string, today = format(new Date(), "yyyy-MM-dd")): Period {
  const period = parseMonth(month);
  if (!period) throw new RuleError("Choose a month");
  const view = viewOfMonth(period, today);
  if (view.kind === "refused") throw new RuleError(view.message);
  return period;
}
