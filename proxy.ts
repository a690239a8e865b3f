import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, isCachedPublicPath, newNonce } from "@/lib/security/csp";

/**
 * Passes the requested path to server components (so a sign-in redirect can come back to it) and
 * sets the Content-Security-Policy: a fresh script nonce for every page rendered per request
 * (Next reads it from the request's CSP header and puts it on its own scripts), and the cached
 * public report pages' policy for those (see lib/security/csp.ts).
 * Authorization is not decided here: every page and action checks the session itself.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const cached = isCachedPublicPath(pathname);
  const nonce = cached ? null : newNonce();
  const https = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-baseline-path", pathname + search);
  if (nonce) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/auth).*)"],
};
