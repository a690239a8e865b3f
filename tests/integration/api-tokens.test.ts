/**
 * API tokens (issue 17): creating and revoking them through the /admin/api-tokens actions, what a
 * presented token then authenticates as, who may manage which tokens (the rule in TypeScript and
 * SQL held equal), the list, and the audit trail — which never holds the secret.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createApiToken, revokeApiToken } from "@/app/(app)/admin/api-tokens/actions";
import { apiTokens, apiTokenUnits, auditLog, orgUnits, users } from "@/db/schema";
import type { ActionResult } from "@/lib/actions/result";
import type { CreatedToken } from "@/lib/api-tokens/manage";
import { listApiTokens, tokenUnitScopes } from "@/lib/api-tokens/queries";
import { expiryBounds, expiryDay, jerseyToday } from "@/lib/api-tokens/rules";
import { managesToken, managesTokenSql } from "@/lib/api-tokens/scope-sql";
import { authenticateToken, hashToken } from "@/lib/api-tokens/tokens";
import type { SessionUser } from "@/lib/auth/current-user";
import { demoUsers, form, session, sessionUserFor, setUpTestDb, type FormFields } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));
// The revoke action redirects to the list when it succeeds.
vi.mock("next/navigation", () => import("../support/mocks/next-navigation"));

const FORBIDDEN = { ok: false, message: "You do not have permission to do that." };

const { db } = setUpTestDb();
const run = randomUUID().slice(0, 8);
const quiet = [vi.spyOn(console, "log").mockImplementation(() => undefined), vi.spyOn(console, "error").mockImplementation(() => undefined)];
let people: Awaited<ReturnType<typeof demoUsers>>;
const unitIds = new Map<string, number>();
const unit = (slug: string) => unitIds.get(slug)!;

beforeAll(async () => {
  people = await demoUsers();
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds.set(u.slug, u.id);
});

afterAll(async () => {
  // Nothing this file made stays usable for the files after it.
  await db.execute(sql`update api_tokens set revoked_at = now() where revoked_at is null and name like ${`%${run}%`}`);
  for (const q of quiet) q.mockRestore();
});

beforeEach(() => {
  session.user = null;
});

let seq = 0;
const tokenName = (what: string) => `${what} ${run}-${++seq}`;

/** Calls the create action as `user` with the form the page sends (units ticked as unit_<id>). */
async function create(user: SessionUser | null, f: { name: string; access?: string; units: number[]; expiresOn?: string }): Promise<ActionResult<CreatedToken>> {
  session.user = user;
  const fields: FormFields = { name: f.name, access: f.access ?? "write", expiresOn: f.expiresOn ?? "" };
  for (const id of f.units) fields[`unit_${id}`] = true;
  try {
    return await createApiToken(undefined, form(fields));
  } finally {
    session.user = null;
  }
}

async function created(user: SessionUser, f: Parameters<typeof create>[1]): Promise<CreatedToken> {
  const result = await create(user, f);
  if (!result.ok) throw new Error(`create refused: ${result.message} ${JSON.stringify(result.fieldErrors ?? {})}`);
  return result.data;
}

/** Calls the revoke action; its success is a redirect to the list, read here as { ok: true }. */
async function revoke(user: SessionUser | null, tokenId: number, reason = ""): Promise<ActionResult<unknown>> {
  session.user = user;
  try {
    return await revokeApiToken(undefined, form({ tokenId, reason }));
  } catch (err) {
    const to = (err as { redirectTo?: string }).redirectTo;
    if (to) return { ok: true, data: { redirect: to } };
    throw err;
  } finally {
    session.user = null;
  }
}

const tokenRow = async (id: number) => (await db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]!;
const tokensNamed = (name: string) => db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, name));
const auditOf = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "api_token"), eq(auditLog.entityId, String(id))))
    .orderBy(auditLog.id);

describe("creating a token", () => {
  it("gives the token once; it authenticates as its creator within its units, and only its hash is stored", async () => {
    const name = tokenName("Service desk incidents");
    const made = await created(people.admin, { name, access: "write", units: [unit("md")] });
    expect(made.token).toMatch(/^bl_[A-Za-z0-9_-]{43}$/);
    expect(made).toMatchObject({ name, access: "write", prefix: made.token.slice(0, 9), units: [{ id: unit("md"), name: "Modernisation and Digital", slug: "md" }] });
    // Expiry by default: a year from today (Jersey), to the end of that day.
    expect(made.expiresOn).toBe(expiryBounds(jerseyToday(new Date())).default);

    const row = await tokenRow(made.id);
    expect(row.tokenHash).toBe(hashToken(made.token));
    expect(row).toMatchObject({ name, prefix: made.prefix, access: "write", createdById: people.admin.id, revokedAt: null, lastUsedAt: null });
    expect(expiryDay(row.expiresAt)).toBe(made.expiresOn);
    // The secret itself is nowhere in the row.
    expect(JSON.stringify(row)).not.toContain(made.token);

    const auth = await authenticateToken(made.token);
    expect(auth.ok).toBe(true);
    if (!auth.ok) return;
    expect(auth.principal).toMatchObject({ tokenId: made.id, tokenName: name, access: "write", unitIds: [unit("md")] });
    expect(auth.principal.creator).toMatchObject({ id: people.admin.id, role: "ADMIN", active: true });
    expect(auth.principal.creator).not.toHaveProperty("passwordHash");
  });

  it("records the last use; the list says when, or \"Never used\" (lastUsedAt null) before", async () => {
    const made = await created(people.admin, { name: tokenName("Last used"), units: [unit("md")] });
    const before = (await listApiTokens(people.admin, 1)).rows.find((r) => r.id === made.id)!;
    expect(before).toMatchObject({ lastUsedAt: null, status: "active", creatorName: people.admin.name });
    const at = new Date();
    expect((await authenticateToken(made.token, at)).ok).toBe(true);
    const stored = (await tokenRow(made.id)).lastUsedAt;
    expect(stored?.getTime()).toBe(at.getTime());
    const after = (await listApiTokens(people.admin, 1)).rows.find((r) => r.id === made.id)!;
    expect(after.lastUsedAt?.getTime()).toBe(at.getTime());
  });

  it("audits the creation with name, access, units, expiry and prefix, never the token or its hash", async () => {
    const made = await created(people.sltCoo, { name: tokenName("Audited"), access: "read", units: [unit("md"), unit("pcs")] });
    const entries = await auditOf(made.id);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({ action: "api_token.create", actorId: people.sltCoo.id, actorEmail: people.sltCoo.email, before: null, apiTokenId: null });
    // Two units of one department: the entry is the department's.
    expect(entry.unitId).toBe(unit("coo"));
    expect(entry.after).toMatchObject({ name: made.name, access: "read", prefix: made.prefix, units: made.units.map(({ id, name }) => ({ id, name })) });
    expect(new Date((entry.after as { expiresAt: string }).expiresAt).getTime()).toBe((await tokenRow(made.id)).expiresAt.getTime());
    const text = JSON.stringify(entry);
    expect(text).not.toContain(made.token);
    expect(text).not.toContain(hashToken(made.token));
  });

  it("refuses invalid input field by field and creates nothing", async () => {
    const today = jerseyToday(new Date());
    const cases: [Parameters<typeof create>[1], string][] = [
      [{ name: "  ", units: [unit("md")] }, "name"],
      [{ name: `x${"y".repeat(100)}`, units: [unit("md")] }, "name"],
      [{ name: tokenName("No unit"), units: [] }, "unitIds"],
      [{ name: tokenName("Bad access"), access: "admin", units: [unit("md")] }, "access"],
      [{ name: tokenName("Today"), units: [unit("md")], expiresOn: today }, "expiresOn"],
      [{ name: tokenName("Too far"), units: [unit("md")], expiresOn: "2999-01-01" }, "expiresOn"],
      [{ name: tokenName("Not a date"), units: [unit("md")], expiresOn: "2027-02-30" }, "expiresOn"],
    ];
    for (const [input, field] of cases) {
      const result = await create(people.admin, input);
      expect(result.ok, `${field}: ${JSON.stringify(input)}`).toBe(false);
      if (!result.ok) expect(Object.keys(result.fieldErrors ?? {})).toEqual([field]);
      expect(await tokensNamed(input.name.trim())).toEqual([]);
    }
  });

  it("accepts an expiry from tomorrow to two years ahead", async () => {
    const { min, max } = expiryBounds(jerseyToday(new Date()));
    expect((await created(people.admin, { name: tokenName("Tomorrow"), units: [unit("md")], expiresOn: min })).expiresOn).toBe(min);
    expect((await created(people.admin, { name: tokenName("Two years"), units: [unit("md")], expiresOn: max })).expiresOn).toBe(max);
  });
});

describe("what a presented token authenticates as", () => {
  it("refuses a missing or unknown token", async () => {
    expect(await authenticateToken(null)).toEqual({ ok: false, reason: "missing" });
    const made = await created(people.admin, { name: tokenName("Known"), units: [unit("md")] });
    expect(await authenticateToken(`${made.token.slice(0, -1)}${made.token.endsWith("A") ? "B" : "A"}`)).toEqual({ ok: false, reason: "unknown" });
    expect(await authenticateToken("bl_not-a-token")).toEqual({ ok: false, reason: "unknown" });
  });

  it("refuses a token past the end of its expiry day, and lists it as Expired", async () => {
    const made = await created(people.admin, { name: tokenName("Expiring"), units: [unit("md")] });
    const { expiresAt } = await tokenRow(made.id);
    expect((await authenticateToken(made.token, new Date(expiresAt.getTime() - 1000))).ok).toBe(true);
    expect(await authenticateToken(made.token, expiresAt)).toEqual({ ok: false, reason: "expired" });
    const later = new Date(expiresAt.getTime() + 1000);
    expect((await listApiTokens(people.admin, 1, later)).rows.find((r) => r.id === made.id)?.status).toBe("expired");
  });

  it("refuses a revoked token at once, and lists it as Revoked, by whom", async () => {
    const made = await created(people.admin, { name: tokenName("To revoke"), units: [unit("md")] });
    expect((await authenticateToken(made.token)).ok).toBe(true);
    expect(await revoke(people.sltCoo, made.id, "Replaced by a new integration")).toEqual({ ok: true, data: { redirect: `/admin/api-tokens?revoked=${made.id}` } });
    expect(await authenticateToken(made.token)).toEqual({ ok: false, reason: "revoked" });
    const row = await tokenRow(made.id);
    expect(row.revokedById).toBe(people.sltCoo.id);
    expect(row.revokedAt).not.toBeNull();
    const listed = (await listApiTokens(people.sltCoo, 1)).rows.find((r) => r.id === made.id);
    expect(listed).toMatchObject({ status: "revoked", revokedByName: people.sltCoo.name });

    const entries = await auditOf(made.id);
    expect(entries.map((e) => e.action)).toEqual(["api_token.create", "api_token.revoke"]);
    expect(entries[1]).toMatchObject({ actorId: people.sltCoo.id, reason: "Replaced by a new integration", unitId: unit("md"), before: { revokedAt: null } });
    expect(JSON.stringify(entries)).not.toContain(made.token);

    // A second revocation (a stale page) changes nothing and is not audited again.
    const again = await revoke(people.admin, made.id);
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/^This token was already revoked on .+\. Nothing was changed\.$/) });
    expect((await tokenRow(made.id)).revokedById).toBe(people.sltCoo.id);
    expect(await auditOf(made.id)).toHaveLength(2);
  });

  it("refuses the tokens of a creator whose account is disabled, and lists them so", async () => {
    const [row] = await db.insert(users).values({ email: `slt-${run}@tokens.test`, name: `Token Creator ${run}`, role: "SLT", unitId: unit("coo") }).returning({ id: users.id });
    const creator = await sessionUserFor({ id: row!.id });
    const made = await created(creator, { name: tokenName("Creator leaves"), units: [unit("md")] });
    expect((await authenticateToken(made.token)).ok).toBe(true);
    await db.update(users).set({ active: false }).where(eq(users.id, creator.id));
    expect(await authenticateToken(made.token)).toEqual({ ok: false, reason: "creator_inactive" });
    expect((await listApiTokens(people.admin, 1)).rows.find((r) => r.id === made.id)?.status).toBe("creator_disabled");
  });
});

describe("who manages which tokens", () => {
  it("refuses an SLT a token for another department's unit, and writes nothing", async () => {
    const name = tokenName("Cross department");
    const auditBefore = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, "api_token.create"));
    expect(await create(people.sltCls, { name, units: [unit("md")] })).toEqual(FORBIDDEN);
    // One unit of its own with one of another department's: refused too.
    expect(await create(people.sltCls, { name, units: [unit("cls-customer-services"), unit("md")] })).toEqual(FORBIDDEN);
    expect(await tokensNamed(name)).toEqual([]);
    const auditAfter = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, "api_token.create"));
    expect(auditAfter).toEqual(auditBefore);
  });

  it("refuses leads and viewers altogether", async () => {
    for (const who of [people.leadMd, people.viewer]) {
      expect(await create(who, { name: tokenName("Lead"), units: [unit("md")] })).toEqual(FORBIDDEN);
    }
    const made = await created(people.admin, { name: tokenName("Lead revoke"), units: [unit("md")] });
    expect(await revoke(people.leadMd, made.id)).toEqual(FORBIDDEN);
    expect(await revoke(null, made.id)).toEqual({ ok: false, message: "Your session has ended. Please sign in again." });
    expect((await tokenRow(made.id)).revokedAt).toBeNull();
  });

  it("refuses an SLT revoking another department's token, or one reaching outside its department; nothing changes", async () => {
    const cls = await created(people.admin, { name: tokenName("CLS token"), units: [unit("cls-customer-services")] });
    const mixed = await created(people.admin, { name: tokenName("Mixed token"), units: [unit("md"), unit("cls-customer-services")] });
    for (const t of [cls, mixed]) {
      expect(await revoke(people.sltCoo, t.id, "Not ours")).toEqual(FORBIDDEN);
      expect((await tokenRow(t.id)).revokedAt).toBeNull();
      expect((await auditOf(t.id)).map((e) => e.action)).toEqual(["api_token.create"]);
      expect((await authenticateToken(t.token)).ok).toBe(true);
    }
    // An unknown token is refused like one out of scope (no probing), except to an administrator.
    expect(await revoke(people.sltCoo, 2_000_000_000)).toEqual(FORBIDDEN);
    expect(await revoke(people.admin, 2_000_000_000)).toEqual({ ok: false, message: "That token no longer exists. Nothing was changed." });
    // The mixed token's audit entry has no one unit or department.
    expect((await auditOf(mixed.id))[0]!.unitId).toBeNull();
  });

  it("lists an SLT the tokens lying wholly in its department, an administrator every token, newest first", async () => {
    const md = await created(people.sltCoo, { name: tokenName("COO list"), units: [unit("md")] });
    const cls = await created(people.sltCls, { name: tokenName("CLS list"), units: [unit("cls")] });
    const mixed = await created(people.admin, { name: tokenName("Mixed list"), units: [unit("pcs"), unit("cls")] });
    const ids = async (user: SessionUser) => (await listApiTokens(user, 1)).rows.map((r) => r.id);
    const coo = await ids(people.sltCoo);
    expect(coo).toContain(md.id);
    expect(coo).not.toContain(cls.id);
    expect(coo).not.toContain(mixed.id);
    expect(await ids(people.sltCls)).toEqual(expect.arrayContaining([cls.id]));
    expect(await ids(people.sltCls)).not.toContain(md.id);
    const all = await ids(people.admin);
    expect(all.slice(0, 3)).toEqual([mixed.id, cls.id, md.id]);
    const page = await listApiTokens(people.admin, 1);
    expect(page.window.limit).toBe(50);
    expect(page.rows.length).toBeLessThanOrEqual(50);
    const listed = page.rows.find((r) => r.id === mixed.id)!;
    expect(listed.units.map((u) => u.name).sort()).toEqual(["Customer and Local Services", "People and Corporate Services"]);
    expect(listed).not.toHaveProperty("tokenHash");
    await expect(listApiTokens(people.leadMd, 1)).rejects.toThrow("You do not have permission");
  });

  it("decides in SQL (managesTokenSql) exactly as in TypeScript (managesToken)", async () => {
    const sets: number[][] = [[unit("md")], [unit("coo")], [unit("cls-customer-services")], [unit("md"), unit("cls")], [unit("pcs"), unit("commercial")], []];
    const ids: number[] = [];
    for (const units of sets) {
      if (units.length === 0) {
        // A token with no unit cannot be made through the form: insert one, as a broken import might leave it.
        const [row] = await db
          .insert(apiTokens)
          .values({ name: tokenName("No units"), tokenHash: hashToken(randomUUID()), prefix: "bl_nounit", access: "read", createdById: people.admin.id, expiresAt: new Date(Date.now() + 86_400_000) })
          .returning({ id: apiTokens.id });
        ids.push(row!.id);
      } else ids.push((await created(people.admin, { name: tokenName("Twin"), units })).id);
    }
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(apiTokenUnits).where(inArray(apiTokenUnits.tokenId, ids))).toEqual([{ n: 7 }]);
    const orphan: SessionUser = { ...people.sltCoo, id: -5, departmentId: null, unitId: null };
    for (const user of [people.admin, people.sltCoo, people.sltCls, people.leadMd, people.viewer, orphan]) {
      const { rows } = await db.execute<{ id: number }>(sql`select t.id from api_tokens t where t.id = any(${`{${ids.join(",")}}`}::int[]) and ${managesTokenSql(user, sql`t.id`)} order by t.id`);
      const expected: number[] = [];
      for (const id of ids) if (managesToken(user, await tokenUnitScopes(id))) expected.push(id);
      expect(
        rows.map((r) => r.id),
        `${user.email} (${user.role})`,
      ).toEqual(expected);
    }
  });
});
