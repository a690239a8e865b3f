/**
 * The address a request came from, for per-address limits and the audit log. One home for the rule,
 * so that the sign-in throttle, the survey limits and the audit trail agree.
 * (Issue 15 item 1 replaces the body: forwarded headers trusted only from configured proxies.)
 */
export function clientAddress(headers: Headers | Record<string, unknown> | undefined): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return typeof v === "string" ? v : undefined;
  };
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || "unknown";
}
