import "server-only";
import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { apiTokens, auditLog, users } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { PAGE_SIZE } from "@/lib/paging/page";
import { containsPattern } from "@/lib/paging/search";
import type { AuditQuery } from "./list-params";

/**
 * The audit trail is append-only and grows with every save and sign-in, so it is paged by keyset on
 * (at, id), newest first, with Newer/Older links: each page costs one index range read however far
 * back it is, where OFFSET would read and skip every newer row. The count is capped for the same
 * reason: "more than 10,000" tells an administrator to narrow the filters.
 */
export const AUDIT_COUNT_CAP = 10_000;

/** Day boundaries are Jersey's, as people read the dates. */
const TZ = "Europe/Jersey";

export interface AuditRow {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  /** The user's email now, else the email recorded with the entry (a failed sign-in, a system writer). */
  actorEmail: string | null;
  /** Set when the change came through the API: the token it came through (its creator is the actor). */
  apiToken: { id: number; name: string; prefix: string } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Entries matching the filters, up to AUDIT_COUNT_CAP; `capped` when there are more. */
  total: number;
  capped: boolean;
  /** Cursors for the Older and Newer links (ids), or null when there is nothing that way. */
  olderThan: number | null;
  newerThan: number | null;
}

function filtersSql(q: AuditQuery): SQL | undefined {
  const actor = q.actor ? containsPattern(q.actor) : null;
  return and(
    q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
    q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
    // "auth" finds auth.sign_in, auth.sign_in_failed…; "user.update" finds exactly that.
    q.action ? or(eq(auditLog.action, q.action), sql`${auditLog.action} like ${`${q.action.replace(/_/g, "\\_")}.%`}`) : undefined,
    actor ? or(ilike(auditLog.actorEmail, actor), ilike(users.email, actor), ilike(users.name, actor)) : undefined,
    q.from ? sql`${auditLog.at} >= (${q.from}::date::timestamp at time zone ${TZ})` : undefined,
    q.to ? sql`${auditLog.at} < ((${q.to}::date + 1)::timestamp at time zone ${TZ})` : undefined,
  );
}

/** (at, id) of entry `id`, as the keyset boundary: read in the same statement, so a cursor is only an id. */
const cursorRow = (id: number) => sql`(select c.at, c.id from audit_log c where c.id = ${id})`;
const key = sql`(${auditLog.at}, ${auditLog.id})`;

/**
 * One page of the audit trail (at most PAGE_SIZE entries, newest first) matching the filters, for
 * an administrator. Three statements at once: the page (one row more, to know if there is another),
 * whether anything lies the other way of the cursor, and the capped count.
 */
export async function listAuditTrail(actor: Actor | null, q: AuditQuery): Promise<AuditPage> {
  assertCan(actor, "user:manage");
  const filters = filtersSql(q);
  const goingNewer = q.newer !== null;
  const cursor = q.older ?? q.newer;
  const side = cursor === null ? undefined : goingNewer ? sql`${key} > ${cursorRow(cursor)}` : sql`${key} < ${cursorRow(cursor)}`;
  // The other side of the cursor includes the cursor's own entry: it was on the page we came from.
  const otherSide = cursor === null ? null : goingNewer ? sql`${key} <= ${cursorRow(cursor)}` : sql`${key} >= ${cursorRow(cursor)}`;

  const base = () => db.select({ id: auditLog.id }).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorId));
  const [found, [beyond], [counted]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorId: auditLog.actorId,
        actorName: users.name,
        actorEmail: sql<string | null>`coalesce(${users.email}, ${auditLog.actorEmail})`,
        apiTokenId: auditLog.apiTokenId,
        apiTokenName: apiTokens.name,
        apiTokenPrefix: apiTokens.prefix,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        reason: auditLog.reason,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .leftJoin(apiTokens, eq(apiTokens.id, auditLog.apiTokenId))
      .where(and(filters, side))
      .orderBy(...(goingNewer ? [asc(auditLog.at), asc(auditLog.id)] : [desc(auditLog.at), desc(auditLog.id)]))
      .limit(PAGE_SIZE + 1),
    otherSide ? base().where(and(filters, otherSide)).limit(1) : Promise.resolve([]),
    db.select({ n: sql<number>`count(*)::int` }).from(base().where(filters).limit(AUDIT_COUNT_CAP + 1).as("matching")),
  ]);

  const more = found.length > PAGE_SIZE;
  const page = found.slice(0, PAGE_SIZE);
  const rows: AuditRow[] = (goingNewer ? page.reverse() : page).map(({ apiTokenId, apiTokenName, apiTokenPrefix, ...r }) => ({
    ...r,
    apiToken: apiTokenId === null ? null : { id: apiTokenId, name: apiTokenName ?? "(deleted token)", prefix: apiTokenPrefix ?? "" },
  }));
  const n = counted?.n ?? 0;
  const newest = rows[0]?.id ?? null;
  const oldest = rows[rows.length - 1]?.id ?? null;
  return {
    rows,
    total: Math.min(n, AUDIT_COUNT_CAP),
    capped: n > AUDIT_COUNT_CAP,
    olderThan: (goingNewer ? beyond !== undefined : more) ? oldest : null,
    newerThan: (goingNewer ? more : beyond !== undefined) ? newest : null,
  };
}
