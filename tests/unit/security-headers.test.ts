import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authCookies, usesSecureCookies } from "@/lib/auth/cookies";
import { AUTH_ENDPOINTS_POLICY, contentSecurityPolicy, newNonce, unavailablePagePolicy } from "@/lib/security/csp";
import { unavailablePage } from "@/lib/security/unavailable-page";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1).join(" ")]));

describe("Content-Security-Policy", () => {
  it("scripts of a per-request page: only with the nonce (and what it loads), never inline or eval", () => {
    const p = directives(contentSecurityPolicy({ nonce: "abc123==" }));
    expect(p.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(p.get("frame-ancestors")).toBe("'none'");
    expect(p.get("object-src")).toBe("'none'");
    expect(p.get("base-uri")).toBe("'self'");
    expect(p.get("form-action")).toBe("'self'");
    expect(p.has("upgrade-insecure-requests")).toBe(false);
  });

  it("eval only in development; upgrade-insecure-requests under https", () => {
    expect(contentSecurityPolicy({ nonce: "n", dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n", https: true })).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy({ nonce: "n", https: true })).toContain("upgrade-insecure-requests");
  });

  it("nonces are 128-bit, base64, and fresh", () => {
    const seen = new Set(Array.from({ length: 200 }, newNonce));
    expect(seen.size).toBe(200);
    for (const n of seen) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("no page is cached whole (force-static): cached HTML could not carry the request's nonce", () => {
    const app = path.resolve(import.meta.dirname, "../../app");
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const staticPages = walk(app)
      .filter((f) => /(page|layout)\.tsx$/.test(f) && /export const (dynamic = "force-static"|revalidate\b)/.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(app, f));
    expect(staticPages).toEqual([]);
  });
});

describe("no inline script under any policy (issue 15 item 7)", () => {
  /** The sources scripts may come from: script-src, or default-src when there is none. */
  const scriptSources = (policy: string) => {
    const p = directives(policy);
    return p.get("script-src") ?? p.get("default-src") ?? "*";
  };
  const policies: [string, string][] = [
    ["pages (production)", contentSecurityPolicy({ nonce: "n" })],
    ["pages (https)", contentSecurityPolicy({ nonce: "n", https: true })],
    ["pages (development)", contentSecurityPolicy({ nonce: "n", dev: true })],
    ["/api/auth/*", AUTH_ENDPOINTS_POLICY],
    ["the 503 page", unavailablePagePolicy("n")],
  ];

  it.each(policies)("%s: scripts only by nonce, or none at all", (_, policy) => {
    const sources = scriptSources(policy);
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain("'unsafe-hashes'");
    expect(sources).not.toContain("*");
    expect(sources === "'none'" || sources.includes("'nonce-n'")).toBe(true);
  });

  it("the endpoints without a nonce allow no script at all", () => {
    expect(scriptSources(AUTH_ENDPOINTS_POLICY)).toBe("'none'");
    expect(scriptSources(unavailablePagePolicy("n"))).toBe("'none'");
  });

  it("next.config.ts sends the /api/auth policy from lib/security/csp.ts, and writes no other CSP", () => {
    const config = readFileSync(path.join(process.cwd(), "next.config.ts"), "utf8");
    expect(config).toContain("AUTH_ENDPOINTS_POLICY");
    expect(config).not.toMatch(/unsafe-inline|script-src/);
  });

  it("the 503 page has no script, and the path it shows cannot open one", () => {
    const html = unavailablePage(`/dashboard?q="><script>alert(1)</script>`, "n");
    expect(html).not.toMatch(/<script/i);
  });

  it("'unsafe-inline' is allowed for styles only: React style attributes (charts, bars) cannot carry a nonce", () => {
    const p = directives(contentSecurityPolicy({ nonce: "n" }));
    expect(p.get("style-src")).toBe("'self' 'unsafe-inline'");
  });
});

describe("zod without eval in the browser", () => {
  it("modules that build schemas import z from lib/validation/zod (jitless), unless they are server-only", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(e.name)) {
          const src = readFileSync(full, "utf8");
          const valueImport = /^import\s+(?!type\b)[^;]*from\s+["']zod["']/m.test(src);
          if (valueImport && !/^import\s+["']server-only["']/m.test(src) && path.relative(root, full) !== path.join("lib", "validation", "zod.ts")) offenders.push(path.relative(root, full));
        }
      }
    };
    for (const dir of ["app", "lib", "components"]) walk(path.join(root, dir));
    expect(offenders).toEqual([]);
  });
});

describe("session cookies", () => {
  it("are httpOnly and SameSite=Lax; Secure with the __Secure-/__Host- prefixes under https", () => {
    const secure = authCookies(true);
    for (const [key, cookie] of Object.entries(secure)) {
      expect(cookie.options, key).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
      expect(cookie.name, key).toMatch(/^__(Secure|Host)-next-auth\./);
    }
    expect(secure.csrfToken!.name).toBe("__Host-next-auth.csrf-token");
    expect(secure.sessionToken!.name).toBe("__Secure-next-auth.session-token");
    for (const [key, cookie] of Object.entries(authCookies(false))) expect(cookie.options, key).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false });
  });

  it("are Secure exactly when NEXTAUTH_URL is https", () => {
    expect(usesSecureCookies("https://baseline.gov.je")).toBe(true);
    expect(usesSecureCookies("http://localhost:3000")).toBe(false);
    expect(usesSecureCookies(undefined)).toBe(false);
  });
});
