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
