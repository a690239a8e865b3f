import "server-only";
import type { User as NextAuthUser } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import { log } from "@/lib/log";
import { needsUserinfo, ssoEmail, type Claims, type SsoProfile } from "./sso-claims";

type Userinfo = NonNullable<Exclude<OAuthConfig<SsoProfile>["userinfo"], string>>;
type UserinfoContext = Parameters<NonNullable<Userinfo["request"]>>[0];

/**
 * next-auth's `userinfo.request` for every single sign-on provider. With `idToken: true`, next-auth
 * takes the profile from the ID token alone and never reads userinfo (core/lib/oauth/callback.js);
 * this reads the ID token's claims (checked by openid-client: signature, issuer, audience) and, when
 * they hold no email address, the provider's userinfo endpoint with the access token just issued
 * (openid-client refuses a response about another `sub`). A userinfo failure is logged and the ID
 * token's claims are used alone, so that Entra ID's `preferred_username` still signs the person in.
 */
async function readClaims({ tokens: params, client, provider }: UserinfoContext): Promise<SsoProfile> {
  // next-auth types the tokens as plain parameters; they are openid-client's TokenSet (core/lib/oauth/callback.js).
  const tokens = params as TokenSet;
  const idToken = tokens.claims() as Claims;
  let userinfo: Claims | null = null;
  if (needsUserinfo(idToken)) {
    try {
      userinfo = (await client.userinfo(tokens)) as Claims;
    } catch (err) {
      log("warn", "sso userinfo unavailable", { provider: provider.id, detail: err instanceof Error ? err.message : String(err) });
    }
  }
  return { sub: String(idToken.sub), idToken, userinfo };
}

/**
 * The user next-auth passes on: the provider's subject and the email address read from the claims
 * (lib/auth/sso-claims.ts). No name or picture: the Baseline account keeps its own name, and nothing
 * is fetched besides (next-auth's Entra ID provider would fetch a photo from Microsoft Graph).
 */
function profile(p: SsoProfile): NextAuthUser {
  return { id: p.sub, email: ssoEmail(p.idToken, p.userinfo)?.email ?? null, name: null, image: null };
}

/** What every single sign-on provider shares: ID token, then userinfo; PKCE and state. */
export const ssoProviderOptions = {
  idToken: true,
  checks: ["pkce", "state"],
  userinfo: { request: readClaims },
  profile,
} satisfies Partial<OAuthConfig<SsoProfile>>;

/** Whether next-auth's profile argument is one readClaims built. */
export function isSsoProfile(value: unknown): value is SsoProfile {
  if (!value || typeof value !== "object") return false;
  const p = value as Partial<SsoProfile>;
  return typeof p.sub === "string" && typeof p.idToken === "object" && p.idToken !== null && (p.userinfo === null || typeof p.userinfo === "object");
}
