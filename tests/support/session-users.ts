import type { SessionUser } from "@/lib/auth/current-user";
import { loadUser } from "@/lib/auth/user-record";

/** The session user getCurrentUser() would return for this account (no password hash). */
export async function sessionUserFor(by: { email: string } | { id: number }): Promise<SessionUser> {
  const user = await loadUser(by);
  if (!user) throw new Error(`no user ${JSON.stringify(by)} in the test database`);
  const { passwordHash: _omit, ...session } = user;
  void _omit;
  return session;
}

/** The demo accounts (db/seed/users.ts) under the names the tests call them by. */
export const DEMO_ACCOUNTS = {
  admin: "admin@baseline.test",
  viewer: "viewer@baseline.test",
  sltCoo: "slt.coo@baseline.test",
  sltCls: "slt.cls@baseline.test",
  leadMd: "lead.md@baseline.test",
  leadPcs: "lead.pcs@baseline.test",
  leadCls: "lead.cls@baseline.test",
} as const;
export type DemoAccount = keyof typeof DEMO_ACCOUNTS;

/** The session user of every demo account, e.g. `Object.assign(users, await demoUsers())` in beforeAll. */
export async function demoUsers(): Promise<Record<DemoAccount, SessionUser>> {
  const entries = await Promise.all(Object.entries(DEMO_ACCOUNTS).map(async ([name, email]) => [name, await sessionUserFor({ email })] as const));
  return Object.fromEntries(entries) as Record<DemoAccount, SessionUser>;
}
