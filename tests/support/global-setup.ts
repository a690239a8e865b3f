import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import { createTestDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One fresh migrated database for the run, dropped afterwards. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase("baseline_test");
  const { db, pool } = createDb(database.url, { max: 2 });
  await runMigrations(db);
  await pool.end();
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.drop();
  };
}
