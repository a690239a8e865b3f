import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { outbox } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan } from "@/lib/auth/permissions";
import { db as appDb } from "@/lib/db";
import type { RetryMessageInput } from "@/lib/validation/outbox";

/**
 * An administrator sends a given-up message again: its tries start over (rules.ts: the next
 * delivery run takes it at once, then backs off as before) and its last reason stays on show until
 * a new try replaces it. Only a given-up message can be retried, so a page loaded before someone
 * else retried it, or before it was sent, changes nothing. Audited in the same transaction.
 * `db` is the app's unless given (the tests bring their own database).
 */
export async function retryGivenUpMessage(actor: SessionUser, input: RetryMessageInput, db: Database = appDb): Promise<{ id: number }> {
  assertCan(actor, "user:manage");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: outbox.id, sentAt: outbox.sentAt, gaveUpAt: outbox.gaveUpAt, attempts: outbox.attempts, error: outbox.error })
      .from(outbox)
      .where(eq(outbox.id, input.id))
      .for("update");
    if (!row) throw new RuleError("That message no longer exists.");
    if (row.sentAt) throw new RuleError("This message has been sent since you opened the page. Nothing was changed.");
    if (!row.gaveUpAt) throw new RuleError("This message is already waiting to be sent again. Nothing was changed.");
    await tx.update(outbox).set({ gaveUpAt: null, attempts: 0, nextAttemptAt: null }).where(eq(outbox.id, row.id));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "outbox.retry",
        entityType: "outbox_message",
        entityId: row.id,
        before: { attempts: row.attempts, gaveUpAt: row.gaveUpAt.toISOString(), error: row.error },
        after: { attempts: 0, gaveUpAt: null },
      },
      tx,
    );
    return { id: row.id };
  });
}
