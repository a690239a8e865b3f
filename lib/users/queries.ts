import "server-only";
import { asc, eq } from "drizzle-orm";
import { orgUnits, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";

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

export async function listUsers(actor: SessionUser) {
  assertCan(actor, "user:manage");
  return db.select(columns).from(users).leftJoin(orgUnits, eq(orgUnits.id, users.unitId)).orderBy(asc(users.name));
}

export async function getUser(actor: SessionUser, id: number) {
  assertCan(actor, "user:manage");
  const [row] = await db.select(columns).from(users).leftJoin(orgUnits, eq(orgUnits.id, users.unitId)).where(eq(users.id, id));
  return row ?? null;
}
