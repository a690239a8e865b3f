import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { recommendations } from "@/db/schema";
import { lockVersioned } from "@/lib/actions/versioned-update";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";

export const FIX_FIELDS = "Please correct the highlighted fields. Nothing was saved.";

/** The recommendation's unit, if the actor may edit recommendations there; unknown ids are refused alike. */
export async function recommendationUnitFor(actor: SessionUser, id: number): Promise<number> {
  const [target] = await db.select({ unitId: recommendations.unitId }).from(recommendations).where(eq(recommendations.id, id));
  await assertCanActOnUnit(actor, "recommendation:edit", target?.unitId);
  return target!.unitId;
}

/** The stored row's editable state: what the audit log records and a conflict shows. */
const stateFields = {
  ref: recommendations.ref,
  source: recommendations.source,
  reportTitle: recommendations.reportTitle,
  reportDate: recommendations.reportDate,
  unitId: recommendations.unitId,
  text: recommendations.text,
  acceptance: recommendations.acceptance,
  response: recommendations.response,
  ownerName: recommendations.ownerName,
  targetDate: recommendations.targetDate,
  status: recommendations.status,
  completionEvidence: recommendations.completionEvidence,
  implementedOn: recommendations.implementedOn,
  version: recommendations.version,
};

export function lockRecommendation(tx: Tx, input: { id: number; version: number }, conflict: string) {
  return lockVersioned(tx, recommendations, stateFields, { id: input.id, version: input.version, missing: "That recommendation no longer exists.", conflict });
}
