import { z } from "@/lib/validation/zod";
import type { Role } from "@/lib/enums";

/**
 * Reading a single sign-on provider's claims (pure; tests/unit/sso-claims.test.ts). Providers send
 * the person's email address in different places:
 * - in the ID token's `email` (only some providers, and Entra ID only with the optional claim);
 * - only from the userinfo endpoint, the OpenID Connect default for the `email` scope;
 * - Entra ID without the optional claim: `preferred_username` (the sign-in name, usually the UPN)
 *   or `upn`, which are email-shaped in a tenant whose sign-in names are addresses.
 */

/** The claims of an ID token or a userinfo response, as the provider sent them. */
export type Claims = Record<string, unknown>;

export type EmailClaim = "email" | "preferred_username" | "upn";

export interface SsoEmail {
  /** Lower case, trimmed. */
  email: string;
  claim: EmailClaim;
  from: "id_token" | "userinfo";
}

/** What next-auth hands the profile and signIn callbacks for a single sign-on (lib/auth/sso-provider.ts). */
export interface SsoProfile {
  sub: string;
  idToken: Claims;
  /** The userinfo response, when it was read (the ID token had no email address). */
  userinfo: Claims | null;
}

const emailShape = z.string().trim().toLowerCase().pipe(z.email().max(254));

/** The claim as an email address, or null when it is not a string shaped like one. */
function asEmail(value: unknown): string | null {
  const parsed = emailShape.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The userinfo claims, unless they describe someone else (OpenID Connect Core 5.3.2: `sub` must match). */
function sameSubject(idToken: Claims, userinfo: Claims | null): Claims | null {
  return userinfo && userinfo.sub === idToken.sub ? userinfo : null;
}

/**
 * The person's email address: the `email` claim (ID token, then userinfo), then
 * `preferred_username`, then `upn`, each only when it is shaped like an email address. An `email`
 * the provider marks unverified (`email_verified: false`) is not used: anyone able to set their own
 * address at the provider could otherwise sign in to the account that has it.
 */
export function ssoEmail(idToken: Claims, userinfo: Claims | null): SsoEmail | null {
  const info = sameSubject(idToken, userinfo);
  const sources: [SsoEmail["from"], Claims | null][] = [
    ["id_token", idToken],
    ["userinfo", info],
  ];
  for (const claim of ["email", "preferred_username", "upn"] as const) {
    for (const [from, claims] of sources) {
      if (!claims) continue;
      if (claim === "email" && claims.email_verified === false) continue;
      const email = asEmail(claims[claim]);
      if (email) return { email, claim, from };
    }
  }
  return null;
}

/** Whether the userinfo endpoint is worth reading: the ID token carries no usable `email` claim. */
export function needsUserinfo(idToken: Claims): boolean {
  return ssoEmail(idToken, null)?.claim !== "email";
}

/** A group → role rule of the single sign-on setting (lib/validation/sso.ts). */
export interface SsoRoleRule {
  group: string;
  role: Role;
  /** The department (SLT) or unit (LEAD); null for ADMIN and VIEWER. */
  unitId: number | null;
}

export interface GroupClaim {
  /** The claim's values, or null when the provider sent none. */
  values: string[] | null;
  /**
   * Entra ID's "overage": more groups than fit in a token, sent as a reference
   * (`_claim_names`) instead of the list. The groups are then unknown.
   */
  overage: boolean;
}

function stringValues(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return null;
}

/** The values of the group claim `claim` (e.g. `groups`, `roles`): the ID token's, else userinfo's. */
export function groupClaim(claim: string, idToken: Claims, userinfo: Claims | null): GroupClaim {
  const info = sameSubject(idToken, userinfo);
  const values = stringValues(idToken[claim]) ?? (info ? stringValues(info[claim]) : null);
  const names = (c: Claims | null) => (c?._claim_names && typeof c._claim_names === "object" ? (c._claim_names as Claims) : null);
  const overage = values === null && Boolean(names(idToken)?.[claim] ?? names(info)?.[claim]);
  return { values, overage };
}

/** The first rule whose group the person is in (the setting lists rules in the order they apply), or null. */
export function matchingRule<R extends SsoRoleRule>(rules: readonly R[], groups: readonly string[]): R | null {
  const member = new Set(groups);
  return rules.find((r) => member.has(r.group)) ?? null;
}
