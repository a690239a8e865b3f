import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { sessionEndReason } from "./enums";
import { users } from "./org";

/**
 * Server-side session records (lib/auth/sessions.ts). The session cookie (next-auth's JWT) carries
 * only this row's id; a request is accepted while the row exists, is not ended, and is within the
 * idle timeout and absolute lifetime. Signing out, disabling the account or changing its role ends
 * the row, so a copied cookie stops working at once.
 */
export const sessions = pgTable(
  "sessions",
  {
    /** 256 random bits (crypto.randomBytes), base64url. */
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /** Touched at most once a minute while in use (SESSION_TOUCH_SECONDS), not on every request. */
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    endReason: sessionEndReason(),
    /** Where and what it was started from, for the account's own view of its sessions. */
    userAgent: text(),
    address: text(),
  },
  (t) => [
    // An account's sessions: ending them all (disable, role change), and the addresses it signed in from (throttle.ts).
    index().on(t.userId),
    // Pruning rows unused for 30 days.
    index().on(t.lastSeenAt),
    check("sessions_end_has_reason", sql`(${t.endedAt} is null) = (${t.endReason} is null)`),
  ],
);

/**
 * Consecutive failed sign-ins per account (lib/auth/sign-in-delay.ts): each further failure makes
 * the next attempt on that account wait longer, up to a cap. Keyed by the lower-cased email as
 * typed, whether or not such an account exists (so the answer never says which do), or by
 * "<email> at <address>" for an address the account has signed in from (lib/auth/throttle.ts).
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    account: text().primaryKey(),
    failures: integer().notNull(),
    /** No attempt on this account is checked before this time; null while failures are still free. */
    waitUntil: timestamp({ withTimezone: true }),
    lastFailureAt: timestamp({ withTimezone: true }).notNull(),
  },
  // Pruning counts forgotten after a quiet day.
  (t) => [index().on(t.lastFailureAt)],
);

export type SessionRow = typeof sessions.$inferSelect;
