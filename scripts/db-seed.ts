/**
 * npm run db:seed — loads the demo data into DATABASE_URL (or the embedded database in .data/).
 * Refuses a database that already has data unless --reset is given, which drops and recreates
 * every table first.
 */
import { sql } from "drizzle-orm";
import { createDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../db/seed/seed";

async function main() {
  const reset = process.argv.includes("--reset");
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ port: 0 });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const { db, pool } = createDb(url, { max: 2 });
  try {
    if (reset) {
      await db.execute(sql`drop schema if exists public cascade`);
      await db.execute(sql`drop schema if exists drizzle cascade`);
      await db.execute(sql`create schema public`);
    }
    await runMigrations(db);
    const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from org_units");
    if ((rows[0]?.n ?? 0) > 0) {
      console.error("The database already has data. Run `npm run db:seed -- --reset` to replace it with the demo data.");
      process.exitCode = 1;
      return;
    }
    await seedDemo(db);
    console.log("Demo data loaded.");
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
