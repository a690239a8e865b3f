import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { db } from "@/lib/db";
import type { SessionEndReason } from "@/lib/enums";
import { env } from "@/lib/env";
import { needsTouch, SESSION_RETENTION_DAYS, SESSION_TOUCH_SECONDS, sessionState, type SessionLimits } from "./rules";
import { loadSessionUser, type SessionUser } from "./user-record";

/**
 * Server-side session records (db/schema/sessions.ts). next-auth's JWT cookie carries the row's id;
 * getCurrentUser() accepts a request only while the row is live (rules.ts sessionState), so ending
 * the row ends the session wherever its cookie has been copied.
 */

/** The idle timeout and absolute lifetime from the environment (BASELINE_SESSION_*; defaults 30 min and 12 h). */
export function sessionLimits(): SessionLimits {
  const e = env();
  return { idleSeconds: e.BASELINE_SESSION_IDLE_MINUTES * 60, absoluteSeconds: e.BASELINE_SESSION_MAX_HOURS * 60 * 60 };
}

type Executor = Pick<Database, "insert" | "update" | "delete">;

/**
 * Starts a session for `userId` and returns its id: 256 bits from the CSPRNG (ASVS V7.2.3 asks
 * for 128). Sessions unused for SESSION_RETENTION_DAYS are pruned here, at sign-in, so the table
 * holds about a month of sign-ins without a scheduled job.
 */
export async function startSession(
  userId: number,
  from: { userAgent: string | null; address: string | null },
  now = new Date(),
  executor: Executor = db,
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await executor.delete(sessions).where(lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_RETENTION_DAYS * 86_400_000)));
  await executor.insert(sessions).values({
    id,
    userId,
    createdAt: now,
    lastSeenAt: now,
    userAgent: from.userAgent?.slice(0, 512) ?? null,
    address: from.address,
  });
  return id;
}

/** Ends one session (sign-out, or found past a limit); returns its user, or null when it was already ended or never existed. */
export async function endSession(id: string, reason: SessionEndReason, now = new Date(), executor: Executor = db): Promise<number | null> {
  const [row] = await executor
    .update(sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
    .returning({ userId: sessions.userId });
  return row?.userId ?? null;
}

/** Ends every live session of a user (disabled, or role or scope changed): pass the transaction of that change. */
export async function endSessionsOfUser(userId: number, reason: SessionEndReason, executor: Executor = db, now = new Date()): Promise<number> {
  const rows = await executor
    .update(sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

/**
 * Whether the account `email` has signed in from `address` within SESSION_RETENTION_DAYS (its
 * sessions remember where they started): the sign-in throttle gives such an address a delay of its
 * own (throttle.ts). False for an address the request did not reveal.
 */
export async function signedInFrom(email: string, address: string, now = new Date()): Promise<boolean> {
  if (!address || address === "unknown") return false;
  const since = new Date(now.getTime() - SESSION_RETENTION_DAYS * 86_400_000);
  const { rows } = await db.execute<{ known: boolean }>(sql`
    select exists (
      select 1 from users u join ${sessions} s on s.user_id = u.id
      where lower(u.email) = lower(${email}) and s.address = ${address} and s.created_at > ${since}
    ) as known`);
  return rows[0]?.known === true;
}

/**
 * Records the session as seen at `now`. Called only when rules.ts needsTouch() says the last record
 * is a minute old, and guarded here too, so parallel requests of one page write it once.
 */
export async function touchSession(id: string, now = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_TOUCH_SECONDS * 1000))));
}

/** The user of session `sid` at `now` if the session is live (getCurrentUser without the cookie; tests set `now`). */
export async function userOfSession(sid: string, now = new Date()): Promise<SessionUser | null> {
  const found = await loadSessionUser(sid);
  if (!found) return null;
  const state = sessionState(found.session, now, sessionLimits());
  if (state !== "live") {
    // Written once, so that the session stays ended even if the limits are later raised.
    if (state !== "ended") await endSession(sid, state, now);
    return null;
  }
  if (!found.user.active) return null;
  if (needsTouch(found.session.lastSeenAt, now)) await touchSession(sid, now);
  return found.user;
}
