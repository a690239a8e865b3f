import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { withoutForeignCallbackCookie } from "../lib/auth/callback-url";
import { CLIENT_ADDRESS_HEADER } from "../lib/security/client-address";
import { parseTrustedProxies, resolveClient, type Trust } from "../lib/security/trusted-proxies";

/**
 * What every request meets before Next.js sees it (server/main.ts puts this server in front of Next):
 *
 * - Too long an address is answered 414 at once, before Next (which copies it into its own headers:
 *   proxy.ts's x-baseline-path, the sign-in redirect). A request whose headers never end is
 *   answered 408 after HEADERS_TIMEOUT_MS, not Node's 60 s checked every 30 s: the "signed-in
 *   request of 8,000 characters hangs for 60 s, then 408" of issue 15 was curl 7.88, which, when the
 *   cookies would overflow its own limit, sends an empty "Cookie:" line and never ends the headers.
 * - The client's address is worked out from the socket and BASELINE_TRUSTED_PROXIES
 *   (lib/security/trusted-proxies.ts) and handed to the app in x-baseline-client-address, replacing
 *   any copy the client sent; X-Forwarded-For is rewritten to the trusted chain, and the other
 *   forwarded headers are dropped unless the socket's peer is a trusted proxy.
 * - A next-auth callback-url cookie that points off the site is dropped (lib/auth/callback-url.ts):
 *   next-auth answers 500 to every request that carries one, every page's session read included.
 * - Over https (NEXTAUTH_URL), Strict-Transport-Security on every response: pages, /api/auth/*,
 *   /_next/static, the 404s and this server's own 414 (proxy.ts does not run for all of them).
 */
export interface EdgeSettings {
  trust: Trust;
  https: boolean;
  /** NEXTAUTH_URL: the site's own address, for the callback-url cookie. */
  baseUrl: string | undefined;
}

/** Longer request targets (path and query) are refused: no page of Baseline needs a tenth of it. */
export const MAX_URL_LENGTH = 4096;
/** Node's own limit on the request line and headers together (431 beyond it), stated here so that it is not left to a default. */
export const MAX_HEADER_BYTES = 16 * 1024;
export const HSTS = "max-age=31536000; includeSubDomains";
/** A client has this long to send its request's headers (a browser needs milliseconds); then 408. */
export const HEADERS_TIMEOUT_MS = 10_000;

/** Believed only from a trusted proxy. */
const FORWARDED_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/** The settings this server reads (process.env, or a test's own). */
type Env = Record<string, string | undefined>;

export function edgeSettings(env: Env): EdgeSettings {
  return {
    trust: parseTrustedProxies(env.BASELINE_TRUSTED_PROXIES),
    https: (env.NEXTAUTH_URL ?? "").startsWith("https://"),
    baseUrl: env.NEXTAUTH_URL,
  };
}

/** Where to listen: HOSTNAME (loopback unless set: `HOSTNAME=0.0.0.0` to listen on every interface) and PORT (3000). */
export function listenAddress(env: Env): { hostname: string; port: number } {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("PORT must be a port number (0–65535)");
  return { hostname: env.HOSTNAME?.trim() || "127.0.0.1", port };
}

/** Prepares the request for Next, or answers it here; true when Next should handle it. */
export function admit(req: IncomingMessage, res: ServerResponse, settings: EdgeSettings): boolean {
  if (settings.https) res.setHeader("Strict-Transport-Security", HSTS);
  if ((req.url ?? "").length > MAX_URL_LENGTH) {
    res.writeHead(414, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
    res.end(`The address is too long (more than ${MAX_URL_LENGTH} characters).\n`);
    return false;
  }
  const client = resolveClient(req.socket.remoteAddress, req.headers["x-forwarded-for"], settings.trust);
  if (!client.peerTrusted) for (const name of FORWARDED_HEADERS) delete req.headers[name];
  req.headers["x-forwarded-for"] = client.forwardedFor;
  req.headers[CLIENT_ADDRESS_HEADER] = client.address;
  const cookies = req.headers.cookie;
  if (cookies && settings.baseUrl) {
    const kept = withoutForeignCallbackCookie(cookies, settings.baseUrl);
    if (kept !== null) req.headers.cookie = kept;
  }
  return true;
}

type Handle = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** The HTTP server: admits each request, then hands it to `handle` (Next's request handler). */
export function createEdgeServer(settings: EdgeSettings, handle: Handle, headersTimeoutMs = HEADERS_TIMEOUT_MS): http.Server {
  const options: http.ServerOptions = {
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: headersTimeoutMs,
    // How often Node looks for connections past the timeout (30 s by default, which tripled the wait).
    connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
  };
  return http.createServer(options, (req, res) => {
    if (!admit(req, res, settings)) return;
    Promise.resolve()
      .then(() => handle(req, res))
      .catch((err: unknown) => {
        console.error(`[baseline] request failed: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
}
