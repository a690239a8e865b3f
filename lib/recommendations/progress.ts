import "server-only";
import { format } from "date-fns";
import { recommendations, recommendationUpdates } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { updateVersioned } from "@/lib/actions/versioned-update";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { AddProgressUpdateInput } from "@/lib/validation/recommendation";
import { FIX_FIELDS, lockRecommendation, recommendationUnitFor } from "./access";
import { implementedOnAfter, statusChangeErrors } from "./rules";

/**
 * A progress update: a note on the trail and, optionally, a new status (checked by the rules:
 * allowed transitions, evidence to mark it implemented or closed). Recommendation, trail entry and
 * audit entry are written in one transaction, or nothing is.
 */
export async function addRecommendationUpdate(actor: SessionUser, input: AddProgressUpdateInput) {
  await recommendationUnitFor(actor, input.id);
  const today = format(new Date(), "yyyy-MM-dd");
  await db.transaction(async (tx) => {
    const before = await lockRecommendation(
      tx,
      input,
      "Someone else updated this recommendation since you opened the page. Nothing was saved; its current state is shown below.",
    );
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
    await updateVersioned(tx, recommendations, {
      id: input.id,
      version: input.version,
      set: { ...after, updatedAt: new Date() },
      actor,
      audit: {
        action: changed ? "recommendation.status" : "recommendation.progress",
        entityType: "recommendation",
        unitId: before.unitId,
        before: { status: before.status, completionEvidence: before.completionEvidence, implementedOn: before.implementedOn },
        after,
        reason: input.note,
      },
    });
    await tx.insert(recommendationUpdates).values({
      recommendationId: input.id,
      note: input.note,
      statusFrom: changed ? before.status : null,
      statusTo: changed ? input.status : null,
      createdById: actor.id,
    });
  });
  return { id: input.id };
}
