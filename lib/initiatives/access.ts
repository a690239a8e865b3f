import "server-only";
import { eq } from "drizzle-orm";
import { initiatives, milestones } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, UNKNOWN_UNIT } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";

/**
 * The initiative, if the user may edit it (`initiative:edit` on its lead unit). Unknown and
 * out-of-scope initiatives get the same refusal, so that ids cannot be probed.
 */
export async function editableInitiative(actor: SessionUser, initiativeId: number) {
  const [row] = await db
    .select({ id: initiatives.id, leadUnitId: initiatives.leadUnitId, startDate: initiatives.startDate })
    .from(initiatives)
    .where(eq(initiatives.id, initiativeId));
  await assertCanActOnUnit(actor, "initiative:edit", row?.leadUnitId);
  return row!;
}

/** The milestone's initiative, if the user may edit it. */
export async function editableMilestone(actor: SessionUser, milestoneId: number) {
  const [row] = await db.select({ initiativeId: milestones.initiativeId }).from(milestones).where(eq(milestones.id, milestoneId));
  if (!row) {
    // Only a role that may edit anywhere learns that the milestone is gone.
    assertCan(actor, "initiative:edit", UNKNOWN_UNIT);
    throw new RuleError("That milestone no longer exists.");
  }
  return editableInitiative(actor, row.initiativeId);
}
