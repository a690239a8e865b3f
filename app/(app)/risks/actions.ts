"use server";

import { and, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { orgUnits, riskMitigations, riskReviews, risks } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, type Action, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import { exceedsAppetite } from "@/lib/risks/scoring";
import {
  addMitigationInput,
  completeMitigationInput,
  createRiskInput,
  deescalateRiskInput,
  escalateRiskInput,
  reviewRiskInput,
  updateMitigationInput,
  updateRiskInput,
} from "@/lib/validation/risk";

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/** Unknown and out-of-scope rows get the same refusal, so ids cannot be probed. */
const NOWHERE: UnitScope = { unitId: -1, departmentId: -1, ancestorIds: [] };

/** Checks `actor` may do `act` to the unit; returns its scope. */
async function assertOnUnit(actor: SessionUser, act: Action, unitId: number | undefined): Promise<UnitScope> {
  const scope = unitId === undefined ? null : await getUnitScope(unitId);
  assertCan(actor, act, scope ?? NOWHERE);
  return scope!;
}

/** The risk's unit, checked against the actor's permission, before the transaction. */
async function assertOnRisk(actor: SessionUser, act: Action, riskId: number) {
  const [row] = await db.select({ unitId: risks.unitId }).from(risks).where(eq(risks.id, riskId));
  await assertOnUnit(actor, act, row?.unitId);
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
async function lockRisk(tx: Tx, id: number, version: number, unitId: number) {
  const [row] = await tx.select(riskColumns).from(risks).where(eq(risks.id, id)).for("update");
  if (!row) throw new RuleError("That risk no longer exists.");
  // A risk moved to another unit since the check is stale too: its permission was checked on the old unit.
  if (row.version !== version || row.unitId !== unitId) {
    throw new ConflictError("Someone else changed this risk since you opened the page. What is stored now is shown; review it and try again.", row);
  }
  return row;
}

function revalidate(id?: number) {
  revalidatePath("/risks", "layout");
  if (id !== undefined) revalidatePath(`/risks/${id}`);
  // The monthly review pack lists the risks above appetite.
  revalidatePath("/reviews", "layout");
}

/** The next free reference in the department: COO-R07 after COO-R06. */
async function nextRef(tx: Tx, departmentSlug: string): Promise<string> {
  const prefix = `${departmentSlug.toUpperCase()}-R`;
  const { rows } = await tx.execute<{ n: number }>(sql`
    select coalesce(max(substring(ref from ${`^${prefix}(\\d+)$`})::int), 0) + 1 as n from risks where ref like ${`${prefix}%`}`);
  return `${prefix}${String(rows[0]!.n).padStart(2, "0")}`;
}

export const createRisk = action({ name: "createRisk", schema: createRiskInput, permission: "risk:edit" }, async (input, actor) => {
  const scope = await assertOnUnit(actor, "risk:edit", input.unitId);
  const [dept] = await db.select({ slug: orgUnits.slug }).from(orgUnits).where(eq(orgUnits.id, scope.departmentId));
  const id = await db.transaction(async (tx) => {
    // One risk created at a time per department, so that two cannot take the same reference.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('risk-ref'), ${scope.departmentId})`);
    const ref = await nextRef(tx, dept!.slug);
    const { unitId, ...rest } = input;
    const values = { ref, unitId, ...rest, lastReviewedAt: new Date() };
    const [row] = await tx.insert(risks).values(values).returning({ id: risks.id });
    // The first rating is the start of the residual history.
    await tx.insert(riskReviews).values({
      riskId: row!.id,
      reviewedOn: new Date().toISOString().slice(0, 10),
      residualLikelihood: input.residualLikelihood,
      residualImpact: input.residualImpact,
      note: "Risk added to the register.",
      reviewerId: actor.id,
    });
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "risk.create", entityType: "risk", entityId: row!.id, unitId, after: { ref, unitId, ...rest } },
      tx,
    );
    return row!.id;
  });
  revalidate();
  return { id };
});

export const updateRisk = action({ name: "updateRisk", schema: updateRiskInput, permission: "risk:edit" }, async (input, actor) => {
  const unitId = await assertOnRisk(actor, "risk:edit", input.id);
  // Moving a risk to another unit needs the right to edit risks there too.
  if (input.unitId !== unitId) await assertOnUnit(actor, "risk:edit", input.unitId);
  const changed = await db.transaction(async (tx) => {
    const before = await lockRisk(tx, input.id, input.version, unitId);
    const after = {
      unitId: input.unitId,
      title: input.title,
      cause: input.cause,
      event: input.event,
      impact: input.impact,
      category: input.category,
      ownerName: input.ownerName,
      inherentLikelihood: input.inherentLikelihood,
      inherentImpact: input.inherentImpact,
      appetiteScore: input.appetiteScore,
      isPublic: input.isPublic,
      status: input.status,
    };
    const was = Object.fromEntries(Object.keys(after).map((k) => [k, before[k as keyof typeof before]]));
    const diff = Object.keys(after).filter((k) => was[k] !== after[k as keyof typeof after]);
    if (diff.length === 0) return false;
    await tx
      .update(risks)
      .set({ ...after, version: sql`${risks.version} + 1`, updatedAt: new Date() })
      .where(and(eq(risks.id, input.id), eq(risks.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "risk.update",
        entityType: "risk",
        entityId: input.id,
        unitId: input.unitId,
        before: Object.fromEntries(diff.map((k) => [k, was[k]])),
        after: Object.fromEntries(diff.map((k) => [k, after[k as keyof typeof after]])),
        reason: input.reason || null,
      },
      tx,
    );
    return true;
  });
  revalidate(input.id);
  return { id: input.id, changed };
});

/**
 * The owner's monthly review: a risk_reviews row (the rating history), the risk's residual rating
 * and the date it was last reviewed, in one transaction with the audit entry.
 */
export const reviewRisk = action({ name: "reviewRisk", schema: reviewRiskInput, permission: "risk:edit" }, async (input, actor) => {
  const unitId = await assertOnRisk(actor, "risk:edit", input.id);
  const result = await db.transaction(async (tx) => {
    const before = await lockRisk(tx, input.id, input.version, unitId);
    if (before.status === "closed") throw new RuleError("This risk is closed: reopen it before reviewing it.");
    const rerated = before.residualLikelihood !== input.residualLikelihood || before.residualImpact !== input.residualImpact;
    const now = new Date();
    await tx.insert(riskReviews).values({
      riskId: input.id,
      reviewedOn: now.toISOString().slice(0, 10),
      residualLikelihood: input.residualLikelihood,
      residualImpact: input.residualImpact,
      note: input.note,
      reviewerId: actor.id,
    });
    await tx
      .update(risks)
      .set({
        residualLikelihood: input.residualLikelihood,
        residualImpact: input.residualImpact,
        lastReviewedAt: now,
        version: sql`${risks.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(risks.id, input.id), eq(risks.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: rerated ? "risk.rerate" : "risk.confirm",
        entityType: "risk",
        entityId: input.id,
        unitId,
        before: { residualLikelihood: before.residualLikelihood, residualImpact: before.residualImpact },
        after: { residualLikelihood: input.residualLikelihood, residualImpact: input.residualImpact },
        reason: input.note,
      },
      tx,
    );
    return { rerated, score: input.residualLikelihood * input.residualImpact };
  });
  revalidate(input.id);
  return { id: input.id, ...result };
});

export const escalateRisk = action({ name: "escalateRisk", schema: escalateRiskInput, permission: "risk:escalate" }, async (input, actor) => {
  const unitId = await assertOnRisk(actor, "risk:escalate", input.id);
  await db.transaction(async (tx) => {
    const before = await lockRisk(tx, input.id, input.version, unitId);
    if (before.escalated) throw new RuleError("This risk is already escalated to the Executive Leadership Team.");
    if (!exceedsAppetite(before)) {
      throw new RuleError("Only a risk whose residual score is above its appetite can be escalated.", {
        note: ["This risk is within its appetite: re-rate it first if it has grown"],
      });
    }
    const now = new Date();
    await tx
      .update(risks)
      .set({ escalated: true, escalatedAt: now, escalatedById: actor.id, escalationNote: input.note, version: sql`${risks.version} + 1`, updatedAt: now })
      .where(and(eq(risks.id, input.id), eq(risks.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "risk.escalate",
        entityType: "risk",
        entityId: input.id,
        unitId,
        before: { escalated: false },
        after: { escalated: true, escalationNote: input.note },
        reason: input.note,
      },
      tx,
    );
  });
  revalidate(input.id);
  return { id: input.id };
});

export const deescalateRisk = action({ name: "deescalateRisk", schema: deescalateRiskInput, permission: "risk:escalate" }, async (input, actor) => {
  const unitId = await assertOnRisk(actor, "risk:escalate", input.id);
  await db.transaction(async (tx) => {
    const before = await lockRisk(tx, input.id, input.version, unitId);
    if (!before.escalated) throw new RuleError("This risk is not escalated.");
    await tx
      .update(risks)
      .set({ escalated: false, escalatedAt: null, escalatedById: null, escalationNote: null, version: sql`${risks.version} + 1`, updatedAt: new Date() })
      .where(and(eq(risks.id, input.id), eq(risks.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "risk.deescalate",
        entityType: "risk",
        entityId: input.id,
        unitId,
        before: { escalated: true, escalationNote: before.escalationNote },
        after: { escalated: false },
        reason: input.note,
      },
      tx,
    );
  });
  revalidate(input.id);
  return { id: input.id };
});

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

/** The mitigation's risk and unit, checked against the actor's permission. */
async function assertOnMitigation(actor: SessionUser, id: number) {
  const [row] = await db
    .select({ riskId: riskMitigations.riskId, unitId: risks.unitId })
    .from(riskMitigations)
    .innerJoin(risks, eq(risks.id, riskMitigations.riskId))
    .where(eq(riskMitigations.id, id));
  await assertOnUnit(actor, "risk:edit", row?.unitId);
  return row!;
}

async function lockMitigation(tx: Tx, id: number, version: number) {
  const [row] = await tx.select(mitigationColumns).from(riskMitigations).where(eq(riskMitigations.id, id)).for("update");
  if (!row) throw new RuleError("That control or action no longer exists.");
  if (row.version !== version) {
    throw new ConflictError("Someone else changed this control or action since you opened the page. What is stored now is shown; review it and save again.", row);
  }
  return row;
}

export const addRiskMitigation = action({ name: "addRiskMitigation", schema: addMitigationInput, permission: "risk:edit" }, async (input, actor) => {
  const unitId = await assertOnRisk(actor, "risk:edit", input.riskId);
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
  revalidate(input.riskId);
  return { id };
});

export const updateRiskMitigation = action({ name: "updateRiskMitigation", schema: updateMitigationInput, permission: "risk:edit" }, async (input, actor) => {
  const { riskId, unitId } = await assertOnMitigation(actor, input.id);
  const changed = await db.transaction(async (tx) => {
    const before = await lockMitigation(tx, input.id, input.version);
    const after = { kind: input.kind, description: input.description, ownerName: input.ownerName, dueDate: input.dueDate, status: input.status };
    const diff = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
    if (diff.length === 0) return false;
    await tx
      .update(riskMitigations)
      .set({ ...after, version: sql`${riskMitigations.version} + 1` })
      .where(and(eq(riskMitigations.id, input.id), eq(riskMitigations.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "risk_mitigation.update",
        entityType: "risk_mitigation",
        entityId: input.id,
        unitId,
        before: Object.fromEntries(diff.map((k) => [k, before[k]])),
        after: Object.fromEntries(diff.map((k) => [k, after[k]])),
      },
      tx,
    );
    return true;
  });
  revalidate(riskId);
  return { id: input.id, changed };
});

export const completeRiskMitigation = action({ name: "completeRiskMitigation", schema: completeMitigationInput, permission: "risk:edit" }, async (input, actor) => {
  const { riskId, unitId } = await assertOnMitigation(actor, input.id);
  await db.transaction(async (tx) => {
    const before = await lockMitigation(tx, input.id, input.version);
    if (before.status === "complete") return;
    await tx
      .update(riskMitigations)
      .set({ status: "complete", version: sql`${riskMitigations.version} + 1` })
      .where(and(eq(riskMitigations.id, input.id), eq(riskMitigations.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "risk_mitigation.complete",
        entityType: "risk_mitigation",
        entityId: input.id,
        unitId,
        before: { status: before.status },
        after: { status: "complete" },
      },
      tx,
    );
  });
  revalidate(riskId);
  return { id: input.id };
});
