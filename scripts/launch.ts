/**
 * The run command. Uses DATABASE_URL when set; otherwise starts the embedded Postgres (PGlite,
 * data in .data/) and seeds it with the demo data on first start. Applies migrations, then runs
 * the app's server (server/main.ts: Next.js behind the edge rules, on HOSTNAME:PORT, loopback by
 * default): `launch.ts start` (production build, built when sources changed) or `launch.ts dev`.
 * Without NEXTAUTH_SECRET or NEXT_SERVER_ACTIONS_ENCRYPTION_KEY it makes local ones, once, in .data/.
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../db/seed/seed";

const mode = process.argv[2] === "dev" ? "dev" : "start";
const root = process.cwd();
const dataDir = path.join(root, ".data");
const nextBin = path.join(root, "node_modules", ".bin", "next");
const tsxBin = path.join(root, "node_modules", ".bin", "tsx");

function log(msg: string) {
  console.log(`[baseline] ${msg}`);
}

/** A random local secret, made once and kept in .data/<name> (gitignored) so that restarts keep it. */
function localSecret(name: string, encoding: "base64url" | "base64"): string {
  const file = path.join(dataDir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString(encoding), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * The key Next.js encrypts server actions' bound values with (an AES key, base64 of 16, 24 or 32
 * bytes). Unset, each build makes its own, so a form rendered before a rebuild would fail after
 * it; the local one in .data keeps forms working across restarts and rebuilds. Several instances
 * must share one key (docs/deployment.md): a deployment sets it.
 */
function serverActionsKey(): string {
  const given = process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY;
  if (!given) return localSecret("server-actions-key", "base64");
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(given) ? Buffer.from(given, "base64").length : 0;
  if (![16, 24, 32].includes(bytes)) throw new Error("NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be base64 of 16, 24 or 32 bytes (openssl rand -base64 32)");
  return given;
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  if (fs.statSync(dir).isFile()) return fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "db", "public", "proxy.ts"].map((d) => newestMtime(path.join(root, d)));
  const configs = ["package.json", "next.config.ts", "postcss.config.mjs"].map((f) =>
    fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0,
  );
  return Math.max(...sources, ...configs) > built;
}

async function main() {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  const embedded = !databaseUrl;
  // Tells every pool on the embedded database, here and in the Next.js server, to be one connection
  // (db/client.ts): PGlite is one session and serves one connection at a time (db/embedded.ts).
  if (embedded) process.env.BASELINE_EMBEDDED_DB = "1";
  else delete process.env.BASELINE_EMBEDDED_DB;
  if (embedded) {
    // It accepts any password (db/embedded.ts), so it listens where only this user can reach it: a
    // Unix socket in .data/ (0700), or, where there can be none, a free port on loopback.
    // EMBEDDED_PG_PORT asks for TCP on that port of 127.0.0.1 instead (to connect a desktop client).
    const port = process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : 0;
    const server = await startEmbeddedPostgres(process.env.EMBEDDED_PG_PORT ? { port } : { port, socketDir: path.join(dataDir, "pglite-socket") });
    databaseUrl = server.url;
    stopEmbedded = server.stop;
    log(`embedded Postgres (PGlite) on ${server.listening}, data in .data/pglite`);
  }

  const { db, pool } = createDb(databaseUrl!, { max: 2 });
  await runMigrations(db);
  log("migrations applied");
  if (embedded) {
    const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from org_units");
    if (rows[0]?.n === 0) {
      log("empty database: loading the demo data");
      await seedDemo(db);
    }
  }
  await db.execute(sql`select 1`);
  // Closed before Next.js starts: on the embedded database its pool's connection is the only one.
  await pool.end();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // No network on the build machines: Next.js must not try to send telemetry.
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? localSecret("auth-secret", "base64url"),
    // Read by `next build` and by the server: the same key for both, and across restarts.
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: serverActionsKey(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    // The demo database's accounts are listed on the sign-in page; a real deployment never shows them.
    BASELINE_SHOW_DEMO_ACCOUNTS: process.env.BASELINE_SHOW_DEMO_ACCOUNTS ?? (embedded ? "1" : "0"),
  };

  if (mode === "start" && (process.env.SKIP_BUILD !== "1" && buildIsStale())) {
    log("building the production bundle (next build)…");
    const build = spawnSync(nextBin, ["build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
    if (build.status !== 0) throw new Error("next build failed");
  }

  // Not `next start`: server/main.ts puts the client-address, URL-length and HSTS rules in front of Next.
  const child = spawn(tsxBin, [path.join(root, "server", "main.ts"), mode], { stdio: "inherit", env });
  const shutdown = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  child.on("exit", async (code) => {
    if (stopEmbedded) await stopEmbedded();
    process.exit(code ?? 0);
  });
}

main().catch((err) => {
  console.error(`[baseline] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
