import { Client } from "pg";

/**
 * What the app knows about its database being reachable, shared by the code that talks to Postgres
 * (lib/db.ts, instrumentation.ts), which reports failures, and proxy.ts, which answers 503 while
 * the database is known to be down. Kept on globalThis because the proxy and the route bundles are
 * separate module graphs in one process.
 *
 * No failure seen: nothing is checked, so requests pay nothing. After a failure, the proxy confirms
 * with a probe on a connection of its own (a pool that is only busy is not "down"), at most one
 * probe at a time and one a second; the first successful probe clears the state, so the app
 * recovers by itself when Postgres is back.
 */
interface HealthState {
  failedAt: number | null;
  probe: Promise<boolean> | null;
  probedAt: number;
  lastProbeUp: boolean;
}

const KEY = Symbol.for("baseline.databaseHealth");
const PROBE_INTERVAL_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;

function state(): HealthState {
  const g = globalThis as unknown as Record<symbol, HealthState | undefined>;
  return (g[KEY] ??= { failedAt: null, probe: null, probedAt: 0, lastProbeUp: true });
}

/** Called where a query failed because Postgres could not be reached (see isConnectionError). */
export function noteDatabaseFailure(now = Date.now()): void {
  const s = state();
  s.failedAt ??= now;
}

/** Something that runs a query: the app's pool (lib/db.ts), for probing the embedded database. */
interface Queryable {
  query(text: string): Promise<unknown>;
}

const POOL_KEY = Symbol.for("baseline.databaseHealthPool");
/** The embedded database's one connection may be busy with a burst of requests queued before the probe. */
const EMBEDDED_PROBE_TIMEOUT_MS = 30_000;

/**
 * The embedded database (BASELINE_EMBEDDED_DB=1) serves one connection at a time and the app's pool
 * holds it, so a connection of the probe's own would only wait: there, the probe asks through the
 * pool (lib/db.ts registers it). When PGlite is gone the pool's connection is refused at once.
 */
export function probeThroughPool(pool: () => Queryable | undefined): void {
  (globalThis as unknown as Record<symbol, () => Queryable | undefined>)[POOL_KEY] = pool;
}

/**
 * Runs `select 1`, on a connection of its own (through the app's pool on the embedded database);
 * true when Postgres answers in time.
 */
export async function probeDatabase(connectionString: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const pool = (globalThis as unknown as Record<symbol, (() => Queryable | undefined) | undefined>)[POOL_KEY]?.();
  if (pool && process.env.BASELINE_EMBEDDED_DB === "1") return answersInTime(pool.query("select 1"), Math.max(timeoutMs, EMBEDDED_PROBE_TIMEOUT_MS));
  const client = new Client({ connectionString, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined); // a connection dropped mid-probe is a failed probe, not a crash
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.query("select 1")),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("probe timed out")), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    void client.end().catch(() => undefined);
  }
}

async function answersInTime(query: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([query, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("probe timed out")), timeoutMs)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * True while the database is known to be down: a failure was noted and the latest probe (at most a
 * second old) could not reach Postgres. `probe` is injectable for tests.
 */
export async function databaseUnavailable(
  connectionString: string | undefined,
  probe: (url: string) => Promise<boolean> = probeDatabase,
  now = Date.now(),
): Promise<boolean> {
  const s = state();
  if (s.failedAt === null || !connectionString) return false;
  if (!s.probe && now - s.probedAt >= PROBE_INTERVAL_MS) {
    s.probedAt = now;
    s.probe = probe(connectionString).then((up) => {
      s.lastProbeUp = up;
      if (up) s.failedAt = null;
      s.probe = null;
      return up;
    });
  }
  const up = s.probe ? await s.probe : s.lastProbeUp;
  return !up;
}

/** Tests only: forget every noted failure and probe. */
export function resetDatabaseHealth(): void {
  const s = state();
  s.failedAt = null;
  s.probe = null;
  s.probedAt = 0;
  s.lastProbeUp = true;
}
