import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool, type PoolClient } from "pg";
import { log } from "../lib/log";
import * as schema from "./schema";

export type Database = NodePgDatabase<typeof schema>;

/** The handle a `db.transaction(async (tx) => …)` callback receives: what write functions take. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * True when the database is the embedded PGlite that `npm start` serves without a DATABASE_URL
 * (scripts/launch.ts sets BASELINE_EMBEDDED_DB=1 for itself and the Next.js server). PGlite is one
 * Postgres session: db/embedded.ts serves it to a single connection, and pg messages of two
 * connections must never interleave on it (one's Parse/Bind/Execute would meet the other's unnamed
 * statement: "bind message supplies 2 parameters, but prepared statement "" requires 1").
 */
export function embeddedDatabase(): boolean {
  return process.env.BASELINE_EMBEDDED_DB === "1";
}

/**
 * How long a query may wait for the embedded database's one connection. Requests queue for it in
 * the pool, so under a burst the last waits for all before it: a 100-request burst takes a few
 * seconds, well inside this. When PGlite is gone the connection is refused at once, not waited for.
 */
export const EMBEDDED_CONNECTION_TIMEOUT_MS = 60_000;

/**
 * A pg pool and a Drizzle instance over it. Used by the app (through lib/db.ts, one per process),
 * by scripts (migrate, seed) and by tests, each with its own connection string.
 *
 * On the embedded database (embeddedDatabase()) every pool is one connection, kept open, whatever
 * `max` says: queries queue in the pool and run one at a time, and a transaction holds the
 * connection from BEGIN to COMMIT, so nothing interleaves. Code inside a transaction must
 * therefore query through its `tx`, never through `db` (that would wait for itself).
 */
export function createDb(connectionString: string, options: { max?: number } = {}) {
  const embedded = embeddedDatabase();
  const pool = new Pool({
    connectionString,
    max: embedded ? 1 : (options.max ?? 10),
    // How long a query may wait for a connection: for a free one in the pool when all are busy, or for
    // Postgres to accept a new one. Under a burst, waiting a little longer beats failing the request;
    // when Postgres is down it refuses at once (ECONNREFUSED), and after the first failure proxy.ts
    // answers 503 without waiting (lib/db-health.ts), so this bound only matters for a silent host.
    connectionTimeoutMillis: embedded ? EMBEDDED_CONNECTION_TIMEOUT_MS : 10_000,
    // The embedded server takes one connection: keep it rather than close and reopen it.
    idleTimeoutMillis: embedded ? 0 : 30_000,
    // Postgres JIT-compiles queries whose cost estimate crosses jit_above_cost; for our short dashboard
    // queries (generate_series inflates their estimates) that compilation alone cost ~50 ms a request.
    // Set at connection start-up, so it costs no round trip (the embedded PGlite ignores it: no JIT).
    options: "-c jit=off",
  });
  // A connection lost while Postgres restarts must never crash the process. Idle clients report it
  // on the pool (which drops them); a client checked out between two queries of a transaction
  // reports it on the client itself, where an unhandled 'error' event would be fatal, so every
  // client gets a listener of its own. Dead clients are not reused (pg-pool drops a client that is
  // no longer queryable on release) and new connections are made on demand once Postgres is back.
  pool.on("connect", (client) => {
    client.on("error", (err) => log("warn", "database connection lost", { err }));
  });
  pool.on("error", () => undefined); // already logged by the client's own listener above
  return { pool, db: drizzleOn(pool) };
}

/** The app's Drizzle settings over a pool, or over one connection (db/advisory-lock.ts runs a job on the connection holding its lock). */
export function drizzleOn<TClient extends Pool | PoolClient>(client: TClient) {
  return drizzle({ client, schema, casing: "snake_case" });
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03"]);

/**
 * True when an error means Postgres could not be reached or dropped the connection (down,
 * restarting, shutting down) rather than refusing a query: the caller can say "try again shortly".
 * Looks through Drizzle's wrapper (`cause`) and at SQLSTATE class 08 (connection exception).
 */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
    if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|terminating connection/i.test(e.message)) return true;
  }
  return false;
}

/**
 * True when a write broke a unique constraint whose name contains `constraintPart` (Postgres 23505),
 * looking through Drizzle's wrapper: two people saved the same new code or reference at once.
 */
export function isUniqueViolation(err: unknown, constraintPart: string): boolean {
  const pg = (err instanceof Error && err.cause instanceof Error ? err.cause : err) as { code?: string; constraint?: string };
  return pg?.code === "23505" && (pg.constraint ?? "").includes(constraintPart);
}
