/**
 * Jobs every instance may start, held apart by Postgres advisory locks (db/advisory-lock.ts):
 * a job that finds its lock taken skips (the reminders), one that must not skip waits (the
 * migrations at start). Against a fresh database of this file's own, because it migrates it from
 * empty, three instances at once; then the reminders, two runs at once, each reminder sent once.
 */
import { addDays, parseISO } from "date-fns";
import { count, sql } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withAdvisoryLock, withAdvisoryLockWaiting } from "@/db/advisory-lock";
import { createDb } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { migrationsFolder, runMigrations } from "@/db/migrate";
import { outbox } from "@/db/schema";
import { seedDemo } from "@/db/seed/seed";
import { dueDate, lastCompletedMonth } from "@/lib/entry/periods";
import { runReminders, runRemindersJob, type MailTransport } from "@/lib/reminders/send";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { createTestDatabase } from "../support/test-database";

let fresh: Awaited<ReturnType<typeof createTestDatabase>>;
// Three instances of the app, each with a pool of its own on the same database.
let instances: ReturnType<typeof createDb>[] = [];

beforeAll(async () => {
  fresh = await createTestDatabase("baseline_lock");
  instances = [createDb(fresh.url, { max: 3 }), createDb(fresh.url, { max: 3 }), createDb(fresh.url, { max: 3 })];
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.pool.end()));
  await fresh?.drop();
});

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };

describe("migrations at start", () => {
  it("three instances starting at once: one applies the migrations, the others wait for it, each migration applied once", async () => {
    const logs = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await Promise.all(instances.map((i) => runMigrations(i.db)));
      expect(logs.mock.calls.filter(([m]) => String(m).includes("another instance is applying the migrations"))).not.toHaveLength(0);
    } finally {
      logs.mockRestore();
    }
    const { rows } = await instances[0]!.pool.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(rows[0]!.n).toBe(journal.entries.length);
    // Run again: nothing to do, nothing applied twice.
    await Promise.all(instances.map((i) => runMigrations(i.db)));
    expect((await instances[0]!.pool.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations")).rows[0]!.n).toBe(journal.entries.length);
  }, 60_000);
});

describe("withAdvisoryLock", () => {
  it("skips at once while another instance holds the lock, runs once it is free", async () => {
    const [a, b] = instances;
    const held = gate();
    const started = gate();
    const first = withAdvisoryLock(a!.db, "reminders", async (db) => {
      started.open();
      await held.opened;
      return (await db.execute<{ one: number }>(sql`select 1 as one`)).rows[0]!.one;
    });
    await started.opened;
    expect(await withAdvisoryLock(b!.db, "reminders", async () => "ran")).toEqual({ ran: false });
    held.open();
    expect(await first).toEqual({ ran: true, value: 1 });
    expect(await withAdvisoryLock(b!.db, "reminders", async () => "ran")).toEqual({ ran: true, value: "ran" });
  });

  it("releases the lock when the job fails", async () => {
    const [a, b] = instances;
    await expect(withAdvisoryLock(a!.db, "reminders", async () => Promise.reject(new Error("job failed")))).rejects.toThrow("job failed");
    expect(await withAdvisoryLock(b!.db, "reminders", async () => "ran")).toEqual({ ran: true, value: "ran" });
  });

  it("withAdvisoryLockWaiting waits for the holder, then runs: the two never overlap", async () => {
    const [a, b] = instances;
    const events: string[] = [];
    const held = gate();
    const started = gate();
    const first = withAdvisoryLockWaiting(a!.db, "migrations", async () => {
      events.push("a start");
      started.open();
      await held.opened;
      events.push("a end");
    });
    await started.opened;
    const waited = vi.fn();
    const second = withAdvisoryLockWaiting(b!.db, "migrations", async () => void events.push("b"), waited);
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual(["a start"]); // b is waiting
    held.open();
    await Promise.all([first, second]);
    expect(events).toEqual(["a start", "a end", "b"]);
    expect(waited).toHaveBeenCalledTimes(1);
  });
});

describe("the reminders job on several instances", () => {
  let onDueDay: Date;
  beforeAll(async () => {
    const { db } = instances[0]!;
    await seedDemo(db);
    const due = parseISO(dueDate(lastCompletedMonth(new Date()), await getFiguresDueWorkingDay(db)));
    onDueDay = new Date(due.getFullYear(), due.getMonth(), due.getDate(), 9);
  }, 120_000);

  /** A transport that records what it sent; `hold` keeps its first send waiting until opened. */
  function transport(name: string, hold?: Promise<void>) {
    const sent: { to: string; subject: string }[] = [];
    const t: MailTransport = {
      name,
      async send(message) {
        if (hold && sent.length === 0) await hold;
        sent.push({ to: message.to, subject: message.subject });
      },
    };
    return { t, sent };
  }

  const outboxRows = async () => (await instances[0]!.db.select({ n: count() }).from(outbox))[0]!.n;

  it("two runs at once, even without the lock, send each reminder once (the outbox's dedupe key)", async () => {
    const [a, b] = instances;
    const ta = transport("smtp-a");
    const tb = transport("smtp-b");
    const baseUrl = "https://baseline.test";
    const [ra, rb] = await Promise.all([
      runReminders({ db: a!.db, now: onDueDay, transport: ta.t, baseUrl }),
      runReminders({ db: b!.db, now: onDueDay, transport: tb.t, baseUrl }),
    ]);
    expect(ra.composed).toBeGreaterThan(0);
    expect(rb.composed).toBe(ra.composed);
    expect(ra.queued + rb.queued).toBe(ra.composed);
    const sent = [...ta.sent, ...tb.sent];
    expect(sent).toHaveLength(ra.composed);
    expect(new Set(sent.map((m) => `${m.to} ${m.subject}`)).size).toBe(sent.length);
    expect(await outboxRows()).toBe(ra.composed);
  });

  it("runRemindersJob: while one instance queues the reminders the other skips; the delivery is shared; each reminder goes out once", async () => {
    const [a, b, c] = instances;
    const dayAfter = addDays(onDueDay, 1); // the late reminders are new
    const before = await outboxRows();
    const held = gate();
    const ta = transport("smtp-a", held.opened);
    const tb = transport("smtp-b");
    const baseUrl = "https://baseline.test";
    const first = runRemindersJob({ db: a!.db, now: dayAfter, transport: ta.t, baseUrl });
    // Wait until a is queueing (holding the lock) or already sending (its first send held), then start
    // b: it finds the job running and skips, or finds nothing new to queue and delivers what a has
    // not claimed (the delivery runs outside the lock: its claims keep the two apart).
    await vi.waitFor(async () => expect(await outboxRows()).toBeGreaterThan(before), { timeout: 20_000, interval: 50 });
    const second = await runRemindersJob({ db: b!.db, now: dayAfter, transport: tb.t, baseUrl });
    if (second) expect(second.queued).toBe(0);
    held.open();
    const summary = await first;
    expect(summary).not.toBeNull();
    expect(summary!.queued).toBeGreaterThan(0);
    const sent = [...ta.sent, ...tb.sent];
    expect(sent).toHaveLength(summary!.queued);
    expect(new Set(sent.map((m) => `${m.to} ${m.subject}`)).size).toBe(sent.length);
    // Once it is done, a third instance runs it and finds nothing new to send.
    const tc = transport("smtp-c");
    expect(await runRemindersJob({ db: c!.db, now: dayAfter, transport: tc.t, baseUrl })).toMatchObject({ queued: 0 });
    expect(tc.sent).toHaveLength(0);
    expect(await outboxRows()).toBe(before + summary!.queued);
  }, 60_000);
});

describe("on the embedded database (one connection, one session)", () => {
  it("the job runs on the lock's connection without waiting for a second one, and every lock is released", async () => {
    const server = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 });
    const saved = process.env.BASELINE_EMBEDDED_DB;
    process.env.BASELINE_EMBEDDED_DB = "1";
    const { db, pool } = createDb(server.url);
    try {
      await runMigrations(db); // the migrations' own lock, on the pool's one connection
      expect(await withAdvisoryLock(db, "reminders", async (locked) => (await locked.execute<{ n: number }>(sql`select 2 as n`)).rows[0]!.n)).toEqual({ ran: true, value: 2 });
      await expect(withAdvisoryLock(db, "reminders", () => Promise.reject(new Error("job failed")))).rejects.toThrow("job failed");
      // PGlite's one session outlives every connection, so nothing but the explicit unlock frees a lock: none is left.
      const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from pg_locks where locktype = 'advisory'");
      expect(rows[0]!.n).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.BASELINE_EMBEDDED_DB;
      else process.env.BASELINE_EMBEDDED_DB = saved;
      await pool.end();
      await server.stop();
    }
  }, 60_000);
});
