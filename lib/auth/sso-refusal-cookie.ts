import "server-only";
import { decode, encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { usesSecureCookies } from "./cookies";
import type { SsoRefusal } from "./sso-refusal";

/**
 * The address a refused single sign-on gave, carried to the sign-in page in a cookie of the browser
 * that signed in (never in the address, which is kept in history and logs and can be passed on):
 * encrypted with NEXTAUTH_SECRET under a salt of its own (so it can never pass for a session token),
 * httpOnly, for /login only, and good for five minutes.
 */
const SALT = "baseline.sso-refusal";
const MAX_AGE_SECONDS = 5 * 60;

export function ssoRefusalCookieName(secure = usesSecureCookies(env().NEXTAUTH_URL)): string {
  return `${secure ? "__Secure-" : ""}baseline.sso-refusal`;
}

/** The cookie's value for a refusal (exported for tests). */
export function encodeSsoRefusal(refusal: SsoRefusal, email: string): Promise<string> {
  return encode({ token: { refusal, email }, secret: env().NEXTAUTH_SECRET, salt: SALT, maxAge: MAX_AGE_SECONDS });
}

/** The address in a cookie value when it is ours, unexpired and about `refusal`; null otherwise. */
export async function decodeSsoRefusal(value: string | undefined, refusal: SsoRefusal): Promise<string | null> {
  if (!value) return null;
  try {
    const token = await decode({ token: value, secret: env().NEXTAUTH_SECRET, salt: SALT });
    return token && token.refusal === refusal && typeof token.email === "string" ? token.email : null;
  } catch {
    return null; // another key, tampered or expired
  }
}

/**
 * Sets the cookie on the response to the provider's callback (next-auth's route handler: Next adds
 * cookies set here to the response). Outside a request there is no response to set it on.
 */
export async function rememberSsoRefusal(refusal: SsoRefusal, email: string | null): Promise<void> {
  if (!email) return;
  try {
    const secure = usesSecureCookies(env().NEXTAUTH_URL);
    (await cookies()).set(ssoRefusalCookieName(secure), await encodeSsoRefusal(refusal, email), {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/login",
      maxAge: MAX_AGE_SECONDS,
    });
  } catch (err) {
    log("warn", "sso refusal cookie not set", { detail: err instanceof Error ? err.message : String(err) });
  }
}

/** On the sign-in page: the address of the refusal `refusal` this browser has just met, or null. */
export async function refusedSsoEmail(refusal: SsoRefusal): Promise<string | null> {
  return decodeSsoRefusal((await cookies()).get(ssoRefusalCookieName())?.value, refusal);
}
