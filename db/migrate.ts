import path from "node:path";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { Database } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Applies the committed drizzle-kit migrations (idempotent: applied ones are skipped). */
export async function runMigrations(db: Database) {
  await migrate(db, { migrationsFolder });
}
