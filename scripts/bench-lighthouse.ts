/**
 * npm run bench:lighthouse — Lighthouse 12 (mobile, its default config: a simulated mid-range phone
 * on slow 4G, "simulated throttling") on the public pages people read on a phone, against the
 * production build on a fresh database seeded with the demo data (issue 19):
 *
 *   the first department's newest published report  /reports/<dept>/<quarter>
 *   the report index                                 /reports
 *   the cross-government report of that quarter      /reports/government/<quarter>
 *   the public survey                                /feedback/<token> (the first survey link that takes responses)
 *
 * Targets: Performance ≥ 95, Largest Contentful Paint ≤ 2,000 ms, Total Blocking Time ≤ 150 ms,
 * Accessibility 100. Cumulative Layout Shift is printed for information. Exit code 1 when a page
 * misses a target or cannot be measured (an answer other than 200, or a Lighthouse run error).
 *
 *   npm run bench:lighthouse                       creates baseline_bench_lighthouse on the Postgres
 *                                                  server at DATABASE_URL (default 127.0.0.1:5432),
 *                                                  migrates and seeds it, and drops it at the end
 *   npm run bench:lighthouse -- --database=<url>   a database already seeded with the demo data
 *   --runs=<n>              Lighthouse runs a page (default 3); the median run is reported, as
 *                           Lighthouse advises (core/lib/median-run.js: nearest the median FCP and TTI)
 *   --port=<port>           port of the server (default 3905)
 *   --reports=<dir>         also writes each page's median run there as an HTML report
 *   --results=<file.json>   also writes the figures there (see scripts/lib/bench.ts, Figure)
 *
 * Chromium: CHROMIUM_PATH, or /usr/bin/chromium. Lighthouse's CPU and network costs are simulated
 * from what it observes, so a busy machine still inflates TBT: run it on a quiet one (the load
 * average and Lighthouse's benchmark index of the machine are printed with the figures).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, type LaunchedChrome } from "chrome-launcher";
import lighthouse, { generateReport, type Result } from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import {
  adminDatabaseUrl,
  arg,
  argNumber,
  atLeast,
  atMost,
  dropDatabase,
  info,
  logger,
  queryRows,
  recreateDatabase,
  run,
  seedDemoDatabase,
  startServer,
  stopServer,
  unmeasured,
  waitForServer,
  withDatabase,
  writeResults,
  type Figure,
} from "./lib/bench";

const BENCH_DB = "baseline_bench_lighthouse";
const TARGETS = { performance: 95, lcpMs: 2_000, tbtMs: 150, accessibility: 100 } as const;
/** Google's "good" Cumulative Layout Shift, printed beside the figure (not a target of issue 19). */
const CLS_GOOD = 0.1;
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-background-networking"];

const log = logger("bench:lighthouse");

interface PageToMeasure {
  name: string;
  path: string;
}

/** The four pages, from the demo data. */
async function fixture(databaseUrl: string): Promise<PageToMeasure[]> {
  const [report] = await queryRows<{ slug: string; year: number; quarter: number }>(
    databaseUrl,
    `select d.slug, r.year, r.quarter from reports r
     join org_units d on d.id = r.department_id
     where exists (select 1 from report_revisions rr where rr.report_id = r.id)
     order by d.sort_order, r.year desc, r.quarter desc limit 1`,
  );
  if (!report) throw new Error("No published report in the database: seed it with the demo data first");
  const [link] = await queryRows<{ token: string }>(databaseUrl, "select token from feedback_links where not paused order by id limit 1");
  if (!link) throw new Error("The database has no survey link that takes responses (feedback_links): the survey page cannot be measured");
  const quarter = `${report.year}-q${report.quarter}`;
  return [
    { name: "report", path: `/reports/${report.slug}/${quarter}` },
    { name: "report index", path: "/reports" },
    { name: "cross-government report", path: `/reports/government/${quarter}` },
    { name: "survey", path: `/feedback/${encodeURIComponent(link.token)}` },
  ];
}

/** A numeric audit of a Lighthouse result, or null when it did not run. */
const audit = (lhr: Result, id: string) => lhr.audits[id]?.numericValue ?? null;
/** A category score as 0–100, or null when it could not be scored. */
const score = (lhr: Result, id: string) => {
  const s = lhr.categories[id]?.score;
  return typeof s === "number" ? Math.round(s * 100) : null;
};

/** `runs` Lighthouse runs of one page; the median run, or the reason there is none. */
async function lighthouseRuns(chrome: LaunchedChrome, url: string, runs: number): Promise<Result | string> {
  const results: Result[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
    const lhr = result?.lhr;
    if (!lhr) return "Lighthouse returned no result";
    if (lhr.runtimeError) return `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`;
    results.push(lhr);
  }
  return computeMedianRun(results);
}

interface Row {
  page: string;
  performance: string;
  LCP: string;
  TBT: string;
  CLS: string;
  accessibility: string;
  verdict: string;
}

function measureFigures(page: PageToMeasure, lhr: Result): { figures: Figure[]; row: Row } {
  const label = `${page.path} (${page.name})`;
  const performance = score(lhr, "performance");
  const accessibility = score(lhr, "accessibility");
  const lcp = audit(lhr, "largest-contentful-paint");
  const tbt = audit(lhr, "total-blocking-time");
  const cls = audit(lhr, "cumulative-layout-shift");
  const figures = [
    performance === null ? unmeasured("lighthouse", `${label} Performance`, "", `≥ ${TARGETS.performance}`, "not scored") : atLeast("lighthouse", `${label} Performance`, performance, "", TARGETS.performance),
    lcp === null ? unmeasured("lighthouse", `${label} LCP`, "ms", `≤ ${TARGETS.lcpMs} ms`, "not measured") : atMost("lighthouse", `${label} LCP`, lcp, "ms", TARGETS.lcpMs),
    tbt === null ? unmeasured("lighthouse", `${label} TBT`, "ms", `≤ ${TARGETS.tbtMs} ms`, "not measured") : atMost("lighthouse", `${label} TBT`, tbt, "ms", TARGETS.tbtMs),
    cls === null ? unmeasured("lighthouse", `${label} CLS`, "", "—", "not measured") : { ...info("lighthouse", `${label} CLS`, 0, "", `good ≤ ${CLS_GOOD}`), value: Math.round(cls * 1000) / 1000 },
    accessibility === null ? unmeasured("lighthouse", `${label} Accessibility`, "", `≥ ${TARGETS.accessibility}`, "not scored") : atLeast("lighthouse", `${label} Accessibility`, accessibility, "", TARGETS.accessibility),
  ];
  const missed = figures.filter((f) => !f.ok).map((f) => f.measure.slice(label.length + 1));
  return {
    figures,
    row: {
      page: page.path,
      performance: `${performance ?? "–"} (≥ ${TARGETS.performance})`,
      LCP: lcp === null ? "–" : `${(lcp / 1000).toFixed(2)} s (≤ ${TARGETS.lcpMs / 1000} s)`,
      TBT: tbt === null ? "–" : `${Math.round(tbt)} ms (≤ ${TARGETS.tbtMs} ms)`,
      CLS: cls === null ? "–" : cls.toFixed(3),
      accessibility: `${accessibility ?? "–"} (${TARGETS.accessibility})`,
      verdict: missed.length ? `MISSED (${missed.join(", ")})` : "ok",
    },
  };
}

async function main() {
  const runs = argNumber("runs", 3);
  const port = argNumber("port", 3905);
  const base = `http://localhost:${port}`;
  const reportsDir = arg("reports");
  const adminUrl = adminDatabaseUrl();
  const given = arg("database");
  const databaseUrl = given ?? withDatabase(adminUrl, BENCH_DB);
  let server: ReturnType<typeof startServer> | undefined;
  let chrome: LaunchedChrome | undefined;
  try {
    if (!given) {
      await recreateDatabase(adminUrl, BENCH_DB);
      log(`migrating and seeding ${BENCH_DB} with the demo data…`);
      await seedDemoDatabase(databaseUrl);
    }
    const pages = await fixture(databaseUrl);
    log(`starting the production server on port ${port} (building first if sources changed)…`);
    server = startServer({ databaseUrl, port, countQueries: false });
    await waitForServer(server, `${base}/api/health`);
    chrome = await launch({ chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", chromeFlags: CHROME_FLAGS, logLevel: "silent" });

    const rows: Row[] = [];
    const figures: Figure[] = [];
    const benchmarkIndexes: number[] = [];
    let browser = "Chromium";
    for (const page of pages) {
      const url = `${base}${page.path}`;
      // Lighthouse scores an error page too: the page must answer 200 first.
      const res = await fetch(url, { redirect: "manual" });
      await res.arrayBuffer();
      const lhr = res.status === 200 ? await lighthouseRuns(chrome, url, runs) : `HTTP ${res.status}`;
      if (typeof lhr === "string") {
        rows.push({ page: page.path, performance: "–", LCP: "–", TBT: "–", CLS: "–", accessibility: "–", verdict: `FAILED (${lhr})` });
        figures.push(unmeasured("lighthouse", `${page.path} (${page.name})`, "", "Performance, LCP, TBT, Accessibility", lhr));
        continue;
      }
      if (lhr.environment.benchmarkIndex) benchmarkIndexes.push(lhr.environment.benchmarkIndex);
      browser = /Chrome\/[\d.]+/.exec(lhr.environment.hostUserAgent)?.[0] ?? browser;
      const measured = measureFigures(page, lhr);
      rows.push(measured.row);
      figures.push(...measured.figures);
      if (reportsDir) {
        fs.mkdirSync(reportsDir, { recursive: true });
        fs.writeFileSync(path.join(reportsDir, `${page.name.replaceAll(" ", "-")}.html`), generateReport(lhr, "html"));
      }
    }
    console.table(rows);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(" / ");
    log(`Lighthouse 12 mobile (simulated throttling), median of ${runs} run(s) a page · ${browser} · load average ${load} · benchmark index ${benchmarkIndexes.map((b) => Math.round(b)).join(", ") || "–"}`);
    writeResults(figures);
    if (figures.some((f) => !f.ok)) {
      log(`a page missed a target or could not be measured (Performance ≥ ${TARGETS.performance}, LCP ≤ ${TARGETS.lcpMs} ms, TBT ≤ ${TARGETS.tbtMs} ms, Accessibility ${TARGETS.accessibility})`);
      process.exitCode = 1;
    }
  } finally {
    chrome?.kill();
    if (server) await stopServer(server);
    if (!given) await dropDatabase(adminUrl, BENCH_DB);
  }
}

run("bench:lighthouse", main);
