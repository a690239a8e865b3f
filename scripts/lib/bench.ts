/**
 * What the benchmark scripts (scripts/bench-*.ts, scripts/bench.ts) share: argument parsing,
 * throwaway databases, the production server (`scripts/launch.ts start`) and its health wait,
 * signing in with next-auth, percentiles, and the `--results=<file.json>` figures that
 * `npm run bench` gathers into one table.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";

// ── Arguments ───────────────────────────────────────────────────────────────────────────────

/** The value of `--name=value`, or undefined. */
export function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** A whole number of 1 or more from `--name=<n>`, or the fallback. */
export function argNumber(name: string, fallback: number): number {
  const raw = arg(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of 1 or more`);
  return n;
}

/** Whether the bare flag `--name` was given. */
export const hasFlag = (name: string) => process.argv.includes(`--${name}`);

export const logger = (tag: string) => (msg: string) => console.log(`[${tag}] ${msg}`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a bench's main(): prints a failure as one line under its tag and sets exit code 1. */
export function run(tag: string, main: () => Promise<void>) {
  main().catch((err) => {
    console.error(`[${tag}] ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}

// ── Statistics ──────────────────────────────────────────────────────────────────────────────

/** The p-th percentile (nearest rank) of an ascending, non-empty array. */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(Math.max(rank, 0), sorted.length - 1)]!;
}

// ── Databases ───────────────────────────────────────────────────────────────────────────────

/** The Postgres server's admin URL: DATABASE_URL, or the local server. */
export const adminDatabaseUrl = () => process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The same server URL pointing at another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement (create / drop database) on its own connection. */
export async function adminQuery(adminUrl: string, text: string) {
  const c = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** Drops `name` if it exists and creates it empty. */
export async function recreateDatabase(adminUrl: string, name: string) {
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  await adminQuery(adminUrl, `create database "${name}"`);
}

/** Drops `name`; a failure is printed, not thrown (it runs in `finally`). */
export async function dropDatabase(adminUrl: string, name: string) {
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`).catch((err: unknown) =>
    console.error(`could not drop ${name}: ${err instanceof Error ? err.message : String(err)}`),
  );
}

/** Migrates an empty database and loads the demo data (db/seed). */
export async function seedDemoDatabase(databaseUrl: string) {
  // Imported here so that scripts which never seed don't load the seed modules.
  const [{ createDb }, { runMigrations }, { seedDemo }] = await Promise.all([
    import("../../db/client"),
    import("../../db/migrate"),
    import("../../db/seed/seed"),
  ]);
  const { db, pool } = createDb(databaseUrl, { max: 2 });
  try {
    await runMigrations(db);
    await seedDemo(db);
  } finally {
    await pool.end();
  }
}

/** Runs a query on its own connection and returns its rows. */
export async function queryRows<T extends object>(databaseUrl: string, text: string): Promise<T[]> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

// ── The production server ───────────────────────────────────────────────────────────────────

export interface ServerOptions {
  databaseUrl: string;
  port: number;
  /** BASELINE_COUNT_QUERIES=1: /api/internal/query-count answers (default true). */
  countQueries?: boolean;
  /** More environment for the server (e.g. a setting only a benchmark may change). */
  env?: Record<string, string>;
  /** The server's stdout: shown (default) or dropped. Errors are always shown. */
  stdout?: "inherit" | "ignore";
}

/** `scripts/launch.ts start` (builds when sources changed) in its own process group. */
export function startServer({ databaseUrl, port, countQueries = true, env = {}, stdout = "inherit" }: ServerOptions): ChildProcess {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  // Own process group, so that stopping it also stops the app server (server/main.ts) underneath.
  const server = spawn(tsx, ["scripts/launch.ts", "start"], {
    stdio: ["ignore", stdout, "inherit"],
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      ...(countQueries ? { BASELINE_COUNT_QUERIES: "1" } : {}),
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? crypto.randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
  });
  // Ctrl-C: stop the server (its own process group would outlive us) before leaving.
  process.once("SIGINT", () => void stopServer(server).finally(() => process.exit(130)));
  return server;
}

/** SIGTERM to the server's process group, SIGKILL after 10 s. */
export async function stopServer(server: ChildProcess) {
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

/**
 * Polls `url` every second until it answers 2xx. With `fatal404`, a 404 means the server is up
 * but lacks the endpoint (e.g. query counting off): that is an error at once.
 */
export async function waitForServer(server: ChildProcess, url: string, { timeoutMs = 15 * 60_000, fatal404 = false } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode}) before answering`);
    let res: Response | undefined;
    try {
      res = await fetch(url);
    } catch {
      // not up yet
    }
    if (res?.ok) return;
    if (res?.status === 404 && fatal404) throw new Error(`${new URL(url).pathname} answers 404: the server does not count queries`);
    await sleep(1_000);
  }
  throw new Error("the server did not answer in time");
}

/** The queries the server has sent to Postgres so far (BASELINE_COUNT_QUERIES=1), or null. */
export async function queryCount(base: string): Promise<number | null> {
  const res = await fetch(`${base}/api/internal/query-count`, { cache: "no-store" });
  if (!res.ok) return null;
  return ((await res.json()) as { count: number }).count;
}

// ── Signing in ──────────────────────────────────────────────────────────────────────────────

export const DEMO_PASSWORD = "baseline-demo";

/** A cookie jar just big enough for next-auth: name → value from Set-Cookie headers. */
export class Cookies {
  private jar = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
  }
  has(pattern: RegExp) {
    return [...this.jar.keys()].some((k) => pattern.test(k));
  }
  header() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  entries() {
    return [...this.jar];
  }
}

/** Signs in through next-auth's credentials callback, as the sign-in form does. */
export async function signIn(base: string, email: string, password = DEMO_PASSWORD): Promise<Cookies> {
  const cookies = new Cookies();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  cookies.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.header() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: `${base}/dashboard` }).toString(),
  });
  cookies.take(res);
  await res.text();
  if (!cookies.has(/session-token$/)) throw new Error(`signing in as ${email} failed (HTTP ${res.status})`);
  return cookies;
}

// ── Results (--results=<file.json>) ─────────────────────────────────────────────────────────

/** One figure against its target, as `npm run bench` collects them. */
export interface Figure {
  /** The bench that measured it: "pages", "entry", "reports", "js", "feedback". */
  bench: string;
  /** What was measured, e.g. "/dashboard p95". */
  measure: string;
  /** null when it could not be measured (see note); such a figure is never ok. */
  value: number | null;
  unit: string;
  /** The limit (value must be below it, at most it for counts, at least it for scores); null for a figure given for information. */
  target: number | null;
  /** The target as words, e.g. "< 250 ms", "≤ 10", "—". */
  targetText: string;
  ok: boolean;
  note?: string;
}

/** A figure with a strict upper limit ("under"). */
export function under(bench: string, measure: string, value: number, unit: string, target: number): Figure {
  return { bench, measure, value: round(value), unit, target, targetText: `< ${target} ${unit}`, ok: value < target };
}

/** A figure with an inclusive upper limit ("at most"). */
export function atMost(bench: string, measure: string, value: number, unit: string, target: number): Figure {
  return { bench, measure, value: round(value), unit, target, targetText: `≤ ${target} ${unit}`, ok: value <= target };
}

/** A figure with an inclusive lower limit ("at least"), e.g. a Lighthouse score. */
export function atLeast(bench: string, measure: string, value: number, unit: string, target: number): Figure {
  return { bench, measure, value: round(value), unit, target, targetText: `≥ ${target}${unit ? ` ${unit}` : ""}`, ok: value >= target };
}

/** A figure given for information only: it never misses, but it must have been measured (else `unmeasured`). */
export function info(bench: string, measure: string, value: number, unit: string, note?: string): Figure {
  return { bench, measure, value: round(value), unit, target: null, targetText: "—", ok: true, ...(note ? { note } : {}) };
}

/**
 * A figure that could not be measured (a page that answers 404, a counter that does not answer, a
 * benchmark that wrote nothing). Always a failure: a missing measurement must never read as a met target.
 */
export function unmeasured(bench: string, measure: string, unit: string, targetText: string, note: string): Figure {
  return { bench, measure, value: null, unit, target: null, targetText, ok: false, note };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Measures each item in turn (never in parallel: they would slow each other), gathering rows and figures. */
export async function measureEach<T, R>(items: T[], one: (item: T) => Promise<{ row: R; missed: boolean; figures: Figure[] }>) {
  const rows: R[] = [];
  const figures: Figure[] = [];
  let missed = false;
  for (const item of items) {
    const result = await one(item);
    rows.push(result.row);
    figures.push(...result.figures);
    missed ||= result.missed;
  }
  return { rows, figures, missed };
}

/** Writes the figures to the file given as `--results=<file.json>`, if one was given. */
export function writeResults(figures: Figure[]) {
  const file = arg("results");
  if (!file) return;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}
