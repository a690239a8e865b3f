/**
 * Single sign-on against a real OpenID Connect provider (the `oidc-provider` package, started here on
 * a random port), through next-auth's own handler served over HTTP on another port, with a scripted
 * browser that keeps each site's cookies and follows every redirect:
 *   GET /api/auth/csrf → POST /api/auth/signin/<provider> → the provider's /auth → its login
 *   interaction (answered at once as the account the test names) → back to
 *   /api/auth/callback/<provider>?code=… → next-auth exchanges the code for tokens at the provider,
 *   checks the ID token, reads userinfo (lib/auth/sso-provider.ts) → our signIn and jwt callbacks.
 * What is not the browser's: the sign-in button (the POST is sent directly) and Next's route handler
 * around next-auth (its callbackUrl screen: tests/unit/callback-url.test.ts); the sign-in page's
 * message is rendered from the same code and cookie (tests/unit/sso-claims.test.ts for the words).
 *
 * Claim shapes, one provider account each:
 *   (a) the email only from userinfo, not in the ID token (the OpenID Connect default);
 *   (b) Entra ID without the optional email claim: preferred_username and upn only, in the ID token
 *       and userinfo alike; and upn alone when preferred_username is not an address;
 * and the refusals: no email at all, an email no account has, a disabled account. The same runs
 * through next-auth's Entra ID provider (id azure-ad) pointed at this provider.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type * as NextAuthModule from "next-auth";
import { decode } from "next-auth/jwt";
import { appSettings, auditLog, orgUnits, sessions, users } from "@/db/schema";
import { form, session, sessionUserFor, setUpTestDb } from "../support/harness";
import { startOidcProvider } from "../support/oidc-provider";

// The refusal cookie is set through next/headers in the route handler; here a jar stands in for it.
const nextHeaders = vi.hoisted(() => ({ set: [] as { name: string; value: string; options: Record<string, unknown> }[] }));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers({ "user-agent": "sso-oidc test", "x-baseline-client-address": "198.51.100.77" })),
  cookies: vi.fn(async () => ({
    set: (name: string, value: string, options: Record<string, unknown>) => void nextHeaders.set.push({ name, value, options }),
    get: () => undefined,
  })),
}));
vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const RUN = randomUUID().slice(0, 8);
const PROVIDER_NAME = "Display Name From The Provider";

// --- The provider and the app's address ----------------------------------------------------------

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const appServer = createServer();
const APP = await listen(appServer);
const idp = await startOidcProvider([
  { clientId: "baseline", clientSecret: "baseline-test-secret", redirectUri: `${APP}/api/auth/callback/oidc` },
  { clientId: "baseline-entra", clientSecret: "baseline-entra-secret", redirectUri: `${APP}/api/auth/callback/azure-ad` },
]);
const ISSUER = idp.issuer;
const emailOf = (key: string) => `sso.${RUN}.${key}@baseline.test`;

// --- The app: next-auth's handler over HTTP, configured by lib/auth/options.ts ------------------

const ENV = {
  NEXTAUTH_URL: APP,
  OIDC_ISSUER: ISSUER,
  OIDC_CLIENT_ID: "baseline",
  OIDC_CLIENT_SECRET: "baseline-test-secret",
  OIDC_NAME: "Test provider",
  AZURE_AD_CLIENT_ID: "baseline-entra",
  AZURE_AD_CLIENT_SECRET: "baseline-entra-secret",
  AZURE_AD_TENANT_ID: "00000000-0000-0000-0000-000000000001",
};
const savedEnv = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
Object.assign(process.env, ENV);

// Loaded after the environment is set: lib/env.ts reads it once.
const { authOptions } = await import("@/lib/auth/options");
const { default: NextAuth } = (await import("next-auth")) as unknown as { default: (req: unknown, res: unknown, options: NextAuthModule.AuthOptions) => Promise<void> };
const { decodeSsoRefusal } = await import("@/lib/auth/sso-refusal-cookie");
const { updateSsoRoleMapping } = await import("@/app/(app)/admin/settings/actions");
const { env } = await import("@/lib/env");
const { SETTING_KEYS } = await import("@/lib/settings");

/** The options as the route handler builds them, with next-auth's Entra ID provider sent to this provider instead of Microsoft's. */
function options(): NextAuthModule.AuthOptions {
  const o = authOptions();
  for (const p of o.providers) {
    const provider = p as unknown as { id: string; options?: Record<string, unknown> };
    if (provider.id === "azure-ad") provider.options = { ...provider.options, wellKnown: `${ISSUER}/.well-known/openid-configuration` };
  }
  return o;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk.toString()));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });

const parseCookies = (header: string | undefined) =>
  Object.fromEntries(
    (header ?? "")
      .split(";")
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf("=")), decodeURIComponent(c.slice(c.indexOf("=") + 1))]),
  );

appServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
  void (async () => {
    const url = new URL(req.url ?? "/", APP);
    if (!url.pathname.startsWith("/api/auth/")) {
      res.statusCode = 404;
      return void res.end();
    }
    const body = req.method === "POST" ? Object.fromEntries(new URLSearchParams(await readBody(req))) : undefined;
    // next-auth's API-route handler (the same core the App Router handler calls) with Next's request and response helpers.
    const apiReq = { method: req.method, headers: req.headers, body, cookies: parseCookies(req.headers.cookie), query: { ...Object.fromEntries(url.searchParams), nextauth: url.pathname.slice("/api/auth/".length).split("/") } };
    const apiRes = Object.assign(res, {
      status: (code: number) => ((res.statusCode = code), apiRes),
      json: (value: unknown) => (res.setHeader("content-type", "application/json"), res.end(JSON.stringify(value))),
      send: (value: unknown) => res.end(typeof value === "string" ? value : JSON.stringify(value ?? "")),
    });
    await NextAuth(apiReq, apiRes, options());
  })().catch((err: unknown) => {
    res.statusCode = 500;
    res.end(String(err));
  });
});

// --- The browser ------------------------------------------------------------------------------

/** A browser without JavaScript: a cookie jar per site, and redirects followed by hand. */
class Browser {
  private jar = new Map<string, Map<string, string>>();

  cookie(site: string, name: string): string | undefined {
    return this.jar.get(new URL(site).origin)?.get(name);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = [...(this.jar.get(origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), ...(cookies ? { cookie: cookies } : {}) } });
    const jar = this.jar.get(origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = decodeURIComponent(pair.slice(pair.indexOf("=") + 1).trim());
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split("=")[1]!) < new Date()));
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    this.jar.set(origin, jar);
    return res;
  }

  /**
   * Signs in with `provider` as the provider's account `account`, following redirects until the
   * app sends the browser to one of its pages; returns that page's address.
   */
  async signIn(provider: "oidc" | "azure-ad", account: string): Promise<URL> {
    idp.loginAs(account);
    const csrf = (await (await this.request(`${APP}/api/auth/csrf`)).json()) as { csrfToken: string };
    let res = await this.request(`${APP}/api/auth/signin/${provider}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl: `${APP}/start` }).toString(),
    });
    let at = new URL(`${APP}/api/auth/signin/${provider}`);
    for (let hops = 0; hops < 12; hops++) {
      const location = res.headers.get("location");
      if (!location || res.status < 300 || res.status >= 400) throw new Error(`${at.href} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      at = new URL(location, at);
      if (at.origin === APP && !at.pathname.startsWith("/api/auth/")) return at;
      res = await this.request(at.href);
    }
    throw new Error("too many redirects");
  }

  /** The session the app's cookie holds (next-auth's JWT, decoded as next-auth does). */
  async session() {
    const cookie = this.cookie(APP, "next-auth.session-token");
    return cookie ? decode({ token: cookie, secret: env().NEXTAUTH_SECRET }) : null;
  }
}

// --- Fixtures ---------------------------------------------------------------------------------

/** A Baseline account with a name of its own (never the provider's). */
async function account(key: string, fields: Partial<typeof users.$inferInsert> = {}) {
  const [row] = await db
    .insert(users)
    .values({ email: emailOf(key), name: `Baseline Own Name ${key}`, role: "VIEWER", ...fields })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row!;
}

/** The provider's accounts, in each claim shape. */
function providerAccounts() {
  const name = { name: PROVIDER_NAME };
  // (a) The email from userinfo only.
  idp.account("userinfo", { idToken: name, userinfo: { ...name, email: emailOf("userinfo").toUpperCase(), email_verified: true } });
  // (b) Entra ID without the email claim: preferred_username and upn, in both.
  const entra = { ...name, preferred_username: emailOf("entra"), upn: emailOf("entra"), groups: ["g-other", `g-slt-${RUN}`] };
  idp.account("entra", { idToken: entra, userinfo: entra });
  // (b) upn only: preferred_username is not an address.
  const upn = { ...name, preferred_username: "jbloggs", upn: emailOf("upn") };
  idp.account("upn", { idToken: upn, userinfo: upn });
  // Refusals.
  idp.account("no-email", { idToken: { ...name, preferred_username: "no-address" }, userinfo: { ...name, preferred_username: "no-address" } });
  idp.account("unknown", { idToken: name, userinfo: { ...name, email: emailOf("unknown"), email_verified: true } });
  idp.account("disabled", { idToken: { ...name, email: emailOf("disabled") }, userinfo: name });
  idp.account("unverified", { idToken: name, userinfo: { ...name, email: emailOf("userinfo"), email_verified: false } });
}

let auditMark = 0;
const newAudit = async (action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(gt(auditLog.id, auditMark), eq(auditLog.action, action)))
    .orderBy(desc(auditLog.id));

const logs = vi.spyOn(console, "log").mockImplementation(() => undefined);
const warnings = vi.spyOn(process.stdout, "write").mockImplementation(() => true);

beforeAll(() => {
  providerAccounts();
});

beforeEach(async () => {
  nextHeaders.set.length = 0;
  const [last] = await db.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)::integer` }).from(auditLog);
  auditMark = last!.id;
});

afterAll(async () => {
  await db.delete(appSettings).where(eq(appSettings.key, SETTING_KEYS.ssoRoleMapping));
  await new Promise((resolve) => appServer.close(resolve));
  await idp.stop();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  logs.mockRestore();
  warnings.mockRestore();
});

// --- Tests ------------------------------------------------------------------------------------

describe("single sign-on with a real OpenID Connect provider", () => {
  it("(a) the email only from userinfo: signed in to the account, which keeps its own name", async () => {
    const user = await account("userinfo");
    const browser = new Browser();
    const landed = await browser.signIn("oidc", "userinfo");
    expect(landed.href).toBe(`${APP}/start`);

    const token = await browser.session();
    expect(token).toMatchObject({ uid: user.id, role: "VIEWER", name: user.name, email: user.email, sid: expect.any(String) });
    expect(JSON.stringify(token)).not.toContain(PROVIDER_NAME);
    expect(token).not.toHaveProperty("picture");
    const [live] = await db.select().from(sessions).where(eq(sessions.id, String(token!.sid)));
    expect(live).toMatchObject({ userId: user.id, endedAt: null });

    const [audit] = await newAudit("auth.sign_in");
    expect(audit).toMatchObject({ actorId: user.id, entityId: String(user.id), after: { provider: "oidc", emailClaim: "email", emailFrom: "userinfo" } });
  });

  it("(b) Entra ID's shape, no email claim: preferred_username, then upn", async () => {
    const entra = await account("entra");
    const upn = await account("upn");
    const first = new Browser();
    expect((await first.signIn("oidc", "entra")).href).toBe(`${APP}/start`);
    expect(await first.session()).toMatchObject({ uid: entra.id, name: entra.name });
    const second = new Browser();
    expect((await second.signIn("oidc", "upn")).href).toBe(`${APP}/start`);
    expect(await second.session()).toMatchObject({ uid: upn.id, name: upn.name });

    const audits = await newAudit("auth.sign_in");
    expect(audits.map((a) => a.after)).toEqual([
      { provider: "oidc", emailClaim: "upn", emailFrom: "id_token" },
      { provider: "oidc", emailClaim: "preferred_username", emailFrom: "id_token" },
    ]);
  });

  it("next-auth's Entra ID provider reads the claims the same way (and fetches no photo from Microsoft Graph)", async () => {
    const fetches = vi.spyOn(globalThis, "fetch");
    const browser = new Browser();
    expect((await browser.signIn("azure-ad", "entra")).href).toBe(`${APP}/start`);
    expect(await browser.session()).toMatchObject({ uid: (await db.select({ id: users.id }).from(users).where(eq(users.email, emailOf("entra"))))[0]!.id });
    expect(fetches.mock.calls.map(([url]) => String(url)).filter((u) => u.includes("graph.microsoft.com"))).toEqual([]);
    fetches.mockRestore();
    const [audit] = await newAudit("auth.sign_in");
    expect(audit!.after).toEqual({ provider: "azure-ad", emailClaim: "preferred_username", emailFrom: "id_token" });
  });

  it("no email address from the provider: its own message, and the audit names the claims that came", async () => {
    const browser = new Browser();
    const landed = await browser.signIn("oidc", "no-email");
    expect(`${landed.pathname}${landed.search}`).toBe("/login?error=SsoNoEmail");
    expect(browser.cookie(APP, "next-auth.session-token")).toBeUndefined();
    expect(nextHeaders.set).toEqual([]); // no address to show
    const [audit] = await newAudit("auth.sign_in_refused");
    expect(audit).toMatchObject({ actorId: null, actorEmail: null, reason: "The provider sent no email address", ip: "198.51.100.77" });
    expect(audit!.after).toMatchObject({ provider: "oidc", refusal: "no_email", subject: "no-email", claimsSent: expect.arrayContaining(["preferred_username", "sub"]) });
  });

  it("an address no account has: its own message, the address shown only to this browser, and audited", async () => {
    const browser = new Browser();
    const landed = await browser.signIn("oidc", "unknown");
    expect(`${landed.pathname}${landed.search}`).toBe("/login?error=SsoNoAccount");
    expect(landed.search).not.toContain("baseline.test");
    expect(browser.cookie(APP, "next-auth.session-token")).toBeUndefined();

    // The refusal cookie: httpOnly, for /login only, short-lived, and readable only as this refusal.
    expect(nextHeaders.set).toHaveLength(1);
    const [cookie] = nextHeaders.set;
    expect(cookie!.name).toBe("baseline.sso-refusal");
    expect(cookie!.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/login", maxAge: 300, secure: false });
    expect(cookie!.value).not.toContain("baseline.test");
    expect(await decodeSsoRefusal(cookie!.value, "no_account")).toBe(emailOf("unknown"));
    expect(await decodeSsoRefusal(cookie!.value, "disabled")).toBeNull();
    expect(await decodeSsoRefusal(`${cookie!.value.slice(0, -4)}AAAA`, "no_account")).toBeNull();
    // A session token cannot pass for one (another key), nor one for a session.
    expect(await decodeSsoRefusal(browser.cookie(APP, "next-auth.csrf-token"), "no_account")).toBeNull();
    await expect(decode({ token: cookie!.value, secret: env().NEXTAUTH_SECRET })).rejects.toThrow();

    const [audit] = await newAudit("auth.sign_in_refused");
    expect(audit).toMatchObject({ actorId: null, actorEmail: emailOf("unknown"), reason: "No Baseline account has this email address" });
    expect(audit!.after).toEqual({ provider: "oidc", refusal: "no_account", email: emailOf("unknown"), emailClaim: "email", emailFrom: "userinfo" });
  });

  it("a disabled account: its own message and audit, on the account", async () => {
    const user = await account("disabled", { active: false });
    const browser = new Browser();
    const landed = await browser.signIn("oidc", "disabled");
    expect(`${landed.pathname}${landed.search}`).toBe("/login?error=SsoDisabled");
    expect(await decodeSsoRefusal(nextHeaders.set[0]?.value, "disabled")).toBe(user.email);
    const [audit] = await newAudit("auth.sign_in_refused");
    expect(audit).toMatchObject({ actorId: user.id, entityId: String(user.id), reason: "The account is disabled" });
    expect(audit!.after).toMatchObject({ refusal: "disabled", emailClaim: "email", emailFrom: "id_token" });
  });

  it("an email the provider marks unverified is not used", async () => {
    const browser = new Browser();
    const landed = await browser.signIn("oidc", "unverified");
    expect(`${landed.pathname}${landed.search}`).toBe("/login?error=SsoNoEmail");
    // Userinfo was read (its email arrived) and set aside.
    const [audit] = await newAudit("auth.sign_in_refused");
    expect(audit!.after).toMatchObject({ refusal: "no_email", claimsSent: expect.arrayContaining(["email", "email_verified"]) });
  });
});

describe("the group → role setting", () => {
  const admin = async () => {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, "admin@baseline.test"));
    return sessionUserFor({ id: row!.id });
  };
  const unitId = async (slug: string) => (await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, slug)))[0]!.id;

  it("is set on /admin/settings by an administrator: validated against the units, audited", async () => {
    session.user = await admin();
    const coo = await unitId("coo");
    const md = await unitId("md");
    // SLT needs a department: a directorate is refused, with the row's field named.
    const refused = await updateSsoRoleMapping(undefined, form({ claim: "groups", group1: `g-slt-${RUN}`, role1: "SLT", unitId1: String(md), group2: "g-x", role2: "LEAD", unitId2: "999999" }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { unitId1: ["SLT members are scoped to a department"], unitId2: ["That unit does not exist"] } });
    expect(await newAudit("setting.update")).toEqual([]);

    const saved = await updateSsoRoleMapping(undefined, form({ claim: "groups", group1: `g-slt-${RUN}`, role1: "SLT", unitId1: String(coo), group2: `g-viewers-${RUN}`, role2: "VIEWER", reason: "Entra ID groups" }));
    expect(saved).toEqual({ ok: true, data: { rules: 2, changed: true } });
    const [audit] = await newAudit("setting.update");
    expect(audit).toMatchObject({ entityId: SETTING_KEYS.ssoRoleMapping, reason: "Entra ID groups", before: { claim: "groups", rules: [] } });
    expect(audit!.after).toEqual({ claim: "groups", rules: [{ group: `g-slt-${RUN}`, role: "SLT", unitId: coo }, { group: `g-viewers-${RUN}`, role: "VIEWER", unitId: null }] });

    session.user = await sessionUserFor({ id: (await account("not-admin")).id });
    expect(await updateSsoRoleMapping(undefined, form({ claim: "groups" }))).toMatchObject({ ok: false });
  });

  it("sets the role and scope of the first matching rule at sign-in, audited as single sign-on, ending older sessions", async () => {
    const coo = await unitId("coo");
    const [entra] = await db.select().from(users).where(eq(users.email, emailOf("entra")));
    expect(entra).toMatchObject({ role: "VIEWER", unitId: null });
    const [older] = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.userId, entra!.id), sql`ended_at is null`));
    expect(older).toBeDefined(); // from the tests above

    const browser = new Browser();
    await browser.signIn("oidc", "entra");
    expect(await browser.session()).toMatchObject({ uid: entra!.id, role: "SLT", name: entra!.name });
    const [after] = await db.select().from(users).where(eq(users.id, entra!.id));
    expect(after).toMatchObject({ role: "SLT", unitId: coo, version: entra!.version + 1 });
    const [change] = await newAudit("user.update");
    expect(change).toMatchObject({ actorId: null, actorEmail: "single sign-on", entityId: String(entra!.id), before: { role: "VIEWER", unitId: null }, after: { role: "SLT", unitId: coo } });
    expect(change!.reason).toContain(`g-slt-${RUN}`);
    const [ended] = await db.select({ endReason: sessions.endReason }).from(sessions).where(eq(sessions.id, older!.id));
    expect(ended!.endReason).toBe("account_changed");

    // Signing in again changes nothing more.
    await new Browser().signIn("oidc", "entra");
    expect(await newAudit("user.update")).toHaveLength(1);
    // Someone in none of the groups keeps their role.
    const [upn] = await db.select({ role: users.role }).from(users).where(eq(users.email, emailOf("upn")));
    expect(upn!.role).toBe("VIEWER");
  });
});
