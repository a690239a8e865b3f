import { count, desc } from "drizzle-orm";
import type { Database } from "@/db/client";
import { outbox } from "@/db/schema";

export const OUTBOX_PAGE_SIZE = 50;

export interface OutboxPage {
  rows: {
    id: number;
    toEmail: string;
    subject: string;
    body: string;
    transport: string;
    createdAt: Date;
    sentAt: Date | null;
    error: string | null;
  }[];
  page: number;
  pages: number;
  total: number;
}

/** One page of outgoing messages, newest first (page 1 is the newest). */
export async function listOutbox(db: Database, page: number, pageSize = OUTBOX_PAGE_SIZE): Promise<OutboxPage> {
  const current = Number.isInteger(page) && page > 0 ? page : 1;
  const [rows, [totalRow]] = await Promise.all([
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
      })
      .from(outbox)
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(pageSize)
      .offset((current - 1) * pageSize),
    db.select({ n: count() }).from(outbox),
  ]);
  const total = totalRow?.n ?? 0;
  return { rows, page: current, pages: Math.max(1, Math.ceil(total / pageSize)), total };
}
