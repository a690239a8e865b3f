import { NextResponse, type NextRequest } from "next/server";
import { databaseUnavailable } from "@/lib/db-health";
import { isPublishedReportPath, publishedIndex } from "@/lib/reports/public-index";
import { contentSecurityPolicy, isCachedPublicPath, newNonce } from "@/lib/security/csp";
import { RETRY_AFTER_SECONDS, unavailablePage } from "@/lib/security/unavailable-page";

/**
 * Passes the requested path to server components (so a sign-in redirect can come back to it) and
 * sets the Content-Security-Policy: a fresh script nonce for every page rendered per request
 * (Next reads it from the request's CSP header and puts it on its own scripts), and the cached
 * public report pages' policy for those (see lib/security/csp.ts). Addresses under the cached
 * report paths that are not published reports answer 404 here, uncached.
 * While Postgres is known to be down (lib/db-health.ts), pages answer 503 with Retry-After instead of
 * the error page. Not affected: the cached public reports (served without the database),
 * /api/health (its own check) and server actions (they answer "nothing was saved, try again").
 * Authorization is not decided here: every page and action checks the session itself.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  let cached = isCachedPublicPath(pathname);
  let notPublished = false;
  if (cached) {
    // Only published reports reach the cached pages; any other address there is a plain 404,
    // rendered per request, so that invented addresses cannot fill Next's cache (lib/reports/public-index.ts).
    const index = await publishedIndex(process.env.DATABASE_URL);
    notPublished = index !== null && !isPublishedReportPath(pathname, index);
    cached = !notPublished;
  }
  if (!cached && pathname !== "/api/health" && !request.headers.has("next-action") && (await databaseUnavailable(process.env.DATABASE_URL))) {
    return unavailable(pathname + search);
  }
  const nonce = cached ? null : newNonce();
  const https = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-baseline-path", pathname + search);
  if (nonce) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
  }
  const forward = { request: { headers: requestHeaders } };
  const response = notPublished ? NextResponse.rewrite(new URL(NOT_A_ROUTE, request.url), forward) : NextResponse.next(forward);
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

/** No route matches this path, so Next answers it with app/not-found.tsx and 404, rendered per request. */
const NOT_A_ROUTE = "/_baseline/not-found";

function unavailable(path: string) {
  const nonce = newNonce();
  return new NextResponse(unavailablePage(path, nonce), {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "retry-after": String(RETRY_AFTER_SECONDS),
      "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
  });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/auth).*)"],
};
