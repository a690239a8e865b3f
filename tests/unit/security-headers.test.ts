import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authCookies, usesSecureCookies } from "@/lib/auth/cookies";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";

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
