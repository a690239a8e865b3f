/**
 * npm run db:export [-- --out=<dir>] — writes all the data of DATABASE_URL (or the embedded database
 * in .data/, when the app is not running) into a folder: one CSV per table and manifest.json (tables
 * in restore order, row counts, column types, migration level, SHA-256 of each file).
 * Default folder: backups/<timestamp>. Restore with npm run db:import -- --in=<dir>.
 */
import path from "node:path";
import { exportDatabase } from "../db/backup";
import { startEmbeddedPostgres } from "../db/embedded";

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main() {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const out = path.resolve(arg("out") ?? path.join("backups", stamp));
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ port: 0 });
  try {
    const manifest = await exportDatabase(process.env.DATABASE_URL ?? embedded!.url, out);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`Exported ${manifest.tables.length} tables (${rows} rows, migration ${manifest.migration.count}) to ${out}`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((err) => {
  console.error(`db:export failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
