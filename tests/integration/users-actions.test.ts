import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser, updateUser } from "@/app/(app)/admin/users/actions";
import { auditLog, orgUnits, sessions, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { verifyPassword } from "@/lib/auth/password";
import { startSession, userOfSession } from "@/lib/auth/sessions";
import { form, session, sessionUserFor, setUpTestDb } from "../support/harness";

// The session is what the test says it is; next/cache needs a Next request context, so it is a no-op here.
vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const run = randomUUID().slice(0, 8);
const unitIds = new Map<string, number>();
const unit = (slug: string) => unitIds.get(slug)!;

/** An administrator of this file's own, so the demo admin is never changed under other test files. */
let admin: SessionUser;

beforeAll(async () => {
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds.set(u.slug, u.id);
  const [row] = await db.insert(users).values({ email: `admin-${run}@actions.test`, name: "Actions Test Admin", role: "ADMIN" }).returning({ id: users.id });
  admin = await sessionUserFor({ id: row!.id });
});

// lib/log.ts writes JSON lines to stdout: capture them to check what is logged (and keep the output quiet).
const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
const logLines = () => logged.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);

beforeEach(() => {
  session.user = null;
  vi.mocked(revalidatePath).mockClear();
  logged.mockClear();
});

afterAll(async () => {
  logged.mockRestore();
});

let seq = 0;
/** A fresh account to change: rows referenced by the audit log cannot be deleted, so every test gets its own. */
async function newTarget(values: { role?: "ADMIN" | "SLT" | "LEAD" | "VIEWER"; unitSlug?: string } = {}) {
  const email = `target-${run}-${++seq}@actions.test`;
  const [row] = await db
    .insert(users)
    .values({ email, name: `Target ${seq}`, role: values.role ?? "VIEWER", unitId: values.unitSlug ? unit(values.unitSlug) : null })
    .returning({ id: users.id });
  return { id: row!.id, email };
}

/** Why each of the user's sessions ended (null: still live). */
async function endReasons(userId: number) {
  const rows = await db.select({ reason: sessions.endReason }).from(sessions).where(eq(sessions.userId, userId)).orderBy(asc(sessions.createdAt));
  return rows.map((r) => r.reason);
}

/** Everything stored about a user, to prove a refused action changed nothing. */
async function snapshot(id: number) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  const [audit] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, String(id))));
  return { row, auditEntries: audit!.n };
}

/** The edit form as the browser submits it: strings, the checkbox only when ticked, React's own fields. */
function updateForm(f: { id: number; version: number; role: string; unitId?: number | null; active: boolean; reason?: string }): FormData {
  return form({ id: f.id, version: f.version, role: f.role, unitId: f.unitId ?? null, active: f.active, reason: f.reason ?? "" });
}

function createForm(f: { email: string; name: string; password: string; role: string; unitId?: number | null }): FormData {
  return form({ email: f.email, name: f.name, password: f.password, role: f.role, unitId: f.unitId ?? null });
}

async function accountsWithEmail(email: string) {
  return db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${email})`);
}

describe("updateUser / createUser: who may use them", () => {
  it.each(["slt.coo", "lead.md", "viewer"])("refuses %s and changes nothing", async (who) => {
    session.user = await sessionUserFor({ email: `${who}@baseline.test` });
    const target = await newTarget();
    const before = await snapshot(target.id);

    const update = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "ADMIN", active: true }));
    expect(update).toEqual({ ok: false, message: "You do not have permission to do that." });

    const email = `refused-${run}-${who}@actions.test`;
    const create = await createUser(undefined, createForm({ email, name: "Should Not Exist", password: "a long enough password", role: "ADMIN" }));
    expect(create).toEqual({ ok: false, message: "You do not have permission to do that." });

    expect(await snapshot(target.id)).toEqual(before);
    expect(await accountsWithEmail(email)).toEqual([]);
    expect(revalidatePath).not.toHaveBeenCalled();
    // Refusals are logged for the security record, with who tried what.
    const refusals = logLines().filter((l) => l.msg === "action refused");
    expect(refusals.map((l) => [l.level, l.action, l.userId])).toEqual([
      ["warn", "updateUser", session.user!.id],
      ["warn", "createUser", session.user!.id],
    ]);
  });

  it("refuses a signed-out caller and changes nothing", async () => {
    session.user = null;
    const target = await newTarget();
    const before = await snapshot(target.id);

    const update = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "ADMIN", active: true }));
    expect(update).toEqual({ ok: false, message: "Your session has ended. Please sign in again." });
    const email = `anonymous-${run}@actions.test`;
    const create = await createUser(undefined, createForm({ email, name: "Anonymous", password: "a long enough password", role: "ADMIN" }));
    expect(create.ok).toBe(false);

    expect(await snapshot(target.id)).toEqual(before);
    expect(await accountsWithEmail(email)).toEqual([]);
  });
});

describe("updateUser as an administrator", () => {
  beforeEach(() => {
    session.user = admin;
  });

  it("changes a role and scope, bumps the version, ends the user's sessions, and writes the audit entry", async () => {
    const target = await newTarget({ role: "VIEWER" });
    const sid = await startSession(target.id, { userAgent: null, address: null });
    const before = await snapshot(target.id);

    const result = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "LEAD", unitId: unit("md"), active: true, reason: "  Now leads M&D  " }));
    expect(result).toEqual({ ok: true, data: { id: target.id } });

    const after = await snapshot(target.id);
    expect(after.row).toMatchObject({ role: "LEAD", unitId: unit("md"), active: true, version: before.row!.version + 1 });
    expect(await endReasons(target.id)).toEqual(["account_changed"]);
    expect(await userOfSession(sid)).toBeNull();
    expect(after.row!.updatedAt.getTime()).toBeGreaterThanOrEqual(before.row!.updatedAt.getTime());
    expect(after.auditEntries).toBe(before.auditEntries + 1);

    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, String(target.id))));
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      action: "user.update",
      before: { role: "VIEWER", unitId: null, active: true, version: 1 },
      after: { role: "LEAD", unitId: unit("md"), active: true },
      reason: "Now leads M&D",
    });
    expect(revalidatePath).toHaveBeenCalledWith("/admin/users");

    // The change is visible to the next session check: the department comes with the new unit.
    expect(await sessionUserFor({ id: target.id })).toMatchObject({ role: "LEAD", departmentId: unit("coo") });
  });

  it("disabling an account ends all its sessions at once; other accounts' sessions go on", async () => {
    const target = await newTarget({ role: "LEAD", unitSlug: "pcs" });
    const sids = [await startSession(target.id, { userAgent: null, address: null }), await startSession(target.id, { userAgent: null, address: null })];
    const bystander = await newTarget();
    const theirs = await startSession(bystander.id, { userAgent: null, address: null });
    expect(await userOfSession(sids[0]!)).toMatchObject({ id: target.id });
    const result = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "LEAD", unitId: unit("pcs"), active: false }));
    expect(result.ok).toBe(true);
    const { row } = await snapshot(target.id);
    expect(row).toMatchObject({ active: false, version: 2 });
    expect(await endReasons(target.id)).toEqual(["account_changed", "account_changed"]);
    for (const sid of sids) expect(await userOfSession(sid)).toBeNull();
    expect(await userOfSession(theirs)).toMatchObject({ id: bystander.id });
  });

  it("a save that changes neither role, scope nor access keeps the sessions (version bumped only)", async () => {
    const target = await newTarget({ role: "SLT", unitSlug: "cls" });
    const sid = await startSession(target.id, { userAgent: null, address: null });
    const result = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "SLT", unitId: unit("cls"), active: true, reason: "Reviewed" }));
    expect(result.ok).toBe(true);
    const { row, auditEntries } = await snapshot(target.id);
    expect(row).toMatchObject({ version: 2 });
    expect(auditEntries).toBe(1);
    expect(await endReasons(target.id)).toEqual([null]);
    expect(await userOfSession(sid)).toMatchObject({ id: target.id });
  });

  it("drops a unit sent with a role that has no scope", async () => {
    const target = await newTarget({ role: "LEAD", unitSlug: "md" });
    const result = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "VIEWER", unitId: unit("md"), active: true }));
    expect(result.ok).toBe(true);
    expect((await snapshot(target.id)).row).toMatchObject({ role: "VIEWER", unitId: null });
  });

  it("refuses a stale version with a conflict message, shows what is stored, and changes nothing", async () => {
    const target = await newTarget({ role: "VIEWER" });
    // Someone else saves first.
    expect((await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "LEAD", unitId: unit("md"), active: true }))).ok).toBe(true);
    const before = await snapshot(target.id);

    const stale = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "SLT", unitId: unit("coo"), active: true }));
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.message).toMatch(/Someone else changed this user/);
    expect(stale.current).toMatchObject({ role: "LEAD", unitId: unit("md"), active: true, version: 2 });
    expect(await snapshot(target.id)).toEqual(before);
    expect(revalidatePath).toHaveBeenCalledTimes(1);
  });

  it("refuses a LEAD without a unit with a field error on the unit, and changes nothing", async () => {
    const target = await newTarget();
    const before = await snapshot(target.id);
    const result = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "LEAD", unitId: null, active: true }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { unitId: ["Choose the unit this lead works for"] } });
    expect(await snapshot(target.id)).toEqual(before);
  });

  it.each([
    ["LEAD", "coo", "Leads are scoped to a directorate or service, not a whole department"],
    ["SLT", "md", "SLT members are scoped to a department"],
  ])("refuses a %s scoped to %s with a field error on the unit", async (role, slug, message) => {
    const target = await newTarget();
    const before = await snapshot(target.id);
    const result = await updateUser(undefined, updateForm({ id: target.id, version: 1, role, unitId: unit(slug), active: true }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { unitId: [message] } });
    expect(await snapshot(target.id)).toEqual(before);
  });

  it("refuses a unit that does not exist", async () => {
    const target = await newTarget();
    const result = await updateUser(undefined, updateForm({ id: target.id, version: 1, role: "LEAD", unitId: 2_000_000_000, active: true }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { unitId: ["That unit does not exist"] } });
    expect((await snapshot(target.id)).row).toMatchObject({ role: "VIEWER", version: 1 });
  });

  it("refuses to change a user that does not exist", async () => {
    const result = await updateUser(undefined, updateForm({ id: 2_000_000_000, version: 1, role: "VIEWER", active: true }));
    expect(result).toEqual({ ok: false, message: "That user no longer exists.", fieldErrors: undefined });
  });

  it("does not let an administrator disable themselves", async () => {
    const before = await snapshot(admin.id);
    const result = await updateUser(undefined, updateForm({ id: admin.id, version: before.row!.version, role: "ADMIN", active: false }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { active: ["You cannot disable your own account"] } });
    expect(await snapshot(admin.id)).toEqual(before);
  });

  it("does not let an administrator remove their own administrator role", async () => {
    const before = await snapshot(admin.id);
    const result = await updateUser(undefined, updateForm({ id: admin.id, version: before.row!.version, role: "VIEWER", active: true }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { role: ["You cannot remove your own administrator role"] } });
    expect(await snapshot(admin.id)).toEqual(before);
  });
});

describe("createUser as an administrator", () => {
  beforeEach(() => {
    session.user = admin;
  });

  it("refuses an email already in use, whatever its case", async () => {
    const result = await createUser(undefined, createForm({ email: "Lead.MD@Baseline.Test", name: "Second Morgan", password: "a long enough password", role: "VIEWER" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: ["An account with this email address already exists"] } });
    expect(await accountsWithEmail("lead.md@baseline.test")).toHaveLength(1);
  });

  it("creates an account with an Argon2id hash that verifyPassword accepts, and audits it without the password", async () => {
    const email = `New.Lead-${run}@Actions.Test`;
    const password = "a long enough password";
    const result = await createUser(undefined, createForm({ email: `  ${email} `, name: "New Lead", password, role: "LEAD", unitId: unit("cls-social-security") }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const id = result.data.id;

    const [row] = await db.select().from(users).where(eq(users.id, id));
    expect(row).toMatchObject({ email: email.toLowerCase(), name: "New Lead", role: "LEAD", unitId: unit("cls-social-security"), active: true, version: 1 });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(password);
    expect(await verifyPassword(row!.passwordHash, password)).toBe(true);
    expect(await verifyPassword(row!.passwordHash, "baseline-demo")).toBe(false);

    const entries = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, String(id)))).orderBy(asc(auditLog.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "user.create", actorId: admin.id, after: { email: email.toLowerCase(), role: "LEAD", unitId: unit("cls-social-security") } });
    expect(JSON.stringify(entries[0])).not.toContain(password);
    expect(JSON.stringify(entries[0])).not.toContain("argon2");
    expect(logged.mock.calls.flat().join("\n")).not.toContain(password);
    expect(revalidatePath).toHaveBeenCalledWith("/admin/users");

    expect(await sessionUserFor({ id })).toMatchObject({ role: "LEAD", departmentId: unit("cls") });
  });

  it("refuses a short password and creates nothing", async () => {
    const email = `short-${run}@actions.test`;
    const result = await createUser(undefined, createForm({ email, name: "Short Password", password: "too short", role: "VIEWER" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { password: ["Use at least 12 characters"] } });
    expect(await accountsWithEmail(email)).toEqual([]);
  });

  it("refuses an SLT scoped to a directorate and creates nothing", async () => {
    const email = `slt-${run}@actions.test`;
    const result = await createUser(undefined, createForm({ email, name: "Wrong Scope", password: "a long enough password", role: "SLT", unitId: unit("md") }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { unitId: ["SLT members are scoped to a department"] } });
    expect(await accountsWithEmail(email)).toEqual([]);
  });
});
