import { NextResponse, type NextRequest } from "next/server";

/**
 * Passes the requested path to server components (so a sign-in redirect can come back to it).
 * Authorization is not decided here: every page and action checks the session itself.
 */
export function proxy(request: NextRequest) {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-baseline-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/auth).*)"],
};
