/**
 * Rate limits kept in Postgres (lib/rate-limit.ts), so that any number of instances count against
 * one allowance: sign-in takes its point before the password is checked, so a parallel burst cannot
 * outrun the limit; two limiter sets on pools of their own (two processes) share the count; the
 * survey's limit can be raised but never switched off; and on the embedded database (one
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

describe("sign-in throttling in Postgres", () => {
  it("30 parallel attempts at one account, from 30 addresses, reach the password check at most 10 times", async () => {
    const email = `burst.${unique()}@baseline.test`;
    await db.insert(users).values({ email, name: "Burst", role: "VIEWER", passwordHash: await hashPassword(PASSWORD) });
    checks.count = 0;
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => authorize({ email, password: `Wrong-${i}` }, from(`198.18.${i}.1`))));
    expect(checks.count).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount);
    expect(checks.count).toBe(10); // nothing else limits them: exactly the allowance
    expect(results.filter((r) => r.status === "fulfilled" && r.value === null)).toHaveLength(10);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(20);
    expect(refused.every((r) => r.status === "rejected" && String(r.reason).includes("Throttled"))).toBe(true);
    // And the right password is refused too now, without a check.
    await expect(authorize({ email, password: PASSWORD }, from("198.18.99.1"))).rejects.toThrow("Throttled");
    expect(checks.count).toBe(10);
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
    // In turn: 10 attempts alternating between the instances, then both refuse.
    const email = `shared.${unique()}@baseline.test`;
    for (let i = 0; i < 10; i++) expect(await takeSignInAttempt(email, `203.0.113.${i}`, i % 2 ? a : b)).toBe(true);
    expect(await takeSignInAttempt(email, "203.0.113.50", a)).toBe(false);
    expect(await takeSignInAttempt(email, "203.0.113.51", b)).toBe(false);
    // A success on one instance clears the account for the other.
    await signInSucceeded(email, "203.0.113.52", b);
    expect(await takeSignInAttempt(email, "203.0.113.53", a)).toBe(true);

    // At once: 15 attempts on each instance, exactly 10 allowed between them.
    const burst = `shared-burst.${unique()}@baseline.test`;
    const allowed = await Promise.all(Array.from({ length: 30 }, (_, i) => takeSignInAttempt(burst, `192.0.2.${i}`, i % 2 ? a : b)));
    expect(allowed.filter(Boolean)).toHaveLength(10);
  });

  it("keys too long for the table (a 254-character email, a forged 5,000-character address) are counted under their hash", async () => {
    const limiters = createSignInLimiters(instanceA.pool);
    const email = `${"a".repeat(254 - "@baseline.test".length - 9)}.${unique()}@baseline.test`;
    const address = `${unique()}${"9".repeat(5_000)}`;
    for (let i = 0; i < 10; i++) expect(await takeSignInAttempt(email, `${address}${i % 2}`, limiters)).toBe(true);
    expect(await takeSignInAttempt(email, "203.0.113.200", limiters)).toBe(false);
    // The long address ending in 0 took 5 of those; 25 more reach its 30, and the next is refused.
    for (let i = 0; i < 25; i++) expect(await takeSignInAttempt(`x${i}.${unique()}@baseline.test`, `${address}0`, limiters)).toBe(true);
    expect(await takeSignInAttempt(`y.${unique()}@baseline.test`, `${address}0`, limiters)).toBe(false);
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from rate_limits where length(key) > 255`);
    expect(rows[0]!.n).toBe(0);
  });

  it("a success gives the address its point back: 30 successes from one address do not refuse it", async () => {
    const limiters = createSignInLimiters(instanceA.pool);
    const ip = `100.64.${Math.floor(Math.random() * 250)}.7`;
    for (let i = 0; i < 40; i++) {
      const email = `office.${i}.${unique()}@baseline.test`;
      expect(await takeSignInAttempt(email, ip, limiters)).toBe(true);
      await signInSucceeded(email, ip, limiters);
    }
  });
});

describe("the survey limit", () => {
  it("is shared by two instances: the address's 10 and the link's allowance count across both", async () => {
    const limits = { perAddress: { points: 10, duration: 60 }, perLink: { points: 15, duration: 60 } };
    const a = createFeedbackLimiters(limits, instanceA.pool);
    const b = createFeedbackLimiters(limits, instanceB.pool);
    const linkId = 1_000_000 + Math.floor(Math.random() * 1_000_000); // a key only: the limiter does not read feedback_links
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const fromOne = await Promise.all(Array.from({ length: 12 }, (_, i) => takeFeedbackAllowance(i % 2 ? a : b, linkId, ip)));
    expect(fromOne.filter((r) => r.ok)).toHaveLength(10);
    expect(fromOne.filter((r) => !r.ok).every((r) => !r.ok && r.scope === "address")).toBe(true);
    const others = await Promise.all(Array.from({ length: 8 }, (_, i) => takeFeedbackAllowance(i % 2 ? a : b, linkId, `203.0.113.${100 + i}`)));
    expect(others.filter((r) => r.ok)).toHaveLength(5);
    expect(others.filter((r) => !r.ok).every((r) => !r.ok && r.scope === "link")).toBe(true);
  });

  it("can be raised but not switched off: BASELINE_FEEDBACK_LINK_LIMIT must be a whole number of 1 or more", () => {
    const base = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", NEXTAUTH_SECRET: "s".repeat(32) };
    expect(parseEnv({ ...base, BASELINE_FEEDBACK_LINK_LIMIT: "5000" }).BASELINE_FEEDBACK_LINK_LIMIT).toBe(5000);
    expect(parseEnv(base).BASELINE_FEEDBACK_LINK_LIMIT).toBeUndefined();
    for (const value of ["0", "off", "-1", "", "1.5", "1e9", " 10"]) {
      expect(() => parseEnv({ ...base, BASELINE_FEEDBACK_LINK_LIMIT: value })).toThrow(/BASELINE_FEEDBACK_LINK_LIMIT must be a whole number, 1 or more/);
    }
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
      // Limiter upserts and ordinary queries at once, on one connection: all answer, exactly 10 allowed.
      const [allowed] = await Promise.all([
        Promise.all(Array.from({ length: 20 }, (_, i) => takeSignInAttempt(email, `10.0.0.${i}`, limiters))),
        Promise.all(Array.from({ length: 20 }, () => first.db.execute(sql`select 1`))),
      ]);
      expect(allowed.filter(Boolean)).toHaveLength(10);
      await first.pool.end();
      // A new connection to the same PGlite session (as after a reconnect): the count is still there.
      const second = createDb(server.url);
      try {
        expect(await takeSignInAttempt(email, "10.0.1.1", createSignInLimiters(second.pool))).toBe(false);
        expect(await takeSignInAttempt(`other.${email}`, "10.0.1.1", createSignInLimiters(second.pool))).toBe(true);
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
