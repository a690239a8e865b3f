import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendWithoutScripts } from "@/server/script-free";

/**
 * server/script-free.ts's response side on an ephemeral port, with a stand-in for Next that answers
 * as Next's pages do (headers set, flushHeaders, the body written in pieces as bytes, a flush after
 * each): what a visitor who is not signed in receives.
 */
let server: Server | undefined;
let seenEncoding: string | undefined;

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const page = [
  `<!DOCTYPE html><html><head><link rel="preload" as="script" href="/_next/static/chunks/a.js"/><script src="/_next/static/chunks/a.js" async=""></script>`,
  `<title>Report</title></head><body><main><h1>Quarterly performance report</h1><script>document.title+=""</script>`,
  `<p>${"A long report. ".repeat(400)}</p></main><script>self.__next_f.push([1,"`,
  `${"payload ".repeat(2000)}"])</script></body></html>`,
];
const stripped = `<!DOCTYPE html><html><head><title>Report</title></head><body><main><h1>Quarterly performance report</h1><script>document.title+=""</script><p>${"A long report. ".repeat(400)}</p></main></body></html>`;

/** Next's way of sending a page. */
const nextPage: Answer = (_req, res) => {
  res.statusCode = 200;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("vary", "rsc, next-router-state-tree");
  res.flushHeaders();
  const encoder = new TextEncoder();
  for (const piece of page) {
    res.write(encoder.encode(piece));
    (res as ServerResponse & { flush?: () => void }).flush?.();
  }
  res.end();
  res.end(); // as Next may, before the first has finished
};

async function start(answer: Answer): Promise<string> {
  server = http.createServer((req, res) =>
    sendWithoutScripts(req, res, (r, s) => {
      seenEncoding = r.headers["accept-encoding"] as string | undefined;
      answer(r, s);
    }),
  );
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  seenEncoding = undefined;
});

describe("a page without Next's scripts", () => {
  it("is sent gzip-compressed when the browser accepts it (Next was asked for it uncompressed)", async () => {
    const res = await fetch(`${await start(nextPage)}/reports`, { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toBe("rsc, next-router-state-tree, Accept-Encoding");
    expect(res.headers.get("content-length")).toBeNull();
    expect(await res.text()).toBe(stripped);
    expect(seenEncoding).toBe("identity");
  });

  it("is sent as it is otherwise", async () => {
    const res = await fetch(`${await start(nextPage)}/reports`, { headers: { "accept-encoding": "identity" } });
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.text()).toBe(stripped);
  });

  it("headers given to writeHead and a body given to end() alone are handled too; Vary names Accept-Encoding once", async () => {
    const base = await start((_req, res) => {
      res.writeHead(404, "Not Found", { "content-type": "text/html", "content-length": "999", vary: "RSC, Accept-Encoding" });
      res.end(Buffer.from(page.join("")));
    });
    const res = await fetch(`${base}/reports/x/2026-q3`, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toBe("RSC, Accept-Encoding");
    expect(await res.text()).toBe(stripped);
  });
});

describe("any other answer passes through unchanged", () => {
  it("a redirect (the survey sent, on to the thank-you page)", async () => {
    const base = await start((_req, res) => {
      res.writeHead(303, { location: "/feedback/x/thanks" });
      res.end();
    });
    const res = await fetch(`${base}/feedback/x`, { method: "POST", redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/feedback/x/thanks");
  });

  it("a body that is not HTML, with its length", async () => {
    const body = JSON.stringify({ html: page.join("") });
    const base = await start((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.setHeader("content-length", Buffer.byteLength(body));
      res.end(body);
    });
    const res = await fetch(`${base}/reports`, { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
    expect(await res.text()).toBe(body);
  });

  it("304 Not Modified", async () => {
    const base = await start((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.statusCode = 304;
      res.end();
    });
    const res = await fetch(`${base}/reports`, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(304);
    expect(res.headers.get("content-encoding")).toBeNull();
  });
});
