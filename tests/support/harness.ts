/**
 * The integration-test harness: what every file in tests/integration needs, written once
 * (after Dub's apps/web/tests/utils/integration.ts).
 *
 * - `setUpTestDb()`: the run's database with the demo data, and the pools closed afterwards;
 * - `session` / `signInAs(user)`: who the mocked getCurrentUser() returns; `sessionUserFor(...)` and
 *   `demoUsers()` load session users;
 * - `form(fields)`: FormData as the browser posts a server-action form;
 * - `countQueries(run)`: how many queries a call sends through the app's pool.
 *
 * vi.mock calls are hoisted per file, so each file still declares its mocks, but takes them from here:
 *   vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
 *   vi.mock("next/cache", () => import("../support/mocks/next-cache"));
 *   vi.mock("next/navigation", () => import("../support/mocks/next-navigation")); // redirect throws { redirectTo }
 */
import type { PoolClient } from "pg";

export { closeAppDb, ensureDemoData, openTestDb, setUpTestDb, testDatabaseUrl } from "./demo-data";
export { session, signInAs } from "./session";
export { DEMO_ACCOUNTS, demoUsers, sessionUserFor, type DemoAccount } from "./session-users";

/** Pooled clients whose query() counts into `counting` (wrapped once, on their first checkout while counting). */
const countedClients = new WeakSet<PoolClient>();
let counting: { queries: number } | null = null;

function countOn(client: PoolClient) {
  if (countedClients.has(client)) return;
  countedClients.add(client);
  const original = client.query;
  client.query = function (this: PoolClient, ...args: unknown[]) {
    if (counting) counting.queries++;
    return Reflect.apply(original, this, args) as unknown;
  } as typeof client.query;
}

/**
 * How many queries `run` sends through the app's pool (lib/db.ts): a page's reads are counted, not
 * timed. Counted on the pooled clients, so the statements of a transaction (BEGIN and COMMIT
 * included) count as well as single queries.
 */
export async function countQueries(run: () => Promise<unknown>): Promise<number> {
  const { pool: appPool } = await import("@/lib/db"); // loaded on use: the harness itself loads no app module
  const pool = appPool();
  const mine = { queries: 0 };
  counting = mine;
  pool.on("acquire", countOn);
  try {
    await run();
    return mine.queries;
  } finally {
    pool.off("acquire", countOn);
    counting = null;
  }
}

export type FormFields = Record<string, string | number | boolean | null | undefined | Blob>;

/**
 * FormData as the browser submits a server-action form: React's own `$ACTION_REF_1` field first,
 * then each field as a string (null as empty), a ticked checkbox (`true`) as "on", and an unticked
 * one (`false`) or a disabled field (`undefined`) not sent at all; files as they are.
 */
export function form(fields: FormFields): FormData {
  const fd = new FormData();
  fd.append("$ACTION_REF_1", "");
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === false) continue;
    if (value instanceof Blob) fd.append(name, value);
    else fd.append(name, value === true ? "on" : value === null ? "" : String(value));
  }
  return fd;
}
