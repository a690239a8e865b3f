import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { startEmbeddedPostgres } from "../../db/embedded";

/**
 * A fresh, empty database for one test run: on the Postgres server at DATABASE_URL or
 * 127.0.0.1:5432 when one answers. By hand, without a server, it falls back to an in-memory
 * embedded PGlite (with a loud warning: one session, so the concurrency tests prove nothing there).
 * Under CI (env CI set) there is no fallback: an unreachable server fails the run.
 */
export async function createTestDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (err) {
    const host = new URL(adminUrl).host;
    const reason = err instanceof Error ? err.message : String(err);
    if (process.env.CI) {
      throw new Error(`[tests] CI: no Postgres server at ${host} (${reason}). CI must test against Postgres, not the embedded PGlite fallback: start the server (.ci/run does) or set DATABASE_URL.`);
    }
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 });
    console.warn(fallbackWarning(host, reason));
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

/** A banner, not a line: it must not scroll past unnoticed. */
function fallbackWarning(host: string, reason: string): string {
  const rule = "!".repeat(100);
  return [
    "",
    rule,
    `!! [tests] NO POSTGRES SERVER at ${host} (${reason})`,
    "!! Testing against the embedded PGlite instead: ONE session, so the concurrency tests (many",
    "!! requests at once, locks, lost updates) prove NOTHING in this run. Start Postgres or set",
    "!! DATABASE_URL for a real run. (Under CI, env CI set, this is an error, not a fallback.)",
    rule,
    "",
  ].join("\n");
}
