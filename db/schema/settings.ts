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
 * Outgoing messages (reminders). Sent through SMTP when configured, otherwise kept here for
 * administrators to read. The dedupe key makes each reminder go out once.
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
    transport: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    error: text(),
  },
  (t) => [index().on(t.createdAt), index().on(t.toUserId)],
);

export type Outbox = typeof outbox.$inferSelect;
