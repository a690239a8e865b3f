/**
 * npm run bench:load — the production build under load on a local Postgres: 50 department leads
 * saving figures (the real saveFigures server action over HTTP, two leads racing on each figure)
 * and 200 readers opening /dashboard and /departments/coo, for 60 seconds, with autocannon. Prints
 * throughput, p50/p95/p99 latency and errors for each, then checks in the database that every
 * acknowledged save is stored exactly once and that no update was lost.
 *
 *   --duration=<s>   seconds of load (default 60)
 *   --writers=<n>    concurrent leads saving (default 50)
 *   --readers=<n>    concurrent readers (default 200)
 *   --port=<p>       the server's port (default 3910)
 *
 * It creates a database on the Postgres server at DATABASE_URL (admin URL; default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates and seeds it with the demo data plus the
 * load's leads, starts `scripts/launch.ts start` (builds when sources changed) and drops the database
 * at the end. The server's logs go to $TMPDIR/baseline-load-server-<port>.log. Exit code 1 when a
 * request failed or the database check found a problem.
 */
import {
  argNumber,
  createLoadDatabase,
  latencySummary,
  machine,
  prepareWriters,
  READER_ACCOUNTS,
  READER_PATHS,
  runLoad,
  saveFiguresActionId,
  SaveLedger,
  serverLogPath,
  signIn,
  startServer,
  stopServer,
  verifySaves,
  waitForServer,
  warmUp,
  type LoadDatabase,
} from "./lib/load-harness";
import type { ChildProcess } from "node:child_process";

const log = (msg: string) => console.log(`[bench:load] ${msg}`);

async function main() {
  const durationSec = argNumber("duration", 60);
  const writers = argNumber("writers", 50);
  const readers = argNumber("readers", 200);
  const port = argNumber("port", 3910);
  const base = `http://localhost:${port}`;
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  let database: LoadDatabase | undefined;
  let server: ChildProcess | undefined;
  try {
    log("creating and seeding a database for the run…");
    database = await createLoadDatabase(adminUrl, "baseline_load");
    const slots = await prepareWriters(database.url, writers);
    log(`starting the production server on port ${port} (building first if sources changed)…`);
    server = startServer(database.url, port);
    const running = server;
    process.once("SIGINT", () => void stopServer(running).finally(() => process.exit(130)));
    await waitForServer(base, server, 15 * 60_000);

    const ledger = new SaveLedger(slots, saveFiguresActionId(), base);
    await ledger.signInAll();
    const readerCookies = await Promise.all(READER_ACCOUNTS.map((e) => signIn(base, e)));
    await warmUp(base, readerCookies[0]!, READER_PATHS);
    log(`machine: ${machine()}`);
    log(`${writers} leads saving ${slots.length} figures (two leads each) and ${readers} readers of ${READER_PATHS.join(" and ")} for ${durationSec} s…`);
    const run = await runLoad({ base, ledger, readerCookies, writers, readers, durationSec, readerPaths: READER_PATHS });
    const seconds = (run.endedAt - run.startedAt) / 1000;
    log(`done; machine now: ${machine()}; server log: ${serverLogPath(port)}`);

    const saves = run.samples.filter((s) => s.kind === "save");
    const reads = run.samples.filter((s) => s.kind === "read");
    console.log("\nThroughput and latency (from sending a request to its whole response):");
    console.table({
      "saves (POST /entry, saveFigures)": latencySummary(saves, seconds),
      "reads (GET dashboards)": latencySummary(reads, seconds),
    });
    const readErrors = reads.filter((s) => s.status !== 200).length;
    const statuses = new Map<number, number>();
    for (const s of reads) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    console.log("Outcomes:");
    console.table({
      saves: {
        saved: ledger.count("saved"),
        "version conflict (refused, expected)": ledger.count("conflict"),
        unchanged: ledger.count("unchanged"),
        "failed (error message)": ledger.count("failed") + ledger.count("unavailable"),
        "HTTP error": ledger.count("http"),
        "no answer (timed out, or in flight at the end)": ledger.count("cut off"),
      },
    });
    console.log(
      `Reads by status: ${[...statuses].map(([st, n]) => `${n} × ${st}`).join(", ")}; socket errors ${run.readers.errors + run.writers.errors}, timeouts ${run.readers.timeouts + run.writers.timeouts}`,
    );
    for (const [message, n] of ledger.messages) console.log(`  ${n} × ${message}`);

    const check = await verifySaves(database.url, ledger);
    console.log(
      `\nDatabase check: ${check.storedOnce}/${check.acknowledged} acknowledged saves stored exactly once; ${check.refusedAndAbsent} refused saves left no trace; ` +
        `${check.slotsConsistent}/${slots.length} figures have version = before + saves and the last save's commentary; ${check.unacknowledgedButStored} unacknowledged saves were stored.`,
    );
    if (!check.ok) {
      for (const p of check.problems.slice(0, 30)) console.log(`  PROBLEM: ${p}`);
      process.exitCode = 1;
    }
    const failed = ledger.count("failed") + ledger.count("unavailable") + ledger.count("http") + readErrors + run.readers.errors + run.writers.errors;
    // A run in which nothing got through (all timed out or cut off) has no errors and proves nothing.
    const vacuous = [ledger.count("saved") === 0 ? "no save was acknowledged" : "", reads.length === readErrors ? "no read answered 200" : ""].filter(Boolean);
    for (const p of vacuous) console.log(`  PROBLEM: ${p}`);
    const ok = check.ok && vacuous.length === 0;
    console.log(ok && failed === 0 ? "\nRESULT: ok — no errors, nothing lost" : ok ? `\nRESULT: nothing lost, but ${failed} requests failed` : "\nRESULT: FAILED — see the problems above");
    if (failed > 0 || vacuous.length) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server);
    await database?.drop().catch((err: unknown) => console.error(`could not drop the load database: ${err instanceof Error ? err.message : String(err)}`));
  }
}

main().catch((err) => {
  console.error(`[bench:load] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
