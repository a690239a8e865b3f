/**
 * Where next-auth may send someone after signing in or out: a path on this site, or an absolute URL
 * of this site's own origin. Everything else is refused before next-auth sees it.
 *
 * next-auth v4 checks a callbackUrl with `new URL()` (core/lib/assert.js) and its default redirect
 * callback calls `new URL(url)` too, so a value that is not a URL at all
 * (`http://localhost:3000.evil.example/`: "3000.evil.example" is not a port) made it throw: a 500
 * with no useful body, on the sign-in endpoints and, once such a value sat in the callback-url
 * cookie, on every next-auth request (issue 15).
 */

/** The signed-in landing page (role-based), also where a refused callbackUrl leads. */
export const DEFAULT_CALLBACK_PATH = "/start";

/** The absolute URL to go to, or null when `url` is not a place on `baseUrl`'s site. */
export function sameSiteUrl(url: string, baseUrl: string): string | null {
  // Control characters and backslashes: browsers read "/\evil.example" as "//evil.example".
  if (/[\u0000-\u001f\u007f\\]/.test(url)) return null;
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    return null;
  }
  if (url.startsWith("/")) {
    if (url.startsWith("//")) return null;
    return `${base.origin}${url}`;
  }
  try {
    const target = new URL(url);
    return target.origin === base.origin ? target.href : null;
  } catch {
    return null;
  }
}

/** next-auth's `redirect` callback: never throws, never leaves the site. */
export function redirectCallback({ url, baseUrl }: { url: string; baseUrl: string }): string {
  return sameSiteUrl(url, baseUrl) ?? `${new URL(baseUrl).origin}${DEFAULT_CALLBACK_PATH}`;
}

/**
 * Screens a request to /api/auth/* before next-auth (app/api/auth/[...nextauth]/route.ts): a
 * callbackUrl in the query that is not on this site is answered here — the sign-in and sign-out
 * pages with a redirect to the sign-in page without it, anything else with 400 and a message.
 */
export function screenCallbackQuery(req: Request, baseUrl: string): Response | null {
  const url = new URL(req.url);
  const callbackUrl = url.searchParams.get("callbackUrl");
  if (callbackUrl === null || sameSiteUrl(callbackUrl, baseUrl) !== null) return null;
  const action = url.pathname.split("/")[3];
  if (req.method === "GET" && (action === "signin" || action === "signout")) {
    return new Response(null, { status: 303, headers: { location: "/login", "cache-control": "no-store" } });
  }
  return Response.json({ message: "callbackUrl must be a path on this site." }, { status: 400, headers: { "cache-control": "no-store" } });
}

/** next-auth's callback-url cookie, over http and over https (lib/auth/cookies.ts). */
const CALLBACK_COOKIES = new Set(["next-auth.callback-url", "__Secure-next-auth.callback-url"]);

/**
 * A Cookie header without a callback-url cookie that is not on this site, or null when there is
 * none to drop. next-auth refuses every request carrying one (the session read of every page
 * included), so a cookie planted by a sibling site would otherwise lock the user out with 500s.
 * Run by the HTTP server (server/edge.ts) on every request: next-auth reads cookies from the
 * request itself, not from anything a route handler could pass it.
 */
export function withoutForeignCallbackCookie(cookieHeader: string, baseUrl: string): string | null {
  let dropped = false;
  const kept = cookieHeader.split(/;\s*/).filter((pair) => {
    const eq = pair.indexOf("=");
    if (eq < 0 || !CALLBACK_COOKIES.has(pair.slice(0, eq).trim())) return true;
    let value = "";
    try {
      value = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      // Not even percent-encoding: dropped below.
    }
    const ok = sameSiteUrl(value, baseUrl) !== null;
    dropped ||= !ok;
    return ok;
  });
  return dropped ? kept.join("; ") : null;
}
