import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { orgUnits, users } from "./org";

/**
 * Append-only audit log: who, when, what, before, after, why. A trigger in the migrations
 * refuses UPDATE and DELETE on this table.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: integer().references(() => users.id, { onDelete: "restrict" }),
    /** Kept as text so the entry reads even for failed sign-ins of unknown accounts. */
    actorEmail: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    unitId: integer().references(() => orgUnits.id, { onDelete: "restrict" }),
    before: jsonb(),
    after: jsonb(),
    reason: text(),
    ip: text(),
    /** Set when the change came through the API: the token, whose creator is the actor. */
    apiTokenId: integer(),
  },
  (t) => [index().on(t.entityType, t.entityId), index().on(t.at), index().on(t.actorId)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
