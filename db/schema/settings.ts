import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./org";

/** Organisation-wide settings (e.g. the working day of the following month by which figures are due). */
export const appSettings = pgTable("app_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedById: integer().references(() => users.id, { onDelete: "restrict" }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Outgoing messages (reminders). Sent through SMTP when configured, and tried again with backoff
 * until sent or given up (lib/reminders/deliver.ts); until SMTP is configured they wait here. The
 * dedupe key queues each reminder once; the delivery's claim sends it once.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    dedupeKey: text().notNull().unique(),
    toUserId: integer().references(() => users.id, { onDelete: "restrict" }),
    toEmail: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    /** The HTML alternative of body (multipart/alternative); null on messages queued before it existed. */
    html: text(),
    transport: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    /** The last failure's reason; kept after a later success for the outbox's history. */
    error: text(),
    /** Delivery tries so far. */
    attempts: integer().notNull().default(0),
    /** When the next try is due (backoff, or the lease of a run sending it); null: never tried (due now), sent or given up. */
    nextAttemptAt: timestamp({ withTimezone: true }),
    /** Set when the tries ran out: the message is not retried again without an administrator. */
    gaveUpAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.createdAt), index().on(t.toUserId), index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.sentAt} is null and ${t.gaveUpAt} is null`)],
);

export type Outbox = typeof outbox.$inferSelect;
