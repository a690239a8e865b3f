/**
 * npm run bench:scale — the main pages at scale 1 and scale 10 of the generated organisation
 * (scripts/generate-large.ts), in one run, as the administrator, the viewer and one department's
 * SLT member. For each page it prints p50, p95, HTML bytes and SQL queries at both scales, and the
 * 10×/1× ratio of the medians (the median, because at tens of milliseconds one slow request would
 * swing a ratio of p95s more than the data does).
 *
 * Targets:
 *   - at scale 10, every page p95 ≤ 250 ms; department, measure and review pages ≤ 150 ms;
 *   - HTML ≤ 400 kB a page;
 *   - 10×/1× ratio ≤ 1.3 (a page's cost does not grow with data outside what it shows);
 *   - generating scale 10 takes ≤ 3 minutes.
 * Any page that does not answer 200 is a failure: a missing measurement is never "met".
 *
 *   npm run bench:scale [-- --n=<requests>] [--port=<port>] [--keep] [--reuse] [--results=<file.json>]
 *
 * --keep leaves the two databases in place; --reuse measures databases kept by an earlier run
 * instead of generating them again (the generation time is then not measured, and fails).
 *
 * It creates baseline_scale1 and baseline_scale10 on the Postgres server at DATABASE_URL (default
 * 127.0.0.1:5432), fills them, starts the production server (`scripts/launch.ts start`, which
 * builds when sources changed) on each in turn with query counting on, and drops them at the end
 * unless --keep. The two scales are measured one after the other, never at once.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { format, startOfMonth, subMonths } from "date-fns";
import {
  adminDatabaseUrl,
  argNumber,
  atMost,
  dropDatabase,
  hasFlag,
  info,
  logger,
  percentile,
  queryCount,
  queryRows,
  recreateDatabase,
  run,
  signIn,
  startServer,
  stopServer,
  unmeasured,
  waitForServer,
  withDatabase,
  writeResults,
  type Cookies,
  type Figure,
} from "./lib/bench";

const PORT = argNumber("port", 3910);
const BASE = `http://localhost:${PORT}`;
const WARM_UPS = 3;
const SCALES = [1, 10] as const;
type Scale = (typeof SCALES)[number];

const PAGE_P95_MS = 250;
const FOCUSED_P95_MS = 150;
const MAX_HTML_BYTES = 400 * 1024;
const MAX_RATIO = 1.3;
const MAX_GENERATE_S = 180;

const log = logger("bench:scale");
const dbName = (scale: Scale) => `baseline_scale${scale}`;

type Role = "admin" | "viewer" | "slt";
interface Page {
  path: string;
  roles: Role[];
  /** Department, measure and review pages answer one question each: a tighter target. */
  focused?: boolean;
}

interface Fixture {
  emails: Record<Role, string>;
  pages: Page[];
}

/** The accounts and the ids in the page paths, read from the generated data (the same names at every scale). */
async function fixture(databaseUrl: string): Promise<Fixture> {
  const [row] = await queryRows<{ slug: string; measure_id: number; initiative_id: number; risk_id: number }>(
    databaseUrl,
    `select d.slug,
       (select m.id from measures m join org_units un on un.id = m.unit_id
         where un.parent_id = d.id and m.frequency = 'monthly' order by m.id limit 1) as measure_id,
       (select i.id from initiatives i join org_units un on un.id = i.lead_unit_id
         where un.parent_id = d.id or un.id = d.id order by i.id limit 1) as initiative_id,
       (select r.id from risks r join org_units un on un.id = r.unit_id
         where un.parent_id = d.id or un.id = d.id order by r.id limit 1) as risk_id
     from org_units d where d.kind = 'department' order by d.sort_order, d.id limit 1`,
  );
  if (!row) throw new Error("the generated database has no department");
  const month = format(subMonths(startOfMonth(new Date()), 1), "yyyy-MM"); // the last completed month
  const everyone: Role[] = ["admin", "viewer", "slt"];
  return {
    emails: { admin: "admin@large.test", viewer: "viewer@large.test", slt: `slt.${row.slug}@large.test` },
    pages: [
      { path: "/dashboard", roles: everyone },
      { path: "/departments", roles: everyone },
      { path: `/departments/${row.slug}`, roles: everyone, focused: true },
      { path: `/measures/${row.measure_id}`, roles: everyone, focused: true },
      { path: `/reviews/${row.slug}/${month}`, roles: everyone, focused: true },
      { path: `/departments/${row.slug}/resources?month=${month}`, roles: everyone, focused: true },
      { path: `/departments/${row.slug}/people?month=${month}`, roles: everyone, focused: true },
      { path: "/reviews", roles: everyone },
      { path: "/entry/status", roles: everyone },
      { path: "/initiatives", roles: everyone },
      { path: `/initiatives/${row.initiative_id}`, roles: everyone },
      { path: "/risks", roles: everyone },
      { path: "/risks/heatmap", roles: everyone },
      { path: `/risks/${row.risk_id}`, roles: everyone },
      { path: "/recommendations", roles: everyone },
      { path: "/my-updates", roles: ["admin", "slt"] },
      { path: "/reports/manage", roles: ["admin", "slt"] },
      { path: "/admin/users", roles: ["admin"] },
      { path: "/admin/outbox", roles: ["admin"] },
    ],
  };
}

interface Sample {
  status: number;
  p50: number;
  p95: number;
  bytes: number;
  /** Table body rows in the page: what the user sees of a list. */
  rows: number;
  queries: number | null;
}

/** The rows of every table body in `html`. */
function tableRows(html: string): number {
  let rows = 0;
  for (const body of html.match(/<tbody[\s\S]*?<\/tbody>/g) ?? []) rows += (body.match(/<tr[\s>]/g) ?? []).length;
  return rows;
}

/**
 * The 10×/1× ratio of the p50s. A list of departments shows 20 rows at scale 1 (all there are) and
 * a full page of 50 at scale 10, so its 10× page does more because it shows more: there the ratio is
 * of the p50 per row shown, which is what "work proportional to what the user sees" asks. Pages that
 * show as many rows at both scales (or fewer at 10×) compare their p50s as they are.
 */
function scaleRatio(one: Sample, ten: Sample): { ratio: number; perRow: boolean } {
  if (one.rows > 0 && ten.rows > one.rows) return { ratio: ten.p50 / ten.rows / (one.p50 / one.rows), perRow: true };
  return { ratio: ten.p50 / one.p50, perRow: false };
}

async function timedGet(url: string, cookies: Cookies) {
  const started = performance.now();
  const res = await fetch(url, { redirect: "manual", headers: { Cookie: cookies.header() } });
  const body = await res.arrayBuffer(); // the whole page, streamed parts included
  return { status: res.status, ms: performance.now() - started, bytes: body.byteLength, rows: tableRows(Buffer.from(body).toString("utf8")) };
}

async function measurePage(pagePath: string, cookies: Cookies, n: number): Promise<Sample> {
  const before = await queryCount(BASE);
  const first = await timedGet(`${BASE}${pagePath}`, cookies);
  const after = await queryCount(BASE);
  const queries = before === null || after === null ? null : after - before;
  if (first.status !== 200) return { status: first.status, p50: NaN, p95: NaN, bytes: first.bytes, rows: first.rows, queries };
  for (let i = 0; i < WARM_UPS; i++) await timedGet(`${BASE}${pagePath}`, cookies);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await timedGet(`${BASE}${pagePath}`, cookies);
    if (r.status !== 200) return { status: r.status, p50: NaN, p95: NaN, bytes: r.bytes, rows: r.rows, queries };
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return { status: 200, p50: percentile(times, 50), p95: percentile(times, 95), bytes: first.bytes, rows: first.rows, queries };
}

/** Fills a fresh database at `scale` and returns the seconds it took (as generate-large prints it). */
function generateInto(databaseUrl: string, scale: Scale): number {
  const started = performance.now();
  const gen = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/generate-large.ts", `--scale=${scale}`], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (gen.status !== 0) throw new Error(`generate-large --scale=${scale} failed`);
  return (performance.now() - started) / 1000;
}

type Results = Map<string, Sample>; // key: `${role} ${path}`

async function measureScale(databaseUrl: string, fx: Fixture, n: number): Promise<Results> {
  const results: Results = new Map();
  const server = startServer({ databaseUrl, port: PORT, stdout: "ignore" });
  try {
    await waitForServer(server, `${BASE}/api/internal/query-count`, { fatal404: true });
    for (const role of ["admin", "viewer", "slt"] as const) {
      const cookies = await signIn(BASE, fx.emails[role]);
      for (const page of fx.pages.filter((p) => p.roles.includes(role))) {
        results.set(`${role} ${page.path}`, await measurePage(page.path, cookies, n));
      }
    }
  } finally {
    await stopServer(server);
  }
  return results;
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : "–");
const kb = (b: number) => `${(b / 1024).toFixed(0)} kB`;

async function main() {
  const n = argNumber("n", 20);
  const reuse = hasFlag("reuse");
  const keep = hasFlag("keep") || reuse;
  const adminUrl = adminDatabaseUrl();
  const urls = Object.fromEntries(SCALES.map((s) => [s, withDatabase(adminUrl, dbName(s))])) as Record<Scale, string>;
  const figures: Figure[] = [];
  try {
    const generated: Partial<Record<Scale, number>> = {};
    for (const scale of SCALES) {
      if (reuse) continue;
      await recreateDatabase(adminUrl, dbName(scale));
      log(`generating scale ${scale} into ${dbName(scale)}…`);
      generated[scale] = generateInto(urls[scale], scale);
    }
    figures.push(
      generated[10] === undefined
        ? unmeasured("scale", "generate scale 10", "s", `≤ ${MAX_GENERATE_S} s`, "not generated in this run (--reuse)")
        : atMost("scale", "generate scale 10", generated[10], "s", MAX_GENERATE_S),
    );

    const fx = await fixture(urls[1]);
    const byScale = {} as Record<Scale, Results>;
    for (const scale of SCALES) {
      log(`measuring scale ${scale}: ${n} timed requests a page after ${WARM_UPS} warm-ups…`);
      byScale[scale] = await measureScale(urls[scale], fx, n);
    }

    const rows: Record<string, string>[] = [];
    for (const role of ["admin", "viewer", "slt"] as const) {
      for (const page of fx.pages.filter((p) => p.roles.includes(role))) {
        const key = `${role} ${page.path}`;
        const one = byScale[1].get(key)!;
        const ten = byScale[10].get(key)!;
        const target = page.focused ? FOCUSED_P95_MS : PAGE_P95_MS;
        const name = `${role} ${page.path}`;
        const failed = [one, ten].find((s) => s.status !== 200);
        if (failed) {
          figures.push(unmeasured("scale", `${name} p95 at 10×`, "ms", `≤ ${target} ms`, `HTTP ${failed.status}`));
          rows.push({ role, page: page.path, verdict: `FAILED (HTTP ${failed.status})` });
          continue;
        }
        const { ratio, perRow } = scaleRatio(one, ten);
        const checks = [
          atMost("scale", `${name} p95 at 10×`, ten.p95, "ms", target),
          atMost("scale", `${name} HTML at 10×`, ten.bytes / 1024, "kB", MAX_HTML_BYTES / 1024),
          atMost("scale", `${name} 10×/1× (p50${perRow ? " per row shown" : ""})`, ratio, "×", MAX_RATIO),
          ten.queries === null
            ? unmeasured("scale", `${name} queries at 10×`, "queries", "—", "the query counter did not answer")
            : info("scale", `${name} queries at 10×`, ten.queries, "queries"),
        ];
        figures.push(...checks);
        rows.push({
          role,
          page: page.path,
          "p50 1×": ms(one.p50),
          "p95 1×": ms(one.p95),
          "p50 10×": ms(ten.p50),
          "p95 10×": ms(ten.p95),
          "HTML 1×": kb(one.bytes),
          "HTML 10×": kb(ten.bytes),
          "queries 1×/10×": `${one.queries ?? "?"}/${ten.queries ?? "?"}`,
          "rows 1×/10×": `${one.rows}/${ten.rows}`,
          "10×/1×": `${(ten.p50 / one.p50).toFixed(2)}${perRow ? ` (${ratio.toFixed(2)} per row)` : ""}`,
          verdict: checks.every((c) => c.ok) ? "ok" : `MISSED (${checks.filter((c) => !c.ok).map((c) => c.measure.slice(name.length + 1)).join(", ")})`,
        });
      }
    }
    console.table(rows);
    if (generated[10] !== undefined) console.log(`scale 10 generated in ${generated[10].toFixed(0)} s (target ≤ ${MAX_GENERATE_S} s)`);
    writeResults(figures);
    const missed = figures.filter((f) => !f.ok);
    console.log(`${figures.length} figures, ${missed.length} missed or failed`);
    if (missed.length) process.exitCode = 1;
  } finally {
    if (keep) log(`kept ${SCALES.map(dbName).join(" and ")}`);
    else for (const scale of SCALES) await dropDatabase(adminUrl, dbName(scale));
  }
}

run("bench:scale", main);
