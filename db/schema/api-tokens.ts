import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { orgUnits, users } from "./org";

/**
 * Tokens for source systems writing figures through /api/v1 (issue 17). The secret is shown once
 * and only its SHA-256 is kept: a token is 256 random bits, so a fast hash is as safe as a slow one
 * and lets every request be checked with one indexed lookup.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    /** SHA-256 of the whole token, hex. */
    tokenHash: text().notNull().unique(),
    /** The token's first characters ("bl_" and 6 more), shown in lists so it can be told apart. */
    prefix: text().notNull(),
    /** "read": the measures due; "write": those, and figures. */
    access: text().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedById: integer().references(() => users.id, { onDelete: "restrict" }),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.createdById), check("api_tokens_access", sql`${t.access} in ('read', 'write')`)],
);

/** The units a token may act on: each listed unit and the units below it. */
export const apiTokenUnits = pgTable(
  "api_token_units",
  {
    tokenId: integer()
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.unitId] }), index().on(t.unitId)],
);

export type ApiToken = typeof apiTokens.$inferSelect;
