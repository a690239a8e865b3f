/**
 * The server behind the Playwright run: a fresh database (dropped on exit), migrated and seeded
 * with the demo data, and the production build of the app (rebuilt when sources changed).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../db/seed/seed";
import { createTestDatabase } from "../tests/support/test-database";

async function main() {
  const port = process.env.E2E_PORT ?? "3210";
  const database = await createTestDatabase("baseline_e2e");
  const { db, pool } = createDb(database.url, { max: 2 });
  await runMigrations(db);
  await seedDemo(db);
  await pool.end();

  const child = spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/launch.ts", "start"], {
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: port,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      BASELINE_SHOW_DEMO_ACCOUNTS: "1",
    },
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1_500));
    await database.drop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 1));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
