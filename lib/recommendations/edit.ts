import "server-only";
import { isUniqueViolation, type Tx } from "@/db/client";
import { recommendations } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { keyTaken } from "@/lib/actions/unique-key";
import { updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { CreateRecommendationInput, UpdateRecommendationInput } from "@/lib/validation/recommendation";
import { FIX_FIELDS, lockRecommendation, recommendationUnitFor } from "./access";
import { needsEvidence } from "./rules";

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

async function assertRefFree(tx: Tx, ref: string, exceptId: number | null) {
  if (await keyTaken(tx, recommendations.ref, recommendations.id, ref, exceptId)) throw duplicateRef();
}

/** Adds an open recommendation with a reference no other uses; audited. */
export async function createRecommendation(actor: SessionUser, input: CreateRecommendationInput) {
  await assertCanActOnUnit(actor, "recommendation:edit", input.unitId);
  const values = detailValues(input);
  try {
    const id = await db.transaction(async (tx) => {
      await assertRefFree(tx, values.ref, null);
      const [row] = await tx.insert(recommendations).values({ ...values, status: "open" }).returning({ id: recommendations.id });
      await writeAudit(
        { actorId: actor.id, actorEmail: actor.email, action: "recommendation.create", entityType: "recommendation", entityId: row!.id, unitId: values.unitId, after: { ...values, status: "open" } },
        tx,
      );
      return row!.id;
    });
    return { id };
  } catch (err) {
    if (isUniqueViolation(err, "ref")) throw duplicateRef();
    throw err;
  }
}

/** Changes a recommendation's details (not its status: that goes through a progress update). */
export async function updateRecommendation(actor: SessionUser, input: UpdateRecommendationInput) {
  const unitId = await recommendationUnitFor(actor, input.id);
  // Moving it to another unit needs the right to edit there too.
  if (input.unitId !== unitId) await assertCanActOnUnit(actor, "recommendation:edit", input.unitId);
  const values = detailValues(input);
  try {
    await db.transaction(async (tx) => {
      const before = await lockRecommendation(
        tx,
        input,
        "Someone else changed this recommendation since you opened the page. Nothing was saved; their version is shown below.",
      );
      if (needsEvidence(before.status, values.acceptance) && !before.completionEvidence) {
        throw new RuleError(FIX_FIELDS, {
          acceptance: ["This recommendation was closed as rejected without evidence of implementation: reopen it with a progress update before changing its acceptance"],
        });
      }
      await assertRefFree(tx, values.ref, input.id);
      const was = Object.fromEntries(Object.keys(values).map((k) => [k, before[k as keyof typeof values]]));
      await updateVersioned(tx, recommendations, {
        id: input.id,
        version: input.version,
        set: { ...values, updatedAt: new Date() },
        actor,
        audit: { action: "recommendation.update", entityType: "recommendation", unitId: values.unitId, before: was, after: values, reason: input.reason },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err, "ref")) throw duplicateRef();
    throw err;
  }
  return { id: input.id };
}
