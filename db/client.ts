import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import * as schema from "./schema";

export type Database = NodePgDatabase<typeof schema>;

/**
 * A pg pool and a Drizzle instance over it. Used by the app (through lib/db.ts, one per process),
 * by scripts (migrate, seed) and by tests, each with its own connection string.
 */
export function createDb(connectionString: string, options: { max?: number } = {}) {
  const pool = new Pool({
    connectionString,
    max: options.max ?? 10,
    // Fail fast when the database is down so that pages and /api/health answer promptly.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Postgres JIT-compiles queries whose cost estimate crosses jit_above_cost; for our short dashboard
  // queries (generate_series inflates their estimates) that compilation alone cost ~50 ms a request.
  pool.on("connect", (client) => {
    client.query("set jit = off").catch(() => undefined);
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", (err) => console.error(JSON.stringify({ level: "error", msg: "pg pool error", err: err.message })));
  const db = drizzle({ client: pool, schema, casing: "snake_case" });
  return { pool, db };
}
