/**
 * The Content-Security-Policy, built per request by proxy.ts. Pure, so that it is unit tested.
 *
 * Scripts: pages rendered per request get a fresh nonce ('strict-dynamic' lets the nonce'd Next
 * runtime load its own chunks, e.g. the Recharts chunk). The published report pages are served
 * from Next's cache (force-static, revalidated on publish): cached HTML cannot carry a per-request
 * nonce, and Next's hydration needs inline scripts, so those pages (and only those) allow
 * 'unsafe-inline' scripts. They show no user input and no session, and their data is frozen.
 * 'unsafe-eval' is never allowed (React only needs it in development, for error overlays).
 *
 * Styles: React style attributes (Recharts, progress bars) are inline styles, which a nonce
 * cannot cover, so style-src allows 'unsafe-inline'. Style injection cannot run code.
 */
export interface CspOptions {
  /** A fresh base64 nonce for a per-request page; null for a cached (static) page. */
  nonce: string | null;
  /** Development: React needs eval for its error overlay. Never in production. */
  dev?: boolean;
  /** The site is served over https: upgrade any stray http request. */
  https?: boolean;
}

export function contentSecurityPolicy({ nonce, dev = false, https = false }: CspOptions): string {
  const script = nonce ? [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`] : [`'self'`, `'unsafe-inline'`];
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

/**
 * Paths served from Next's cache (force-static pages and their downloads): the published report
 * of a department or of the government for a quarter, and its earlier revisions. /reports/manage
 * is the signed-in workflow, rendered per request.
 */
const STATIC_PATHS = [/^\/reports\/(?!manage(?:\/|$))[^/]+\/\d{4}-q[1-4](?:\/revisions\/\d+)?(?:\/data\.(?:csv|json))?\/?$/];

export function isCachedPublicPath(pathname: string): boolean {
  return STATIC_PATHS.some((re) => re.test(pathname));
}

/** 128 random bits, base64: the per-request script nonce. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
