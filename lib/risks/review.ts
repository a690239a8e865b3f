import "server-only";
import { riskReviews, risks } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { updateVersioned } from "@/lib/actions/versioned-update";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { ReviewRiskInput } from "@/lib/validation/risk";
import { lockRisk, riskUnitFor } from "./access";

/**
 * The owner's monthly review: a risk_reviews row (the rating history), the risk's residual rating
 * and the date it was last reviewed, in one transaction with the audit entry.
 */
export async function reviewRisk(actor: SessionUser, input: ReviewRiskInput) {
  const unitId = await riskUnitFor(actor, "risk:edit", input.id);
  const result = await db.transaction(async (tx) => {
    const before = await lockRisk(tx, input, unitId);
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
    await updateVersioned(tx, risks, {
      id: input.id,
      version: input.version,
      set: { residualLikelihood: input.residualLikelihood, residualImpact: input.residualImpact, lastReviewedAt: now, updatedAt: now },
      actor,
      audit: {
        action: rerated ? "risk.rerate" : "risk.confirm",
        entityType: "risk",
        unitId,
        before: { residualLikelihood: before.residualLikelihood, residualImpact: before.residualImpact },
        after: { residualLikelihood: input.residualLikelihood, residualImpact: input.residualImpact },
        reason: input.note,
      },
    });
    return { rerated, score: input.residualLikelihood * input.residualImpact };
  });
  return { id: input.id, ...result };
}
