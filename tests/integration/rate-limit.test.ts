/**
 * Rate limits kept in Postgres (lib/rate-limit.ts, lib/auth/sign-in-delay.ts), so that any number of
 * instances count against one allowance: sign-in takes its slot before the password is checked, so a
 * parallel burst gets no more password checks than the account's free failures and one delay slot;
 * two limiter sets on pools of their own (two processes) share the count; the
 * survey's per-address limit cannot be switched off and there is no per-link one; and on the embedded database (one
 * connection) the limiter shares the app's connection without waiting for itself.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import type * as NextAuth from "next-auth";
import type * as Password from "@/lib/auth/password";
import type * as LogModule from "@/lib/log";
import { createDb } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { users } from "@/db/schema";
import { SIGN_IN_DELAY } from "@/lib/auth/rules";
import { createSignInLimiters, SIGN_IN_LIMITS, signInSucceeded, takeSignInAttempt } from "@/lib/auth/throttle";
import { parseEnv } from "@/lib/env";
import { createFeedbackLimiters, takeFeedbackAllowance } from "@/lib/feedback/throttle";
import { postgresLimiter } from "@/lib/rate-limit";
import { openTestDb, setUpTestDb } from "../support/harness";

// Every password check the sign-in makes, counted (the real Argon2id check still runs).
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/auth/password", async (original) => {
  const real = await original<typeof Password>();
  return {
    ...real,
    verifyPassword: vi.fn(async (hash: string | null, password: string) => {
      checks.count += 1;
      return real.verifyPassword(hash, password);
    }),
  };
});
vi.mock("next-auth", async (original) => ({ ...(await original<typeof NextAuth>()), getServerSession: vi.fn(async () => null) }));
vi.mock("@/lib/log", async (original) => ({ ...(await original<typeof LogModule>()), log: vi.fn() }));

const { authOptions } = await import("@/lib/auth/options");
const { hashPassword } = await import("@/lib/auth/password");

const { db } = setUpTestDb({ demoData: false });
// Two more pools: two instances of the app, each with its own connections.
const instanceA = openTestDb();
const instanceB = openTestDb();
afterAll(async () => {
  await Promise.all([instanceA.pool.end(), instanceB.pool.end()]);
});

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize: Authorize = (credentials, req) => (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize(credentials, req);
const from = (ip: string) => ({ headers: { "x-baseline-client-address": ip } });
const unique = () => randomUUID().slice(0, 8);
const PASSWORD = `Correct-${randomUUID()}`;

const allowed = (attempt: { ok: boolean }) => attempt.ok;
/** Password checks a burst at one account may reach: the free failures, then the one attempt that takes the first delay slot. */
const BURST_ALLOWANCE = SIGN_IN_DELAY.freeFailures + 1;

describe("sign-in throttling in Postgres", () => {
  it("30 parallel attempts at one account, from 30 addresses, reach the password check at most 6 times (5 free, one delay slot)", async () => {
    const email = `burst.${unique()}@baseline.test`;
    await db.insert(users).values({ email, name: "Burst", role: "VIEWER", passwordHash: await hashPassword(PASSWORD) });
    checks.count = 0;
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => authorize({ email, password: `Wrong-${i}` }, from(`198.18.${i}.1`))));
    expect(checks.count).toBeLessThanOrEqual(10); // issue 15 item 4: never more than 10
    expect(checks.count).toBe(BURST_ALLOWANCE); // nothing else limits them: exactly the allowance
    expect(results.filter((r) => r.status === "fulfilled" && r.value === null)).toHaveLength(BURST_ALLOWANCE);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(30 - BURST_ALLOWANCE);
    expect(refused.every((r) => r.status === "rejected" && /^Error: Throttled:[12]$/.test(String(r.reason)))).toBe(true);
    // And the right password is refused too while the delay runs, without a check.
    await expect(authorize({ email, password: PASSWORD }, from("198.18.99.1"))).rejects.toThrow(/^Throttled:[12]$/);
    expect(checks.count).toBe(BURST_ALLOWANCE);
    // The refused attempts did not lengthen the wait: a second later the owner signs in.
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await authorize({ email, password: PASSWORD }, from("198.18.99.1"))).not.toBeNull();
  });

  it("a burst in each delay slot gets one password check, however many instances it is spread over", async () => {
    const a = createSignInLimiters(instanceA.pool);
    const b = createSignInLimiters(instanceB.pool);
    const email = `slots.${unique()}@baseline.test`;
    const t0 = Date.now();
    // Used up the free failures and the first slot (its wait: 1 s).
    for (let i = 0; i < BURST_ALLOWANCE; i++) expect((await takeSignInAttempt(email, `203.0.114.${i}`, i % 2 ? a : b, new Date(t0))).ok).toBe(true);
    // At each moment the wait is over, 20 parallel attempts on two instances: exactly one goes through, and the wait doubles.
    let at = t0;
    for (const wait of [1, 2, 4, 8, 16, 32, 60, 60]) {
      at += wait * 1000;
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => takeSignInAttempt(email, `203.0.115.${i}`, i % 2 ? a : b, new Date(at))));
      expect(burst.filter(allowed)).toHaveLength(1);
    }
  });

  it("30 parallel attempts from one address at 30 accounts: the address allows exactly 30, the 31st is refused", async () => {
    const ip = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    checks.count = 0;
    const results = await Promise.allSettled(Array.from({ length: 31 }, (_, i) => authorize({ email: `nobody.${i}.${unique()}@baseline.test`, password: "Wrong" }, from(ip))));
    expect(checks.count).toBe(SIGN_IN_LIMITS.perAddress);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
  });

  it("two instances (limiters on pools of their own) share one count, in turn and at once", async () => {
    const a = createSignInLimiters(instanceA.pool);
    const b = createSignInLimiters(instanceB.pool);
    // In turn: 6 attempts alternating between the instances, then both refuse.
    const email = `shared.${unique()}@baseline.test`;
    for (let i = 0; i < BURST_ALLOWANCE; i++) expect((await takeSignInAttempt(email, `203.0.113.${i}`, i % 2 ? a : b)).ok).toBe(true);
    expect(await takeSignInAttempt(email, "203.0.113.50", a)).toMatchObject({ ok: false, limit: "account", retryAfterSeconds: 1 });
    expect(await takeSignInAttempt(email, "203.0.113.51", b)).toMatchObject({ ok: false, limit: "account" });
    // A success on one instance clears the account for the other.
    await signInSucceeded(email, "203.0.113.52", b);
    expect((await takeSignInAttempt(email, "203.0.113.53", a)).ok).toBe(true);

    // At once: 15 attempts on each instance, exactly 6 allowed between them.
    const burst = `shared-burst.${unique()}@baseline.test`;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => takeSignInAttempt(burst, `192.0.2.${i}`, i % 2 ? a : b)));
    expect(results.filter(allowed)).toHaveLength(BURST_ALLOWANCE);
  });

  it("keys too long for the table (a 254-character email, a forged 5,000-character address) are counted in full or under their hash", async () => {
    const limiters = createSignInLimiters(instanceA.pool);
    const email = `${"a".repeat(254 - "@baseline.test".length - 9)}.${unique()}@baseline.test`;
    expect(email).toHaveLength(254);
    const address = `${unique()}${"9".repeat(5_000)}`;
    const now = new Date();
    for (let i = 0; i < BURST_ALLOWANCE; i++) expect((await takeSignInAttempt(email, `${address}${i % 2}`, limiters, now)).ok).toBe(true);
    expect(await takeSignInAttempt(email, "203.0.113.200", limiters, now)).toMatchObject({ ok: false, limit: "account" });
    // The long address ending in 0 took 3 of those; 27 more reach its 30, and the next is refused.
    for (let i = 0; i < 27; i++) expect((await takeSignInAttempt(`x${i}.${unique()}@baseline.test`, `${address}0`, limiters)).ok).toBe(true);
    expect(await takeSignInAttempt(`y.${unique()}@baseline.test`, `${address}0`, limiters)).toMatchObject({ ok: false, limit: "address" });
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from rate_limits where length(key) > 255`);
    expect(rows[0]!.n).toBe(0);
    // A delay key with a forged 5,000-character address in it (an address the account once signed in from) is too long to index: kept as its hash.
    const longKey = `${email} at ${address}`;
    for (let i = 0; i < BURST_ALLOWANCE; i++) expect((await limiters.account.take(longKey, now)).ok).toBe(true);
    expect(await limiters.account.take(longKey, now)).toMatchObject({ ok: false });
    const delays = await db.execute<{ n: number }>(sql`select count(*)::int as n from sign_in_failures where length(account) > 255`);
    expect(delays.rows[0]!.n).toBe(0);
  });

  it("a success gives the address its point back: 40 successes from one address do not refuse it", async () => {
    const limiters = createSignInLimiters(instanceA.pool);
    const ip = `100.64.${Math.floor(Math.random() * 250)}.7`;
    for (let i = 0; i < 40; i++) {
      const email = `office.${i}.${unique()}@baseline.test`;
      expect((await takeSignInAttempt(email, ip, limiters)).ok).toBe(true);
      await signInSucceeded(email, ip, limiters);
    }
  });

  it("a success also forgets other accounts' counts after a quiet day, so the table keeps only recent failures", async () => {
    const limiters = createSignInLimiters(instanceA.pool);
    const stale = `stale.${unique()}@baseline.test`;
    const recent = `recent.${unique()}@baseline.test`;
    const dayAgo = new Date(Date.now() - (SIGN_IN_DELAY.forgetAfterHours * 3600 + 60) * 1000);
    expect((await takeSignInAttempt(stale, "203.0.113.70", limiters, dayAgo)).ok).toBe(true);
    expect((await takeSignInAttempt(recent, "203.0.113.71", limiters)).ok).toBe(true);
    await signInSucceeded(`someone.${unique()}@baseline.test`, "203.0.113.72", limiters);
    const { rows } = await db.execute<{ account: string }>(sql`select account from sign_in_failures where account in (${stale}, ${recent})`);
    expect(rows.map((r) => r.account)).toEqual([recent]);
  });
});

describe("the survey limit", () => {
  it("is shared by two instances: the address's 10 count across both, and there is no per-link limit (issue 15)", async () => {
    const limits = { perAddress: { points: 10, duration: 60 } };
    const a = createFeedbackLimiters(limits, instanceA.pool);
    const b = createFeedbackLimiters(limits, instanceB.pool);
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const fromOne = await Promise.all(Array.from({ length: 12 }, (_, i) => takeFeedbackAllowance(i % 2 ? a : b, ip)));
    expect(fromOne.filter((r) => r.ok)).toHaveLength(10);
    // Many other addresses are never refused: a flood on a link is held for moderation, not limited here.
    const others = await Promise.all(Array.from({ length: 40 }, (_, i) => takeFeedbackAllowance(i % 2 ? a : b, `203.0.113.${100 + i}`)));
    expect(others.every((r) => r.ok)).toBe(true);
  });

  it("cannot be switched off: a limiter of 0 points is refused, and BASELINE_FEEDBACK_LINK_LIMIT is no longer read", () => {
    const base = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", NEXTAUTH_SECRET: "s".repeat(32) };
    expect(parseEnv({ ...base, BASELINE_FEEDBACK_LINK_LIMIT: "5000" })).not.toHaveProperty("BASELINE_FEEDBACK_LINK_LIMIT");
    expect(() => postgresLimiter({ keyPrefix: "x", points: 0, duration: 60 })).toThrow(/points must be a whole number, 1 or more/);
  });

  it("stores its counts in the rate_limits table of migration 0008", async () => {
    const { rows } = await db.execute<{ key: string; points: number }>(sql`select key, points from rate_limits where key like 'feedback-address:%' limit 1`);
    expect(rows[0]).toMatchObject({ key: expect.stringMatching(/^feedback-address:/), points: expect.any(Number) });
  });
});

describe("on the embedded database (one connection)", () => {
  it("the limiter queues with the app's queries on the one connection, and keeps working after a reconnect", async () => {
    const server = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 });
    const saved = process.env.BASELINE_EMBEDDED_DB;
    process.env.BASELINE_EMBEDDED_DB = "1";
    try {
      const first = createDb(server.url);
      await runMigrations(first.db);
      const limiters = createSignInLimiters(first.pool);
      const email = `embedded.${unique()}@baseline.test`;
      // Limiter upserts and ordinary queries at once, on one connection: all answer, exactly 6 allowed.
      const now = new Date();
      const [attempts] = await Promise.all([
        Promise.all(Array.from({ length: 20 }, (_, i) => takeSignInAttempt(email, `10.0.0.${i}`, limiters, now))),
        Promise.all(Array.from({ length: 20 }, () => first.db.execute(sql`select 1`))),
      ]);
      expect(attempts.filter(allowed)).toHaveLength(BURST_ALLOWANCE);
      await first.pool.end();
      // A new connection to the same PGlite session (as after a reconnect): the count is still there.
      const second = createDb(server.url);
      try {
        expect(await takeSignInAttempt(email, "10.0.1.1", createSignInLimiters(second.pool), now)).toMatchObject({ ok: false, limit: "account" });
        expect((await takeSignInAttempt(`other.${email}`, "10.0.1.1", createSignInLimiters(second.pool), now)).ok).toBe(true);
      } finally {
        await second.pool.end();
      }
    } finally {
      if (saved === undefined) delete process.env.BASELINE_EMBEDDED_DB;
      else process.env.BASELINE_EMBEDDED_DB = saved;
      await server.stop();
    }
  }, 60_000);
});
