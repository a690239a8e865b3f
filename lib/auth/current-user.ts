import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { log } from "@/lib/log";
import { authOptions } from "./options";
import { can, type Action } from "./permissions";
import { userOfSession } from "./sessions";
import type { SessionUser } from "./user-record";

export type { SessionUser };

/**
 * The signed-in user, checked against the server's session record on every request (once, cached
 * per request): the cookie names a session (sessions.ts), and the session must be live — not
 * signed out, not ended by a change to the account, within the idle timeout and the absolute
 * lifetime — and its account active. One query reads the session with its user; a second, at most
 * once a minute per session, records it as seen.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  // Reading the request first marks the page as per-request (never prerendered at build time).
  await headers();
  const session = await getServerSession(authOptions());
  const sid = session?.user?.sid;
  if (!sid) return null;
  return userOfSession(sid);
});

/** For signed-in pages: the user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const h = await headers();
    const path = h.get("x-baseline-path") ?? "/dashboard";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  return user;
}

/**
 * For pages only some roles may open: the user, or a logged refusal answered as "not found"
 * (so that the page's existence is not confirmed to someone who may not use it).
 */
export async function requirePermission(action: Action): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user, action)) {
    const path = (await headers()).get("x-baseline-path");
    log("warn", "page refused", { userId: user.id, role: user.role, action, path });
    notFound();
  }
  return user;
}
