/**
 * npm run bench:pages — times the main signed-in pages of the production build against a large
 * organisation (scripts/generate-large.ts) and counts the queries each one sends to Postgres.
 *
 * Targets: p95 under 250 ms for /dashboard and under 150 ms for the others; at most 10 queries a page.
 *
 *   DATABASE_URL=… npm run bench:pages                 a database already filled by db:generate-large
 *   npm run bench:pages -- --generate                  creates baseline_large on the Postgres server at
 *                                                      DATABASE_URL (default 127.0.0.1:5432), fills it,
 *                                                      and drops it at the end
 *   --n=<requests>  timed requests per page (default 60, after 5 warm-ups)
 *
 * The server is `scripts/launch.ts start` (builds when sources changed) on port 3900 with
 * BASELINE_COUNT_QUERIES=1; each page's query count is read from /api/internal/query-count before
 * and after one request. A page that answers 404 (not built yet) is reported as not available.
 * Exit code 1 when an available page misses a target.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { format, startOfMonth, subMonths } from "date-fns";
import { Client } from "pg";

const PORT = 3900;
const BASE = `http://localhost:${PORT}`;
const WARM_UPS = 5;
const MAX_QUERIES = 10;
const PASSWORD = "baseline-demo";
const GENERATED_DB = "baseline_large";

function argNumber(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = arg ? Number(arg.slice(name.length + 3)) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of 1 or more`);
  return n;
}

const log = (msg: string) => console.log(`[bench:pages] ${msg}`);
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

/** The pages to time, for the first department's SLT member. */
async function fixture(databaseUrl: string) {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ slug: string; email: string; measure_id: number }>(`
      select d.slug, u.email,
        (select m.id from measures m join org_units un on un.id = m.unit_id
          where un.parent_id = d.id and m.frequency = 'monthly' order by m.id limit 1) as measure_id
      from org_units d join users u on u.unit_id = d.id and u.role = 'SLT' and u.active
      where d.kind = 'department' order by d.sort_order, d.id limit 1`);
    const row = rows[0];
    if (!row) throw new Error("No department with an SLT account: fill the database with `npm run db:generate-large` first");
    const month = format(subMonths(startOfMonth(new Date()), 1), "yyyy-MM"); // the last completed month
    return {
      email: row.email,
      pages: [
        { path: "/dashboard", targetMs: 250 },
        { path: `/departments/${row.slug}`, targetMs: 150 },
        { path: `/measures/${row.measure_id}`, targetMs: 150 },
        { path: `/reviews/${row.slug}/${month}`, targetMs: 150 },
      ],
    };
  } finally {
    await c.end();
  }
}

function startServer(databaseUrl: string): ChildProcess {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  // Own process group, so that stopping it also stops `next start` underneath.
  return spawn(tsx, ["scripts/launch.ts", "start"], {
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      BASELINE_COUNT_QUERIES: "1",
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? crypto.randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: BASE,
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

async function waitForServer(server: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode}) before answering`);
    try {
      const res = await fetch(`${BASE}/api/internal/query-count`);
      if (res.ok) return;
      if (res.status === 404) throw new Error("/api/internal/query-count answers 404: the server does not count queries");
    } catch (err) {
      if (err instanceof Error && err.message.includes("404")) throw err;
    }
    await sleep(1_000);
  }
  throw new Error("the server did not answer in time");
}

/** A cookie jar just big enough for next-auth: name → value from Set-Cookie headers. */
class Cookies {
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
}

async function signIn(email: string): Promise<Cookies> {
  const cookies = new Cookies();
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  cookies.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.header() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true", callbackUrl: `${BASE}/dashboard` }).toString(),
  });
  cookies.take(res);
  await res.text();
  if (!cookies.has(/session-token$/)) throw new Error(`signing in as ${email} failed (HTTP ${res.status})`);
  return cookies;
}

async function queryCount(): Promise<number> {
  const res = await fetch(`${BASE}/api/internal/query-count`, { cache: "no-store" });
  return ((await res.json()) as { count: number }).count;
}

async function timedGet(url: string, cookies: Cookies): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { redirect: "manual", headers: { Cookie: cookies.header() } });
  await res.arrayBuffer(); // the whole page, streamed parts included
  return { status: res.status, ms: performance.now() - started };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Row {
  page: string;
  status: string;
  queries: string;
  p50: string;
  p95: string;
  max: string;
  target: string;
  verdict: string;
}

async function benchPage(page: { path: string; targetMs: number }, cookies: Cookies, n: number): Promise<{ row: Row; missed: boolean }> {
  const blank = { queries: "–", p50: "–", p95: "–", max: "–", target: `p95 < ${page.targetMs} ms, ≤ ${MAX_QUERIES} queries` };
  const before = await queryCount();
  const first = await timedGet(`${BASE}${page.path}`, cookies);
  const queries = (await queryCount()) - before;
  if (first.status === 404) return { row: { page: page.path, status: "404", ...blank, verdict: "not available" }, missed: false };
  if (first.status !== 200) return { row: { page: page.path, status: String(first.status), ...blank, verdict: `FAILED (HTTP ${first.status})` }, missed: true };
  for (let i = 0; i < WARM_UPS; i++) await timedGet(`${BASE}${page.path}`, cookies);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await timedGet(`${BASE}${page.path}`, cookies);
    if (r.status !== 200) throw new Error(`${page.path} answered ${r.status} on request ${i + 1}`);
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  const problems = [p95 >= page.targetMs ? "slow" : "", queries > MAX_QUERIES ? "too many queries" : ""].filter(Boolean);
  return {
    row: {
      page: page.path,
      status: "200",
      queries: String(queries),
      p50: `${percentile(times, 50).toFixed(1)} ms`,
      p95: `${p95.toFixed(1)} ms`,
      max: `${times[times.length - 1]!.toFixed(1)} ms`,
      target: blank.target,
      verdict: problems.length ? `MISSED (${problems.join(", ")})` : "ok",
    },
    missed: problems.length > 0,
  };
}

async function main() {
  const n = argNumber("n", 60);
  const generate = process.argv.includes("--generate");
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  let databaseUrl = process.env.DATABASE_URL;
  let server: ChildProcess | undefined;
  try {
    if (generate) {
      databaseUrl = withDatabase(adminUrl, GENERATED_DB);
      await adminQuery(adminUrl, `drop database if exists "${GENERATED_DB}" with (force)`);
      await adminQuery(adminUrl, `create database "${GENERATED_DB}"`);
      log(`generating the large data set into ${GENERATED_DB}…`);
      const gen = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/generate-large.ts"], {
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: databaseUrl },
      });
      if (gen.status !== 0) throw new Error("generate-large failed");
    }
    if (!databaseUrl) throw new Error("Set DATABASE_URL to a database filled by `npm run db:generate-large`, or pass --generate");

    const { email, pages } = await fixture(databaseUrl);
    log("starting the production server on port 3900 (building first if sources changed)…");
    server = startServer(databaseUrl);
    // Ctrl-C: stop the server (its own process group would outlive us) before leaving.
    const running = server;
    process.once("SIGINT", () => void stopServer(running).finally(() => process.exit(130)));
    await waitForServer(server, 15 * 60_000);
    const cookies = await signIn(email);
    log(`signed in as ${email}; ${n} timed requests a page after ${WARM_UPS} warm-ups`);

    const rows: Row[] = [];
    let missed = false;
    for (const page of pages) {
      const result = await benchPage(page, cookies, n);
      rows.push(result.row);
      missed ||= result.missed;
    }
    console.table(rows);
    if (missed) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server);
    if (generate) {
      await adminQuery(adminUrl, `drop database if exists "${GENERATED_DB}" with (force)`).catch((err: unknown) =>
        console.error(`could not drop ${GENERATED_DB}: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
  }
}

main().catch((err) => {
  console.error(`[bench:pages] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
