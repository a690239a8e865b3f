/**
 * npm run db:import -- --in=<dir> — restores a folder written by db:export into DATABASE_URL (or the
 * embedded database in .data/, when the app is not running). The database must hold no rows: a
 * blank one is migrated first, and its migration level must be the backup's. Checksums are checked
 * before anything is written; the restore is one transaction, so on any problem nothing changes.
 */
import path from "node:path";
import { importDatabase } from "../db/backup";
import { startEmbeddedPostgres } from "../db/embedded";

async function main() {
  const dir = process.argv.find((a) => a.startsWith("--in="))?.slice(5);
  if (!dir) throw new Error("say which backup to restore: npm run db:import -- --in=backups/<timestamp>");
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ port: 0 });
  try {
    const outcome = await importDatabase(process.env.DATABASE_URL ?? embedded!.url, path.resolve(dir));
    const rows = outcome.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`Restored ${outcome.tables.length} tables (${rows} rows) from ${dir}`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((err) => {
  console.error(`db:import failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
