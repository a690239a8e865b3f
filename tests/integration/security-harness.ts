/**
 * Shared by the security integration tests: every server action of the app (discovered from
 * app/**\/actions.ts), called with FormData as a given session user, and the fixture context of
 * tests/integration/security-action-inputs.ts. The caller mocks @/lib/auth/current-user,
 * next/cache and next/navigation with tests/support/mocks (see security-actions-matrix.test.ts).
 */
import { randomUUID } from "node:crypto";
import { orgUnits } from "@/db/schema";
import type { Database } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import type { ActionResult } from "@/lib/actions/result";
import { discoverActionModules } from "../security/discover";
import { form } from "../support/harness";
import type { BuildContext, Fields } from "./security-action-inputs";

export type ActionFn = (prev: unknown, formData: FormData) => Promise<ActionResult<unknown> | undefined>;

/** { "/risks#createRisk" → the exported function } for every export of every actions module. */
export async function loadActions(): Promise<Map<string, ActionFn>> {
  const actions = new Map<string, ActionFn>();
  for (const [route, file] of discoverActionModules()) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === "function") actions.set(`${route}#${name}`, value as ActionFn);
  }
  return actions;
}

/**
 * Calls an action as `user` (through `setUser`, the mocked session); a redirect (createReport's
 * success, thrown by the mocked redirect with `redirectTo`) reads as { ok: true }.
 */
export async function callAction(fn: ActionFn | undefined, setUser: (u: SessionUser | null) => void, user: SessionUser | null, data: Fields | FormData): Promise<ActionResult<unknown>> {
  if (!fn) throw new Error("no such server action");
  setUser(user);
  try {
    const result = await fn(undefined, data instanceof FormData ? data : form(data));
    if (result === undefined) throw new Error("the action returned nothing");
    return result;
  } catch (err) {
    const to = (err as { redirectTo?: string }).redirectTo;
    if (to) return { ok: true, data: { id: Number(/(\d+)$/.exec(to)?.[1]), redirect: to } };
    throw err;
  } finally {
    setUser(null);
  }
}

/** The fixture context: M&D and COO ids, unique tags, fixtures made as the administrator. */
export async function buildContext(
  db: Database,
  actions: Map<string, ActionFn>,
  setUser: (u: SessionUser | null) => void,
  admin: SessionUser,
  cleanups: (() => Promise<unknown>)[],
): Promise<BuildContext> {
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits);
  const unit = (slug: string) => units.find((u) => u.slug === slug)!.id;
  let counter = 0;
  return {
    db,
    unitMd: unit("md"),
    cooId: unit("coo"),
    run: randomUUID().slice(0, 6).toUpperCase(),
    seq: () => ++counter,
    asAdmin: async (key, fields) => {
      const result = await callAction(actions.get(key), setUser, admin, fields);
      if (!result.ok) throw new Error(`fixture ${key} refused: ${result.message} ${JSON.stringify(result.fieldErrors ?? result.rowErrors ?? "")}`);
      return result.data;
    },
    onCleanup: (fn) => cleanups.push(fn),
  };
}
