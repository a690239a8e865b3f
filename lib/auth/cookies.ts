import type { CookiesOptions } from "next-auth";

/**
 * next-auth's cookies, spelled out so that they are checked (tests/unit/security-headers.test.ts):
 * every one httpOnly and SameSite=Lax; Secure, with the __Secure- / __Host- prefixes, whenever the
 * site is served over https (NEXTAUTH_URL https://…, as in production). Lax, not Strict: a link to
 * Baseline from an email must arrive signed in; cross-site POSTs (server actions, sign-in) are
 * refused by the Origin check and next-auth's CSRF token.
 */
export function authCookies(secure: boolean): CookiesOptions {
  const prefix = secure ? "__Secure-" : "";
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  const short = { ...options, maxAge: 15 * 60 };
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options },
    csrfToken: { name: `${secure ? "__Host-" : ""}next-auth.csrf-token`, options },
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: short },
    state: { name: `${prefix}next-auth.state`, options: short },
    nonce: { name: `${prefix}next-auth.nonce`, options },
  };
}

/** Cookies are Secure when the public URL is https. */
export function usesSecureCookies(nextAuthUrl: string | undefined): boolean {
  return (nextAuthUrl ?? "").startsWith("https://");
}
