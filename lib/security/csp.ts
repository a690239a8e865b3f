/**
 * The Content-Security-Policy, built per request by proxy.ts. Pure, so that it is unit tested.
 *
 * Scripts: pages are rendered per request and get a fresh nonce ('strict-dynamic' lets the nonce'd
 * Next runtime load its own chunks, e.g. the Recharts chunk); no inline script without it runs. So
 * no page may be cached whole (force-static): its HTML could not carry the nonce of the request it
 * answers (tests/unit/security-headers.test.ts checks that none is).
 * 'unsafe-eval' is never allowed (React only needs it in development, for error overlays).
 *
 * Styles: React style attributes (Recharts' SVG, progress bars, the heat map) are inline styles,
 * which neither a nonce nor a hash can cover (hashes of attribute values need 'unsafe-hashes' and
 * the values change with the data), so style-src allows 'unsafe-inline'. Style injection cannot run
 * code; React escapes every text and attribute value, so user text cannot open a <style> either.
 *
 * Every policy here, and the two below for responses the proxy does not build, allows no inline
 * script at all: tests/unit/security-headers.test.ts checks them.
 */
export interface CspOptions {
  /** A fresh base64 nonce, one per request. */
  nonce: string;
  /** Development: React needs eval for its error overlay. Never in production. */
  dev?: boolean;
  /** The site is served over https: upgrade any stray http request. */
  https?: boolean;
}

export function contentSecurityPolicy({ nonce, dev = false, https = false }: CspOptions): string {
  const script = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  if (dev) script.push(`'unsafe-eval'`);
  const directives = [
    `default-src 'self'`,
    `script-src ${script.join(" ")}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    `frame-src 'none'`,
    `manifest-src 'self'`,
    `worker-src 'self' blob:`,
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** 128 random bits, base64: the per-request script nonce. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * next-auth's own endpoints (/api/auth/*, set in next.config.ts: the proxy skips them). Only its
 * sign-out confirmation is a page, with an inline <style> and a form: no script at all.
 */
export const AUTH_ENDPOINTS_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The 503 page while the database is down (proxy.ts): its one <style> carries the nonce; no script. */
export function unavailablePagePolicy(styleNonce: string): string {
  return `default-src 'none'; style-src 'nonce-${styleNonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}
