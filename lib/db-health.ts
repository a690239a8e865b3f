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

/** Opens a connection of its own and runs `select 1`; true when Postgres answers in time. */
export async function probeDatabase(connectionString: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
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
