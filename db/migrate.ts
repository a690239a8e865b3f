import path from "node:path";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { withAdvisoryLockWaiting } from "./advisory-lock";
import type { Database } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * Applies the committed drizzle-kit migrations (idempotent: applied ones are skipped). Every
 * instance runs this at start, so it holds an advisory lock and a second instance WAITS for the
 * first rather than skipping: it must not serve before the schema is there. Drizzle reads which
 * migrations are applied before it starts, so without the lock two instances starting together
 * would both apply the same migration.
 */
export async function runMigrations(db: Database) {
  await withAdvisoryLockWaiting(
    db,
    "migrations",
    (locked) => migrate(locked, { migrationsFolder }),
    () => console.log("[migrations] another instance is applying the migrations: waiting for it"),
  );
}
