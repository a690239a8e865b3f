import "server-only";
import type { Pool, PoolClient } from "pg";
import { createDb, embeddedDatabase, isConnectionError, type Database } from "@/db/client";
import { noteDatabaseFailure, probeThroughPool } from "./db-health";
import { env } from "./env";

// One pool per process, kept on globalThis so that hot reload in development does not leak connections.
// The query counter lives there too: route bundles may load this module more than once.
const globalForDb = globalThis as unknown as { baselineDb?: ReturnType<typeof createDb>; baselineQueryCount?: number };

/** Benchmarks only (scripts/bench-pages.ts): BASELINE_COUNT_QUERIES=1 counts every query sent to Postgres. */
export const countingQueries = process.env.BASELINE_COUNT_QUERIES === "1";

function instance() {
  if (!globalForDb.baselineDb) {
    globalForDb.baselineDb = createDb(env().DATABASE_URL);
    reportConnectionFailures(globalForDb.baselineDb.pool);
    // The embedded database serves one connection, this pool's: the proxy's health probe uses it too.
    if (embeddedDatabase()) probeThroughPool(() => globalForDb.baselineDb?.pool);
    if (countingQueries) {
      globalForDb.baselineQueryCount = 0;
      // pool.query and transactions both end in a pooled client's query(), so counting there sees
      // every round trip exactly once (including BEGIN/COMMIT). Each new connection is wrapped once.
      globalForDb.baselineDb.pool.on("connect", (client: PoolClient) => {
        const original = client.query;
        client.query = function (this: PoolClient, ...args: unknown[]) {
          globalForDb.baselineQueryCount = (globalForDb.baselineQueryCount ?? 0) + 1;
          return Reflect.apply(original, this, args) as unknown;
        } as typeof client.query;
      });
    }
  }
  return globalForDb.baselineDb;
}

/**
 * Tells lib/db-health.ts when Postgres cannot be reached, so that proxy.ts answers 503 while it is
 * down. pg-pool's query() checks a client out through this.connect, so wrapping connect sees both
 * direct checkouts (transactions) and pooled queries; a connection lost later reports on its client.
 */
export function reportConnectionFailures(pool: Pool) {
  const connect = pool.connect.bind(pool) as (cb?: (err: Error | undefined, ...rest: unknown[]) => void) => Promise<PoolClient> | void;
  const note = (err: unknown) => {
    if (isConnectionError(err)) noteDatabaseFailure();
  };
  pool.connect = ((callback?: (err: Error | undefined, ...rest: unknown[]) => void) => {
    if (callback) {
      return connect((err, ...rest) => {
        if (err) note(err);
        callback(err, ...rest);
      });
    }
    return (connect() as Promise<PoolClient>).catch((err: unknown) => {
      note(err);
      throw err;
    });
  }) as Pool["connect"];
  pool.on("connect", (client: PoolClient) => client.on("error", note));
}

export const db: Database = new Proxy({} as Database, {
  get(_target, prop) {
    const real = instance().db;
    const value = Reflect.get(real, prop);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
export const pool = () => instance().pool;

/** Queries sent since the process started (0 unless BASELINE_COUNT_QUERIES=1). */
export function queryCount(): number {
  return globalForDb.baselineQueryCount ?? 0;
}

/** Whether this process talks to the embedded database (npm start without DATABASE_URL): one connection, shared. */
export { embeddedDatabase };
