import "server-only";
import { eq } from "drizzle-orm";
import type { NextAuthOptions, User as NextAuthUser } from "next-auth";
import { headers } from "next/headers";
import AzureADProvider from "next-auth/providers/azure-ad";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { clientAddress } from "@/lib/security/client-address";
import { redirectCallback } from "./callback-url";
import { authCookies, usesSecureCookies } from "./cookies";
import { verifyPassword } from "./password";
import { endSession, sessionLimits, startSession } from "./sessions";
import type { SsoProfile } from "./sso-claims";
import { isSsoProfile, ssoProviderOptions } from "./sso-provider";
import { SSO_REFUSAL_CODES } from "./sso-refusal";
import { rememberSsoRefusal } from "./sso-refusal-cookie";
import { ssoSignIn } from "./sso-sign-in";
import { signInSucceeded, takeSignInAttempt } from "./throttle";
import { loadUser } from "./user-record";

/**
 * Error codes passed back to the sign-in page (never a hint whether the account exists). A
 * throttled attempt's code carries the seconds to wait: "Throttled:42".
 */
export const SIGN_IN_ERRORS = { throttled: "Throttled", refused: "AccessDenied" } as const;

const credentialsInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

function ssoProviders(): NextAuthOptions["providers"] {
  const e = env();
  const providers: NextAuthOptions["providers"] = [];
  if (e.AZURE_AD_CLIENT_ID && e.AZURE_AD_CLIENT_SECRET && e.AZURE_AD_TENANT_ID) {
    // next-auth's Entra ID provider (its discovery address and name), reading claims as every provider does here.
    const azure = AzureADProvider({ clientId: e.AZURE_AD_CLIENT_ID, clientSecret: e.AZURE_AD_CLIENT_SECRET, tenantId: e.AZURE_AD_TENANT_ID });
    providers.push({ ...azure, ...ssoProviderOptions } as OAuthConfig<SsoProfile>);
  }
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    const oidc: OAuthConfig<SsoProfile> = {
      id: "oidc",
      name: e.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      ...ssoProviderOptions,
    };
    providers.push(oidc);
  }
  return providers;
}

/** Providers offered on the sign-in page besides email and password. */
export function ssoProviderList(): { id: string; name: string }[] {
  return ssoProviders().map((p) => ({ id: p.id, name: p.name }));
}

/** Where a sign-in or sign-out request came from, when there is a request (the auth route handler); nulls otherwise. */
async function requestOrigin(): Promise<{ userAgent: string | null; address: string | null }> {
  try {
    const h = await headers();
    return { userAgent: h.get("user-agent"), address: clientAddress(h) };
  } catch {
    return { userAgent: null, address: null };
  }
}

export function authOptions(): NextAuthOptions {
  const secure = usesSecureCookies(env().NEXTAUTH_URL);
  return {
    secret: env().NEXTAUTH_SECRET,
    useSecureCookies: secure,
    cookies: authCookies(secure),
    // The JWT names a server-side session (sessions.ts), which every request checks: the cookie
    // never outlives the session's absolute lifetime, and the idle timeout is enforced there.
    session: { strategy: "jwt", maxAge: sessionLimits().absoluteSeconds },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const parsed = credentialsInput.safeParse(credentials ?? {});
          const ip = clientAddress(req?.headers as Record<string, unknown> | undefined);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          // The attempt is counted before the password is checked (throttle.ts): a burst cannot outrun the limit,
          // and no password is checked while the account's delay runs.
          const attempt = await takeSignInAttempt(email, ip);
          if (!attempt.ok) {
            log("warn", "sign-in throttled", { email, ip, limit: attempt.limit, retryAfterSeconds: attempt.retryAfterSeconds });
            await writeAudit({ actorEmail: email, action: "auth.sign_in_throttled", entityType: "user", ip, after: { limit: attempt.limit } });
            throw new Error(`${SIGN_IN_ERRORS.throttled}:${attempt.retryAfterSeconds}`);
          }
          const user = await loadUser({ email });
          const ok = await verifyPassword(user?.passwordHash ?? null, password);
          if (!user || !ok || !user.active) {
            log("warn", "sign-in failed", { email, ip, reason: !user ? "unknown account" : !ok ? "bad password" : "disabled" });
            await writeAudit({ actorId: user?.id ?? null, actorEmail: email, action: "auth.sign_in_failed", entityType: "user", entityId: user?.id, ip });
            return null;
          }
          await signInSucceeded(attempt.delayKey, ip);
          await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
          log("info", "signed in", { userId: user.id, ip, provider: "credentials" });
          await writeAudit({ actorId: user.id, actorEmail: user.email, action: "auth.sign_in", entityType: "user", entityId: user.id, ip });
          return { id: String(user.id), email: user.email, name: user.name } satisfies NextAuthUser;
        },
      }),
      ...ssoProviders(),
    ],
    callbacks: {
      /** After signing in or out: a place on this site only, and never a throw on a malformed URL. */
      redirect: redirectCallback,
      /**
       * Single sign-on only for an existing, active Baseline account with the provider's email address
       * (lib/auth/sso-sign-in.ts): no self-provisioning. A refusal goes back to the sign-in page with
       * its reason, and the address in a cookie for that browser only (sso-refusal-cookie.ts).
       */
      async signIn({ account, profile }) {
        if (!account || account.provider === "credentials") return true;
        if (!isSsoProfile(profile)) return false;
        const { address } = await requestOrigin();
        const outcome = await ssoSignIn({ provider: account.provider, profile, ip: address });
        if (outcome.ok) return true;
        await rememberSsoRefusal(outcome.refusal, outcome.email);
        return `/login?error=${SSO_REFUSAL_CODES[outcome.refusal]}`;
      },
      async jwt({ token, user, account }) {
        if (user) {
          // First call after sign-in: a new server-side session for our user row; the token carries its id.
          const record = account?.provider === "credentials" ? await loadUser({ id: Number(user.id) }) : await loadUser({ email: user.email ?? "" });
          if (record?.active) {
            token.uid = record.id;
            token.role = record.role;
            token.sid = await startSession(record.id, await requestOrigin());
            // The account's own name and address, never the provider's display name or picture.
            token.name = record.name;
            token.email = record.email;
            delete token.picture;
          }
        }
        return token;
      },
      async session({ session, token }) {
        if (token.uid && token.sid) session.user = { ...session.user, id: token.uid, sid: token.sid, role: token.role ?? "VIEWER" };
        return session;
      },
    },
    events: {
      /** next-auth's sign-out (POST /api/auth/signout) decodes the cookie and passes its token here: end that session on the server. */
      async signOut({ token }) {
        if (!token?.sid) return;
        const userId = await endSession(token.sid, "signed_out");
        if (userId === null) return; // already ended (signed out twice, or past a limit)
        const { address } = await requestOrigin();
        log("info", "signed out", { userId, ip: address });
        await writeAudit({ actorId: userId, actorEmail: token.email ?? null, action: "auth.sign_out", entityType: "user", entityId: userId, ip: address });
      },
    },
    logger: {
      error: (code, metadata) => log("error", `next-auth ${code}`, { detail: metadata instanceof Error ? metadata.message : undefined }),
      warn: (code) => log("warn", `next-auth ${code}`),
      debug: () => {},
    },
  };
}
