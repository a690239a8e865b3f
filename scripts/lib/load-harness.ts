/**
 * What scripts/load-test.ts and scripts/fault-test.ts share: a throwaway seeded database with 50
 * extra department leads, the production server, autocannon runs of leads saving figures and of
 * readers opening dashboards, and the check in the database that no acknowledged save was lost.
 *
 * Saves go through the real server action (saveFigures in app/(app)/entry/actions.ts) over HTTP,
 * exactly as the entry page's form posts it: POST /entry with the action's id (read from the
 * build's server-reference-manifest.json) in the Next-Action header and the arguments as React
 * encodes them. So a save passes the session check, zod, the version check, the transaction and the
 * audit log like any other.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { format, startOfMonth, subMonths } from "date-fns";
import { Client } from "pg";
import { createDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed/seed";
import { percentile, sleep } from "./bench";

export const PASSWORD = "baseline-demo";
// The benchmarks' shared helpers, re-exported for load-test.ts and fault-test.ts.
export { argNumber, sleep, stopServer } from "./bench";

// ---------------------------------------------------------------------------------------------
// Database

export interface LoadDatabase {
  url: string;
  drop: () => Promise<void>;
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

/** A new database on the Postgres server at `adminUrl`, migrated and seeded with the demo data. */
export async function createLoadDatabase(adminUrl: string, prefix: string): Promise<LoadDatabase> {
  const name = `${prefix}_${crypto.randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `create database "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const drop = () => adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  try {
    const { db, pool } = createDb(url, { max: 2 });
    try {
      await runMigrations(db);
      await seedDemo(db);
    } finally {
      await pool.end();
    }
  } catch (err) {
    await drop();
    throw err;
  }
  return { url, drop };
}

/** One figure that two leads of its unit keep saving (so that their saves race each other). */
export interface Slot {
  index: number;
  unitId: number;
  measureId: number;
  month: string; // YYYY-MM
  value: (seq: number) => string;
  leads: string[]; // emails
  /** Stored version before the run (0: no figure yet). */
  initialVersion: number;
  /** The highest version the load generator knows is stored (from acknowledgements and conflicts). */
  knownVersion: number;
}

/**
 * `writers` new LEAD accounts (password baseline-demo) and writers / 2 slots: a monthly, non-ratio
 * measure of a unit in one of the last three completed months, each saved by two leads of that unit.
 */
export async function prepareWriters(url: string, writers: number): Promise<Slot[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: hashRow } = await c.query<{ password_hash: string }>(`select password_hash from users where email = 'lead.md@baseline.test'`);
    const hash = hashRow[0]?.password_hash;
    if (!hash) throw new Error("the demo lead lead.md@baseline.test is missing");
    const { rows: ms } = await c.query<{ id: number; unit_id: number; value_type: string; scale_min: string | null; scale_max: string | null }>(`
      select m.id, m.unit_id, m.value_type, m.scale_min::text, m.scale_max::text from measures m
      where m.active and m.frequency = 'monthly' and m.quarter_rule <> 'ratio'
      order by row_number() over (partition by m.unit_id order by m.id), m.unit_id`);
    const count = Math.max(1, Math.floor(writers / 2));
    const now = new Date();
    const months = [1, 2, 3].map((k) => format(subMonths(startOfMonth(now), k), "yyyy-MM"));
    const slots: Slot[] = [];
    for (let i = 0; i < count; i++) {
      const m = ms[i % ms.length]!;
      const month = months[Math.floor(i / ms.length) % months.length]!;
      if (i >= ms.length * months.length) throw new Error(`only ${ms.length * months.length} distinct figures available for ${count} slots`);
      const lo = m.value_type === "score" ? Math.ceil(Number(m.scale_min ?? 1)) : 0;
      const hi = m.value_type === "score" ? Math.floor(Number(m.scale_max ?? 10)) : 100;
      const leads = [0, 1].map((k) => `load.lead.${String(i * 2 + k + 1).padStart(2, "0")}@baseline.test`);
      for (const [k, email] of leads.entries()) {
        await c.query(`insert into users (email, name, role, unit_id, password_hash) values ($1, $2, 'LEAD', $3, $4)`, [email, `Load lead ${i * 2 + k + 1}`, m.unit_id, hash]);
      }
      const { rows: cur } = await c.query<{ version: number }>(`select version from measure_values where measure_id = $1 and period_type = 'month' and period = $2::date`, [m.id, `${month}-01`]);
      const initialVersion = cur[0]?.version ?? 0;
      slots.push({ index: i, unitId: m.unit_id, measureId: m.id, month, value: (seq) => String(lo + (seq % (hi - lo + 1))), leads, initialVersion, knownVersion: initialVersion });
    }
    return slots;
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Server

/** Where the server's output goes (outside .next, which a build replaces). */
export const serverLogPath = (port: number) => path.join(os.tmpdir(), `baseline-load-server-${port}.log`);

export function startServer(databaseUrl: string, port: number, extraEnv: Record<string, string> = {}): ChildProcess {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const logFile = fs.openSync(serverLogPath(port), "w");
  // Own process group, so that stopping it also stops the app server (server/main.ts) underneath. The server's JSON
  // logs go to a file (serverLogPath), not over the report.
  return spawn(tsx, ["scripts/launch.ts", "start"], {
    stdio: ["ignore", logFile, logFile],
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? crypto.randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
      ...extraEnv,
    },
  });
}

export async function waitForServer(base: string, server: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode}) before answering; see ${serverLogPath(0).replace("-0.log", "-<port>.log")}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(1_000);
  }
  throw new Error("the server did not answer in time");
}

/** The id Next.js gave the saveFigures server action in this build. */
export function saveFiguresActionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, v]) => v.filename === "app/(app)/entry/actions.ts" && v.exportedName === "saveFigures");
  if (!found) throw new Error("saveFigures is not in .next/server/server-reference-manifest.json");
  return found[0];
}

/** Signs in with the demo password through next-auth's credentials endpoint; returns the Cookie header. */
export async function signIn(base: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const take = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true", callbackUrl: `${base}/dashboard` }).toString(),
  });
  take(res);
  await res.text();
  if (![...jar.keys()].some((k) => /session-token$/.test(k))) throw new Error(`signing in as ${email} failed (HTTP ${res.status})`);
  return header();
}

// ---------------------------------------------------------------------------------------------
// The saves and what became of them

export type SaveOutcome = "saved" | "unchanged" | "conflict" | "unavailable" | "failed" | "http" | "cut off";

interface SaveAttempt {
  slot: Slot;
  token: string;
  version: number;
  sentAt: number;
}

/** The action's result from its RSC (flight) response: row 0 names the row that holds it (`"a":"$@1"`). */
export function actionResult(body: string): { ok: boolean; data?: { saved?: number }; message?: string; current?: { stored: { version: number } | null }[] } | null {
  const rows = new Map<string, string>();
  for (const line of body.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  try {
    const head = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
    const ref = typeof head?.a === "string" && head.a.startsWith("$@") ? head.a.slice(2) : null;
    const value = ref ? JSON.parse(rows.get(ref) ?? "null") : head?.a;
    return value && typeof value === "object" && "ok" in value ? (value as ReturnType<typeof actionResult>) : null;
  } catch {
    return null;
  }
}

export class SaveLedger {
  private seq = 0;
  readonly outcomes = new Map<string, SaveOutcome>(); // token → outcome
  readonly attempts = new Map<string, SaveAttempt>();
  readonly messages = new Map<string, number>();
  private cookies = new Map<string, string>();

  constructor(
    readonly slots: Slot[],
    private actionId: string,
    private base: string,
    readonly runId = crypto.randomBytes(3).toString("hex"),
  ) {}

  async signInAll() {
    const emails = this.slots.flatMap((s) => s.leads);
    // A few at a time: each sign-in hashes a password (argon2), which is slow on purpose.
    for (let i = 0; i < emails.length; i += 5) {
      const batch = emails.slice(i, i + 5);
      const cookies = await Promise.all(batch.map((e) => signIn(this.base, e)));
      batch.forEach((e, k) => this.cookies.set(e, cookies[k]!));
    }
  }

  /** The next save: slots in turn, their two leads alternately, each with a unique commentary token. */
  next(): { attempt: SaveAttempt; headers: Record<string, string>; body: string } {
    const n = this.seq++;
    const slot = this.slots[n % this.slots.length]!;
    const lead = slot.leads[Math.floor(n / this.slots.length) % slot.leads.length]!;
    const token = `load-${this.runId}-${slot.index}-${n}`;
    const attempt: SaveAttempt = { slot, token, version: slot.knownVersion, sentAt: Date.now() };
    this.attempts.set(token, attempt);
    const f = (k: string) => `m.${slot.measureId}.${k}`;
    const input = {
      unitId: String(slot.unitId),
      month: slot.month,
      intent: "draft",
      [f("value")]: slot.value(n),
      [f("commentary")]: token,
      [f("version")]: String(attempt.version),
      [f("reason")]: "Load test correction",
    };
    return {
      attempt,
      headers: {
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        "next-action": this.actionId,
        origin: this.base,
        cookie: this.cookies.get(lead)!,
      },
      // What the browser sends for useActionState(saveFigures): the arguments (previous state, form) encoded by React.
      body: JSON.stringify([null, input]),
    };
  }

  settle(attempt: SaveAttempt, status: number, body: string): SaveOutcome {
    let outcome: SaveOutcome;
    const result = status === 200 ? actionResult(body) : null;
    if (!result) outcome = "http";
    else if (result.ok) {
      outcome = (result.data?.saved ?? 0) > 0 ? "saved" : "unchanged";
      // A save made from version v succeeded, so v + 1 was stored at that moment.
      if (outcome === "saved") attempt.slot.knownVersion = Math.max(attempt.slot.knownVersion, attempt.version + 1);
    } else if (Array.isArray(result.current)) {
      outcome = "conflict";
      const stored = result.current[0]?.stored?.version;
      if (typeof stored === "number") attempt.slot.knownVersion = Math.max(attempt.slot.knownVersion, stored);
    } else {
      outcome = /database is busy or not answering/.test(result.message ?? "") ? "unavailable" : "failed";
      const key = (result.message ?? "").replace(/\(reference [0-9a-f]+\)/, "(reference …)");
      this.messages.set(key, (this.messages.get(key) ?? 0) + 1);
    }
    if (outcome === "http") {
      const key = typeof status === "number" ? `HTTP ${status}` : "no HTTP status (the connection failed)";
      this.messages.set(key, (this.messages.get(key) ?? 0) + 1);
    }
    this.outcomes.set(attempt.token, outcome);
    return outcome;
  }

  /** Saves with no answer: timed out, or still in flight when autocannon stopped. Neither acknowledged nor refused. */
  cutOff(): void {
    for (const token of this.attempts.keys()) if (!this.outcomes.has(token)) this.outcomes.set(token, "cut off");
  }

  count(outcome: SaveOutcome | "no answer"): number {
    if (outcome === "no answer") return [...this.attempts.keys()].filter((t) => !this.outcomes.has(t)).length;
    return [...this.outcomes.values()].filter((o) => o === outcome).length;
  }
}

// ---------------------------------------------------------------------------------------------
// Running the load

export interface Sample {
  at: number; // Date.now()
  kind: "read" | "save";
  status: number;
  ms: number;
  outcome?: SaveOutcome;
}

export interface LoadRun {
  writers: autocannon.Result;
  readers: autocannon.Result;
  samples: Sample[];
  startedAt: number;
  endedAt: number;
}

/** Starts both autocannon runs; resolves when both finish. `onSample` sees every response as it comes. */
export async function runLoad(options: {
  base: string;
  ledger: SaveLedger;
  readerCookies: string[];
  writers: number;
  readers: number;
  durationSec: number;
  readerPaths: string[];
  onSample?: (s: Sample) => void;
}): Promise<LoadRun> {
  const samples: Sample[] = [];
  const record = (s: Sample) => {
    samples.push(s);
    options.onSample?.(s);
  };
  const startedAt = Date.now();
  const writerRun = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.base,
        connections: options.writers,
        duration: options.durationSec,
        timeout: 20,
        requests: [
          {
            method: "POST",
            path: "/entry",
            setupRequest: (req, context) => {
              const next = options.ledger.next();
              (context as { attempt?: SaveAttempt }).attempt = next.attempt;
              return { ...req, headers: next.headers, body: next.body };
            },
            onResponse: (status, body, context) => {
              const attempt = (context as { attempt?: SaveAttempt }).attempt;
              if (!attempt) return;
              const outcome = options.ledger.settle(attempt, status, body);
              record({ at: Date.now(), kind: "save", status, ms: Date.now() - attempt.sentAt, outcome });
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on("error", reject);
  });
  let turn = 0;
  const readerRun = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.base,
        connections: options.readers,
        duration: options.durationSec,
        timeout: 20,
        requests: [
          {
            method: "GET",
            setupRequest: (req) => {
              const n = turn++;
              return { ...req, path: options.readerPaths[n % options.readerPaths.length]!, headers: { cookie: options.readerCookies[n % options.readerCookies.length]! } };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => record({ at: Date.now(), kind: "read", status: statusCode, ms: responseTime }));
    instance.on("error", reject);
  });
  const [writers, readers] = await Promise.all([writerRun, readerRun]);
  options.ledger.cutOff();
  return { writers, readers, samples, startedAt, endedAt: Date.now() };
}

const percentileOrNaN = (sorted: number[], p: number) => (sorted.length ? percentile(sorted, p) : NaN);

/** How busy the machine is: the figures mean little without it. */
export function machine(): string {
  const load = os.loadavg().map((n) => n.toFixed(1)).join(", ");
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), load average ${load}`;
}

export function latencySummary(samples: Sample[], seconds: number) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    "req/s": (samples.length / seconds).toFixed(1),
    "p50 ms": Math.round(percentileOrNaN(ms, 50)),
    "p95 ms": Math.round(percentileOrNaN(ms, 95)),
    "p99 ms": Math.round(percentileOrNaN(ms, 99)),
    "max ms": Math.round(ms[ms.length - 1] ?? NaN),
  };
}

// ---------------------------------------------------------------------------------------------
// The check in the database

export interface Verification {
  ok: boolean;
  problems: string[];
  acknowledged: number;
  storedOnce: number;
  refusedAndAbsent: number;
  unacknowledgedButStored: number;
  slotsConsistent: number;
}

/**
 * Every acknowledged save is in the audit log exactly once; no refused save left a trace; for every
 * slot the version moved by exactly the number of saves that committed (so no save overwrote
 * another from the same version: nothing was lost), and the stored commentary is the last one's.
 */
export async function verifySaves(url: string, ledger: SaveLedger): Promise<Verification> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: audited } = await c.query<{ token: string; n: number; last_id: string }>(
      `select after->>'commentary' as token, count(*)::int as n, max(id)::text as last_id from audit_log
       where entity_type = 'measure_value' and after->>'commentary' like $1 group by 1`,
      [`load-${ledger.runId}-%`],
    );
    const auditCount = new Map(audited.map((r) => [r.token, r.n]));
    const problems: string[] = [];
    let acknowledged = 0;
    let storedOnce = 0;
    let refusedAndAbsent = 0;
    let unacknowledgedButStored = 0;
    for (const [token] of ledger.attempts) {
      const outcome = ledger.outcomes.get(token);
      const n = auditCount.get(token) ?? 0;
      if (outcome === "saved") {
        acknowledged++;
        if (n === 1) storedOnce++;
        else problems.push(`acknowledged save ${token} is in the audit log ${n} times`);
      } else if (outcome === "conflict" || outcome === "unchanged" || outcome === "failed") {
        if (n === 0) refusedAndAbsent++;
        else problems.push(`save ${token} was answered "${outcome}" but is in the audit log ${n} times`);
      } else if (n > 0) {
        // No answer, an HTTP error or "database unavailable": the commit may have happened before the
        // connection broke. Allowed, and counted, but never more than once.
        unacknowledgedButStored++;
        if (n > 1) problems.push(`unacknowledged save ${token} is in the audit log ${n} times`);
      }
    }
    const tokensOf = new Map<number, string[]>();
    for (const [token, a] of ledger.attempts) tokensOf.set(a.slot.index, [...(tokensOf.get(a.slot.index) ?? []), token]);
    let slotsConsistent = 0;
    for (const slot of ledger.slots) {
      const { rows } = await c.query<{ id: number; version: number; commentary: string | null; n: number }>(
        `select id, version, commentary, (select count(*)::int from measure_values x where x.measure_id = mv.measure_id and x.period_type = 'month' and x.period = mv.period) as n
         from measure_values mv where measure_id = $1 and period_type = 'month' and period = $2::date`,
        [slot.measureId, `${slot.month}-01`],
      );
      const committed = (tokensOf.get(slot.index) ?? []).filter((t) => (auditCount.get(t) ?? 0) > 0);
      const row = rows[0];
      const version = row?.version ?? 0;
      const expected = slot.initialVersion + committed.length; // an insert stores version 1, each update adds 1
      const last = committed.length ? committed.reduce((a, b) => (Number(audited.find((r) => r.token === a)!.last_id) > Number(audited.find((r) => r.token === b)!.last_id) ? a : b)) : null;
      const slotProblems: string[] = [];
      if (committed.length && row?.n !== 1) slotProblems.push(`${row?.n ?? 0} stored figures`);
      if (version !== expected) slotProblems.push(`version ${version}, expected ${expected} (${slot.initialVersion} before + ${committed.length} saves): an update was lost or doubled`);
      if (last && row?.commentary !== last) slotProblems.push(`stored commentary "${row?.commentary}" is not the last save's "${last}"`);
      if (slotProblems.length) problems.push(`slot ${slot.index} (measure ${slot.measureId}, ${slot.month}): ${slotProblems.join("; ")}`);
      else slotsConsistent++;
    }
    return { ok: problems.length === 0, problems, acknowledged, storedOnce, refusedAndAbsent, unacknowledgedButStored, slotsConsistent };
  } finally {
    await c.end();
  }
}

/** A few sequential requests to each page first, so that the run does not time the server's first requests. */
export async function warmUp(base: string, cookie: string, paths: string[]) {
  for (let i = 0; i < 3; i++) {
    for (const p of paths) await (await fetch(`${base}${p}`, { headers: { cookie } })).arrayBuffer();
  }
}

/** Readers' sessions: SLT of COO, the viewer and the administrator, in turn. */
export const READER_ACCOUNTS = ["slt.coo@baseline.test", "viewer@baseline.test", "admin@baseline.test"];
export const READER_PATHS = ["/dashboard", "/departments/coo"];
