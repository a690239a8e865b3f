/**
 * The address a request came from, for per-address limits and the audit log. One home for the rule,
 * so that the sign-in throttle, the survey limits and the audit trail agree.
 *
 * Read only from the header the HTTP server in front of Next (server/edge.ts) sets on every request
 * from the socket and BASELINE_TRUSTED_PROXIES, after deleting any copy the client sent. Never from
 * X-Forwarded-For: Next copies the socket's address into it only when the client sent none, so a
 * client could choose its own. Without the header (the app started some other way than
 * `npm start` / `npm run dev`, or a unit test) the address is "unknown".
 */
export const CLIENT_ADDRESS_HEADER = "x-baseline-client-address";

export function clientAddress(headers: Headers | Record<string, unknown> | undefined): string {
  if (!headers) return "unknown";
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" && value !== "" ? value : "unknown";
}
