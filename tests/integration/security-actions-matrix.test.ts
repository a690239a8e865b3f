/**
 * The server-action half of the authorization matrix (tests/security/access-matrix.ts): every export
 * of every app/**\/actions.ts, called as every role with a mocked session, on a target in M&D / COO.
 * An allowed role must succeed; any other must be refused with the permission message (or the
 * signed-out message) and leave every table of the database exactly as it was.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { ACTIONS, actionCases, PUBLIC_FORM_ACTIONS, ROLE_ACCOUNTS, ROLES, type Role } from "../security/access-matrix";
import { discoverActionModules } from "../security/discover";
import { sessionUserFor, setUpTestDb, signInAs } from "../support/harness";
import { ACTION_INPUTS, databaseDigest, type BuildContext, type Fields } from "./security-action-inputs";
import { buildContext, callAction, loadActions, type ActionFn } from "./security-harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));
// createReport redirects to the new report when it succeeds: that is its success here.
vi.mock("next/navigation", () => import("../support/mocks/next-navigation"));

const FORBIDDEN = "You do not have permission to do that.";
const SIGNED_OUT = "Your session has ended. Please sign in again.";

const { db } = setUpTestDb();
const modules = discoverActionModules();
let actions = new Map<string, ActionFn>();
const users = {} as Record<Role, SessionUser | null>;
const cleanups: (() => Promise<unknown>)[] = [];
let ctx: BuildContext;
const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
const logError = vi.spyOn(console, "error").mockImplementation(() => undefined);
const call = (key: string, user: SessionUser | null, fields: Fields) => callAction(actions.get(key), signInAs, user, fields);

beforeAll(async () => {
  actions = await loadActions();
  for (const role of ROLES) {
    const email = ROLE_ACCOUNTS[role];
    users[role] = email ? await sessionUserFor({ email }) : null;
  }
  ctx = await buildContext(db, actions, signInAs, users.admin!, cleanups);
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits);
  const unit = (slug: string) => units.find((u) => u.slug === slug)!.id;
  // The roles are who the table says they are.
  expect(users.leadMd!.unitId).toBe(ctx.unitMd);
  expect(users.leadPcs!).toMatchObject({ role: "LEAD", unitId: unit("pcs"), departmentId: ctx.cooId });
  expect(users.sltCoo!).toMatchObject({ role: "SLT", departmentId: ctx.cooId });
  expect(users.sltCls!).toMatchObject({ role: "SLT", departmentId: unit("cls") });
  expect(users.viewer!.role).toBe("VIEWER");
  expect(users.admin!.role).toBe("ADMIN");
});

afterAll(async () => {
  for (const fn of cleanups) await fn();
  log.mockRestore();
  logError.mockRestore();
});

describe("every server action is in the matrix", () => {
  it("lists every export of every app/**/actions.ts, and nothing else", () => {
    const exported = [...actions.keys()].sort();
    expect(exported.length).toBeGreaterThan(20);
    const missing = exported.filter((k) => !(k in ACTIONS) && !(k in PUBLIC_FORM_ACTIONS));
    const stale = [...Object.keys(ACTIONS), ...Object.keys(PUBLIC_FORM_ACTIONS)].filter((k) => !actions.has(k));
    expect(missing, "server actions without a row in tests/security/access-matrix.ts").toEqual([]);
    expect(stale, "rows of tests/security/access-matrix.ts naming no server action").toEqual([]);
    const noInput = Object.keys(ACTIONS).filter((k) => !(k in ACTION_INPUTS));
    expect(noInput, "actions without an input builder in tests/integration/security-action-inputs.ts").toEqual([]);
  });

  it("finds every \"use server\" module (server actions live only in app/**/actions.ts)", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(e.name) && /^\s*["']use server["']/m.test(readFileSync(full, "utf8"))) files.push(full);
      }
    };
    for (const dir of ["app", "lib", "components"]) walk(path.join(root, dir));
    expect(files.sort()).toEqual([...modules.values()].sort());
  });
});

describe.each(Object.entries(ACTIONS).flatMap(([key, row]) => actionCases(row).map(([name, allow]) => [key, name, allow] as const)))(
  "%s %s",
  (key, caseName, allow) => {
    it.each(ROLES.map((r) => [r]))("as %s", async (role) => {
      const fields = await ACTION_INPUTS[key]!(ctx, caseName);
      if (allow.includes(role)) {
        const result = await call(key, users[role], fields);
        expect(result, `${role} should be allowed: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
      } else {
        const before = await databaseDigest(db);
        const result = await call(key, users[role], fields);
        expect(result, `${role} should be refused`).toEqual({ ok: false, message: role === "anonymous" ? SIGNED_OUT : FORBIDDEN });
        const after = await databaseDigest(db);
        const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
        expect(changed, `${role}'s refused call changed these tables`).toEqual([]);
      }
    });
  },
);

// The fixtures are real: the same input succeeds for the administrator (a refusal above is a
// permission refusal, not bad input) — checked by the ADMIN rows, which every action allows.
it("every action allows the administrator, so every builder makes valid input", () => {
  for (const [key, row] of Object.entries(ACTIONS)) for (const [name, allow] of actionCases(row)) expect(allow, `${key} ${name}`).toContain("admin");
});
