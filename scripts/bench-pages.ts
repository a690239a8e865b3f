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
 *   --port=<port>   port of the server (default 3900)
 *   --results=<file.json>  also writes the figures there (see scripts/lib/bench.ts, Figure)
 *
 * The server is `scripts/launch.ts start` (builds when sources changed) on port 3900 with
 * BASELINE_COUNT_QUERIES=1; each page's query count is read from /api/internal/query-count before
 * and after one request. Exit code 1 when a page misses a target, or cannot be measured: a page
 * that does not answer 200 (404 included), or whose queries the counter did not report.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { format, startOfMonth, subMonths } from "date-fns";
import { Client } from "pg";
import {
  adminDatabaseUrl,
  argNumber,
  atMost,
  dropDatabase,
  hasFlag,
  logger,
  measureEach,
  percentile,
  queryCount as readQueryCount,
  recreateDatabase,
  run,
  signIn as signInAt,
  startServer,
  stopServer,
  under,
  unmeasured,
  waitForServer,
  withDatabase,
  writeResults,
  type Cookies,
  type Figure,
} from "./lib/bench";

const PORT = argNumber("port", 3900);
const BASE = `http://localhost:${PORT}`;
const WARM_UPS = 5;
const MAX_QUERIES = 10;
const GENERATED_DB = "baseline_large";

const log = logger("bench:pages");

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
        { path: `/departments/${row.slug}/resources?month=${month}`, targetMs: 150 },
        { path: `/departments/${row.slug}/people?month=${month}`, targetMs: 150 },
      ],
    };
  } finally {
    await c.end();
  }
}

const signIn = (email: string) => signInAt(BASE, email);

async function timedGet(url: string, cookies: Cookies): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { redirect: "manual", headers: { Cookie: cookies.header() } });
  await res.arrayBuffer(); // the whole page, streamed parts included
  return { status: res.status, ms: performance.now() - started };
}

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

async function benchPage(page: { path: string; targetMs: number }, cookies: Cookies, n: number): Promise<{ row: Row; missed: boolean; figures: Figure[] }> {
  const blank = { queries: "–", p50: "–", p95: "–", max: "–", target: `p95 < ${page.targetMs} ms, ≤ ${MAX_QUERIES} queries` };
  const before = await readQueryCount(BASE);
  const first = await timedGet(`${BASE}${page.path}`, cookies);
  const after = await readQueryCount(BASE);
  // A counter that does not answer is a missing measurement, not zero queries.
  const queries = before === null || after === null ? null : after - before;
  const queriesTarget = `≤ ${MAX_QUERIES} queries`;
  // Any answer but a 200 (a 404 included) leaves the page unmeasured: a failure.
  if (first.status !== 200) {
    const note = `HTTP ${first.status}`;
    return {
      row: { page: page.path, status: String(first.status), ...blank, verdict: `FAILED (${note})` },
      missed: true,
      figures: [unmeasured("pages", `${page.path} p95`, "ms", `< ${page.targetMs} ms`, note), unmeasured("pages", `${page.path} queries`, "queries", queriesTarget, note)],
    };
  }
  for (let i = 0; i < WARM_UPS; i++) await timedGet(`${BASE}${page.path}`, cookies);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await timedGet(`${BASE}${page.path}`, cookies);
    if (r.status !== 200) throw new Error(`${page.path} answered ${r.status} on request ${i + 1}`);
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  const problems = [p95 >= page.targetMs ? "slow" : "", queries === null ? "queries not counted" : queries > MAX_QUERIES ? "too many queries" : ""].filter(Boolean);
  return {
    row: {
      page: page.path,
      status: "200",
      queries: queries === null ? "?" : String(queries),
      p50: `${percentile(times, 50).toFixed(1)} ms`,
      p95: `${p95.toFixed(1)} ms`,
      max: `${times[times.length - 1]!.toFixed(1)} ms`,
      target: blank.target,
      verdict: problems.length ? `MISSED (${problems.join(", ")})` : "ok",
    },
    missed: problems.length > 0,
    figures: [
      under("pages", `${page.path} p95`, p95, "ms", page.targetMs),
      queries === null
        ? unmeasured("pages", `${page.path} queries`, "queries", queriesTarget, "the query counter (/api/internal/query-count) did not answer")
        : atMost("pages", `${page.path} queries`, queries, "queries", MAX_QUERIES),
    ],
  };
}

async function main() {
  const n = argNumber("n", 60);
  const generate = hasFlag("generate");
  const adminUrl = adminDatabaseUrl();
  let databaseUrl = process.env.DATABASE_URL;
  let server: ReturnType<typeof startServer> | undefined;
  try {
    if (generate) {
      databaseUrl = withDatabase(adminUrl, GENERATED_DB);
      await recreateDatabase(adminUrl, GENERATED_DB);
      log(`generating the large data set into ${GENERATED_DB}…`);
      const gen = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/generate-large.ts"], {
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: databaseUrl },
      });
      if (gen.status !== 0) throw new Error("generate-large failed");
    }
    if (!databaseUrl) throw new Error("Set DATABASE_URL to a database filled by `npm run db:generate-large`, or pass --generate");

    const { email, pages } = await fixture(databaseUrl);
    log(`starting the production server on port ${PORT} (building first if sources changed)…`);
    server = startServer({ databaseUrl, port: PORT });
    await waitForServer(server, `${BASE}/api/internal/query-count`, { fatal404: true });
    const cookies = await signIn(email);
    log(`signed in as ${email}; ${n} timed requests a page after ${WARM_UPS} warm-ups`);

    const { rows, figures, missed } = await measureEach(pages, (page) => benchPage(page, cookies, n));
    console.table(rows);
    writeResults(figures);
    if (missed) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server);
    if (generate) await dropDatabase(adminUrl, GENERATED_DB);
  }
}

run("bench:pages", main);
