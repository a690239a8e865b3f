/**
 * npm run bench:fault — the load of npm run bench:load, with the local Postgres stopped in the middle
 * of it and started again. Shows, second by second, what the app answered: /api/health must say 503
 * while the database is down and 200 again on its own once it is back (no restart of the app), saves
 * must fail with a message rather than hang or crash the server, and afterwards the database check
 * of bench:load must find every acknowledged save stored exactly once and no update lost. Pages
 * must answer 503 (proxy.ts) rather than the error page while it is down.
 *
 * FOR HUMANS ONLY: it stops the Postgres cluster of this machine
 * (`pg_ctlcluster --skip-systemctl-redirect <version> main stop|start`), which every other database
 * on it shares. CI and npm test never run it. Needs root or the postgres user.
 *
 *   --duration=<s>   seconds of load (default 60)
 *   --stop-at=<s>    when to stop Postgres, in seconds from the start of the load (default 20)
 *   --down=<s>       how long Postgres stays down (default 10)
 *   --writers=<n> --readers=<n> --port=<p>   as for bench:load (defaults 50, 200, 3911)
 *
 * Exit code 1 when health or a page did not answer 503 while down, health did not answer 200 after,
 * the server died, or the database check failed.
 */
import { execFile, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
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
  sleep,
  startServer,
  stopServer,
  verifySaves,
  waitForServer,
  warmUp,
  type LoadDatabase,
  type Sample,
} from "./lib/load-harness";

const log = (msg: string) => console.log(`[bench:fault] ${msg}`);

/** Stops or starts the machine's Postgres cluster (asynchronously: the load and the probes go on meanwhile). */
async function cluster(action: "stop" | "start") {
  const versions = fs.readdirSync("/etc/postgresql").filter((v) => /^\d+$/.test(v));
  if (versions.length !== 1) throw new Error(`expected one Postgres version in /etc/postgresql, found ${versions.join(", ") || "none"}`);
  await promisify(execFile)("pg_ctlcluster", ["--skip-systemctl-redirect", versions[0]!, "main", action]);
}

interface Probe {
  at: number;
  status: number; // 0: no answer
  ms: number;
}

async function main() {
  const durationSec = argNumber("duration", 60);
  const stopAt = argNumber("stop-at", 20);
  const down = argNumber("down", 10);
  const writers = argNumber("writers", 50);
  const readers = argNumber("readers", 200);
  const port = argNumber("port", 3911);
  if (stopAt + down >= durationSec) throw new Error("--stop-at plus --down must end before --duration");
  const base = `http://localhost:${port}`;
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  let database: LoadDatabase | undefined;
  let server: ChildProcess | undefined;
  let stopped = false;
  try {
    log("creating and seeding a database for the run…");
    database = await createLoadDatabase(adminUrl, "baseline_fault");
    const slots = await prepareWriters(database.url, writers);
    log(`starting the production server on port ${port} (building first if sources changed)…`);
    server = startServer(database.url, port);
    const running = server;
    process.once("SIGINT", () => {
      void (stopped ? cluster("start") : Promise.resolve())
        .catch(() => undefined)
        .then(() => stopServer(running))
        .finally(() => process.exit(130));
    });
    await waitForServer(base, server, 15 * 60_000);
    const serverPid = server.pid;

    const ledger = new SaveLedger(slots, saveFiguresActionId(), base);
    await ledger.signInAll();
    const readerCookies = await Promise.all(READER_ACCOUNTS.map((e) => signIn(base, e)));
    await warmUp(base, readerCookies[0]!, READER_PATHS);
    log(`machine: ${machine()}`);
    log(`load for ${durationSec} s (${writers} leads saving, ${readers} readers); Postgres stops at ${stopAt} s for ${down} s`);

    const events: { at: number; what: string }[] = [];
    const event = (what: string) => events.push({ at: Date.now(), what });
    const probes: Probe[] = [];
    let probing = true;
    // /api/health twice a second, on a connection of its own (fetch), throughout.
    const prober = (async () => {
      while (probing) {
        const started = Date.now();
        let status = 0;
        try {
          const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
          status = res.status;
          await res.arrayBuffer();
        } catch {
          status = 0;
        }
        probes.push({ at: started, status, ms: Date.now() - started });
        await sleep(Math.max(0, 500 - (Date.now() - started)));
      }
    })();

    const startedAt = Date.now();
    event("load starts");
    const fault = (async () => {
      await sleep(stopAt * 1000);
      event("pg_ctlcluster stop issued");
      stopped = true;
      await cluster("stop");
      event("Postgres stopped");
      await sleep(down * 1000);
      event("pg_ctlcluster start issued");
      await cluster("start");
      stopped = false;
      event("Postgres started");
    })();
    const run = await runLoad({ base, ledger, readerCookies, writers, readers, durationSec, readerPaths: READER_PATHS });
    const samples: Sample[] = run.samples;
    event("load ends");
    await fault;
    // A few more seconds of probes, in case recovery came late.
    await sleep(3_000);
    probing = false;
    await prober;

    const stoppedAt = events.find((e) => e.what === "Postgres stopped")!.at;
    const restartIssued = events.find((e) => e.what === "pg_ctlcluster start issued")!.at;
    const startedPg = events.find((e) => e.what === "Postgres started")!.at;
    // Probes count from when their answer came (under load an answer can take seconds).
    const done = (p: Probe) => p.at + p.ms;
    const stopIssued = events.find((e) => e.what === "pg_ctlcluster stop issued")!.at;
    const first503 = probes.find((p) => p.at >= stopIssued && p.status === 503);
    const back = probes.find((p) => p.at >= startedPg && p.status === 200);
    let previous: number | undefined;
    for (const p of probes) {
      if (p.status !== previous) events.push({ at: done(p), what: `/api/health: ${p.status || "no answer"} (probe sent at ${((p.at - startedAt) / 1000).toFixed(1)} s, answered in ${p.ms} ms)` });
      previous = p.status;
    }
    const firstSave = samples.find((s) => s.kind === "save" && s.at >= startedPg && s.outcome === "saved");
    const firstRead = samples.find((s) => s.kind === "read" && s.at >= startedPg && s.status === 200);
    if (firstSave) events.push({ at: firstSave.at, what: "first acknowledged save after the restart" });
    if (firstRead) events.push({ at: firstRead.at, what: "first dashboard read (200) after the restart" });
    events.sort((a, b) => a.at - b.at);
    const t = (at: number) => ((at - startedAt) / 1000).toFixed(1).padStart(5);

    console.log("\nTimeline (seconds from the start of the load):");
    for (const e of events) console.log(`  ${t(e.at)} s  ${e.what}`);

    console.log("\nSecond by second (health: the /api/health answers that arrived in that second; reads and saves: the responses that arrived in it):");
    const rows: Record<string, Record<string, string | number>> = {};
    const last = Math.ceil((Math.max(run.endedAt, ...probes.map((p) => p.at)) - startedAt) / 1000);
    for (let sec = 0; sec < last; sec++) {
      const inSec = <T extends { at: number }>(xs: T[]) => xs.filter((x) => x.at >= startedAt + sec * 1000 && x.at < startedAt + (sec + 1) * 1000);
      const ps = inSec(probes.map((p) => ({ ...p, at: done(p) })));
      const ss = inSec(samples);
      const reads = ss.filter((s) => s.kind === "read");
      const saves = ss.filter((s) => s.kind === "save");
      const db = startedAt + sec * 1000 >= stoppedAt - 1000 && startedAt + sec * 1000 < startedPg ? "DOWN" : "up";
      rows[String(sec)] = {
        postgres: db,
        health: ps.map((p) => (p.status === 0 ? "–" : p.status)).join(" "),
        "reads 200": reads.filter((s) => s.status === 200).length,
        "reads 503": reads.filter((s) => s.status === 503).length,
        "reads 500": reads.filter((s) => s.status >= 500 && s.status !== 503).length,
        saved: saves.filter((s) => s.outcome === "saved").length,
        conflict: saves.filter((s) => s.outcome === "conflict").length,
        "db unavailable": saves.filter((s) => s.outcome === "unavailable").length,
        "other failure": saves.filter((s) => s.outcome === "failed" || s.outcome === "http").length,
      };
    }
    console.table(rows);

    const seconds = (run.endedAt - run.startedAt) / 1000;
    console.table({
      "saves (POST /entry, saveFigures)": latencySummary(samples.filter((s) => s.kind === "save"), seconds),
      "reads (GET dashboards)": latencySummary(samples.filter((s) => s.kind === "read"), seconds),
    });
    const downReads = samples.filter((s) => s.kind === "read" && s.at > stoppedAt && s.at < restartIssued);
    const statuses = new Map<number, number>();
    for (const s of downReads) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    console.log(`Reads answered while Postgres was down: ${[...statuses].map(([st, n]) => `${n} × ${st}`).join(", ") || "none"}`);
    for (const [message, n] of ledger.messages) console.log(`Saves answered: ${n} × ${message}`);
    console.log(`Saves: ${ledger.count("saved")} saved, ${ledger.count("conflict")} version conflicts, ${ledger.count("unavailable")} "database unavailable", ${ledger.count("failed")} other failures, ${ledger.count("http")} HTTP errors, ${ledger.count("cut off")} in flight at the end`);

    const problems: string[] = [];
    const whileDown = probes.filter((p) => p.at > stoppedAt && done(p) < restartIssued);
    if (whileDown.length === 0 || whileDown.some((p) => p.status !== 503)) {
      problems.push(`/api/health while Postgres was down: ${whileDown.map((p) => p.status).join(" ") || "no probes"} (expected only 503)`);
    }
    // Reads sent a second or more after the stop and answered before the restart: proxy.ts's 503 page.
    const settledDownReads = downReads.filter((s) => s.at - s.ms >= stoppedAt + 1_000);
    // None at all would make the check below vacuous: the outage was not exercised by reads.
    if (settledDownReads.length === 0) problems.push("no read was sent and answered while Postgres was down: the 503 page was not tested");
    else if (settledDownReads.some((s) => s.status !== 503)) {
      const other = settledDownReads.filter((s) => s.status !== 503).length;
      problems.push(`${other} of ${settledDownReads.length} reads sent while Postgres was down answered something other than 503`);
    }
    if (!back) problems.push("/api/health never answered 200 after Postgres came back");
    else
      console.log(
        `Recovered by itself: /api/health 200 ${((done(back) - startedPg) / 1000).toFixed(1)} s after Postgres was up` +
          `${firstRead ? `, first dashboard read ${((firstRead.at - startedPg) / 1000).toFixed(1)} s after` : ""}` +
          `${firstSave ? `, first save acknowledged ${((firstSave.at - startedPg) / 1000).toFixed(1)} s after` : ""}.`,
      );
    if (first503) console.log(`/api/health said 503 ${((done(first503) - stoppedAt) / 1000).toFixed(1)} s after Postgres had stopped; ${whileDown.length} probes answered while it was down: ${whileDown.map((p) => p.status).join(" ")}.`);
    if (!firstSave) problems.push("no save was acknowledged after Postgres came back");
    if (server.exitCode !== null || server.pid !== serverPid) problems.push(`the server process died (exit code ${server.exitCode})`);
    else console.log(`The server process (pid ${serverPid}) ran throughout.`);

    const check = await verifySaves(database.url, ledger);
    console.log(
      `Database check: ${check.storedOnce}/${check.acknowledged} acknowledged saves stored exactly once; ${check.refusedAndAbsent} refused saves left no trace; ` +
        `${check.slotsConsistent}/${slots.length} figures have version = before + saves and the last save's commentary; ` +
        `${check.unacknowledgedButStored} saves not acknowledged (failed or cut off) were nevertheless stored, once each.`,
    );
    problems.push(...check.problems);
    log(`server log: ${serverLogPath(port)}; machine now: ${machine()}`);
    if (problems.length) {
      for (const p of problems.slice(0, 30)) console.log(`  PROBLEM: ${p}`);
      console.log("\nRESULT: FAILED");
      process.exitCode = 1;
    } else {
      console.log("\nRESULT: ok — 503 while down, recovered by itself, no acknowledged save lost");
    }
  } finally {
    if (stopped) {
      log("starting Postgres again");
      await cluster("start");
    }
    if (server) await stopServer(server);
    await database?.drop().catch((err: unknown) => console.error(`could not drop the fault database: ${err instanceof Error ? err.message : String(err)}`));
  }
}

main().catch((err) => {
  console.error(`[bench:fault] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
