import { and, count, desc, ilike, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { outbox } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { oneOf, pageWindow, requestedPage, type PageWindow } from "@/lib/paging/page";
import { containsPattern, searchText } from "@/lib/paging/search";
import { DELIVERY_STATES, deliverySql, type DeliveryState } from "./delivery";

type Params = Record<string, string | string[] | undefined>;

export interface OutboxQuery {
  delivery: DeliveryState | null;
  /** Text found in the recipient's address ("" for none). */
  q: string;
  page: number;
}

/** The outbox list's URL state; anything unknown or malformed is ignored. */
export function outboxQuery(params: Params): OutboxQuery {
  return { delivery: oneOf<DeliveryState | "">(params, "delivery", DELIVERY_STATES, "") || null, q: searchText(params), page: requestedPage(params) };
}

export const outboxState = (q: OutboxQuery) => ({ delivery: q.delivery, q: q.q || null });

export interface OutboxRow {
  id: number;
  toEmail: string;
  subject: string;
  body: string;
  transport: string;
  createdAt: Date;
  sentAt: Date | null;
  /** The last failed try's reason (kept after a later success). */
  error: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  gaveUpAt: Date | null;
}

function outboxWhere(q: OutboxQuery, smtpConfigured: boolean): SQL | undefined {
  return and(q.delivery ? deliverySql(q.delivery, smtpConfigured) : undefined, q.q ? ilike(outbox.toEmail, containsPattern(q.q)) : undefined);
}

/**
 * One page of outgoing messages (newest first, at most PAGE_SIZE) matching the filters, for an
 * administrator. `db` is passed in, as everywhere in lib/reminders (the reminder script brings its own).
 * `smtpConfigured` (smtp.ts) decides whether an unsent message is waiting or cannot be sent yet (delivery.ts).
 */
export async function listOutbox(db: Database, actor: Actor | null, q: OutboxQuery, smtpConfigured: boolean): Promise<{ rows: OutboxRow[]; window: PageWindow }> {
  assertCan(actor, "user:manage");
  const where = outboxWhere(q, smtpConfigured);
  const page = (w: PageWindow) =>
    db
      .select({
        id: outbox.id,
        toEmail: outbox.toEmail,
        subject: outbox.subject,
        body: outbox.body,
        transport: outbox.transport,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
        error: outbox.error,
        attempts: outbox.attempts,
        nextAttemptAt: outbox.nextAttemptAt,
        gaveUpAt: outbox.gaveUpAt,
      })
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(w.limit)
      .offset(w.offset);
  // The count and the requested page together; only a page past the end costs a second read (of the last page).
  const requested = pageWindow(Number.MAX_SAFE_INTEGER, q.page);
  const [[totalRow], rows] = await Promise.all([db.select({ n: count() }).from(outbox).where(where), page(requested)]);
  const window = pageWindow(totalRow?.n ?? 0, q.page);
  return { rows: window.page === requested.page ? rows : await page(window), window };
}
