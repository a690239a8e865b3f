import "server-only";
import { writeAudit } from "@/lib/audit";
import { log } from "@/lib/log";
import { ssoEmail, type SsoProfile } from "./sso-claims";
import type { SsoRefusal } from "./sso-refusal";
import { applySsoRoleMapping, type RoleMappingOutcome } from "./sso-roles";
import { loadUser } from "./user-record";

export type SsoSignInOutcome =
  | { ok: true; userId: number; roleMapping: RoleMappingOutcome }
  | { ok: false; refusal: SsoRefusal; email: string | null };

/** The audit entry's reason for each refusal, in words. */
const REFUSAL_REASONS: Record<SsoRefusal, string> = {
  no_email: "The provider sent no email address",
  no_account: "No Baseline account has this email address",
  disabled: "The account is disabled",
};

/**
 * Whether a person the provider has authenticated may sign in: only to an existing, active Baseline
 * account with the email address read from the provider's claims (lib/auth/sso-claims.ts); nobody
 * is created. An admitted sign-in then has the group → role setting applied (sso-roles.ts). Every
 * outcome is audited: a refusal with its reason, the provider, and the address when one was sent.
 */
export async function ssoSignIn(input: { provider: string; profile: SsoProfile; ip: string | null }): Promise<SsoSignInOutcome> {
  const { provider, profile, ip } = input;
  const found = ssoEmail(profile.idToken, profile.userinfo);
  const refuse = async (refusal: SsoRefusal, user: { id: number; email: string } | null): Promise<SsoSignInOutcome> => {
    const email = found?.email ?? null;
    log("warn", "sso sign-in refused", { email, provider, refusal, userId: user?.id });
    await writeAudit({
      actorId: user?.id ?? null,
      actorEmail: user?.email ?? email,
      action: "auth.sign_in_refused",
      entityType: "user",
      entityId: user?.id ?? null,
      ip,
      reason: REFUSAL_REASONS[refusal],
      after: found
        ? { provider, refusal, email, emailClaim: found.claim, emailFrom: found.from }
        : // Which claims did arrive (names only), for whoever sets the provider up.
          { provider, refusal, subject: profile.sub, claimsSent: [...new Set([...Object.keys(profile.idToken), ...Object.keys(profile.userinfo ?? {})])].sort() },
    });
    return { ok: false, refusal, email };
  };

  if (!found) return refuse("no_email", null);
  const account = await loadUser({ email: found.email });
  if (!account) return refuse("no_account", null);
  if (!account.active) return refuse("disabled", account);

  const roleMapping = await applySsoRoleMapping(account.id, profile, provider);
  await writeAudit({
    actorId: account.id,
    actorEmail: account.email,
    action: "auth.sign_in",
    entityType: "user",
    entityId: account.id,
    ip,
    after: { provider, emailClaim: found.claim, emailFrom: found.from },
  });
  return { ok: true, userId: account.id, roleMapping };
}
