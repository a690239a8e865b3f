import { NextResponse, type NextRequest } from "next/server";
import { databaseUnavailable } from "@/lib/db-health";
import { contentSecurityPolicy, newNonce, unavailablePagePolicy } from "@/lib/security/csp";
import { RETRY_AFTER_SECONDS, unavailablePage } from "@/lib/security/unavailable-page";

/**
 * Passes the requested path to server components (so a sign-in redirect can come back to it) and
 * sets the Content-Security-Policy with a fresh script nonce (Next reads it from the request's CSP
 * header and puts it on its own scripts). Every page is rendered per request, the published
 * reports included (they read the current revision from Postgres: lib/reports/published.ts), so
 * every page gets the same policy.
 * While Postgres is known to be down (lib/db-health.ts), pages answer 503 with Retry-After instead of
 * the error page. Not affected: /api/health (its own check) and server actions (they answer
 * "nothing was saved, try again").
 * Authorization is not decided here: every page and action checks the session itself.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/api/health" && !request.headers.has("next-action") && (await databaseUnavailable(process.env.DATABASE_URL))) {
    return unavailable(pathname + search);
  }
  const nonce = newNonce();
  const https = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-baseline-path", pathname + search);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  // Strict-Transport-Security is set by the HTTP server (server/edge.ts) on every response, not only the ones this proxy sees.
  return response;
}

function unavailable(path: string) {
  const nonce = newNonce();
  return new NextResponse(unavailablePage(path, nonce), {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "retry-after": String(RETRY_AFTER_SECONDS),
      "content-security-policy": unavailablePagePolicy(nonce),
    },
  });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/auth).*)"],
};
