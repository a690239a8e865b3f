"use server";

import { format } from "date-fns";
import { and, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { recommendations, recommendationUpdates } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import { implementedOnAfter, needsEvidence, statusChangeErrors } from "@/lib/recommendations/rules";
import { addProgressUpdateInput, createRecommendationInput, updateRecommendationInput, type CreateRecommendationInput } from "@/lib/validation/recommendation";

const FIX_FIELDS = "Please correct the highlighted fields. Nothing was saved.";
/** Unknown units and units out of scope get the same answer, so ids cannot be probed. */
const NOWHERE: UnitScope = { unitId: -1, departmentId: -1, ancestorIds: [] };

async function assertCanEditUnit(actor: SessionUser, unitId: number) {
  assertCan(actor, "recommendation:edit", (await getUnitScope(unitId)) ?? NOWHERE);
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

function detailValues(input: CreateRecommendationInput) {
  return {
    ref: input.ref,
    source: input.source,
    reportTitle: input.reportTitle,
    reportDate: input.reportDate,
    unitId: input.unitId,
    text: input.text,
    acceptance: input.acceptance,
    response: input.response,
    ownerName: input.ownerName,
    targetDate: input.targetDate,
  };
}

const duplicateRef = () => new RuleError(FIX_FIELDS, { ref: ["Another recommendation already uses this reference"] });

/** Postgres unique violation on the reference: two people saved the same new reference at once. */
function isDuplicateRef(err: unknown): boolean {
  const pg = (err instanceof Error && err.cause instanceof Error ? err.cause : err) as { code?: string; constraint?: string };
  return pg?.code === "23505" && (pg.constraint ?? "").includes("ref");
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

async function assertRefFree(tx: Tx, ref: string, exceptId: number | null) {
  const [taken] = await tx
    .select({ id: recommendations.id })
    .from(recommendations)
    .where(and(sql`upper(${recommendations.ref}) = ${ref}`, exceptId === null ? undefined : sql`${recommendations.id} <> ${exceptId}`));
  if (taken) throw duplicateRef();
}

export const createRecommendation = action({ name: "createRecommendation", schema: createRecommendationInput, permission: "recommendation:edit" }, async (input, actor) => {
  await assertCanEditUnit(actor, input.unitId);
  const values = detailValues(input);
  let id: number;
  try {
    id = await db.transaction(async (tx) => {
      await assertRefFree(tx, values.ref, null);
      const [row] = await tx.insert(recommendations).values({ ...values, status: "open" }).returning({ id: recommendations.id });
      await writeAudit(
        { actorId: actor.id, actorEmail: actor.email, action: "recommendation.create", entityType: "recommendation", entityId: row!.id, unitId: values.unitId, after: { ...values, status: "open" } },
        tx,
      );
      return row!.id;
    });
  } catch (err) {
    if (isDuplicateRef(err)) throw duplicateRef();
    throw err;
  }
  revalidatePath("/recommendations");
  revalidatePath("/dashboard");
  return { id };
});

/** Changes a recommendation's details (not its status: that goes through a progress update). */
export const updateRecommendation = action({ name: "updateRecommendation", schema: updateRecommendationInput, permission: "recommendation:edit" }, async (input, actor) => {
  const [target] = await db.select({ unitId: recommendations.unitId }).from(recommendations).where(eq(recommendations.id, input.id));
  await assertCanEditUnit(actor, target?.unitId ?? -1);
  // Moving it to another unit needs the right to edit there too.
  if (input.unitId !== target!.unitId) await assertCanEditUnit(actor, input.unitId);
  const values = detailValues(input);
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx.select(stateFields).from(recommendations).where(eq(recommendations.id, input.id)).for("update");
      if (!before) throw new RuleError("That recommendation no longer exists.");
      if (before.version !== input.version) {
        throw new ConflictError("Someone else changed this recommendation since you opened the page. Nothing was saved; their version is shown below.", before);
      }
      if (needsEvidence(before.status, values.acceptance) && !before.completionEvidence) {
        throw new RuleError(FIX_FIELDS, {
          acceptance: ["This recommendation was closed as rejected without evidence of implementation: reopen it with a progress update before changing its acceptance"],
        });
      }
      await assertRefFree(tx, values.ref, input.id);
      await tx
        .update(recommendations)
        .set({ ...values, version: sql`${recommendations.version} + 1`, updatedAt: new Date() })
        .where(and(eq(recommendations.id, input.id), eq(recommendations.version, input.version)));
      const was = Object.fromEntries(Object.keys(values).map((k) => [k, before[k as keyof typeof values]]));
      await writeAudit(
        { actorId: actor.id, actorEmail: actor.email, action: "recommendation.update", entityType: "recommendation", entityId: input.id, unitId: values.unitId, before: was, after: values, reason: input.reason },
        tx,
      );
    });
  } catch (err) {
    if (isDuplicateRef(err)) throw duplicateRef();
    throw err;
  }
  revalidatePath("/recommendations", "layout");
  revalidatePath("/dashboard");
  return { id: input.id };
});

/**
 * A progress update: a note on the trail and, optionally, a new status (checked by the rules:
 * allowed transitions, evidence to mark it implemented or closed). Recommendation, trail entry and
 * audit entry are written in one transaction, or nothing is.
 */
export const addRecommendationUpdate = action({ name: "addRecommendationUpdate", schema: addProgressUpdateInput, permission: "recommendation:edit" }, async (input, actor) => {
  const [target] = await db.select({ unitId: recommendations.unitId }).from(recommendations).where(eq(recommendations.id, input.id));
  await assertCanEditUnit(actor, target?.unitId ?? -1);
  const today = format(new Date(), "yyyy-MM-dd");
  await db.transaction(async (tx) => {
    const [before] = await tx.select(stateFields).from(recommendations).where(eq(recommendations.id, input.id)).for("update");
    if (!before) throw new RuleError("That recommendation no longer exists.");
    if (before.version !== input.version) {
      throw new ConflictError("Someone else updated this recommendation since you opened the page. Nothing was saved; its current state is shown below.", before);
    }
    const errors = statusChangeErrors(
      { from: before.status, to: input.status, acceptance: before.acceptance, completionEvidence: input.completionEvidence, implementedOn: input.implementedOn },
      today,
    );
    if (Object.keys(errors).length > 0) throw new RuleError(FIX_FIELDS, errors);
    const changed = before.status !== input.status;
    const after = {
      status: input.status,
      completionEvidence: input.completionEvidence,
      implementedOn: implementedOnAfter({ from: before.status, to: input.status, given: input.implementedOn, stored: before.implementedOn }, today),
    };
    await tx
      .update(recommendations)
      .set({ ...after, version: sql`${recommendations.version} + 1`, updatedAt: new Date() })
      .where(and(eq(recommendations.id, input.id), eq(recommendations.version, input.version)));
    await tx.insert(recommendationUpdates).values({
      recommendationId: input.id,
      note: input.note,
      statusFrom: changed ? before.status : null,
      statusTo: changed ? input.status : null,
      createdById: actor.id,
    });
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: changed ? "recommendation.status" : "recommendation.progress",
        entityType: "recommendation",
        entityId: input.id,
        unitId: before.unitId,
        before: { status: before.status, completionEvidence: before.completionEvidence, implementedOn: before.implementedOn },
        after,
        reason: input.note,
      },
      tx,
    );
  });
  revalidatePath("/recommendations", "layout");
  revalidatePath("/dashboard");
  return { id: input.id };
});
