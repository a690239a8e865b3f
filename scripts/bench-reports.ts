/**
 * npm run bench:reports — times the public quarterly report pages of the production build, as an
 * anonymous visitor: a department's published report page, its CSV and its JSON, and the
 * cross-government report. They are rendered per request: one small query says which revision is
 * current, and its frozen content comes from memory by revision id (lib/reports/published.ts), so
 * these should be served fast on every instance.
 *
 * Target: p95 under 50 ms for the report page, its CSV and its JSON. Exit code 1 when one misses it
 * or cannot be measured (an answer other than 200, or queries the counter did not report).
 *
 *   npm run bench:reports                       creates baseline_bench_reports on the Postgres server at
 *                                               DATABASE_URL (default 127.0.0.1:5432), migrates and seeds
 *                                               it with the demo data, and drops it at the end
 *   npm run bench:reports -- --database=<url>   a database already seeded with the demo data
 *   --n=<requests>  timed requests per URL (default 100, after 10 warm-ups)
 *   --port=<port>   port of the server (default 3902)
 *   --results=<file.json>  also writes the figures there (see scripts/lib/bench.ts, Figure)
 *
 * The server is `scripts/launch.ts start` (builds when sources changed) with BASELINE_COUNT_QUERIES=1:
 * the queries a warm request sends to Postgres are counted too (1 when the content is in memory).
 */
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import {
  adminDatabaseUrl,
  arg,
  argNumber,
  dropDatabase,
  info,
  logger,
  measureEach,
  percentile,
  queryCount,
  recreateDatabase,
  run,
  seedDemoDatabase,
  startServer,
  stopServer,
  under,
  unmeasured,
  waitForServer,
  withDatabase,
  writeResults,
  type Figure,
} from "./lib/bench";

const BENCH_DB = "baseline_bench_reports";
const WARM_UPS = 10;
const TARGET_MS = 50;

const log = logger("bench:reports");

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

async function timedGet(url: string): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  // Compressed, as a browser asks for it.
  const res = await fetch(url, { redirect: "manual", headers: { "Accept-Encoding": "gzip" } });
  const body = await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started, bytes: body.byteLength };
}

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

async function bench(base: string, page: { path: string; target: boolean }, n: number): Promise<{ row: Row; missed: boolean; figures: Figure[] }> {
  const target = page.target ? `p95 < ${TARGET_MS} ms` : "(for information)";
  for (let i = 0; i < WARM_UPS; i++) {
    const r = await timedGet(`${base}${page.path}`);
    if (r.status !== 200) {
      return {
        row: { url: page.path, status: String(r.status), "warm queries": "–", "body size": "–", p50: "–", p95: "–", max: "–", target, verdict: `FAILED (HTTP ${r.status})` },
        missed: true,
        figures: [unmeasured("reports", `${page.path} p95`, "ms", page.target ? `< ${TARGET_MS} ms` : "—", `HTTP ${r.status}`)],
      };
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
  // A counter that does not answer is a missing measurement (a failure), not zero queries.
  const warmQueries = before === null || after === null ? null : after - before;
  const problems = page.target ? [p95 >= TARGET_MS ? "slow" : "", warmQueries === null ? "queries not counted" : ""].filter(Boolean) : [];
  const missed = problems.length > 0;
  return {
    row: {
      url: page.path,
      status: "200",
      "warm queries": warmQueries === null ? "?" : String(warmQueries),
      "body size": `${(probe.bytes / 1024).toFixed(1)} KiB`,
      p50: `${percentile(times, 50).toFixed(1)} ms`,
      p95: `${p95.toFixed(1)} ms`,
      max: `${times[times.length - 1]!.toFixed(1)} ms`,
      target,
      verdict: missed ? `MISSED (${problems.join(", ")})` : "ok",
    },
    missed,
    figures: page.target
      ? [
          under("reports", `${page.path} p95`, p95, "ms", TARGET_MS),
          warmQueries === null
            ? unmeasured("reports", `${page.path} warm queries`, "queries", "—", "the query counter (/api/internal/query-count) did not answer")
            : info("reports", `${page.path} warm queries`, warmQueries, "queries", "1: the current revision; its content from memory"),
        ]
      : [info("reports", `${page.path} p95`, p95, "ms")],
  };
}

async function main() {
  const n = argNumber("n", 100);
  const port = argNumber("port", 3902);
  const base = `http://localhost:${port}`;
  const adminUrl = adminDatabaseUrl();
  const given = arg("database");
  const databaseUrl = given ?? withDatabase(adminUrl, BENCH_DB);
  let server: ReturnType<typeof startServer> | undefined;
  try {
    if (!given) {
      await recreateDatabase(adminUrl, BENCH_DB);
      log(`migrating and seeding ${BENCH_DB} with the demo data…`);
      await seedDemoDatabase(databaseUrl);
    }
    const { slug, quarter } = await fixture(databaseUrl);
    log(`starting the production server on port ${port} (building first if sources changed)…`);
    server = startServer({ databaseUrl, port });
    await waitForServer(server, `${base}/api/health`);
    log(`${n} timed requests a URL after ${WARM_UPS} warm-ups, anonymous, gzip`);

    const pages = [
      { path: `/reports/${slug}/${quarter}`, target: true },
      { path: `/reports/${slug}/${quarter}/data.csv`, target: true },
      { path: `/reports/${slug}/${quarter}/data.json`, target: true },
      { path: `/reports/${slug}/${quarter}/revisions/1`, target: false },
      { path: `/reports/government/${quarter}`, target: false },
      { path: "/reports", target: false },
    ];
    const { rows, figures, missed } = await measureEach(pages, (page) => bench(base, page, n));
    console.table(rows);
    writeResults(figures);
    if (missed) {
      log(`a target was missed (p95 must be under ${TARGET_MS} ms) or a figure could not be measured`);
      process.exitCode = 1;
    }
  } finally {
    if (server) await stopServer(server);
    if (!given) await dropDatabase(adminUrl, BENCH_DB);
  }
}

run("bench:reports", main);
