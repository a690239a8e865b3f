/**
 * Sign-in security, through next-auth's credentials `authorize` and the per-request session check:
 * throttling (10 failures per account, 30 per address, in 15 minutes), disabled or changed accounts
 * signed out at once, and passwords never logged. The sign-in page's message for a throttled account
 * is checked end to end in tests/e2e/auth/sign-in.spec.ts.
 */
import type * as LogModule from "@/lib/log";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type * as NextAuth from "next-auth";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { setUpTestDb } from "../support/harness";

// Everything the app logs goes through lib/log (whatever writes it): record every call.
const logged = vi.hoisted(() => ({ calls: [] as unknown[][] }));
vi.mock("@/lib/log", async (importOriginal) => ({
  ...(await importOriginal<typeof LogModule>()),
  log: vi.fn((...args: unknown[]) => void logged.calls.push(args)),
}));
// The session next-auth would decode from the cookie.
const jwt = vi.hoisted(() => ({ session: null as null | { user: { id: number; sv: number } } }));
vi.mock("next-auth", async (original) => ({ ...(await original<typeof NextAuth>()), getServerSession: vi.fn(async () => jwt.session) }));
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));

const { authOptions } = await import("@/lib/auth/options");
const { getCurrentUser } = await import("@/lib/auth/current-user");

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

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize: Authorize = (credentials, req) => {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize(credentials, req);
};
const from = (ip: string) => ({ headers: { "x-baseline-client-address": ip } });

/** A user of our own with a known password. */
async function newUser(): Promise<{ id: number; email: string }> {
  const email = `sec.auth.${randomUUID().slice(0, 8)}@baseline.test`;
  const [row] = await db.insert(users).values({ email, name: "Auth Test", role: "VIEWER", passwordHash: await hashPassword(PASSWORD) }).returning({ id: users.id });
  return { id: row!.id, email };
}

beforeEach(() => {
  jwt.session = null;
});
afterAll(async () => {
  for (const s of spies) s.mockRestore();
});

describe("sign-in throttling", () => {
  it("after 10 failures for an account, even the right password is refused (Throttled) from any address; other accounts are not", async () => {
    const target = await newUser();
    for (let i = 0; i < 10; i++) expect(await authorize({ email: target.email, password: `${WRONG}-${i}` }, from(`198.51.100.${i}`))).toBeNull();
    await expect(authorize({ email: target.email, password: PASSWORD }, from("198.51.100.99"))).rejects.toThrow("Throttled");
    await expect(authorize({ email: target.email.toUpperCase(), password: PASSWORD }, from("198.51.100.98"))).rejects.toThrow("Throttled");
    // Recorded in the audit log, without the password.
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'auth.sign_in_throttled' and actor_email = ${target.email}`);
    expect(rows[0]!.n).toBe(2);
    // Another account from the same addresses signs in.
    const other = await newUser();
    expect(await authorize({ email: other.email, password: PASSWORD }, from("198.51.100.1"))).toMatchObject({ id: String(other.id) });
  });

  it("9 failures then the right password signs in and starts the count again", async () => {
    const target = await newUser();
    for (let i = 0; i < 9; i++) expect(await authorize({ email: target.email, password: WRONG }, from("203.0.113.7"))).toBeNull();
    expect(await authorize({ email: target.email, password: PASSWORD }, from("203.0.113.7"))).toMatchObject({ id: String(target.id) });
    for (let i = 0; i < 9; i++) expect(await authorize({ email: target.email, password: WRONG }, from("203.0.113.7"))).toBeNull();
    expect(await authorize({ email: target.email, password: PASSWORD }, from("203.0.113.7"))).toMatchObject({ id: String(target.id) });
  });

  it("30 failures from one address, across accounts, refuse that address; another address still signs in", async () => {
    const ip = "192.0.2.201";
    for (let i = 0; i < 30; i++) expect(await authorize({ email: `nobody.${i}.${randomUUID().slice(0, 4)}@baseline.test`, password: WRONG }, from(ip))).toBeNull();
    const target = await newUser();
    await expect(authorize({ email: target.email, password: PASSWORD }, from(ip))).rejects.toThrow("Throttled");
    expect(await authorize({ email: target.email, password: PASSWORD }, from("192.0.2.202"))).toMatchObject({ id: String(target.id) });
  });
});

describe("sessions end at once", () => {
  it("a disabled account, or one whose role or scope changed (session version bumped), is signed out on its next request", async () => {
    const target = await newUser();
    const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, target.id));
    jwt.session = { user: { id: target.id, sv: row!.sv } };
    expect(await getCurrentUser()).toMatchObject({ id: target.id, email: target.email });

    await db.update(users).set({ sessionVersion: row!.sv + 1 }).where(eq(users.id, target.id));
    expect(await getCurrentUser()).toBeNull();

    jwt.session = { user: { id: target.id, sv: row!.sv + 1 } };
    expect(await getCurrentUser()).not.toBeNull();
    await db.update(users).set({ active: false }).where(eq(users.id, target.id));
    expect(await getCurrentUser()).toBeNull();
    // Nor can it sign in again.
    expect(await authorize({ email: target.email, password: PASSWORD }, from("198.51.100.50"))).toBeNull();
  });

  it("the session user never carries the password hash", async () => {
    const target = await newUser();
    const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, target.id));
    jwt.session = { user: { id: target.id, sv: row!.sv } };
    const user = await getCurrentUser();
    expect(user).not.toBeNull();
    expect(Object.keys(user!)).not.toContain("passwordHash");
    expect(JSON.stringify(user)).not.toContain("$argon2");
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
