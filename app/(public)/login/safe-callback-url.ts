// The role-based landing page (leads land on what they owe, everyone else on the dashboard).
const DEFAULT_CALLBACK = "/start";

/**
 * Where to go after signing in: a path on this site only. Anything else — absolute URLs,
 * protocol-relative "//evil.example", "/\evil.example" (browsers treat "\" as "/"), or control
 * characters — falls back to the dashboard, so the sign-in page cannot be used as an open redirect.
 */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/")) return DEFAULT_CALLBACK;
  if (raw.startsWith("//") || raw.startsWith("/\\")) return DEFAULT_CALLBACK;
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return DEFAULT_CALLBACK;
  // Do not come back to the sign-in page itself.
  if (raw === "/login" || raw.startsWith("/login?") || raw.startsWith("/api/auth")) return DEFAULT_CALLBACK;
  return raw;
}
