import net, { type AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createEdgeServer, edgeSettings, HEADERS_TIMEOUT_MS, HSTS, listenAddress, MAX_URL_LENGTH } from "@/server/edge";

/**
 * The HTTP server in front of Next (server/edge.ts), on an ephemeral port, with a stand-in for Next
 * that answers with the headers it was handed: what the app would see.
 */
let server: Server | undefined;
let handled = 0;

async function start(env: Record<string, string>, headersTimeoutMs?: number): Promise<string> {
  handled = 0;
  server = createEdgeServer(
    edgeSettings(env),
    (req, res) => {
      handled += 1;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(req.headers));
    },
    headersTimeoutMs,
  );
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const forged = {
  "x-forwarded-for": "1.2.3.4, 198.51.100.23",
  "x-baseline-client-address": "9.9.9.9",
  "x-real-ip": "1.2.3.4",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "https",
};

async function seen(base: string, headers: Record<string, string> = forged): Promise<Record<string, string>> {
  const res = await fetch(`${base}/login`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, string>;
}

describe("client address at the edge", () => {
  it("no trusted proxy (the default): forged headers are ignored and the socket's address is used", async () => {
    const h = await seen(await start({}));
    expect(h["x-baseline-client-address"]).toBe("127.0.0.1");
    expect(h["x-forwarded-for"]).toBe("127.0.0.1");
    expect(h["x-real-ip"]).toBeUndefined();
    expect(h["x-forwarded-host"]).toBeUndefined();
    expect(h["x-forwarded-proto"]).toBeUndefined();
  });

  it("no header at all: the socket's address", async () => {
    const h = await seen(await start({}), {});
    expect(h["x-baseline-client-address"]).toBe("127.0.0.1");
  });

  it("1 hop: the address the proxy appended (the socket is the proxy)", async () => {
    const h = await seen(await start({ BASELINE_TRUSTED_PROXIES: "1" }));
    expect(h["x-baseline-client-address"]).toBe("198.51.100.23");
    expect(h["x-forwarded-for"]).toBe("198.51.100.23");
    expect(h["x-forwarded-proto"]).toBe("https"); // believed from a trusted proxy
  });

  it("a listed proxy (loopback): the forwarded address is used", async () => {
    const h = await seen(await start({ BASELINE_TRUSTED_PROXIES: "loopback" }));
    expect(h["x-baseline-client-address"]).toBe("198.51.100.23");
  });

  it("a list the socket is not on: forged headers are ignored", async () => {
    const h = await seen(await start({ BASELINE_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.10" }));
    expect(h["x-baseline-client-address"]).toBe("127.0.0.1");
    expect(h["x-forwarded-for"]).toBe("127.0.0.1");
    expect(h["x-forwarded-host"]).toBeUndefined();
  });

  it("an unreadable setting stops the server from starting, naming the variable", () => {
    expect(() => edgeSettings({ BASELINE_TRUSTED_PROXIES: "proxy.internal" })).toThrow(/BASELINE_TRUSTED_PROXIES/);
  });
});

describe("next-auth's callback-url cookie at the edge", () => {
  it("one pointing off the site is dropped before the app (next-auth would answer every request 500)", async () => {
    const base = await start({ NEXTAUTH_URL: "http://localhost:3000" });
    const bad = `next-auth.callback-url=${encodeURIComponent("http://localhost:3000.evil.example/")}`;
    expect((await seen(base, { cookie: `${bad}; next-auth.session-token=t` })).cookie).toBe("next-auth.session-token=t");
    const good = `next-auth.callback-url=${encodeURIComponent("http://localhost:3000/start")}`;
    expect((await seen(base, { cookie: good })).cookie).toBe(good);
  });
});

describe("malformed requests are answered at once", () => {
  it(`a request target longer than ${MAX_URL_LENGTH} characters: 414, without reaching the app`, async () => {
    const base = await start({});
    const started = Date.now();
    const res = await fetch(`${base}/dashboard?q=${"a".repeat(8_000)}`, { headers: { cookie: "__Secure-next-auth.session-token=x".padEnd(2_000, "x") } });
    expect(res.status).toBe(414);
    expect(await res.text()).toMatch(/too long/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(handled).toBe(0);
    // At the limit it still reaches the app.
    const fits = await fetch(`${base}/${"a".repeat(MAX_URL_LENGTH - 1)}`);
    expect(fits.status).toBe(200);
    expect(handled).toBe(1);
  });

  it("headers that never end: 408 once the headers timeout passes, not a minute later", async () => {
    expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
    const base = new URL(await start({}, 1_000));
    // What curl 7.88 sends when its cookies would overflow: an empty Cookie line and no blank line after it.
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(base.port), base.hostname, () => {
        socket.write(`GET /dashboard?q=${"a".repeat(8_000)} HTTP/1.1\r\nHost: ${base.host}\r\nCookie: \r\n`);
      });
      let received = "";
      socket.on("data", (d) => (received += d.toString()));
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(handled).toBe(0);
  });

  it("headers beyond 16 KB: 431 from Node, at once", async () => {
    const base = await start({});
    const res = await fetch(`${base}/`, { headers: { "x-junk": "a".repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(handled).toBe(0);
  });
});

describe("Strict-Transport-Security", () => {
  const paths = ["/", "/api/auth/signin", "/api/auth/session", "/_next/static/chunks/app.js", "/reports/coo/2026-q3/data.csv"];

  it("on every response when NEXTAUTH_URL is https, the 414 included", async () => {
    const base = await start({ NEXTAUTH_URL: "https://baseline.example.gov" });
    for (const path of paths) {
      const res = await fetch(`${base}${path}`);
      expect(res.headers.get("strict-transport-security"), path).toBe(HSTS);
    }
    const long = await fetch(`${base}/?q=${"a".repeat(MAX_URL_LENGTH)}`);
    expect(long.status).toBe(414);
    expect(long.headers.get("strict-transport-security")).toBe(HSTS);
  });

  it("never over plain http (a browser would ignore it, and a local demo must stay reachable)", async () => {
    const base = await start({ NEXTAUTH_URL: "http://localhost:3000" });
    for (const path of paths) expect((await fetch(`${base}${path}`)).headers.get("strict-transport-security")).toBeNull();
  });
});

describe("listening address", () => {
  it("loopback unless HOSTNAME says otherwise; PORT or 3000", () => {
    expect(listenAddress({})).toEqual({ hostname: "127.0.0.1", port: 3000 });
    expect(listenAddress({ HOSTNAME: "0.0.0.0", PORT: "8080" })).toEqual({ hostname: "0.0.0.0", port: 8080 });
    expect(listenAddress({ HOSTNAME: " " })).toEqual({ hostname: "127.0.0.1", port: 3000 });
    expect(() => listenAddress({ PORT: "http" })).toThrow(/PORT/);
  });
});
