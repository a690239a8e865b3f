/**
 * Sign-in security, through next-auth's credentials `authorize`, its `jwt`/`session` callbacks and
 * `events.signOut`, and the per-request session check (getCurrentUser) on a real session cookie:
 * - throttling: a progressive delay per account (5 free failures, then 1 s, 2 s, 4 s … 60 s), never a
 *   lockout, and 30 attempts per address in 15 minutes;
 * - server-side sessions: sign-out ends the session the cookie names (a replayed cookie reads nothing),
 *   two sessions of one account are independent, a disabled account is signed out at once, and the idle
 *   timeout and absolute lifetime end a session (the clock is set: only Date is faked, I/O runs for real);
 * - passwords never logged.
 * The sign-in page's messages are checked end to end in tests/e2e/auth/sign-in.spec.ts.
 */
import type * as LogModule from "@/lib/log";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as NextAuth from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import { sessions, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { setUpTestDb } from "../support/harness";

// Everything the app logs goes through lib/log (whatever writes it): record every call.
const logged = vi.hoisted(() => ({ calls: [] as unknown[][] }));
vi.mock("@/lib/log", async (importOriginal) => ({
  ...(await importOriginal<typeof LogModule>()),
  log: vi.fn((...args: unknown[]) => void logged.calls.push(args)),
}));
// The browser's session cookie; getServerSession decodes it as next-auth does (jwt.decode, then the session callback).
const browser = vi.hoisted(() => ({ cookie: null as string | null, session: null as null | ((cookie: string) => Promise<unknown>) }));
vi.mock("next-auth", async (original) => ({
  ...(await original<typeof NextAuth>()),
  getServerSession: vi.fn(async () => (browser.cookie && browser.session ? browser.session(browser.cookie) : null)),
}));
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers({ "user-agent": "security-auth test", "x-baseline-client-address": "198.51.100.250" })) }));

const { authOptions } = await import("@/lib/auth/options");
const { getCurrentUser } = await import("@/lib/auth/current-user");
const { userOfSession } = await import("@/lib/auth/sessions");
const { env } = await import("@/lib/env");

const { db } = setUpTestDb();
const PASSWORD = `Correct-${randomUUID()}`;
const WRONG = `Wrong-${randomUUID()}`;
const written: string[] = [];
const spies = [
  vi.spyOn(console, "log").mockImplementation((...a) => void written.push(a.map(String).join(" "))),
  vi.spyOn(console, "error").mockImplementation((...a) => void written.push(a.map(String).join(" "))),
  vi.spyOn(console, "warn").mockImplementation((...a) => void written.push(a.map(String).join(" "))),
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (written.push(String(chunk)), true)),
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (written.push(String(chunk)), true)),
];

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string; email: string; name: string } | null>;
const authorize: Authorize = (credentials, req) => {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize(credentials, req);
};
const from = (ip: string) => ({ headers: { "x-baseline-client-address": ip } });
const secret = () => env().NEXTAUTH_SECRET;

type Callbacks = {
  jwt: (p: { token: JWT; user: unknown; account: unknown }) => Promise<JWT>;
  session: (p: { session: unknown; token: JWT }) => Promise<unknown>;
};
const callbacks = () => authOptions().callbacks as unknown as Callbacks;
browser.session = async (cookie) => {
  const token = await decode({ token: cookie, secret: secret() });
  return token ? callbacks().session({ session: { user: {}, expires: "" }, token }) : null;
};

/** Signs in as the sign-in route does (authorize, then the jwt callback) and returns the session cookie it would set. */
async function signIn(email: string, ip = "198.51.100.240"): Promise<string> {
  const user = await authorize({ email, password: PASSWORD }, from(ip));
  if (!user) throw new Error(`sign-in of ${email} refused`);
  const token = await callbacks().jwt({ token: { email: user.email, name: user.name }, user, account: { provider: "credentials", type: "credentials", providerAccountId: user.id } });
  return encode({ token, secret: secret() });
}

/** POST /api/auth/signout as next-auth runs it: decode the cookie, hand its token to events.signOut (then the browser drops the cookie). */
async function signOut(cookie: string): Promise<void> {
  const token = await decode({ token: cookie, secret: secret() });
  await authOptions().events!.signOut!({ token: token!, session: undefined as never });
}

const sidOf = async (cookie: string) => (await decode({ token: cookie, secret: secret() }))!.sid!;
const asBrowser = (cookie: string | null) => void (browser.cookie = cookie);

/** A user of our own with a known password. */
async function newUser(): Promise<{ id: number; email: string }> {
  const email = `sec.auth.${randomUUID().slice(0, 8)}@baseline.test`;
  const [row] = await db.insert(users).values({ email, name: "Auth Test", role: "VIEWER", passwordHash: await hashPassword(PASSWORD) }).returning({ id: users.id });
  return { id: row!.id, email };
}

/** The clock, for the delay and session limits: only Date is faked, so Postgres, Argon2 and timers run for real. */
const clock = {
  start(at = new Date()) {
    vi.useFakeTimers({ toFake: ["Date"], now: at });
  },
  advance(seconds: number) {
    vi.setSystemTime(new Date(Date.now() + seconds * 1000));
  },
};
/** The seconds a refused attempt is told to wait ("Throttled:42"), or null when it was let through. */
async function waitOf(attempt: Promise<unknown>): Promise<number | null> {
  try {
    await attempt;
    return null;
  } catch (err) {
    const m = /^Throttled:(\d+)$/.exec(String((err as Error).message));
    if (!m) throw err;
    return Number(m[1]);
  }
}

beforeEach(() => {
  asBrowser(null);
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  for (const s of spies) s.mockRestore();
});

describe("sign-in throttling: a progressive delay per account, never a lockout", () => {
  it("five failures cost nothing; then each failure makes the next attempt wait longer, 1 s, 2 s, 4 s … capped at 60 s", async () => {
    clock.start();
    const target = await newUser();
    let n = 0;
    for (; n < 5; n++) expect(await authorize({ email: target.email, password: `${WRONG}-${n}` }, from(`198.51.100.${n}`))).toBeNull();
    const waits: number[] = [];
    for (let step = 0; step < 8; step++) {
      // This failure is checked (the wait, if any, has passed)…
      expect(await authorize({ email: target.email, password: `${WRONG}-${n++}` }, from(`198.51.100.${n}`))).toBeNull();
      // …and the next attempt, at once, is told how long to wait, with no password checked.
      const wait = await waitOf(authorize({ email: target.email, password: `${WRONG}-${n}` }, from(`198.51.100.${n}`)));
      expect(wait).not.toBeNull();
      waits.push(wait!);
      clock.advance(wait! - 1);
      // A second before the wait ends: still refused, and the wait is not lengthened.
      expect(await waitOf(authorize({ email: target.email, password: PASSWORD }, from("198.51.100.200")))).toBe(1);
      clock.advance(1);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    // Refusals are audited, without the password.
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'auth.sign_in_throttled' and actor_email = ${target.email}`);
    expect(rows[0]!.n).toBe(16);
  });

  it("failures from many addresses never stop the owner: the right password signs in once the current delay (at most 60 s) has passed", async () => {
    clock.start();
    const target = await newUser();
    // An attacker spreads 40 wrong guesses over 40 addresses, each as soon as the account's wait allows.
    for (let i = 0; i < 40; i++) {
      const wait = await waitOf(authorize({ email: target.email, password: `${WRONG}-${i}` }, from(`203.0.113.${i}`)));
      if (wait !== null) {
        clock.advance(wait);
        expect(await authorize({ email: target.email, password: `${WRONG}-${i}` }, from(`203.0.113.${i}`))).toBeNull();
      }
    }
    // The owner, straight after the last guess: asked to wait no more than the cap…
    const wait = await waitOf(authorize({ email: target.email, password: PASSWORD }, from("192.0.2.10")));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    clock.advance(wait!);
    // …and then signed in, with the count started again: the next typo costs nothing.
    expect(await authorize({ email: target.email, password: PASSWORD }, from("192.0.2.10"))).toMatchObject({ id: String(target.id) });
    expect(await authorize({ email: target.email, password: WRONG }, from("192.0.2.10"))).toBeNull();
    expect(await authorize({ email: target.email, password: PASSWORD }, from("192.0.2.10"))).toMatchObject({ id: String(target.id) });
    // Another account was never slowed.
    const other = await newUser();
    expect(await authorize({ email: other.email, password: PASSWORD }, from("203.0.113.1"))).toMatchObject({ id: String(other.id) });
  });

  it("an address the owner has signed in from has a delay of its own: an attack from elsewhere neither delays nor races them there", async () => {
    clock.start();
    const target = await newUser();
    // The owner signed in before from their desk (the session records the address: 198.51.100.250, see the next/headers mock).
    await signIn(target.email);
    const desk = "198.51.100.250";
    // An attacker makes the account's delay a minute long from 40 other addresses.
    for (let i = 0; i < 40; i++) {
      const wait = await waitOf(authorize({ email: target.email, password: `${WRONG}-${i}` }, from(`203.0.114.${i}`)));
      if (wait !== null) clock.advance(wait);
    }
    expect(await waitOf(authorize({ email: target.email, password: PASSWORD }, from("192.0.2.77")))).toBeGreaterThan(30);
    // At the desk: no wait at all, typos included (the desk's own five free failures).
    expect(await authorize({ email: target.email, password: WRONG }, from(desk))).toBeNull();
    expect(await authorize({ email: target.email, password: PASSWORD }, from(desk))).toMatchObject({ id: String(target.id) });
    // The attacker's delay is still there for every other address.
    expect(await waitOf(authorize({ email: target.email, password: PASSWORD }, from("192.0.2.78")))).toBeGreaterThan(0);
  });

  it("the account's delay is the same in any letter case, and for an account that does not exist", async () => {
    clock.start();
    const target = await newUser();
    const nobody = `nobody.${randomUUID().slice(0, 8)}@baseline.test`;
    for (const email of [target.email, nobody]) {
      for (let i = 0; i < 6; i++) expect(await authorize({ email: i % 2 ? email.toUpperCase() : email, password: WRONG }, from(`198.51.100.${100 + i}`))).toBeNull();
      expect(await waitOf(authorize({ email: email.toUpperCase(), password: WRONG }, from("198.51.100.120")))).toBe(1);
    }
  });

  it("30 failures from one address, across accounts, refuse that address; another address still signs in", async () => {
    const ip = "192.0.2.201";
    for (let i = 0; i < 30; i++) expect(await authorize({ email: `nobody.${i}.${randomUUID().slice(0, 4)}@baseline.test`, password: WRONG }, from(ip))).toBeNull();
    const target = await newUser();
    const wait = await waitOf(authorize({ email: target.email, password: PASSWORD }, from(ip)));
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(await authorize({ email: target.email, password: PASSWORD }, from("192.0.2.202"))).toMatchObject({ id: String(target.id) });
  });
});

describe("server-side sessions", () => {
  it("after sign-out the old cookie no longer resolves to a user; sign-out is audited", async () => {
    const target = await newUser();
    const cookie = await signIn(target.email);
    asBrowser(cookie);
    expect(await getCurrentUser()).toMatchObject({ id: target.id, email: target.email });
    const sid = await sidOf(cookie);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sid));
    expect(row).toMatchObject({ userId: target.id, endedAt: null, userAgent: "security-auth test", address: "198.51.100.250" });
    expect(sid).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url

    await signOut(cookie);
    // The same cookie, replayed (as the probe did after signing out): no user, so pages send it to /login.
    expect(await getCurrentUser()).toBeNull();
    const [ended] = await db.select().from(sessions).where(eq(sessions.id, sid));
    expect(ended).toMatchObject({ endReason: "signed_out", endedAt: expect.any(Date) });
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'auth.sign_out' and actor_id = ${target.id}`);
    expect(rows[0]!.n).toBe(1);
    // Signing out again with it changes nothing and is not audited twice.
    await signOut(cookie);
    const again = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'auth.sign_out' and actor_id = ${target.id}`);
    expect(again.rows[0]!.n).toBe(1);
  });

  it("a cookie without a session id (issued before server-side sessions) or naming no session reads nothing", async () => {
    const target = await newUser();
    asBrowser(await encode({ token: { uid: target.id, role: "VIEWER", sv: 1 } as JWT, secret: secret() }));
    expect(await getCurrentUser()).toBeNull();
    asBrowser(await encode({ token: { uid: target.id, role: "VIEWER", sid: "no-such-session" }, secret: secret() }));
    expect(await getCurrentUser()).toBeNull();
  });

  it("two sessions of one user are independent: signing out one leaves the other", async () => {
    const target = await newUser();
    const laptop = await signIn(target.email, "198.51.100.241");
    const phone = await signIn(target.email, "198.51.100.242");
    expect(await sidOf(laptop)).not.toBe(await sidOf(phone));
    await signOut(laptop);
    asBrowser(laptop);
    expect(await getCurrentUser()).toBeNull();
    asBrowser(phone);
    expect(await getCurrentUser()).toMatchObject({ id: target.id });
  });

  it("a disabled account is signed out on its next request, and cannot sign in again", async () => {
    const target = await newUser();
    asBrowser(await signIn(target.email));
    expect(await getCurrentUser()).not.toBeNull();
    await db.update(users).set({ active: false }).where(eq(users.id, target.id));
    expect(await getCurrentUser()).toBeNull();
    expect(await authorize({ email: target.email, password: PASSWORD }, from("198.51.100.50"))).toBeNull();
  });

  it("the idle timeout (30 minutes by default) ends a session not used for that long; use keeps it alive, touched at most once a minute", async () => {
    expect(env().BASELINE_SESSION_IDLE_MINUTES).toBe(30);
    const target = await newUser();
    const cookie = await signIn(target.email);
    const sid = await sidOf(cookie);
    const [start] = await db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, sid));
    const t0 = start!.createdAt.getTime();
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    const lastSeen = async () => (await db.select({ at: sessions.lastSeenAt }).from(sessions).where(eq(sessions.id, sid)))[0]!.at.getTime();

    // Seconds apart: read, but last_seen_at not written.
    expect(await userOfSession(sid, new Date(t0 + 30_000))).toMatchObject({ id: target.id });
    expect(await lastSeen()).toBe(t0);
    // 29 minutes in: still live, and recorded as seen.
    expect(await userOfSession(sid, at(29))).toMatchObject({ id: target.id });
    expect(await lastSeen()).toBe(at(29).getTime());
    // 29 minutes after that use (58 in all): live.
    expect(await userOfSession(sid, at(58))).not.toBeNull();
    // 30 minutes without use: ended, for good.
    expect(await userOfSession(sid, at(88))).toBeNull();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sid));
    expect(row).toMatchObject({ endReason: "idle_timeout" });
    expect(await userOfSession(sid, at(60))).toBeNull();

    // Through the cookie, with the clock set: idle for 30 minutes reads nothing.
    const other = await signIn(target.email);
    asBrowser(other);
    expect(await getCurrentUser()).not.toBeNull();
    clock.start(new Date(Date.now() + 30 * 60_000));
    expect(await getCurrentUser()).toBeNull();
  });

  it("the absolute lifetime (12 hours by default) ends a session however active", async () => {
    expect(env().BASELINE_SESSION_MAX_HOURS).toBe(12);
    expect(authOptions().session?.maxAge).toBe(12 * 60 * 60); // the cookie never outlives it either
    const target = await newUser();
    const sid = await sidOf(await signIn(target.email));
    const [start] = await db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, sid));
    const t0 = start!.createdAt.getTime();
    // Used every 20 minutes for 11 h 40 min: live throughout.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) expect(await userOfSession(sid, new Date(t0 + minutes * 60_000))).not.toBeNull();
    expect(await userOfSession(sid, new Date(t0 + 12 * 3_600_000))).toBeNull();
    const [row] = await db.select({ endReason: sessions.endReason }).from(sessions).where(eq(sessions.id, sid));
    expect(row!.endReason).toBe("lifetime_reached");
  });

  it("single sign-on starts a session too (the jwt callback), but only for an active account", async () => {
    const target = await newUser();
    const sso = (email: string) => callbacks().jwt({ token: { email }, user: { id: "idp-subject", email }, account: { provider: "oidc", type: "oauth", providerAccountId: "idp-subject" } });
    const token = await sso(target.email.toUpperCase());
    expect(token).toMatchObject({ uid: target.id, role: "VIEWER", sid: expect.any(String) });
    asBrowser(await encode({ token, secret: secret() }));
    expect(await getCurrentUser()).toMatchObject({ id: target.id });
    await db.update(users).set({ active: false }).where(eq(users.id, target.id));
    expect((await sso(target.email)).sid).toBeUndefined();
  });

  it("the session user never carries the password hash", async () => {
    const target = await newUser();
    asBrowser(await signIn(target.email));
    const user = await getCurrentUser();
    expect(user).not.toBeNull();
    expect(Object.keys(user!)).not.toContain("passwordHash");
    expect(JSON.stringify(user)).not.toContain("$argon2");
  });

  it("sessions unused for 30 days are deleted at the next sign-in; recent ones, ended or not, are kept", async () => {
    const target = await newUser();
    const old = await sidOf(await signIn(target.email));
    const recent = await sidOf(await signIn(target.email));
    await db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 31 * 86_400_000) }).where(eq(sessions.id, old));
    await db.update(sessions).set({ endedAt: new Date(), endReason: "signed_out" }).where(eq(sessions.id, recent));
    await signIn(target.email);
    const left = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.userId, target.id)));
    expect(left.map((r) => r.id)).not.toContain(old);
    expect(left.map((r) => r.id)).toContain(recent);
    expect(left).toHaveLength(2);
  });
});

describe("passwords are never logged", () => {
  it("neither a failed nor a successful sign-in writes the password (or its hash) anywhere", async () => {
    const target = await newUser();
    logged.calls.length = 0;
    written.length = 0;
    const wrong = `${WRONG}-logged`;
    expect(await authorize({ email: target.email, password: wrong }, from("198.51.100.77"))).toBeNull();
    expect(await authorize({ email: target.email, password: PASSWORD }, from("198.51.100.77"))).not.toBeNull();
    // Unknown account and malformed input too.
    expect(await authorize({ email: "no.such.person@baseline.test", password: wrong }, from("198.51.100.77"))).toBeNull();
    expect(await authorize({ email: "not an email", password: wrong }, from("198.51.100.77"))).toBeNull();

    // The capture works: the attempts were logged.
    const messages = logged.calls.map((c) => c[1]);
    expect(messages).toEqual(expect.arrayContaining(["sign-in failed", "signed in"]));
    const everything = JSON.stringify(logged.calls) + written.join("\n");
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain("$argon2");
    // Nor the audit log.
    const { rows } = await db.execute<{ t: string }>(sql`select coalesce(string_agg(a::text, ' '), '') as t from audit_log a where actor_email = ${target.email}`);
    expect(rows[0]!.t).toContain("auth.sign_in");
    expect(rows[0]!.t).not.toContain(wrong);
    expect(rows[0]!.t).not.toContain(PASSWORD);
  });
});
