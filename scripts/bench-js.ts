/**
 * npm run bench:js — the compressed JavaScript each main route makes a browser download on a cold
 * load, measured in Chromium against the production build on a fresh database seeded with the
 * demo data.
 *
 * Targets (issue 8): under 180 kB for the public report page, the public survey page and the
 * data-entry pages; under 300 kB for the pages with charts. The other pages are listed for
 * information. kB = 1,000 bytes. Exit code 1 when a route misses its target or does not load: a
 * route that answers 404, or a survey missing from the database, is a failure, never a skip.
 * Since issue 19 the public report and the survey reach a visitor who is not signed in without
 * Next's scripts (server/script-free.ts): 0 kB is their expected figure.
 *
 * How: each route is opened in a new browser context (empty cache, the cache also disabled over
 * the DevTools protocol) with the session of the account that uses it; every response of type
 * Script is counted with the bytes that came over the wire (Network.loadingFinished
 * encodedDataLength: gzip-compressed body plus headers, as the app server (Next's own compression) compresses), from the
 * navigation until the network has been idle for a second (charts load their code after the page
 * is shown, and Next.js prefetches the code of visible links: both are part of what the browser
 * downloads). A script response over 1 kB that was not compressed is reported.
 *
 *   npm run bench:js                        creates baseline_bench_js on the Postgres server at
 *                                           DATABASE_URL (default 127.0.0.1:5432), migrates and seeds
 *                                           it with the demo data, and drops it at the end
 *   npm run bench:js -- --database=<url>    a database already seeded with the demo data
 *   --port=<port>           port of the server (default 3904)
 *   --results=<file.json>   also writes the figures there (see scripts/lib/bench.ts, Figure)
 *   --survey=<path>         the public survey page to measure (default: the first survey link's /feedback/<token>)
 *   --verbose               lists every script of every route
 *
 * Chromium: /usr/bin/chromium, or CHROMIUM_PATH.
 */
import { format, startOfMonth, subMonths } from "date-fns";
import { chromium, type Browser } from "playwright-core";
import {
  adminDatabaseUrl,
  arg,
  argNumber,
  dropDatabase,
  hasFlag,
  info,
  logger,
  queryRows,
  recreateDatabase,
  run,
  seedDemoDatabase,
  signIn,
  sleep,
  startServer,
  stopServer,
  under,
  unmeasured,
  waitForServer,
  withDatabase,
  writeResults,
  type Figure,
} from "./lib/bench";

const BENCH_DB = "baseline_bench_js";
const SMALL_BUDGET_KB = 180;
const CHART_BUDGET_KB = 300;
const QUIET_MS = 1_000;
const ACCOUNTS = { lead: "lead.md@baseline.test", slt: "slt.coo@baseline.test" } as const;

const log = logger("bench:js");

type Who = keyof typeof ACCOUNTS | "anonymous";
interface Route {
  group: "public report" | "survey" | "data entry" | "chart" | "other";
  path: string;
  who: Who;
  /** kB; null: for information. */
  budget: number | null;
  /** Sent without Next's scripts (server/script-free.ts): no script at all is right, not a counting fault. */
  scriptFree?: true;
}

/** The rows the routes need, from the demo data. */
async function fixture(databaseUrl: string): Promise<Route[]> {
  const [row] = await queryRows<{ slug: string; year: number; quarter: number; measure_id: number; risk_id: number }>(
    databaseUrl,
    `with coo as (select id, slug from org_units where slug = 'coo' and kind = 'department')
     select coo.slug,
       (select r.year from reports r where r.department_id = coo.id and exists (select 1 from report_revisions rr where rr.report_id = r.id) order by r.year desc, r.quarter desc limit 1) as year,
       (select r.quarter from reports r where r.department_id = coo.id and exists (select 1 from report_revisions rr where rr.report_id = r.id) order by r.year desc, r.quarter desc limit 1) as quarter,
       (select m.id from measures m join org_units u on u.id = m.unit_id
         where u.parent_id = coo.id and m.frequency = 'monthly' and exists (select 1 from measure_values v where v.measure_id = m.id)
         order by m.id limit 1) as measure_id,
       (select k.id from risks k join org_units u on u.id = k.unit_id where u.id = coo.id or u.parent_id = coo.id order by k.id limit 1) as risk_id
     from coo`,
  );
  if (!row || row.year === null || row.measure_id === null || row.risk_id === null) {
    throw new Error("The database lacks the demo data (department coo with a published report, a measure and a risk)");
  }
  const month = format(subMonths(startOfMonth(new Date()), 1), "yyyy-MM"); // the last completed month
  return [
    { group: "public report", path: `/reports/${row.slug}/${row.year}-q${row.quarter}`, who: "anonymous", budget: SMALL_BUDGET_KB, scriptFree: true },
    { group: "survey", path: await surveyPath(databaseUrl), who: "anonymous", budget: SMALL_BUDGET_KB, scriptFree: true },
    { group: "data entry", path: "/entry", who: "lead", budget: SMALL_BUDGET_KB },
    { group: "data entry", path: "/entry/csv", who: "lead", budget: SMALL_BUDGET_KB },
    { group: "chart", path: `/measures/${row.measure_id}`, who: "slt", budget: CHART_BUDGET_KB },
    { group: "chart", path: "/dashboard", who: "slt", budget: CHART_BUDGET_KB },
    { group: "chart", path: `/departments/${row.slug}`, who: "slt", budget: CHART_BUDGET_KB },
    { group: "chart", path: `/risks/${row.risk_id}`, who: "slt", budget: CHART_BUDGET_KB },
    { group: "other", path: `/reviews/${row.slug}/${month}`, who: "slt", budget: null },
    { group: "other", path: "/initiatives", who: "slt", budget: null },
    { group: "other", path: "/recommendations", who: "slt", budget: null },
  ];
}

/**
 * The public survey page, `/feedback/<token>`: `--survey=<path>` if given, else the first survey
 * link that takes responses. Without one the survey budget cannot be measured: that is an error.
 */
async function surveyPath(databaseUrl: string): Promise<string> {
  const given = arg("survey");
  if (given) return given;
  const [row] = await queryRows<{ token: string }>(databaseUrl, "select token from feedback_links where not paused order by id limit 1");
  if (!row) throw new Error("The database has no survey link that takes responses (feedback_links): the survey page's JavaScript cannot be measured");
  return `/feedback/${encodeURIComponent(row.token)}`;
}

interface Script {
  url: string;
  bytes: number;
  encoding: string;
}

interface Measured {
  status: number;
  finalPath: string;
  scripts: Script[];
}

/** Opens `path` cold in a new context with `cookies`, and sums the script bytes until the network is quiet. */
async function measure(browser: Browser, base: string, path: string, cookies: [string, string][]): Promise<Measured> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    if (cookies.length) await context.addCookies(cookies.map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const scripts = new Map<string, { url: string; encoding: string }>();
    const finished = new Map<string, number>();
    let inFlight = 0;
    let lastActivity = Date.now();
    cdp.on("Network.requestWillBeSent", () => {
      inFlight++;
      lastActivity = Date.now();
    });
    cdp.on("Network.responseReceived", (e) => {
      if (e.type !== "Script") return;
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      scripts.set(e.requestId, { url: e.response.url, encoding: headers["content-encoding"] ?? "none" });
    });
    cdp.on("Network.loadingFinished", (e) => {
      inFlight = Math.max(0, inFlight - 1);
      lastActivity = Date.now();
      finished.set(e.requestId, e.encodedDataLength);
    });
    cdp.on("Network.loadingFailed", () => {
      inFlight = Math.max(0, inFlight - 1);
      lastActivity = Date.now();
    });
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const response = await page.goto(`${base}${path}`, { waitUntil: "load", timeout: 60_000 });
    // Then until nothing has been in flight for QUIET_MS (lazy chart code, link prefetches), at most 20 s.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastActivity < QUIET_MS)) await sleep(100);
    const measured = [...scripts].map(([id, s]) => ({ ...s, bytes: finished.get(id) ?? 0 }));
    return { status: response?.status() ?? 0, finalPath: new URL(page.url()).pathname, scripts: measured };
  } finally {
    await context.close();
  }
}

const kB = (bytes: number) => bytes / 1000;

async function main() {
  const port = argNumber("port", 3904);
  const base = `http://localhost:${port}`;
  const verbose = hasFlag("verbose");
  const adminUrl = adminDatabaseUrl();
  const given = arg("database");
  const databaseUrl = given ?? withDatabase(adminUrl, BENCH_DB);
  let server: ReturnType<typeof startServer> | undefined;
  let browser: Browser | undefined;
  try {
    if (!given) {
      await recreateDatabase(adminUrl, BENCH_DB);
      log(`migrating and seeding ${BENCH_DB} with the demo data…`);
      await seedDemoDatabase(databaseUrl);
    }
    const routes = await fixture(databaseUrl);
    log(`starting the production server on port ${port} (building first if sources changed)…`);
    server = startServer({ databaseUrl, port, countQueries: false });
    await waitForServer(server, `${base}/api/health`);

    const sessions: Record<Who, [string, string][]> = { anonymous: [], lead: [], slt: [] };
    for (const who of ["lead", "slt"] as const) sessions[who] = (await signIn(base, ACCOUNTS[who])).entries();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking"],
    });
    log(`cold loads in Chromium ${browser.version()}, one new context per route, scripts counted until the network is quiet for ${QUIET_MS} ms`);

    const rows: Record<string, string>[] = [];
    const figures: Figure[] = [];
    let compressed = 0;
    for (const route of routes) {
      const who = route.who === "anonymous" ? "anonymous" : ACCOUNTS[route.who];
      const measure_ = `${route.path} (${route.group}) JS`;
      const targetText = route.budget === null ? "—" : `< ${route.budget} kB`;
      const m = await measure(browser, base, route.path, sessions[route.who]);
      // Any answer but a 200 at the route itself (a 404 included) is a failure: a missing measurement.
      if (m.status !== 200 || m.finalPath !== route.path.split("?")[0]) {
        const problem = m.status !== 200 ? `HTTP ${m.status}` : `redirected to ${m.finalPath}`;
        rows.push({ route: route.path, as: who, kB: "–", scripts: "–", target: targetText, verdict: `FAILED (${problem})` });
        figures.push(unmeasured("js", measure_, "kB", targetText, problem));
        continue;
      }
      const bytes = m.scripts.reduce((sum, s) => sum + s.bytes, 0);
      // Every page of a Next.js app loads scripts, but the script-free ones: none counted means the counting broke.
      if (bytes === 0 && !route.scriptFree) {
        rows.push({ route: route.path, as: who, kB: "–", scripts: String(m.scripts.length), target: targetText, verdict: "FAILED (no script bytes counted)" });
        figures.push(unmeasured("js", measure_, "kB", targetText, "no script bytes counted"));
        continue;
      }
      const plain = m.scripts.filter((s) => s.encoding === "none" && s.bytes > 1024);
      compressed += m.scripts.filter((s) => s.encoding !== "none").length;
      const figure = route.budget === null ? info("js", measure_, kB(bytes), "kB") : under("js", measure_, kB(bytes), "kB", route.budget);
      if (plain.length) figure.note = `${plain.length} script(s) over 1 kB not compressed`;
      figures.push(figure);
      rows.push({
        route: route.path,
        as: who,
        kB: kB(bytes).toFixed(1),
        scripts: String(m.scripts.length),
        target: targetText,
        verdict: (route.budget === null ? "info" : figure.ok ? "ok" : "MISSED") + (plain.length ? ` (${plain.length} uncompressed)` : ""),
      });
      if (verbose) {
        for (const s of [...m.scripts].sort((a, b) => b.bytes - a.bytes)) {
          console.log(`  ${route.path}  ${kB(s.bytes).toFixed(1).padStart(6)} kB  ${s.encoding.padEnd(5)} ${new URL(s.url).pathname}`);
        }
      }
    }
    console.table(rows);
    if (compressed === 0 && routes.some((r) => !r.scriptFree)) throw new Error("no script came compressed: is compression off (next.config compress)?");
    writeResults(figures);
    if (figures.some((f) => !f.ok)) {
      log(`a route missed its target or could not be measured (under ${SMALL_BUDGET_KB} kB for the public report, survey and data entry, under ${CHART_BUDGET_KB} kB for chart pages)`);
      process.exitCode = 1;
    }
  } finally {
    await browser?.close();
    if (server) await stopServer(server);
    if (!given) await dropDatabase(adminUrl, BENCH_DB);
  }
}

run("bench:js", main);
