import { count } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { createDb, type Database } from "../../db/client";
import { orgUnits } from "../../db/schema";
import { seedDemo } from "../../db/seed/seed";

/** The test database URL that tests/support/setup.ts put in the environment. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: tests/support/setup.ts should have set it from the global setup");
  return url;
}

/** A small pool of our own for assertions and fixtures; close it with `pool.end()` in afterAll. */
export function openTestDb(): { db: Database; pool: ReturnType<typeof createDb>["pool"] } {
  return createDb(testDatabaseUrl(), { max: 2 });
}

/**
 * Loads the demo data once per run: every integration file calls this, and only the first one
 * (the database starts empty) seeds. Test files run one at a time, so there is no race.
 */
export async function ensureDemoData(): Promise<void> {
  const { db, pool } = openTestDb();
  try {
    const [row] = await db.select({ n: count() }).from(orgUnits);
    if ((row?.n ?? 0) === 0) await seedDemo(db);
  } finally {
    await pool.end();
  }
}

/** Ends the app's module-level pool (lib/db.ts) so that a test file leaves no open connections. */
export async function closeAppDb(): Promise<void> {
  const holder = globalThis as unknown as { baselineDb?: { pool: { end: () => Promise<void> } } };
  const instance = holder.baselineDb;
  delete holder.baselineDb;
  await instance?.pool.end();
}

/**
 * The database set-up of an integration test file, in one call at its top level: a pool of its own
 * (`db`, `pool`), the demo data loaded before its tests (unless `demoData: false`, for the SQL-twin
 * tests that write their own rows), and afterwards both that pool and the app's closed. Call it
 * before the file's own hooks: Vitest runs "after" hooks in reverse order, so the file's clean-up
 * still has `db`.
 */
export function setUpTestDb({ demoData = true }: { demoData?: boolean } = {}): ReturnType<typeof openTestDb> {
  const test = openTestDb();
  if (demoData) beforeAll(ensureDemoData);
  afterAll(async () => {
    await test.pool.end();
    await closeAppDb();
  });
  return test;
}
