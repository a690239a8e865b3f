import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { startEmbeddedPostgres } from "../../db/embedded";

/**
 * A fresh, empty database for one test run: on the Postgres server at DATABASE_URL or
 * 127.0.0.1:5432 when one answers, otherwise on an in-memory embedded PGlite.
 */
export async function createTestDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch {
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 });
    console.warn(`[tests] no Postgres server at ${new URL(adminUrl).host}; using embedded PGlite`);
    return { url: embedded.url, drop: embedded.stop };
  }
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}
