import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { riskMitigations } from "@/db/schema";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { AddMitigationInput, CompleteMitigationInput, UpdateMitigationInput } from "@/lib/validation/risk";
import { mitigationFor, riskUnitFor } from "./access";

const mitigationColumns = {
  id: riskMitigations.id,
  riskId: riskMitigations.riskId,
  kind: riskMitigations.kind,
  description: riskMitigations.description,
  ownerName: riskMitigations.ownerName,
  dueDate: riskMitigations.dueDate,
  status: riskMitigations.status,
  version: riskMitigations.version,
};

function lockMitigation(tx: Tx, input: { id: number; version: number }) {
  return lockVersioned(tx, riskMitigations, mitigationColumns, {
    id: input.id,
    version: input.version,
    missing: "That control or action no longer exists.",
    conflict: "Someone else changed this control or action since you opened the page. What is stored now is shown; review it and save again.",
  });
}

/** Adds a control or action at the end of the risk's list; audited. */
export async function addRiskMitigation(actor: SessionUser, input: AddMitigationInput) {
  const unitId = await riskUnitFor(actor, "risk:edit", input.riskId);
  const id = await db.transaction(async (tx) => {
    const { riskId, ...values } = input;
    const [row] = await tx
      .insert(riskMitigations)
      .values({
        riskId,
        ...values,
        sortOrder: sql`(select coalesce(max(sort_order), -1) + 1 from risk_mitigations where risk_id = ${riskId})`,
      })
      .returning({ id: riskMitigations.id });
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "risk_mitigation.create", entityType: "risk_mitigation", entityId: row!.id, unitId, after: { riskId, ...values } },
      tx,
    );
    return row!.id;
  });
  return { id };
}

/** Changes a control or action; only the fields that changed are audited. */
export async function updateRiskMitigation(actor: SessionUser, input: UpdateMitigationInput) {
  const { riskId, unitId } = await mitigationFor(actor, input.id);
  const changed = await db.transaction(async (tx) => {
    const before = await lockMitigation(tx, input);
    const after = { kind: input.kind, description: input.description, ownerName: input.ownerName, dueDate: input.dueDate, status: input.status };
    const diff = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
    if (diff.length === 0) return false;
    await updateVersioned(tx, riskMitigations, {
      id: input.id,
      version: input.version,
      set: after,
      actor,
      audit: {
        action: "risk_mitigation.update",
        entityType: "risk_mitigation",
        unitId,
        before: Object.fromEntries(diff.map((k) => [k, before[k]])),
        after: Object.fromEntries(diff.map((k) => [k, after[k]])),
      },
    });
    return true;
  });
  return { id: input.id, riskId, changed };
}

/** Marks a control or action complete (once: completing it again changes nothing). */
export async function completeRiskMitigation(actor: SessionUser, input: CompleteMitigationInput) {
  const { riskId, unitId } = await mitigationFor(actor, input.id);
  await db.transaction(async (tx) => {
    const before = await lockMitigation(tx, input);
    if (before.status === "complete") return;
    await updateVersioned(tx, riskMitigations, {
      id: input.id,
      version: input.version,
      set: { status: "complete" },
      actor,
      audit: { action: "risk_mitigation.complete", entityType: "risk_mitigation", unitId, before: { status: before.status }, after: { status: "complete" } },
    });
  });
  return { id: input.id, riskId };
}
