import { bigint, integer, pgTable, varchar } from "drizzle-orm/pg-core";

/**
 * rate-limiter-flexible's Postgres store (lib/rate-limit.ts), shared by every instance: one row per
 * limiter key (`<keyPrefix>:<key>`), the points consumed and when the window ends (epoch ms). The
 * columns are the ones RateLimiterPostgres creates itself (lib/RateLimiterPostgres.js,
 * `_getCreateTableStmt`); we create the table here instead (`tableCreated: true`) so that the app
 * never runs DDL at request time.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar({ length: 255 }).primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: "number" }),
});
