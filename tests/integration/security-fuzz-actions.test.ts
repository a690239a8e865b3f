/**
 * Fuzzing the server actions (fast-check): arbitrary form data, or a valid form with one field
 * replaced by junk, never crashes an action (it answers an ActionResult, never an unexpected
 * error) and never reaches the database unvalidated: when the schema refuses the input, the
 * handler does not run and not one query is sent.
 */
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as ActionModule from "@/lib/actions/action";
import type { SessionUser } from "@/lib/auth/current-user";
import { ACTIONS } from "../security/access-matrix";
import { junkRecord, junkString, junkValue } from "../security/fuzz-arbitraries";
import { session, sessionUserFor, setUpTestDb, signInAs } from "../support/harness";
import { ACTION_INPUTS, type BuildContext, type Fields } from "./security-action-inputs";
import { buildContext, callAction, loadActions, type ActionFn } from "./security-harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));
vi.mock("next/navigation", () => import("../support/mocks/next-navigation"));
// Which handlers ran: the wrapper calls a handler only with input its schema accepted.
const handlers = vi.hoisted(() => ({ ran: [] as string[] }));
vi.mock("@/lib/actions/action", async (original) => {
  const real = await original<typeof ActionModule>();
  return {
    action: ((options, handler) =>
      real.action(options, async (input, user) => {
        handlers.ran.push(options.name);
        return handler(input, user);
      })) as typeof real.action,
  };
});

// Every statement the app sends to Postgres (pooled clients are pg Clients).
const sent: string[] = [];
const realQuery = pg.Client.prototype.query;
vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
  const q = args[0] as string | { text?: string };
  sent.push(typeof q === "string" ? q : (q?.text ?? ""));
  return Reflect.apply(realQuery, this, args) as never;
});

const GENERIC = /^Something went wrong/;
const { db } = setUpTestDb();
const cleanups: (() => Promise<unknown>)[] = [];
let actions = new Map<string, ActionFn>();
let admin: SessionUser;
let ctx: BuildContext;
const quiet = [vi.spyOn(console, "log").mockImplementation(() => undefined), vi.spyOn(console, "error").mockImplementation(() => undefined)];

/** Junk that is never a plausible small number, so that no random id or setting ever names a real row. */
const noNumbers = junkString.filter((s) => !/^\s*[+]?\d{1,15}(\.\d*)?\s*$/.test(s));
const junkForm = junkRecord.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => !/^\s*[+]?\d{1,15}(\.\d*)?\s*$/.test(v))));

function expectActionResult(result: unknown) {
  expect(result).toEqual(expect.objectContaining({ ok: expect.any(Boolean) }));
  const r = result as { ok: boolean; message?: unknown };
  if (!r.ok) expect(typeof r.message).toBe("string");
}

beforeAll(async () => {
  actions = await loadActions();
  admin = await sessionUserFor({ email: "admin@baseline.test" });
  ctx = await buildContext(db, actions, signInAs, admin, cleanups);
});

afterAll(async () => {
  for (const fn of cleanups) await fn();
  for (const q of quiet) q.mockRestore();
});

const keys = Object.keys(ACTIONS);

describe("arbitrary input never crashes an action nor reaches the database unvalidated", () => {
  it.each(keys)("%s: random form data and random values", async (key) => {
    const fn = actions.get(key)!;
    await fc.assert(
      fc.asyncProperty(fc.oneof(junkForm.map((r) => ({ form: r })), junkValue.map((v) => ({ raw: v }))), async (input) => {
        handlers.ran.length = 0;
        sent.length = 0;
        session.user = admin;
        let result: unknown;
        try {
          result = "form" in input ? await callAction(fn, signInAs, admin, input.form as Fields) : await fn(undefined, input.raw as FormData);
        } finally {
          session.user = null;
        }
        expectActionResult(result);
        expect((result as { ok: boolean }).ok).toBe(false);
        if (handlers.ran.length === 0) expect(sent, "queries sent for input the schema refused").toEqual([]);
        expect((result as { message: string }).message).not.toMatch(GENERIC);
      }),
      { numRuns: 40 },
    );
  });

  it.each(keys)("%s: a valid form with one field replaced by junk", async (key) => {
    const fn = actions.get(key)!;
    const caseName = "cases" in ACTIONS[key]! ? Object.keys((ACTIONS[key] as { cases: object }).cases)[0]! : "";
    await fc.assert(
      fc.asyncProperty(fc.nat(), noNumbers, async (pick, junk) => {
        const fields = await ACTION_INPUTS[key]!(ctx, caseName);
        const names = Object.keys(fields);
        const name = names[pick % names.length]!;
        handlers.ran.length = 0;
        sent.length = 0;
        const result = await callAction(fn, signInAs, admin, { ...fields, [name]: junk });
        expectActionResult(result);
        if (handlers.ran.length === 0) expect(sent, `queries sent for input the schema refused (${name})`).toEqual([]);
        // Accepted or refused with a message about the input: never an unexpected error.
        if (!result.ok) expect(result.message, `${name} = ${JSON.stringify(junk)}`).not.toMatch(GENERIC);
      }),
      // Always tried: a NUL character (which Postgres refuses in text) in each of the form's fields.
      { numRuns: 15, examples: Array.from({ length: 16 }, (_, i) => [i, "before\u0000after"] as [number, string]) },
    );
  });
});
