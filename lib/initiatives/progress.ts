import "server-only";
import { format } from "date-fns";
import { and, eq } from "drizzle-orm";
import { initiatives, initiativeUpdates } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { InitiativeUpdateInput } from "@/lib/validation/initiative";
import { editableInitiative } from "./access";
import { ragNeedsReason, updatePeriod } from "./rules";

/**
 * The monthly update of an initiative: its RAG rating with the reason, kept per period (a second
 * update in the same period replaces the first) and set on the initiative, in one transaction with
 * the audit entry.
 */
export async function recordInitiativeUpdate(actor: SessionUser, input: InitiativeUpdateInput) {
  const target = await editableInitiative(actor, input.initiativeId);
  const period = updatePeriod(format(new Date(), "yyyy-MM-dd"));
  const reason = input.reason || null;
  const commentary = input.commentary || null;
  // Belt and braces: the schema already asks for it, and the database refuses a red/amber row without one.
  if (ragNeedsReason(input.rag) && !reason) throw new RuleError("Please correct the highlighted fields.", { reason: [`Say why the initiative is ${input.rag}`] });

  await db.transaction(async (tx) => {
    const before = await lockVersioned(
      tx,
      initiatives,
      { rag: initiatives.rag, ragReason: initiatives.ragReason, version: initiatives.version },
      {
        id: target.id,
        version: input.version,
        missing: "That initiative no longer exists.",
        conflict: "Someone else updated this initiative since you opened the page. Their rating is shown below; review it and save again.",
      },
    );
    const [previous] = await tx
      .select({ rag: initiativeUpdates.rag, reason: initiativeUpdates.reason, commentary: initiativeUpdates.commentary })
      .from(initiativeUpdates)
      .where(and(eq(initiativeUpdates.initiativeId, target.id), eq(initiativeUpdates.period, period)));
    const values = { rag: input.rag, reason, commentary, createdById: actor.id, createdAt: new Date() };
    await tx
      .insert(initiativeUpdates)
      .values({ initiativeId: target.id, period, ...values })
      .onConflictDoUpdate({ target: [initiativeUpdates.initiativeId, initiativeUpdates.period], set: values });
    await updateVersioned(tx, initiatives, {
      id: target.id,
      version: input.version,
      set: { rag: input.rag, ragReason: reason, updatedAt: new Date() },
      actor,
      audit: {
        action: previous ? "initiative_update.replace" : "initiative_update.record",
        entityType: "initiative",
        unitId: target.leadUnitId,
        before: { rag: before.rag, ragReason: before.ragReason, update: previous ?? null },
        after: { period, rag: input.rag, reason, commentary },
        reason,
      },
    });
  });
  return { id: target.id, period };
}
