import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { updateRiskBands } from "@/app/(app)/admin/settings/actions";
import {
  addRiskMitigation,
  completeRiskMitigation,
  createRisk,
  deescalateRisk,
  escalateRisk,
  reviewRisk,
  updateRisk,
  updateRiskMitigation,
} from "@/app/(app)/risks/actions";
import { appSettings, auditLog, orgUnits, riskMitigations, riskReviews, risks } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { pool as appPool } from "@/lib/db";
import { DEFAULT_FILTERS, type RiskFilters } from "@/lib/risks/filters";
import { getRisk, getRiskHeatMap, listRisks } from "@/lib/risks/queries";
import { DEFAULT_RISK_BANDS, type RiskBands } from "@/lib/risks/scoring";
import { getRiskBands, SETTING_KEYS } from "@/lib/settings";
import { countQueries, demoUsers, form, session, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db, pool } = setUpTestDb();
const users: Record<"sltCoo" | "sltCls" | "leadMd" | "leadPcs" | "viewer" | "admin", SessionUser> = {} as never;
const unitIds: Record<string, number> = {};
const FORBIDDEN = { ok: false, message: "You do not have permission to do that." };
let auditMark = 0;

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds[u.slug] = u.id;
});

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeEach(async () => {
  session.user = null;
  const [last] = await db.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)::integer` }).from(auditLog);
  auditMark = last!.id;
});
afterAll(async () => {
  await db.delete(appSettings).where(eq(appSettings.key, SETTING_KEYS.riskBands));
  logged.mockRestore();
});

const newAudit = (entityType = "risk") =>
  db.select().from(auditLog).where(and(gt(auditLog.id, auditMark), eq(auditLog.entityType, entityType))).orderBy(asc(auditLog.id));

/** A risk of our own (other test files share the database), in the M&D unit of COO unless said otherwise. */
async function scratchRisk(over: Partial<typeof risks.$inferInsert> = {}) {
  const [row] = await db
    .insert(risks)
    .values({
      ref: `RISKTEST-${randomUUID().slice(0, 8)}`,
      unitId: unitIds.md!,
      title: "Scratch risk",
      cause: "A cause",
      event: "An event",
      impact: "An impact",
      category: "Operational",
      ownerName: "Director of M&D",
      inherentLikelihood: 4,
      inherentImpact: 5,
      residualLikelihood: 3,
      residualImpact: 5,
      appetiteScore: 6,
      ...over,
    })
    .returning();
  return row!;
}

/** Every matching risk on one page: the unpaged reference. */
const listAll = async (user: SessionUser, filters: RiskFilters, bands: RiskBands) => (await listRisks(user, filters, bands, 100_000)).rows;

const stored = async (id: number) => (await db.select().from(risks).where(eq(risks.id, id)))[0]!;
const reviewsOf = (id: number) => db.select().from(riskReviews).where(eq(riskReviews.riskId, id)).orderBy(asc(riskReviews.id));

describe("monthly review", () => {
  it("the lead of the risk's unit re-rates it with a note: review row, residual rating, last reviewed, version and audit", async () => {
    const risk = await scratchRisk();
    session.user = users.leadMd;
    const result = await reviewRisk(undefined, form({ id: risk.id, version: 1, residualLikelihood: 2, residualImpact: 4, note: "Patching backlog cleared." }));
    expect(result).toEqual({ ok: true, data: { id: risk.id, rerated: true, score: 8 } });

    const after = await stored(risk.id);
    expect(after).toMatchObject({ residualLikelihood: 2, residualImpact: 4, version: 2 });
    expect(after.lastReviewedAt).not.toBeNull();
    const history = await reviewsOf(risk.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ residualLikelihood: 2, residualImpact: 4, note: "Patching backlog cleared.", reviewerId: users.leadMd.id });
    const [entry, ...more] = await newAudit();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      action: "risk.rerate",
      entityId: String(risk.id),
      actorId: users.leadMd.id,
      before: { residualLikelihood: 3, residualImpact: 5 },
      after: { residualLikelihood: 2, residualImpact: 4 },
      reason: "Patching backlog cleared.",
    });

    // A confirmation keeps the rating and adds to the history; the page shows both, oldest first.
    expect(await reviewRisk(undefined, form({ id: risk.id, version: 2, residualLikelihood: 2, residualImpact: 4, note: "No change this month." }))).toMatchObject({
      ok: true,
      data: { rerated: false },
    });
    expect((await newAudit()).at(-1)).toMatchObject({ action: "risk.confirm" });
    const page = (await getRisk(users.leadMd, risk.id, DEFAULT_RISK_BANDS))!;
    expect(page.reviews.map((r) => [r.score, r.note])).toEqual([
      [8, "Patching backlog cleared."],
      [8, "No change this month."],
    ]);
    expect(page.residual).toEqual({ likelihood: 2, impact: 4, score: 8, band: "medium" });
    expect(page.aboveAppetite).toBe(true);
  });

  it("refuses likelihood 6 with a clear message and saves nothing", async () => {
    const risk = await scratchRisk();
    session.user = users.leadMd;
    const result = await reviewRisk(undefined, form({ id: risk.id, version: 1, residualLikelihood: 6, residualImpact: 4, note: "Worse." }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { residualLikelihood: ["Likelihood outside 1–5: choose a whole number from 1 to 5"] } });
    expect(await stored(risk.id)).toEqual(risk);
    expect(await reviewsOf(risk.id)).toEqual([]);
    expect(await newAudit()).toEqual([]);
  });

  it("needs a note", async () => {
    const risk = await scratchRisk();
    session.user = users.leadMd;
    const result = await reviewRisk(undefined, form({ id: risk.id, version: 1, residualLikelihood: 3, residualImpact: 5, note: "" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { note: [expect.stringMatching(/Add a note/)] } });
    expect(await reviewsOf(risk.id)).toEqual([]);
  });

  it("refuses a stale version as a conflict, showing what is stored, and saves nothing", async () => {
    const risk = await scratchRisk();
    session.user = users.leadMd;
    expect(await reviewRisk(undefined, form({ id: risk.id, version: 1, residualLikelihood: 3, residualImpact: 4, note: "First." }))).toMatchObject({ ok: true });
    const result = await reviewRisk(undefined, form({ id: risk.id, version: 1, residualLikelihood: 1, residualImpact: 1, note: "From an old page." }));
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Someone else changed this risk/), current: { residualLikelihood: 3, residualImpact: 4, version: 2 } });
    expect(await stored(risk.id)).toMatchObject({ residualLikelihood: 3, residualImpact: 4, version: 2 });
    expect(await reviewsOf(risk.id)).toHaveLength(1);
    expect(await newAudit()).toHaveLength(1);
  });

  it.each([
    ["a LEAD of another unit", "leadPcs"],
    ["a VIEWER", "viewer"],
    ["SLT of another department", "sltCls"],
  ] as const)("refuses %s and saves nothing", async (_label, who) => {
    const risk = await scratchRisk();
    session.user = users[who];
    const result = await reviewRisk(undefined, form({ id: risk.id, version: 1, residualLikelihood: 1, residualImpact: 1, note: "Not mine." }));
    expect(result).toEqual(FORBIDDEN);
    expect(await stored(risk.id)).toEqual(risk);
    expect(await reviewsOf(risk.id)).toEqual([]);
    expect(await newAudit()).toEqual([]);
  });

  it("lets SLT of the department review any of its risks", async () => {
    const risk = await scratchRisk({ unitId: unitIds.pcs! });
    session.user = users.sltCoo;
    expect(await reviewRisk(undefined, form({ id: risk.id, version: 1, residualLikelihood: 3, residualImpact: 5, note: "Confirmed by SLT." }))).toMatchObject({ ok: true });
  });
});

describe("escalation", () => {
  it("SLT of the department escalates a risk above appetite with a note, and de-escalates it; both audited", async () => {
    const risk = await scratchRisk();
    session.user = users.sltCoo;
    expect(await escalateRisk(undefined, form({ id: risk.id, version: 1, note: "" }))).toMatchObject({ ok: false, fieldErrors: { note: [expect.any(String)] } });
    expect(await escalateRisk(undefined, form({ id: risk.id, version: 1, note: "Funding decision needed from ELT." }))).toEqual({ ok: true, data: { id: risk.id } });
    const after = await stored(risk.id);
    expect(after).toMatchObject({ escalated: true, escalatedById: users.sltCoo.id, escalationNote: "Funding decision needed from ELT.", version: 2 });
    expect(after.escalatedAt).not.toBeNull();
    const page = (await getRisk(users.viewer, risk.id, DEFAULT_RISK_BANDS))!;
    expect(page).toMatchObject({ escalated: true, escalatedByName: users.sltCoo.name });

    expect(await deescalateRisk(undefined, form({ id: risk.id, version: 2, note: "ELT agreed the funding." }))).toMatchObject({ ok: true });
    expect(await stored(risk.id)).toMatchObject({ escalated: false, escalatedAt: null, escalatedById: null, escalationNote: null, version: 3 });
    expect((await newAudit()).map((e) => [e.action, e.reason])).toEqual([
      ["risk.escalate", "Funding decision needed from ELT."],
      ["risk.deescalate", "ELT agreed the funding."],
    ]);
  });

  it("an administrator may escalate anywhere", async () => {
    const risk = await scratchRisk({ unitId: unitIds.cls! });
    session.user = users.admin;
    expect(await escalateRisk(undefined, form({ id: risk.id, version: 1, note: "Escalated by the administrator." }))).toMatchObject({ ok: true });
  });

  it.each(["leadMd", "viewer", "sltCls"] as const)("refuses %s (even the lead who owns the risk)", async (who) => {
    const risk = await scratchRisk();
    session.user = users[who];
    expect(await escalateRisk(undefined, form({ id: risk.id, version: 1, note: "Please escalate." }))).toEqual(FORBIDDEN);
    expect(await stored(risk.id)).toMatchObject({ escalated: false, version: 1 });
    expect(await newAudit()).toEqual([]);
  });

  it("refuses to escalate a risk within its appetite", async () => {
    const risk = await scratchRisk({ residualLikelihood: 2, residualImpact: 3, appetiteScore: 6 });
    session.user = users.sltCoo;
    expect(await escalateRisk(undefined, form({ id: risk.id, version: 1, note: "Just in case." }))).toMatchObject({ ok: false, message: expect.stringMatching(/above its appetite/) });
    expect(await stored(risk.id)).toMatchObject({ escalated: false });
  });
});

describe("creating and editing a risk", () => {
  it("a lead adds a risk to their unit: next reference of the department, first review, audited", async () => {
    session.user = users.leadMd;
    const fields = {
      unitId: unitIds.md!,
      title: "Loss of the data centre",
      cause: "Single site hosting.",
      event: "The data centre is unavailable for more than a day.",
      impact: "Services offline.",
      category: "Technology",
      ownerName: "Director of M&D",
      inherentLikelihood: 3,
      inherentImpact: 5,
      residualLikelihood: 2,
      residualImpact: 5,
      appetiteScore: 8,
    };
    const result = await createRisk(undefined, form(fields));
    expect(result.ok).toBe(true);
    const id = (result as { data: { id: number } }).data.id;
    const row = await stored(id);
    const { rows } = await pool.query<{ n: number }>(`select max(substring(ref from '^COO-R(\\d+)$')::int) as n from risks where id <> $1`, [id]);
    expect(row.ref).toBe(`COO-R${String(rows[0]!.n + 1).padStart(2, "0")}`);
    expect(row).toMatchObject({ title: "Loss of the data centre", residualLikelihood: 2, residualImpact: 5, appetiteScore: 8, version: 1 });
    expect(await reviewsOf(id)).toHaveLength(1);
    expect((await newAudit()).map((e) => e.action)).toEqual(["risk.create"]);
  });

  it("refuses a bad risk with a message per field and saves nothing", async () => {
    session.user = users.leadMd;
    const [{ n: before }] = (await pool.query<{ n: number }>("select count(*)::int as n from risks")).rows as [{ n: number }];
    const result = await createRisk(undefined, form({ unitId: unitIds.md!, title: "X", cause: "", event: "e", impact: "i", category: "Weather", ownerName: "", inherentLikelihood: 6, inherentImpact: 3, residualLikelihood: 1, residualImpact: 1, appetiteScore: 0 }));
    expect(result.ok).toBe(false);
    const fieldErrors = (result as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(["appetiteScore", "category", "cause", "event", "impact", "inherentLikelihood", "ownerName", "title"]);
    expect(fieldErrors.inherentLikelihood).toEqual(["Inherent likelihood outside 1–5: choose a whole number from 1 to 5"]);
    const [{ n: after }] = (await pool.query<{ n: number }>("select count(*)::int as n from risks")).rows as [{ n: number }];
    expect(after).toBe(before);
    expect(await newAudit()).toEqual([]);
  });

  it("refuses a lead adding a risk to another unit", async () => {
    session.user = users.leadPcs;
    const result = await createRisk(undefined, form({ unitId: unitIds.md!, title: "Not my unit", cause: "c c c", event: "e e e", impact: "i i i", category: "People", ownerName: "Someone", inherentLikelihood: 2, inherentImpact: 2, residualLikelihood: 1, residualImpact: 1, appetiteScore: 4 }));
    expect(result).toEqual(FORBIDDEN);
  });

  it("edits the definition with a version check; only changed fields are audited", async () => {
    const risk = await scratchRisk();
    session.user = users.leadMd;
    const fields = {
      id: risk.id,
      version: 1,
      unitId: risk.unitId,
      title: "Scratch risk, renamed",
      cause: risk.cause,
      event: risk.event,
      impact: risk.impact,
      category: risk.category,
      ownerName: risk.ownerName,
      inherentLikelihood: 4,
      inherentImpact: 5,
      appetiteScore: 9,
      status: "open",
      reason: "Clearer title",
    };
    expect(await updateRisk(undefined, form(fields))).toEqual({ ok: true, data: { id: risk.id, changed: true } });
    expect(await stored(risk.id)).toMatchObject({ title: "Scratch risk, renamed", appetiteScore: 9, version: 2 });
    expect((await newAudit()).map((e) => [e.action, e.before, e.after, e.reason])).toEqual([
      ["risk.update", { title: "Scratch risk", appetiteScore: 6 }, { title: "Scratch risk, renamed", appetiteScore: 9 }, "Clearer title"],
    ]);
    // The same form again is stale.
    expect(await updateRisk(undefined, form({ ...fields, title: "Again" }))).toMatchObject({ ok: false, current: { version: 2 } });
    // A lead cannot move the risk to a unit outside their own.
    expect(await updateRisk(undefined, form({ ...fields, version: 2, unitId: unitIds.pcs! }))).toEqual(FORBIDDEN);
    expect(await stored(risk.id)).toMatchObject({ unitId: unitIds.md, version: 2 });
  });
});

describe("controls and mitigating actions", () => {
  it("adds, edits and completes with version checks, audited", async () => {
    const risk = await scratchRisk();
    session.user = users.leadMd;
    expect(await addRiskMitigation(undefined, form({ riskId: risk.id, kind: "action", description: "Run a phishing exercise", ownerName: "Head of Security", dueDate: "", status: "planned" }))).toMatchObject({
      ok: false,
      fieldErrors: { dueDate: ["A mitigating action needs a due date"] },
    });
    const added = await addRiskMitigation(undefined, form({ riskId: risk.id, kind: "action", description: "Run a phishing exercise", ownerName: "Head of Security", dueDate: "2099-03-31", status: "planned" }));
    expect(added.ok).toBe(true);
    const id = (added as { data: { id: number } }).data.id;
    const edit = { id, version: 1, kind: "action", description: "Run a phishing exercise", ownerName: "Head of Security", dueDate: "2099-04-30", status: "in_progress" };
    expect(await updateRiskMitigation(undefined, form(edit))).toMatchObject({ ok: true, data: { changed: true } });
    expect(await updateRiskMitigation(undefined, form({ ...edit, status: "planned" }))).toMatchObject({ ok: false, message: expect.stringMatching(/Someone else changed/) });
    expect(await completeRiskMitigation(undefined, form({ id, version: 1 }))).toMatchObject({ ok: false });
    expect(await completeRiskMitigation(undefined, form({ id, version: 2 }))).toMatchObject({ ok: true });
    const [m] = await db.select().from(riskMitigations).where(eq(riskMitigations.id, id));
    expect(m).toMatchObject({ status: "complete", dueDate: "2099-04-30", version: 3 });
    expect((await newAudit("risk_mitigation")).map((e) => e.action)).toEqual(["risk_mitigation.create", "risk_mitigation.update", "risk_mitigation.complete"]);

    session.user = users.leadPcs;
    expect(await completeRiskMitigation(undefined, form({ id, version: 3 }))).toEqual(FORBIDDEN);
    expect(await addRiskMitigation(undefined, form({ riskId: risk.id, kind: "control", description: "Not mine", ownerName: "Me", dueDate: "", status: "planned" }))).toEqual(FORBIDDEN);
  });
});

describe("reads", () => {
  it("scopes the list: SLT and LEAD see their department, VIEWER and ADMIN all; an out-of-scope risk is not found", async () => {
    const bands = DEFAULT_RISK_BANDS;
    const all = { ...DEFAULT_FILTERS, status: "all" as const };
    const viewer = await listAll(users.viewer, all, bands);
    const admin = await listAll(users.admin, all, bands);
    const sltCls = await listAll(users.sltCls, all, bands);
    const leadMd = await listAll(users.leadMd, all, bands);
    expect(viewer.map((r) => r.id)).toEqual(admin.map((r) => r.id));
    expect(viewer.some((r) => r.ref === "CLS-R01") && viewer.some((r) => r.ref === "COO-R03")).toBe(true);
    expect(sltCls.every((r) => r.departmentSlug === "cls")).toBe(true);
    expect(sltCls.some((r) => r.ref === "CLS-R01")).toBe(true);
    expect(leadMd.every((r) => r.departmentSlug === "coo")).toBe(true);
    expect(leadMd.some((r) => r.ref === "COO-R05")).toBe(true); // a LEAD views the whole department

    const cooR03 = leadMd.find((r) => r.ref === "COO-R03")!;
    expect(await getRisk(users.sltCls, cooR03.id, bands)).toBeNull();
    expect(await getRisk(users.leadMd, cooR03.id, bands)).not.toBeNull();
    expect(await getRisk(users.viewer, 999_999_999, bands)).toBeNull();
    // Filtering by another department shows nothing to SLT.
    expect(await listAll(users.sltCls, { ...all, department: "coo" }, bands)).toEqual([]);
  });

  it("filters by band, above appetite, escalated, unit and status", async () => {
    const bands = DEFAULT_RISK_BANDS;
    const f = (over: Partial<RiskFilters>) => listAll(users.viewer, { ...DEFAULT_FILTERS, ...over }, bands);
    const open = await f({});
    expect(open.every((r) => r.status === "open")).toBe(true);
    expect((await f({ band: "high" })).every((r) => r.residual.band === "high")).toBe(true);
    expect((await f({ band: "high", rating: "inherent" })).every((r) => r.inherent.band === "high")).toBe(true);
    expect((await f({ aboveAppetite: true })).map((r) => r.id).sort()).toEqual(open.filter((r) => r.residual.score > r.appetiteScore).map((r) => r.id).sort());
    expect((await f({ escalated: true })).every((r) => r.escalated)).toBe(true);
    // A unit includes the units below it.
    const coo = await f({ unit: unitIds.coo! });
    expect(coo.map((r) => r.id).sort()).toEqual(open.filter((r) => r.departmentSlug === "coo").map((r) => r.id).sort());
    expect((await f({ unit: unitIds.md! })).every((r) => r.unitId === unitIds.md)).toBe(true);
    const closed = await scratchRisk({ status: "closed" });
    expect((await f({ status: "closed" })).map((r) => r.id)).toContain(closed.id);
    expect(open.map((r) => r.id)).not.toContain(closed.id);
  });

  it("custom bands change the band the queries give", async () => {
    const risk = await scratchRisk({ residualLikelihood: 3, residualImpact: 3, inherentLikelihood: 4, inherentImpact: 4 });
    const find = async () => (await listAll(users.viewer, DEFAULT_FILTERS, await getRiskBands(db))).find((r) => r.id === risk.id)!;
    expect((await find()).residual.band).toBe("medium");

    session.user = users.admin;
    expect(await updateRiskBands(undefined, form({ mediumFrom: 3, highFrom: 6, veryHighFrom: 16, reason: "Stricter policy" }))).toMatchObject({ ok: true, data: { changed: true } });
    const bands = await getRiskBands(db);
    expect(bands).toEqual({ mediumFrom: 3, highFrom: 6, veryHighFrom: 16 });
    expect(await find()).toMatchObject({ residual: { score: 9, band: "high" }, inherent: { score: 16, band: "very_high" } });
    expect((await getRisk(users.viewer, risk.id, bands))!.residual.band).toBe("high");
    expect((await listAll(users.viewer, { ...DEFAULT_FILTERS, band: "high" }, bands)).map((r) => r.id)).toContain(risk.id);
    expect((await newAudit("app_setting")).map((e) => [e.action, e.entityId, e.after, e.reason])).toEqual([
      ["setting.update", SETTING_KEYS.riskBands, { mediumFrom: 3, highFrom: 6, veryHighFrom: 16 }, "Stricter policy"],
    ]);
    await db.delete(appSettings).where(eq(appSettings.key, SETTING_KEYS.riskBands));
  });

  it("the bands setting: non-increasing edges refused, only administrators", async () => {
    session.user = users.admin;
    expect(await updateRiskBands(undefined, form({ mediumFrom: 10, highFrom: 10, veryHighFrom: 20 }))).toMatchObject({
      ok: false,
      fieldErrors: { highFrom: ["High must start above Medium"] },
    });
    session.user = users.sltCoo;
    expect(await updateRiskBands(undefined, form({ mediumFrom: 4, highFrom: 8, veryHighFrom: 16 }))).toEqual(FORBIDDEN);
    expect(await db.select().from(appSettings).where(eq(appSettings.key, SETTING_KEYS.riskBands))).toEqual([]);
    expect(await newAudit("app_setting")).toEqual([]);
  });

  it("heat map counts come from SQL and match the list, cell by cell, for residual and inherent ratings", async () => {
    const bands = DEFAULT_RISK_BANDS;
    for (const rating of ["residual", "inherent"] as const) {
      for (const department of ["coo", null]) {
        const filters: RiskFilters = { ...DEFAULT_FILTERS, department, rating };
        const spy = vi.spyOn(appPool(), "query");
        const cells = await getRiskHeatMap(users.viewer, filters, bands);
        expect(spy).toHaveBeenCalledTimes(1);
        spy.mockRestore();
        const list = await listAll(users.viewer, filters, bands);
        expect(cells.reduce((n, c) => n + c.count, 0)).toBe(list.length);
        for (let l = 1; l <= 5; l++) {
          for (let i = 1; i <= 5; i++) {
            const count = cells.find((c) => c.likelihood === l && c.impact === i)?.count ?? 0;
            const inCell = await listAll(users.viewer, { ...filters, likelihood: l, impact: i }, bands);
            expect(inCell.length, `${rating} L${l} I${i}`).toBe(count);
          }
        }
      }
    }
    // COO-R03 (3 × 5 residual, 5 × 5 inherent) is counted in its cells.
    const r03 = (await listAll(users.viewer, { ...DEFAULT_FILTERS, department: "coo", likelihood: 3, impact: 5 }, bands)).map((r) => r.ref);
    expect(r03).toContain("COO-R03");
    // SLT of CLS sees only CLS in the map.
    const cls = await getRiskHeatMap(users.sltCls, DEFAULT_FILTERS, bands);
    const clsList = await listAll(users.sltCls, DEFAULT_FILTERS, bands);
    expect(cls.reduce((n, c) => n + c.count, 0)).toBe(clsList.length);
    expect(clsList.every((r) => r.departmentSlug === "cls")).toBe(true);
  });

  it("the list and the risk page take a fixed number of queries whatever the data", async () => {
    const count = countQueries;
    const risk = await scratchRisk();
    const small = await count(() => listRisks(users.viewer, DEFAULT_FILTERS, DEFAULT_RISK_BANDS));
    const page = await count(() => getRisk(users.viewer, risk.id, DEFAULT_RISK_BANDS));
    expect(small).toBe(1); // the counts and the page in one statement
    expect(page).toBe(1);
    const extra = await Promise.all(Array.from({ length: 20 }, () => scratchRisk()));
    await db.insert(riskReviews).values(extra.flatMap((r) => [1, 2, 3].map((d) => ({ riskId: risk.id, reviewedOn: `2020-0${d}-01`, residualLikelihood: 2, residualImpact: 2 + (r.id % 3) }))));
    await db.insert(riskMitigations).values(Array.from({ length: 30 }, (_, i) => ({ riskId: risk.id, description: `Control ${i}`, ownerName: "Someone", kind: "control" as const })));
    expect(await count(() => listRisks(users.viewer, DEFAULT_FILTERS, DEFAULT_RISK_BANDS))).toBe(small);
    expect(await count(() => getRisk(users.viewer, risk.id, DEFAULT_RISK_BANDS))).toBe(page);
    const detail = (await getRisk(users.viewer, risk.id, DEFAULT_RISK_BANDS))!;
    expect(detail.reviews).toHaveLength(60);
    expect(detail.mitigations).toHaveLength(30);
    // Leave the shared database as other files expect: only COO's seeded risks in the department views.
    await db.delete(risks).where(inArray(risks.id, [risk.id, ...extra.map((r) => r.id)]));
  });
});
