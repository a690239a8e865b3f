import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { outbox } from "@/db/schema";
import { afterFailure, claimLeaseUntil } from "./rules";
import { TransportUnavailableError, type MailTransport } from "./transport";

export interface DeliveryRunOptions {
  db: Database;
  /** The clock of the run: what is due, and when a failed message is tried next. */
  now: Date;
  transport: MailTransport;
  /** At most this many messages in one run (the rest wait for the next). */
  limit?: number;
}

export interface DeliveryRunSummary {
  /** Messages this run claimed and tried (or, after the server failed, recorded as failed with it). */
  tried: number;
  sent: number;
  /** Failed and waiting to retry. */
  failed: number;
  /** Failed for the last time (rules.ts, MAX_ATTEMPTS). */
  gaveUp: number;
}

const DEFAULT_LIMIT = 500;

/**
 * Due now: unsent, not given up, and either never tried (next_attempt_at null, which also covers
 * rows queued before retries existed) or past its backoff, or past the lease of a run that claimed it
 * and never finished (the process died mid-send).
 */
function dueSql(now: Date): SQL {
  return sql`${outbox.sentAt} is null and ${outbox.gaveUpAt} is null and (${outbox.nextAttemptAt} is null or ${outbox.nextAttemptAt} <= ${now})`;
}

/**
 * Claims the next due message for this run, in one statement: the oldest due row is locked with
 * FOR UPDATE SKIP LOCKED (a row another run is claiming at this instant is passed over, not waited
 * for), its try is counted and its next_attempt_at moved to the end of a lease (rules.ts), and that
 * commits at once. Until the lease ends the row is not due, so no other run — on this instance or
 * another — takes it, and nothing is held open while the message is sent.
 */
async function claimNext(db: Database, now: Date, transportName: string) {
  const next = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(dueSql(now))
    .orderBy(sql`${outbox.nextAttemptAt} asc nulls first`, asc(outbox.id))
    .limit(1)
    .for("update", { skipLocked: true });
  const [row] = await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: claimLeaseUntil(now), transport: transportName })
    .where(inArray(outbox.id, next))
    .returning({ id: outbox.id, toEmail: outbox.toEmail, subject: outbox.subject, body: outbox.body, html: outbox.html, attempts: outbox.attempts });
  return row;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 1000) || "Unknown error";

/**
 * Sends every message that is due (at most `limit`), each exactly once however many runs go at the
 * same time, on however many instances: a run sends only the messages it claimed (claimNext), and
 * marks each sent, or failed with its reason and its next try (rules.ts: backoff, then giving up),
 * straight after. Why a claim with a lease rather than holding each row locked in a transaction
 * while it is sent: that would hold a database connection through every SMTP conversation, and the
 * embedded database has one connection, which every page request waits for. The one case that can
 * send a message twice is a process that dies after the mail server accepted it and before it was
 * marked sent: it is sent again once the lease ends (SMTP offers no way to make that atomic).
 *
 * Once the mail server itself fails (TransportUnavailableError: unreachable, refused the login),
 * the run records that reason on the rest of the due messages without connecting again for each.
 */
export async function deliverDue({ db, now, transport, limit = DEFAULT_LIMIT }: DeliveryRunOptions): Promise<DeliveryRunSummary> {
  const summary: DeliveryRunSummary = { tried: 0, sent: 0, failed: 0, gaveUp: 0 };
  let unavailable: string | null = null;
  while (summary.tried < limit) {
    const message = await claimNext(db, now, transport.name);
    if (!message) break;
    summary.tried += 1;
    let reason: string | null = unavailable;
    if (reason === null) {
      try {
        await transport.send({ to: message.toEmail, subject: message.subject, text: message.body, html: message.html });
      } catch (err) {
        reason = reasonOf(err);
        if (err instanceof TransportUnavailableError) unavailable = reason;
      }
    }
    if (reason === null) {
      // Sent, whatever became of the claim since: the earlier failure's reason stays for the outbox's history.
      await db.update(outbox).set({ sentAt: new Date(), nextAttemptAt: null }).where(and(eq(outbox.id, message.id), isNull(outbox.sentAt)));
      summary.sent += 1;
      continue;
    }
    const next = afterFailure(message.attempts, now);
    // Only while the claim is still this run's (attempts unchanged): never over a later run's outcome.
    await db
      .update(outbox)
      .set(next.gaveUp ? { error: reason, nextAttemptAt: null, gaveUpAt: new Date() } : { error: reason, nextAttemptAt: next.nextAttemptAt })
      .where(and(eq(outbox.id, message.id), eq(outbox.attempts, message.attempts), isNull(outbox.sentAt)));
    if (next.gaveUp) summary.gaveUp += 1;
    else summary.failed += 1;
  }
  return summary;
}
