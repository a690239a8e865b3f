import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { riskMitigations, risks } from "@/db/schema";
import { lockVersioned } from "@/lib/actions/versioned-update";
import type { SessionUser } from "@/lib/auth/current-user";
import type { Action } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";

/** The risk's unit, checked against the actor's permission, before the transaction. */
export async function riskUnitFor(actor: SessionUser, act: Action, riskId: number): Promise<number> {
  const [row] = await db.select({ unitId: risks.unitId }).from(risks).where(eq(risks.id, riskId));
  await assertCanActOnUnit(actor, act, row?.unitId);
  return row!.unitId;
}

const riskColumns = {
  id: risks.id,
  ref: risks.ref,
  unitId: risks.unitId,
  title: risks.title,
  cause: risks.cause,
  event: risks.event,
  impact: risks.impact,
  category: risks.category,
  ownerName: risks.ownerName,
  inherentLikelihood: risks.inherentLikelihood,
  inherentImpact: risks.inherentImpact,
  residualLikelihood: risks.residualLikelihood,
  residualImpact: risks.residualImpact,
  appetiteScore: risks.appetiteScore,
  status: risks.status,
  escalated: risks.escalated,
  escalationNote: risks.escalationNote,
  isPublic: risks.isPublic,
  version: risks.version,
};

/** The risk locked for update, refused as a conflict when it changed since the form was loaded. */
export function lockRisk(tx: Tx, input: { id: number; version: number }, unitId: number) {
  return lockVersioned(tx, risks, riskColumns, {
    id: input.id,
    version: input.version,
    missing: "That risk no longer exists.",
    conflict: "Someone else changed this risk since you opened the page. What is stored now is shown; review it and try again.",
    // A risk moved to another unit since the check is stale too: its permission was checked on the old unit.
    stale: (row) => row.unitId !== unitId,
  });
}

/** The mitigation's risk and unit, checked against the actor's permission. */
export async function mitigationFor(actor: SessionUser, id: number) {
  const [row] = await db
    .select({ riskId: riskMitigations.riskId, unitId: risks.unitId })
    .from(riskMitigations)
    .innerJoin(risks, eq(risks.id, riskMitigations.riskId))
    .where(eq(riskMitigations.id, id));
  await assertCanActOnUnit(actor, "risk:edit", row?.unitId);
  return row!;
}
