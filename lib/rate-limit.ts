import "server-only";
import { createHash } from "node:crypto";
import type { QueryConfig, QueryResult } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pool as appPool } from "@/lib/db";

/**
 * Rate limits shared by every instance of the app: rate-limiter-flexible's Postgres store, in the
 * table `rate_limits` that migration 0008 creates (db/schema/rate-limits.ts), so the limiter never
 * runs DDL itself (`tableCreated: true`). Each consume is one atomic upsert
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING points), so parallel requests, on one instance or
 * many, can never take more points than the limit between them.
 */
export const RATE_LIMIT_TABLE = "rate_limits";

/** Where the limiter's queries go: a pg Pool, or anything with its query(). */
export interface LimiterStore {
  query(config: QueryConfig): Promise<QueryResult>;
}

/**
 * The app's own pool (lib/db.ts), looked up on every query rather than captured: no pool of the
 * limiter's own, so on the embedded database (one connection, shared: db/client.ts) its queries
 * queue with the rest instead of waiting for a second connection PGlite would never serve. A
 * limiter's query is never sent from inside a transaction, so it cannot wait for itself.
 */
export const appLimiterStore: LimiterStore = { query: (config) => appPool().query(config) };

/**
 * Sends the limiter's statements unnamed. rate-limiter-flexible names its prepared statements;
 * a named statement lives as long as the server session, and the embedded PGlite's one session
 * outlives the connection that prepared it (a reconnect would fail with "prepared statement
 * already exists"), as does a PgBouncer server connection in transaction mode.
 */
function unnamed(store: LimiterStore): LimiterStore {
  return { query: ({ text, values }) => store.query({ text, values }) };
}

export interface LimiterOptions {
  /** Names the limit: keys are stored as `<keyPrefix>:<key>`. */
  keyPrefix: string;
  /** How many points a key may take per window; at least 1 (a limit cannot be switched off). */
  points: number;
  /** The window, in seconds, from a key's first point. */
  duration: number;
}

/** The `key` column's width (varchar(255), as rate-limiter-flexible creates it). */
const KEY_WIDTH = 255;

/**
 * Keys come from the request (an email of up to 254 characters, the first X-Forwarded-For entry,
 * any length): one too long for the column would make the upsert fail, so it is stored as its
 * SHA-256 instead. Still one key per value, so the limit holds.
 */
class PostgresLimiter extends RateLimiterPostgres {
  override getKey(key: string | number): string {
    const full = super.getKey(key);
    return full.length <= KEY_WIDTH ? full : super.getKey(`sha256:${createHash("sha256").update(String(key)).digest("hex")}`);
  }
}

/** A limiter on the shared store; `store` defaults to the app's pool (tests pass pools of their own). */
export function postgresLimiter({ keyPrefix, points, duration }: LimiterOptions, store: LimiterStore = appLimiterStore): RateLimiterPostgres {
  if (!Number.isInteger(points) || points < 1) throw new Error(`rate limit ${keyPrefix}: points must be a whole number, 1 or more (got ${points})`);
  if (!Number.isInteger(duration) || duration < 1) throw new Error(`rate limit ${keyPrefix}: duration must be a whole number of seconds, 1 or more (got ${duration})`);
  return new PostgresLimiter({
    keyPrefix,
    points,
    duration,
    storeClient: unnamed(store),
    storeType: "pool",
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
  });
}

/**
 * Takes `points` from `key`'s allowance: ok, or refused with the seconds until the window ends.
 * A store failure (Postgres down) throws: a limit that cannot be checked refuses rather than lets through.
 */
export async function take(limiter: RateLimiterPostgres, key: string, points = 1): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  try {
    await limiter.consume(key, points);
    return { ok: true };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    throw err;
  }
}
