import "server-only";
import { risks } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { updateVersioned } from "@/lib/actions/versioned-update";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { DeescalateRiskInput, EscalateRiskInput } from "@/lib/validation/risk";
import { lockRisk, riskUnitFor } from "./access";
import { exceedsAppetite } from "./scoring";

/** Escalates a risk above its appetite to the Executive Leadership Team, with a note; audited. */
export async function escalateRisk(actor: SessionUser, input: EscalateRiskInput) {
  const unitId = await riskUnitFor(actor, "risk:escalate", input.id);
  await db.transaction(async (tx) => {
    const before = await lockRisk(tx, input, unitId);
    if (before.escalated) throw new RuleError("This risk is already escalated to the Executive Leadership Team.");
    if (!exceedsAppetite(before)) {
      throw new RuleError("Only a risk whose residual score is above its appetite can be escalated.", {
        note: ["This risk is within its appetite: re-rate it first if it has grown"],
      });
    }
    const now = new Date();
    await updateVersioned(tx, risks, {
      id: input.id,
      version: input.version,
      set: { escalated: true, escalatedAt: now, escalatedById: actor.id, escalationNote: input.note, updatedAt: now },
      actor,
      audit: {
        action: "risk.escalate",
        entityType: "risk",
        unitId,
        before: { escalated: false },
        after: { escalated: true, escalationNote: input.note },
        reason: input.note,
      },
    });
  });
  return { id: input.id };
}

/** Takes an escalated risk back to its department's register, with a note; audited. */
export async function deescalateRisk(actor: SessionUser, input: DeescalateRiskInput) {
  const unitId = await riskUnitFor(actor, "risk:escalate", input.id);
  await db.transaction(async (tx) => {
    const before = await lockRisk(tx, input, unitId);
    if (!before.escalated) throw new RuleError("This risk is not escalated.");
    await updateVersioned(tx, risks, {
      id: input.id,
      version: input.version,
      set: { escalated: false, escalatedAt: null, escalatedById: null, escalationNote: null, updatedAt: new Date() },
      actor,
      audit: {
        action: "risk.deescalate",
        entityType: "risk",
        unitId,
        before: { escalated: true, escalationNote: before.escalationNote },
        after: { escalated: false },
        reason: input.note,
      },
    });
  });
  return { id: input.id };
}
