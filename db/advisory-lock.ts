import { Pool, type PoolClient } from "pg";
import { drizzleOn, type Database } from "./client";

/**
 * Jobs that every instance may start but only one may run at a time, held apart by Postgres
 * advisory locks: the only state the instances share is the database. Each lock is a pair
 * (namespace, job) so that it cannot collide with another application's locks on the same server.
 */
const NAMESPACE = 0x42_53_4c_4e; // "BSLN"
export const ADVISORY_LOCKS = {
  /** Applying the migrations at start (db/migrate.ts): the others wait, then find nothing to do. */
  migrations: 1,
  /** The reminders job (lib/reminders/send.ts): an instance that finds it running skips. */
  reminders: 2,
} as const;
export type AdvisoryLock = keyof typeof ADVISORY_LOCKS;

/**
 * Takes `lock` on a connection of the pool behind `db` (waiting for it, or giving up at once), runs
 * `fn` and unlocks. The lock is a session lock, so it belongs to that connection: `fn` gets a
 * Drizzle handle on it and must query through it. That is also what lets it run on the embedded
 * database, whose pool is its one connection (db/client.ts): the job and its lock share it instead
 * of waiting for a second. The unlock is explicit even on failure: PGlite's one session outlives
 * the connection, so a lock left to the end of the session would be held until it restarts (on a
 * Postgres server a lost connection releases its locks by itself).
 */
async function runLocked<T>(db: Database, lock: AdvisoryLock, wait: (() => void) | false, fn: (db: Database) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof Pool)) throw new Error("advisory locks need a Drizzle handle over a pg Pool (createDb or lib/db.ts)");
  const key = [NAMESPACE, ADVISORY_LOCKS[lock]];
  const conn = await client.connect();
  let held = false;
  try {
    const { rows } = await conn.query<{ locked: boolean }>("select pg_try_advisory_lock($1, $2) as locked", key);
    held = rows[0]?.locked === true;
    if (!held && wait) {
      wait();
      await conn.query("select pg_advisory_lock($1, $2)", key);
      held = true;
    }
    if (!held) return { ran: false };
    return { ran: true, value: await fn(drizzleOn(oneAtATime(conn)) as unknown as Database) };
  } finally {
    // A connection that cannot unlock is discarded rather than returned to the pool.
    const broken = held ? await conn.query("select pg_advisory_unlock($1, $2)", key).then(() => undefined, (err: unknown) => (err instanceof Error ? err : true)) : undefined;
    conn.release(broken);
  }
}

/**
 * The connection with its queries sent one after another. A job may run reads side by side
 * (Promise.all), as it would on a pool; pg queues a second query on a busy client only with a
 * deprecation warning, and pg 9 will refuse it.
 */
function oneAtATime(conn: PoolClient): PoolClient {
  let tail: Promise<unknown> = Promise.resolve();
  const query = (...args: unknown[]) => {
    const run = tail.then(() => (conn.query as (...a: unknown[]) => Promise<unknown>).apply(conn, args));
    tail = run.catch(() => undefined);
    return run;
  };
  return new Proxy(conn, { get: (target, prop) => (prop === "query" ? query : Reflect.get(target, prop, target) as unknown) });
}

/** Runs `fn` if no other session holds `lock` (pg_try_advisory_lock); otherwise skips it at once and returns `{ ran: false }`. */
export function withAdvisoryLock<T>(db: Database, lock: AdvisoryLock, fn: (db: Database) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  return runLocked(db, lock, false, fn);
}

/** Runs `fn` holding `lock`, waiting (pg_advisory_lock) while another session holds it; `onWait` is told once if it has to. */
export async function withAdvisoryLockWaiting<T>(db: Database, lock: AdvisoryLock, fn: (db: Database) => Promise<T>, onWait: () => void = () => undefined): Promise<T> {
  const result = await runLocked(db, lock, onWait, fn);
  if (!result.ran) throw new Error(`advisory lock ${lock} was not taken`); // cannot happen: runLocked waited for it
  return result.value;
}
