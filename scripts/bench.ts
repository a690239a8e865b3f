/**
 * npm run bench — every benchmark, one after another, against the production build, and ONE table
 * of each figure against its target (issue 8). Exit code 1 when a figure misses its target or a
 * benchmark fails.
 *
 *   pages     scripts/bench-pages.ts on the large generated data set (scripts/generate-large.ts,
 *             in the database baseline_bench_large: filled once, reused if an earlier run kept
 *             it, dropped at the end unless --keep)
 *   entry     scripts/bench-entry.ts (data-entry saves and CSV import, on a throwaway database)
 *   reports   scripts/bench-reports.ts (public reports, on a fresh demo database)
 *   js        scripts/bench-js.ts (compressed JavaScript per route in Chromium, on a fresh demo database)
 *   lighthouse  scripts/bench-lighthouse.ts (Lighthouse 12 mobile on the public report pages and the
 *             survey, on a fresh demo database)
 *   feedback  `npm run bench:feedback` (scripts/bench-feedback.ts)
 *   scale     scripts/bench-scale.ts (the main pages at scale 1 and 10 of the generated organisation,
 *             as admin, viewer and one department's SLT; databases baseline_scale1/10, kept with --keep)
 *
 * Options:
 *   --only=pages,js         run only these (names above)
 *   --n=<requests>          timed requests per URL for pages and reports, months for entry
 *                           (default: each script's own; small values for a quick check)
 *   --keep                  keep baseline_bench_large (and the scale databases) for the next run
 *   --results=<file.json>   also writes the machine, data sets and all figures there as JSON
 *
 * The load and fault tests (scripts/load-test.ts, scripts/fault-test.ts) are not run here: they
 * take minutes and the fault test restarts Postgres. See docs/quality.md.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  adminDatabaseUrl,
  arg,
  argNumber,
  dropDatabase,
  hasFlag,
  logger,
  queryRows,
  recreateDatabase,
  run,
  unmeasured,
  withDatabase,
  type Figure,
} from "./lib/bench";

const LARGE_DB = "baseline_bench_large";
const BENCHES = ["pages", "entry", "reports", "js", "lighthouse", "feedback", "scale"] as const;
type Bench = (typeof BENCHES)[number];

const log = logger("bench");
const root = process.cwd();
const tsx = path.join(root, "node_modules", ".bin", "tsx");

let interrupted = false;

/** Runs a command with the terminal attached; resolves with its exit code. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on("error", () => resolve(127));
  });
}

function selected(): Bench[] {
  const only = arg("only");
  if (!only) return [...BENCHES];
  const names = only.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(BENCHES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`--only: unknown ${unknown.join(", ")} (choose from ${BENCHES.join(", ")})`);
  return BENCHES.filter((b) => names.includes(b));
}

function packageScripts(): Record<string, string> {
  return (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
}

/** baseline_bench_large filled by generate-large: reused when it already holds the data. */
async function ensureLargeDatabase(adminUrl: string): Promise<string> {
  const url = withDatabase(adminUrl, LARGE_DB);
  const exists = await queryRows<{ n: number }>(adminUrl, `select count(*)::int as n from pg_database where datname = '${LARGE_DB}'`);
  if (exists[0]?.n) {
    const filled = await queryRows<{ n: number }>(url, "select count(*)::int as n from org_units").catch(() => [{ n: 0 }]);
    if (filled[0]!.n > 0) {
      log(`reusing the large data set in ${LARGE_DB} (kept from an earlier run; drop it to regenerate)`);
      return url;
    }
  }
  await recreateDatabase(adminUrl, LARGE_DB);
  log(`generating the large data set into ${LARGE_DB}…`);
  const started = Date.now();
  const code = await runCommand(tsx, ["scripts/generate-large.ts"], { ...process.env, DATABASE_URL: url });
  if (code !== 0) throw new Error(`generate-large failed (exit code ${code})`);
  log(`large data set generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return url;
}

/** Row counts of the large data set, for the report. */
async function largeSizes(url: string): Promise<Record<string, number>> {
  const [row] = await queryRows<Record<string, number>>(
    url,
    `select (select count(*) from org_units where kind = 'department')::int as departments,
            (select count(*) from org_units where kind <> 'department')::int as units,
            (select count(*) from measures)::int as measures,
            (select count(*) from measure_values)::int as figures,
            (select count(*) from initiatives)::int as initiatives,
            (select count(*) from milestones)::int as milestones,
            (select count(*) from risks)::int as risks,
            (select count(*) from review_meetings)::int as "review meetings",
            (select count(*) from users)::int as users`,
  );
  return row ?? {};
}

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((os.freemem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

async function postgresVersion(adminUrl: string): Promise<string> {
  const [row] = await queryRows<{ v: string }>(adminUrl, "select current_setting('server_version') as v").catch(() => [{ v: "unknown" }]);
  return row?.v ?? "unknown";
}

/** A benchmark's figures, or null. A figure without a value is a failure whatever its `ok` says. */
function readFigures(file: string): Figure[] | null {
  if (!fs.existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return Array.isArray(parsed) ? (parsed as Figure[]).map((f) => (f.value === null ? { ...f, ok: false } : f)) : null;
  } catch {
    return null;
  }
}

function formatValue(f: Figure): string {
  if (f.value === null) return "–";
  // Counts and scores as they are; a fraction under 1 (a layout shift) with the decimals it needs.
  const whole = f.unit === "queries" || (f.unit === "" && Number.isInteger(f.value));
  const n = whole || (f.value !== 0 && Math.abs(f.value) < 1) ? String(f.value) : f.value.toFixed(1);
  return `${n} ${f.unit}`.trim();
}

function verdict(f: Figure): string {
  const note = f.note ? ` (${f.note})` : "";
  // Not measured: always a failure, the note says why.
  if (f.value === null) return `FAILED${note}`;
  if (f.target === null) return `info${note}`;
  return (f.ok ? "ok" : "MISSED") + note;
}

/** A table with aligned columns that is also Markdown. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

async function main() {
  const benches = selected();
  const n = arg("n") === undefined ? undefined : argNumber("n", 1);
  const keep = hasFlag("keep");
  const adminUrl = adminDatabaseUrl();
  const scripts = packageScripts();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-bench-"));
  const figures: Figure[] = [];
  const timings: Record<string, string> = {};
  const datasets: Record<string, unknown> = {};
  let large: string | undefined;
  process.on("SIGINT", () => {
    interrupted = true; // the running script stops its own server; we clean up after it
  });

  const started = Date.now();
  try {
    for (const bench of benches) {
      if (interrupted) break;
      const file = path.join(dir, `${bench}.json`);
      const results = `--results=${file}`;
      const t0 = Date.now();
      let code: number;
      if (bench === "pages") {
        large ??= await ensureLargeDatabase(adminUrl);
        datasets.pages = { database: LARGE_DB, ...(await largeSizes(large)) };
        // bench-pages reads the data set from DATABASE_URL.
        code = await runCommand(tsx, ["scripts/bench-pages.ts", ...(n ? [`--n=${n}`] : []), results], { ...process.env, DATABASE_URL: large });
      } else if (bench === "entry") {
        datasets.entry = "a throwaway database: the demo data, plus 1 unit with 40 monthly measures and its own months";
        code = await runCommand(tsx, ["--conditions=react-server", "scripts/bench-entry.ts", ...(n ? [`--months=${n}`] : []), results], process.env);
      } else if (bench === "reports") {
        datasets.reports = "a fresh database with the demo data (db/seed)";
        code = await runCommand(tsx, ["scripts/bench-reports.ts", ...(n ? [`--n=${n}`] : []), results], process.env);
      } else if (bench === "js") {
        datasets.js = "a fresh database with the demo data (db/seed)";
        code = await runCommand(tsx, ["scripts/bench-js.ts", results], process.env);
      } else if (bench === "lighthouse") {
        datasets.lighthouse = "a fresh database with the demo data (db/seed)";
        code = await runCommand(tsx, ["scripts/bench-lighthouse.ts", results], process.env);
      } else if (bench === "scale") {
        datasets.scale = "the generated organisation at scale 1 and 10 (baseline_scale1, baseline_scale10)";
        // Generating scale 10 is itself a target, so bench always generates; --keep keeps the databases.
        code = await runCommand(tsx, ["scripts/bench-scale.ts", ...(n ? [`--n=${n}`] : []), ...(keep ? ["--keep"] : []), results], process.env);
      } else {
        if (!scripts["bench:feedback"]) {
          // A benchmark that cannot run is a missing measurement: a failure, not a skip.
          log("no bench:feedback script in package.json: the feedback benchmark cannot run");
          figures.push(unmeasured("feedback", "bench:feedback", "", "exit code 0", "no bench:feedback script in package.json"));
          continue;
        }
        code = await runCommand("npm", ["run", "--silent", "bench:feedback", "--", results], process.env);
      }
      timings[bench] = `${((Date.now() - t0) / 1000).toFixed(0)} s`;
      const got = readFigures(file);
      if (got) figures.push(...got);
      if (!got?.length) {
        // No figures (crashed, does not know --results, or wrote an empty list): nothing was measured.
        figures.push(unmeasured(bench, `bench:${bench}`, "", "exit code 0, figures written", `exited with code ${code}, no figures written: see its output above`));
      } else if (code !== 0 && !got.some((f) => !f.ok)) {
        // Failed without a figure that says why.
        figures.push(unmeasured(bench, `bench:${bench}`, "", "exit code 0", `exited with code ${code}`));
      }
    }
  } finally {
    if (large && !keep) await dropDatabase(adminUrl, LARGE_DB);
    else if (large && keep) log(`kept ${LARGE_DB} (drop it with: psql -c 'drop database ${LARGE_DB}')`);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const m = machine();
  const pg = await postgresVersion(adminUrl);
  console.log("\n══ Baseline benchmarks ══");
  console.log(`date ${m.date} · ${m.cpus} × ${m.cpuModel} · ${m.memoryGiB} GiB memory (${m.freeMemoryGiB} free) · load average ${m.loadAverage.join(" / ")}`);
  console.log(`Node ${m.node} · ${m.os} · PostgreSQL ${pg} · ran ${benches.join(", ")} in ${((Date.now() - started) / 60_000).toFixed(1)} min (${Object.entries(timings).map(([b, t]) => `${b} ${t}`).join(", ")})${n ? ` · --n=${n}` : ""}`);
  for (const [bench, set] of Object.entries(datasets)) {
    console.log(`data for ${bench}: ${typeof set === "string" ? set : Object.entries(set as Record<string, unknown>).map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en-GB") : String(v)}`).join(", ")}`);
  }
  console.log("");
  console.log(table(["bench", "measure", "value", "target", "verdict"], figures.map((f) => [f.bench, f.measure, formatValue(f), f.targetText, verdict(f)])));
  const missed = figures.filter((f) => !f.ok);
  console.log(`\n${figures.length} figures, ${missed.length} missed or failed${interrupted ? " (interrupted: not every benchmark ran)" : ""}`);

  const out = arg("results");
  if (out) fs.writeFileSync(out, `${JSON.stringify({ machine: { ...m, postgres: pg }, options: { only: benches, n: n ?? null }, datasets, timings, figures }, null, 2)}\n`);
  if (missed.length || interrupted) process.exitCode = 1;
}

run("bench", main);
