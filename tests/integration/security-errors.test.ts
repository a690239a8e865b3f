/**
 * Errors shown to users never include stack traces or SQL: every server action, with the database
 * failing under it (every query throws an error whose message is SQL, as drizzle's do), answers the
 * one generic message with a reference, and logs the detail under that reference for support.
 * The production error page is checked in tests/e2e/security/errors.spec.ts.
 */
import type * as LogModule from "@/lib/log";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/current-user";
import { sessionUserFor, setUpTestDb, signInAs } from "../support/harness";
import { ACTIONS, actionCases } from "../security/access-matrix";
import { ACTION_INPUTS, type BuildContext } from "./security-action-inputs";
import { buildContext, callAction, loadActions, type ActionFn } from "./security-harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));
vi.mock("next/navigation", () => import("../support/mocks/next-navigation"));
const logged = vi.hoisted(() => ({ calls: [] as unknown[][] }));
// Records every log call with the request context the real logger would add (request id, action).
vi.mock("@/lib/log", async (importOriginal) => {
  const real = await importOriginal<typeof LogModule>();
  return {
    ...real,
    log: vi.fn((level: string, msg: string, fields: Record<string, unknown> = {}) => {
      const { err, ...rest } = fields;
      const detail = err === undefined ? {} : { err: typeof err === "string" ? { message: err } : real.errorFields(err) };
      logged.calls.push([level, msg, { ...real.currentRequestContext(), ...rest, ...detail }]);
    }),
  };
});

const { db: testDb } = setUpTestDb();
const cleanups: (() => Promise<unknown>)[] = [];
let actions = new Map<string, ActionFn>();
let admin: SessionUser;
let ctx: BuildContext;

const SQL_MESSAGE =
  'Failed query: insert into "risks" ("ref", "unit_id", "title") values ($1, $2, $3) returning "id"\nparams: COO-R99,4,secret title';
const GENERIC = /^Something went wrong and nothing was saved\. Please try again \(reference ([0-9a-f]{8})\)\.$/;

/** Makes every query of the app's database fail, as a broken connection or a bad statement would. */
async function withFailingDatabase<T>(run: () => Promise<T>): Promise<T> {
  const { db } = await import("@/lib/db");
  await db.execute("select 1"); // the app's pool exists from here on
  const real = (globalThis as unknown as { baselineDb: { db: Record<string, unknown> } }).baselineDb.db;
  const fail = () => {
    const cause = Object.assign(new Error('value "99999999999" is out of range for type integer'), { code: "22003", severity: "ERROR", routine: "pg_strtoint32_safe" });
    throw Object.assign(new Error(SQL_MESSAGE), { cause });
  };
  const spies = ["select", "selectDistinct", "insert", "update", "delete", "execute", "transaction"]
    .filter((m) => typeof real[m] === "function")
    .map((m) => vi.spyOn(real as Record<string, () => unknown>, m).mockImplementation(fail));
  try {
    return await run();
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

beforeAll(async () => {
  actions = await loadActions();
  admin = await sessionUserFor({ email: "admin@baseline.test" });
  ctx = await buildContext(testDb, actions, signInAs, admin, cleanups);
});

afterAll(async () => {
  for (const fn of cleanups) await fn();
});

describe("a database error inside a server action", () => {
  const keys = Object.entries(ACTIONS).map(([key, row]) => [key, actionCases(row)[0]![0]] as const);
  it.each(keys)("%s answers the generic message with a reference, and logs the detail under it", async (key, caseName) => {
    const fields = await ACTION_INPUTS[key]!(ctx, caseName);
    logged.calls.length = 0;
    const result = await withFailingDatabase(() => callAction(actions.get(key), signInAs, admin, fields));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(GENERIC);
    expect(Object.keys(result).sort()).toEqual(["message", "ok"]);
    const shown = JSON.stringify(result);
    for (const leak of ["insert", "select", "risks", "params", "Failed query", "out of range", "22003", "secret title", "    at ", ".ts:", "node_modules"]) expect(shown).not.toContain(leak);
    // Support finds the detail by the reference the user was given.
    const reference = GENERIC.exec(result.message)![1]!;
    const entry = logged.calls.find((c) => c[0] === "error" && String((c[2] as { requestId?: string }).requestId ?? "").startsWith(reference));
    expect(entry, "the error is logged under the reference").toBeDefined();
    expect(JSON.stringify(entry)).toContain("Failed query");
  });
});
