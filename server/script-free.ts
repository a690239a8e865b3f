import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import zlib from "node:zlib";
import { ScriptStripper } from "./strip-scripts";

/**
 * Public documents without framework JavaScript (issue 19). PAC members and the public read the
 * published reports, and customers answer the survey, on phones. As Next.js renders them, each of
 * these pages also ships React and Next's router (about 150 kB compressed) and the whole page a
 * second time as the React Server Components payload, and then hydrates it: hundreds of
 * milliseconds of blocked main thread on a mid-range phone, for pages with nothing to hydrate.
 *
 * So to a visitor who is not signed in they are sent as HTML and CSS alone (server/strip-scripts.ts
 * removes Next's scripts from the rendered document). Nothing on them needs React: links and the
 * report index's filters are plain links and GET forms, the survey is a plain form post that the
 * server answers with the next page (app/(public)/feedback/[token]), and the report's print
 * button is wired by the document's own few lines of script (components/layout/document-script.tsx).
 * Signed-in visitors get the pages as rendered: their header has a client part (sign out) and
 * they move about the app by client navigation. Production only: `next dev` needs its runtime.
 */

/** The pages, as routes of app/ (tests/unit/script-free.test.ts holds them equal to SCRIPT_FREE_PATHS). */
export const SCRIPT_FREE_ROUTES = [
  "/",
  "/reports",
  "/reports/[department]/[quarter]",
  "/reports/[department]/[quarter]/revisions/[revision]",
  "/reports/government/[quarter]",
  "/feedback/[token]",
  "/feedback/[token]/thanks",
] as const;

const QUARTER = String.raw`\d{4}-q[1-4]`;
/**
 * The same pages as paths. A static route beside a dynamic one wins in Next.js (/reports/manage/…,
 * /feedback/themes…), so those names are left out here.
 */
const SCRIPT_FREE_PATHS = [
  /^\/$/,
  /^\/reports$/,
  new RegExp(`^/reports/(?!manage/)[^/]+/${QUARTER}(?:/revisions/[^/]+)?$`),
  /^\/feedback\/(?!(?:comments|phone|themes)(?:\/|$))[^/]+(?:\/thanks)?$/,
];

export const isScriptFreePath = (pathname: string) => SCRIPT_FREE_PATHS.some((p) => p.test(pathname));

/** next-auth's session cookie, plain or __Secure- (lib/auth/cookies.ts), whole or in chunks. */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

/**
 * Whether this request is for one of those documents, by a visitor who is not signed in: a page
 * load or a form posted without JavaScript. Client navigation and server actions called by script
 * (RSC and Next-Action headers) ask for the RSC payload, not a document.
 */
export function servesScriptFree(req: IncomingMessage): boolean {
  if (req.method !== "GET" && req.method !== "POST") return false;
  if (req.headers.rsc !== undefined || req.headers["next-action"] !== undefined) return false;
  if (SESSION_COOKIE.test(req.headers.cookie ?? "")) return false;
  return isScriptFreePath(new URL(req.url ?? "/", "http://x").pathname);
}

/** Whether Accept-Encoding allows gzip (not "gzip;q=0"). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  return value.split(",").some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (name !== "gzip" && name !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

type Method = (...args: unknown[]) => unknown;

/**
 * Hands the request to Next (`handle`) and sends its HTML without Next's scripts, compressed with
 * gzip here (Next is asked for it uncompressed, Accept-Encoding: identity, since the HTML must be
 * read). Any other answer (a redirect, a 304) passes through unchanged.
 */
export function sendWithoutScripts(req: IncomingMessage, res: ServerResponse, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void) {
  const gzip = acceptsGzip(req.headers["accept-encoding"]);
  req.headers["accept-encoding"] = "identity";
  const original = { writeHead: res.writeHead as Method, write: res.write as Method, end: res.end as Method };
  let html: { stripper: ScriptStripper; decoder: TextDecoder; zip: zlib.Gzip | null } | null = null;
  // Next may call end() again before the compressed end has reached the socket: once is enough.
  let ended = false;

  // Every way of sending the headers (writeHead, flushHeaders, the first write) goes through writeHead.
  res.writeHead = function (status: number, ...rest: unknown[]) {
    const message = typeof rest[0] === "string" ? rest[0] : undefined;
    const headers = (message === undefined ? rest[0] : rest[1]) as OutgoingHttpHeaders | (string | string[])[] | undefined;
    if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1]!);
    else if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    if (html === null && /^text\/html/i.test(String(res.getHeader("content-type") ?? "")) && status !== 204 && status !== 304) {
      res.removeHeader("content-length");
      let zip: zlib.Gzip | null = null;
      if (gzip) {
        res.setHeader("content-encoding", "gzip");
        const vary = [res.getHeader("vary") ?? []].flat().join(", ");
        if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(vary)) res.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
        zip = zlib.createGzip();
        zip.on("data", (chunk: Buffer) => {
          if (!res.destroyed) original.write.call(res, chunk);
        });
        zip.on("end", () => {
          if (!res.destroyed) original.end.call(res);
        });
        zip.on("error", (err) => res.destroy(err));
      }
      html = { stripper: new ScriptStripper(), decoder: new TextDecoder(), zip };
    }
    return original.writeHead.call(res, status, ...(message === undefined ? [] : [message]));
  } as typeof res.writeHead;

  /** The text of a piece of the body (Next writes bytes). */
  const text = (chunk: unknown, decoder: TextDecoder) => (typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? decoder.decode(chunk, { stream: true }) : "");

  res.write = function (...args: unknown[]) {
    if (!res.headersSent) res.writeHead(res.statusCode);
    if (!html) return original.write.apply(res, args);
    if (ended) return false;
    const out = html.stripper.push(text(args[0], html.decoder));
    if (out !== "") {
      if (html.zip) html.zip.write(out);
      else original.write.call(res, out);
    }
    args.find((a): a is () => void => typeof a === "function")?.();
    return true;
  } as typeof res.write;

  res.end = function (...args: unknown[]) {
    if (!res.headersSent) res.writeHead(res.statusCode);
    if (!html) return original.end.apply(res, args);
    if (ended) return res;
    ended = true;
    const callback = args.find((a): a is () => void => typeof a === "function");
    if (callback) res.once("finish", callback);
    const chunk = typeof args[0] === "function" ? undefined : args[0];
    const rest = html.stripper.push(text(chunk, html.decoder) + html.decoder.decode()) + html.stripper.end();
    if (html.zip) html.zip.end(rest);
    else original.end.call(res, rest);
    return res;
  } as typeof res.end;

  // Next flushes after each piece it writes (as it does through its own compression), so the page still streams.
  Object.assign(res, { flush: () => html?.zip?.flush() });

  return handle(req, res);
}
