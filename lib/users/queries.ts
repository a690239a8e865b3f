import "server-only";
import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { orgUnits, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { unitSubtreeSql } from "@/lib/org/tree-sql";
import { pageWindow, type PageWindow } from "@/lib/paging/page";
import { containsPattern } from "@/lib/paging/search";
import type { UserListQuery, UserSort } from "./list-params";

// Never the password hash: only what the admin pages show.
const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  unitId: users.unitId,
  unitName: orgUnits.name,
  active: users.active,
  version: users.version,
  lastSignInAt: users.lastSignInAt,
};

export type UserRow = NonNullable<Awaited<ReturnType<typeof getUser>>>;

function usersWhere(q: UserListQuery): SQL | undefined {
  const pattern = q.q ? containsPattern(q.q) : null;
  return and(
    q.role ? eq(users.role, q.role) : undefined,
    q.status ? eq(users.active, q.status === "active") : undefined,
    q.departmentId ? sql`${users.unitId} in ${unitSubtreeSql(q.departmentId)}` : undefined,
    pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
  );
}

// Each sort ends on the id, so that rows with equal keys keep one order from page to page.
const ORDER: Record<UserSort, SQL[]> = {
  name: [asc(users.name), asc(users.id)],
  email: [asc(users.email), asc(users.id)],
  role: [asc(users.role), asc(users.name), asc(users.id)],
  "last-sign-in": [sql`${users.lastSignInAt} desc nulls last`, asc(users.name), asc(users.id)],
};

/** One page of user accounts (at most PAGE_SIZE) matching the filters, and the page window over all that match. */
export async function listUsers(actor: SessionUser, q: UserListQuery): Promise<{ rows: UserRow[]; window: PageWindow }> {
  assertCan(actor, "user:manage");
  const where = usersWhere(q);
  const page = (w: PageWindow) =>
    db.select(columns).from(users).leftJoin(orgUnits, eq(orgUnits.id, users.unitId)).where(where).orderBy(...ORDER[q.sort]).limit(w.limit).offset(w.offset);
  // The count and the requested page together; only a page past the end costs a second read (of the last page).
  const requested = pageWindow(Number.MAX_SAFE_INTEGER, q.page); // the window as if the page exists
  const [[totalRow], rows] = await Promise.all([db.select({ n: count() }).from(users).where(where), page(requested)]);
  const window = pageWindow(totalRow?.n ?? 0, q.page);
  return { rows: window.page === requested.page ? rows : await page(window), window };
}

/** The departments the users list filters by, in the organisation's order. */
export async function listUserDepartments(actor: SessionUser): Promise<{ id: number; name: string }[]> {
  assertCan(actor, "user:manage");
  return db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(isNull(orgUnits.parentId)).orderBy(asc(orgUnits.sortOrder), asc(orgUnits.name));
}

export async function getUser(actor: SessionUser, id: number) {
  assertCan(actor, "user:manage");
  const [row] = await db.select(columns).from(users).leftJoin(orgUnits, eq(orgUnits.id, users.unitId)).where(eq(users.id, id));
  return row ?? null;
}
