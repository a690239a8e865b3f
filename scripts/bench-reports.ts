/**
 * npm run bench:reports — times the public quarterly report pages of the production build, as an
 * anonymous visitor: a department's published report page, its CSV and its JSON, and the
 * cross-government report. Published reports are read from a cache that only publishing clears,
 * so these should be served fast.
 *
 * Target: p95 under 50 ms for the report page, its CSV and its JSON. Exit code 1 when one misses it.
 *
 *   npm run bench:reports                       creates baseline_bench_reports on the Postgres server at
 *                                               DATABASE_URL (default 127.0.0.1:5432), migrates and seeds
 *                                               it with the demo data, and drops it at the end
 *   npm run bench:reports -- --database=<url>   a database already seeded with the demo data
 *   --n=<requests>  timed requests per URL (default 100, after 10 warm-ups)
 *   --port=<port>   port of the server (default 3902)
 *
 * The server is `scripts/launch.ts start` (builds when sources changed) with BASELINE_COUNT_QUERIES=1:
 * the queries a warm request sends to Postgres are counted too (0 when served from the cache).
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../db/seed/seed";

const BENCH_DB = "baseline_bench_reports";
const WARM_UPS = 10;
const TARGET_MS = 50;

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
function argNumber(name: string, fallback: number): number {
  const raw = arg(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of 1 or more`);
  return n;
}

const log = (msg: string) => console.log(`[bench:reports] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, text: string) {
  const c = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** The newest published report of the first department, from the database. */
async function fixture(databaseUrl: string): Promise<{ slug: string; quarter: string }> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ slug: string; year: number; quarter: number }>(`
      select d.slug, r.year, r.quarter from reports r
      join org_units d on d.id = r.department_id
      where exists (select 1 from report_revisions rr where rr.report_id = r.id)
      order by d.sort_order, r.year desc, r.quarter desc limit 1`);
    const row = rows[0];
    if (!row) throw new Error("No published report in the database: seed it with the demo data first");
    return { slug: row.slug, quarter: `${row.year}-q${row.quarter}` };
  } finally {
    await c.end();
  }
}

function startServer(databaseUrl: string, port: number): ChildProcess {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  // Own process group, so that stopping it also stops `next start` underneath.
  return spawn(tsx, ["scripts/launch.ts", "start"], {
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      BASELINE_COUNT_QUERIES: "1",
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? crypto.randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
}

async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise((r) => server.once("exit", r));
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    return;
  }
  await Promise.race([exited, sleep(10_000)]);
  if (server.exitCode === null) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function waitForServer(server: ChildProcess, base: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode}) before answering`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(1_000);
  }
  throw new Error("the server did not answer in time");
}

async function timedGet(url: string): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  // Compressed, as a browser asks for it.
  const res = await fetch(url, { redirect: "manual", headers: { "Accept-Encoding": "gzip" } });
  const body = await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started, bytes: body.byteLength };
}

async function queryCount(base: string): Promise<number | null> {
  const res = await fetch(`${base}/api/internal/query-count`, { cache: "no-store" });
  if (!res.ok) return null;
  return ((await res.json()) as { count: number }).count;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Row {
  url: string;
  status: string;
  "warm queries": string;
  "body size": string;
  p50: string;
  p95: string;
  max: string;
  target: string;
  verdict: string;
}

async function bench(base: string, page: { path: string; target: boolean }, n: number): Promise<{ row: Row; missed: boolean }> {
  const target = page.target ? `p95 < ${TARGET_MS} ms` : "(for information)";
  for (let i = 0; i < WARM_UPS; i++) {
    const r = await timedGet(`${base}${page.path}`);
    if (r.status !== 200) {
      return { row: { url: page.path, status: String(r.status), "warm queries": "–", "body size": "–", p50: "–", p95: "–", max: "–", target, verdict: `FAILED (HTTP ${r.status})` }, missed: true };
    }
  }
  const before = await queryCount(base);
  const probe = await timedGet(`${base}${page.path}`);
  const after = await queryCount(base);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await timedGet(`${base}${page.path}`);
    if (r.status !== 200) throw new Error(`${page.path} answered ${r.status} on request ${i + 1}`);
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  const missed = page.target && p95 >= TARGET_MS;
  return {
    row: {
      url: page.path,
      status: "200",
      "warm queries": before === null || after === null ? "?" : String(after - before),
      "body size": `${(probe.bytes / 1024).toFixed(1)} KiB`,
      p50: `${percentile(times, 50).toFixed(1)} ms`,
      p95: `${p95.toFixed(1)} ms`,
      max: `${times[times.length - 1]!.toFixed(1)} ms`,
      target,
      verdict: missed ? "MISSED" : "ok",
    },
    missed,
  };
}

async function main() {
  const n = argNumber("n", 100);
  const port = argNumber("port", 3902);
  const base = `http://localhost:${port}`;
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const given = arg("database");
  const databaseUrl = given ?? withDatabase(adminUrl, BENCH_DB);
  let server: ChildProcess | undefined;
  try {
    if (!given) {
      await adminQuery(adminUrl, `drop database if exists "${BENCH_DB}" with (force)`);
      await adminQuery(adminUrl, `create database "${BENCH_DB}"`);
      log(`migrating and seeding ${BENCH_DB} with the demo data…`);
      const { db, pool } = createDb(databaseUrl, { max: 2 });
      await runMigrations(db);
      await seedDemo(db);
      await pool.end();
    }
    const { slug, quarter } = await fixture(databaseUrl);
    log(`starting the production server on port ${port} (building first if sources changed)…`);
    server = startServer(databaseUrl, port);
    const running = server;
    process.once("SIGINT", () => void stopServer(running).finally(() => process.exit(130)));
    await waitForServer(server, base, 15 * 60_000);
    log(`${n} timed requests a URL after ${WARM_UPS} warm-ups, anonymous, gzip`);

    const pages = [
      { path: `/reports/${slug}/${quarter}`, target: true },
      { path: `/reports/${slug}/${quarter}/data.csv`, target: true },
      { path: `/reports/${slug}/${quarter}/data.json`, target: true },
      { path: `/reports/${slug}/${quarter}/revisions/1`, target: false },
      { path: `/reports/government/${quarter}`, target: false },
      { path: "/reports", target: false },
    ];
    const rows: Row[] = [];
    let missed = false;
    for (const page of pages) {
      const result = await bench(base, page, n);
      rows.push(result.row);
      missed ||= result.missed;
    }
    console.table(rows);
    if (missed) {
      log(`a target was missed (p95 must be under ${TARGET_MS} ms)`);
      process.exitCode = 1;
    }
  } finally {
    if (server) await stopServer(server);
    if (!given) {
      await adminQuery(adminUrl, `drop database if exists "${BENCH_DB}" with (force)`).catch((err: unknown) =>
        console.error(`could not drop ${BENCH_DB}: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
  }
}

main().catch((err) => {
  console.error(`[bench:reports] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
