import type { SessionUser } from "@/lib/auth/current-user";

/**
 * Who the mocked getCurrentUser() (tests/support/mocks/current-user.ts) says is signed in. Its own
 * module, importing nothing at run time, so that the mock factory loads no app code.
 */
export const session: { user: SessionUser | null } = { user: null };

/** Signs `user` in for the calls that follow (null: signed out). */
export function signInAs(user: SessionUser | null): void {
  session.user = user;
}
