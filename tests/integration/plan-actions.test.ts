import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addMilestone, cancelMilestone, editMilestone, recordInitiativeUpdate } from "@/app/(app)/initiatives/actions";
import { auditLog, initiatives, initiativeUpdates, milestoneForecastChanges, milestones, orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { getInitiativePage, getTimeline, listInitiatives, type InitiativeFilters } from "@/lib/initiatives/queries";
import { type DemoAccount, demoUsers, form, session, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const now = new Date();
const pad = (n: number) => String(n).padStart(2, "0");
const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
const thisMonth = `${today.slice(0, 7)}-01`;
const yesterday = (() => {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
})();
const year = now.getFullYear();
const start = `${year - 1}-01-01`;
/** Every initiative the list shows `u` with `filters`, on one page. */
const listAll = async (u: SessionUser, filters: InitiativeFilters = {}) =>
  (await listInitiatives(u, filters, { sort: "unit", dir: "asc", page: 1, size: 100_000 }, today)).rows;

type Who = DemoAccount;
const users = {} as Record<Who, SessionUser>;
let mdId: number;
let clsUnitId: number;

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  mdId = (await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "md")))[0]!.id;
  clsUnitId = (await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "cls-customer-services")))[0]!.id;
});

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeEach(() => {
  session.user = null;
});
afterAll(async () => {
  logged.mockRestore();
});

/** A fresh initiative of our own (other test files share the database), with two milestones. */
async function fixture(unitId = mdId) {
  const [i] = await db
    .insert(initiatives)
    .values({ cspRef: "TEST-PLAN-01", title: `Test initiative ${Math.random().toString(36).slice(2, 8)}`, leadUnitId: unitId, type: "project", startDate: start, targetDate: `${year + 1}-06-30`, rag: "green" })
    .returning();
  const [past, future] = await db
    .insert(milestones)
    .values([
      { initiativeId: i!.id, title: "Discovery complete", plannedDate: `${year - 1}-03-31`, forecastDate: `${year - 1}-03-31`, status: "in_progress", sortOrder: 0 },
      { initiativeId: i!.id, title: "Go live", plannedDate: `${year + 1}-03-31`, forecastDate: `${year + 1}-03-31`, status: "planned", sortOrder: 1 },
    ])
    .returning();
  return { initiative: i!, past: past!, future: future! };
}

const auditOf = (entityType: string, id: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(id))));

describe("monthly status update", () => {
  it("refuses amber without a reason, on the reason field, and saves nothing", async () => {
    const { initiative } = await fixture();
    session.user = users.leadMd;
    const r = await recordInitiativeUpdate(null, form({ initiativeId: initiative.id, version: 1, rag: "amber", reason: "", commentary: "" }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors?.reason?.[0]).toBe("Say why the initiative is amber");
    expect(await db.select().from(initiativeUpdates).where(eq(initiativeUpdates.initiativeId, initiative.id))).toHaveLength(0);
    expect((await db.select().from(initiatives).where(eq(initiatives.id, initiative.id)))[0]!.rag).toBe("green");
    expect(await auditOf("initiative", initiative.id)).toHaveLength(0);
  });

  it("records amber with a reason for this month, sets the initiative's RAG, audits, and replaces it on a second save", async () => {
    const { initiative } = await fixture();
    session.user = users.leadMd;
    const r = await recordInitiativeUpdate(null, form({ initiativeId: initiative.id, version: 1, rag: "amber", reason: "Supplier late", commentary: "Recovery plan agreed" }));
    expect(r).toMatchObject({ ok: true });
    const [row] = await db.select().from(initiatives).where(eq(initiatives.id, initiative.id));
    expect(row).toMatchObject({ rag: "amber", ragReason: "Supplier late", version: 2 });
    const updates = await db.select().from(initiativeUpdates).where(eq(initiativeUpdates.initiativeId, initiative.id));
    expect(updates).toMatchObject([{ period: thisMonth, rag: "amber", reason: "Supplier late", commentary: "Recovery plan agreed", createdById: users.leadMd.id }]);
    const [audit] = await auditOf("initiative", initiative.id);
    expect(audit).toMatchObject({ action: "initiative_update.record", actorId: users.leadMd.id, reason: "Supplier late", unitId: mdId });
    expect(audit!.before).toMatchObject({ rag: "green" });
    expect(audit!.after).toMatchObject({ rag: "amber", period: thisMonth });

    // Green a second time in the same month replaces the update (one per month).
    const again = await recordInitiativeUpdate(null, form({ initiativeId: initiative.id, version: 2, rag: "green", reason: "", commentary: "Back on track" }));
    expect(again.ok).toBe(true);
    const after = await db.select().from(initiativeUpdates).where(eq(initiativeUpdates.initiativeId, initiative.id));
    expect(after).toMatchObject([{ period: thisMonth, rag: "green", reason: null, commentary: "Back on track" }]);
    expect((await db.select().from(initiatives).where(eq(initiatives.id, initiative.id)))[0]).toMatchObject({ rag: "green", ragReason: null, version: 3 });
    expect(await auditOf("initiative", initiative.id)).toHaveLength(2);
  });

  it("refuses a stale version with the stored rating and overwrites nothing", async () => {
    const { initiative } = await fixture();
    session.user = users.sltCoo;
    expect((await recordInitiativeUpdate(null, form({ initiativeId: initiative.id, version: 1, rag: "red", reason: "Blocked", commentary: "" }))).ok).toBe(true);
    session.user = users.leadMd;
    const stale = await recordInitiativeUpdate(null, form({ initiativeId: initiative.id, version: 1, rag: "green", reason: "", commentary: "" }));
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.message).toMatch(/Someone else updated this initiative/);
    expect(!stale.ok && stale.current).toMatchObject({ rag: "red", ragReason: "Blocked", version: 2 });
    expect((await db.select().from(initiatives).where(eq(initiatives.id, initiative.id)))[0]).toMatchObject({ rag: "red", version: 2 });
  });
});

describe("milestones", () => {
  it("moves a forecast only with a reason; the change is recorded in the history and audited", async () => {
    const { future } = await fixture();
    session.user = users.leadMd;
    const moved = `${year + 1}-05-31`;
    const base = { id: future.id, version: 1, title: future.title, plannedDate: future.plannedDate, forecastDate: moved, actualDate: "" };
    const refused = await editMilestone(null, form({ ...base, reason: "" }));
    expect(!refused.ok && refused.fieldErrors?.reason?.[0]).toBe("Say why the forecast date changes");
    expect((await db.select().from(milestones).where(eq(milestones.id, future.id)))[0]!.forecastDate).toBe(future.forecastDate);

    const r = await editMilestone(null, form({ ...base, reason: "Vendor delivery slipped" }));
    expect(r).toMatchObject({ ok: true, data: { changed: true } });
    expect((await db.select().from(milestones).where(eq(milestones.id, future.id)))[0]).toMatchObject({ forecastDate: moved, version: 2, status: "planned" });
    const changes = await db.select().from(milestoneForecastChanges).where(eq(milestoneForecastChanges.milestoneId, future.id));
    expect(changes).toMatchObject([{ fromDate: future.forecastDate, toDate: moved, reason: "Vendor delivery slipped", changedById: users.leadMd.id }]);
    const audits = await auditOf("milestone", future.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "milestone.update", reason: "Vendor delivery slipped" });
    expect(audits[0]!.before).toMatchObject({ forecastDate: future.forecastDate });
    expect(audits[0]!.after).toMatchObject({ forecastDate: moved });
  });

  it("refuses an actual date before the initiative's start or in the future, and saves nothing", async () => {
    const { past } = await fixture();
    session.user = users.leadMd;
    const base = { id: past.id, version: 1, title: past.title, plannedDate: past.plannedDate, forecastDate: past.forecastDate!, reason: "" };
    const early = await editMilestone(null, form({ ...base, actualDate: `${year - 2}-12-31` }));
    expect(early.ok).toBe(false);
    expect(!early.ok && early.fieldErrors?.actualDate?.[0]).toMatch(/actual date is before the initiative's planned start/);
    const later = await editMilestone(null, form({ ...base, actualDate: `${year + 1}-01-01` }));
    expect(!later.ok && later.fieldErrors?.actualDate?.[0]).toMatch(/future/);
    expect((await db.select().from(milestones).where(eq(milestones.id, past.id)))[0]).toMatchObject({ actualDate: null, status: "in_progress", version: 1 });
    expect(await auditOf("milestone", past.id)).toHaveLength(0);

    const ok = await editMilestone(null, form({ ...base, actualDate: yesterday }));
    expect(ok.ok).toBe(true);
    expect((await db.select().from(milestones).where(eq(milestones.id, past.id)))[0]).toMatchObject({ actualDate: yesterday, status: "achieved", version: 2 });
    expect((await auditOf("milestone", past.id))[0]).toMatchObject({ action: "milestone.achieve" });
  });

  it("refuses a stale milestone version with what is stored", async () => {
    const { future } = await fixture();
    session.user = users.leadMd;
    const base = { id: future.id, title: future.title, plannedDate: future.plannedDate, actualDate: "" };
    expect((await editMilestone(null, form({ ...base, version: 1, forecastDate: `${year + 1}-04-30`, reason: "First move" }))).ok).toBe(true);
    const stale = await editMilestone(null, form({ ...base, version: 1, forecastDate: `${year + 1}-09-30`, reason: "Second move" }));
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.current).toMatchObject({ forecastDate: `${year + 1}-04-30`, version: 2 });
    expect(await db.select().from(milestoneForecastChanges).where(eq(milestoneForecastChanges.milestoneId, future.id))).toHaveLength(1);
  });

  it("adds and cancels a milestone (cancelling needs a reason), audited", async () => {
    const { initiative } = await fixture();
    session.user = users.leadMd;
    const added = await addMilestone(null, form({ initiativeId: initiative.id, title: "Pilot with two teams", plannedDate: `${year + 1}-01-31` }));
    expect(added.ok).toBe(true);
    const id = added.ok ? added.data.id : -1;
    expect((await db.select().from(milestones).where(eq(milestones.id, id)))[0]).toMatchObject({ status: "planned", forecastDate: `${year + 1}-01-31`, sortOrder: 2 });
    const noReason = await cancelMilestone(null, form({ id, version: 1, reason: "" }));
    expect(!noReason.ok && noReason.fieldErrors?.reason?.[0]).toBe("Say why the milestone is cancelled");
    expect((await cancelMilestone(null, form({ id, version: 1, reason: "Merged into go live" }))).ok).toBe(true);
    expect((await db.select().from(milestones).where(eq(milestones.id, id)))[0]!.status).toBe("cancelled");
    expect((await auditOf("milestone", id)).map((a) => a.action).sort()).toEqual(["milestone.cancel", "milestone.create"]);
  });
});

describe("authorization", () => {
  it("refuses the lead of another unit, the viewer and the SLT of another department; nothing is saved", async () => {
    const { initiative, future } = await fixture();
    for (const who of ["leadPcs", "viewer", "sltCls", "leadCls"] as const) {
      session.user = users[who];
      const r = await recordInitiativeUpdate(null, form({ initiativeId: initiative.id, version: 1, rag: "red", reason: "Nope", commentary: "" }));
      expect(r.ok, who).toBe(false);
      expect(!r.ok && r.message, who).toBe("You do not have permission to do that.");
      const m = await editMilestone(null, form({ id: future.id, version: 1, title: "x x x", plannedDate: future.plannedDate, forecastDate: `${year + 2}-01-01`, reason: "Nope", actualDate: "" }));
      expect(m.ok, who).toBe(false);
      const a = await addMilestone(null, form({ initiativeId: initiative.id, title: "Sneaky", plannedDate: `${year}-12-01` }));
      expect(a.ok, who).toBe(false);
    }
    expect((await db.select().from(initiatives).where(eq(initiatives.id, initiative.id)))[0]).toMatchObject({ rag: "green", version: 1 });
    expect((await db.select().from(milestones).where(eq(milestones.id, future.id)))[0]!.version).toBe(1);
    expect(await db.select().from(milestones).where(eq(milestones.initiativeId, initiative.id))).toHaveLength(2);
    expect(await auditOf("initiative", initiative.id)).toHaveLength(0);
  });

  it("lets the SLT of the department and the administrator edit", async () => {
    const { initiative } = await fixture();
    session.user = users.sltCoo;
    expect((await recordInitiativeUpdate(null, form({ initiativeId: initiative.id, version: 1, rag: "green", reason: "", commentary: "" }))).ok).toBe(true);
    session.user = users.admin;
    expect((await recordInitiativeUpdate(null, form({ initiativeId: initiative.id, version: 2, rag: "green", reason: "", commentary: "" }))).ok).toBe(true);
  });

  it("answers an unknown initiative like a forbidden one", async () => {
    session.user = users.leadMd;
    const r = await recordInitiativeUpdate(null, form({ initiativeId: 99_999_999, version: 1, rag: "green", reason: "", commentary: "" }));
    expect(!r.ok && r.message).toBe("You do not have permission to do that.");
  });
});

describe("scoped reads", () => {
  it("lists only the user's department for SLT and LEAD, every department for VIEWER", async () => {
    const { initiative: coo } = await fixture();
    const { initiative: cls } = await fixture(clsUnitId);
    const ids = async (u: SessionUser) => new Set((await listAll(u)).map((r) => r.id));
    const lead = await ids(users.leadMd);
    expect(lead.has(coo.id)).toBe(true);
    expect(lead.has(cls.id)).toBe(false);
    const slt = await ids(users.sltCls);
    expect(slt.has(cls.id)).toBe(true);
    expect(slt.has(coo.id)).toBe(false);
    const viewer = await ids(users.viewer);
    expect(viewer.has(coo.id) && viewer.has(cls.id)).toBe(true);
  });

  it("gives no initiative page outside the user's departments", async () => {
    const { initiative: cls } = await fixture(clsUnitId);
    expect(await getInitiativePage(users.leadMd, cls.id)).toBeNull();
    expect(await getInitiativePage(users.sltCoo, cls.id)).toBeNull();
    expect((await getInitiativePage(users.viewer, cls.id))?.initiative.id).toBe(cls.id);
    expect((await getInitiativePage(users.leadCls, cls.id))?.milestones).toHaveLength(2);
  });

  it("filters by RAG, type, unit and overdue, and flags the overdue milestone", async () => {
    const { initiative } = await fixture();
    const rows = await listAll(users.leadMd, { unitId: mdId, overdue: true });
    const mine = rows.find((r) => r.id === initiative.id);
    expect(mine?.nextMilestone).toMatchObject({ title: "Discovery complete", overdue: true });
    expect(mine?.overdueCount).toBe(1);
    expect(rows.every((r) => r.overdueCount > 0)).toBe(true);
    const red = await listAll(users.viewer, { rag: "red", type: "project" });
    expect(red.length).toBeGreaterThan(0);
    expect(red.every((r) => r.rag === "red" && r.type === "project")).toBe(true);
  });

  it("places a year's milestones on the department's timeline, and lists every initiative for the administrator", async () => {
    const { initiative } = await fixture();
    const [coo] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"));
    const timeline = await getTimeline(coo!.id, year + 1);
    expect(timeline.find((t) => t.id === initiative.id)?.milestones.map((m) => m.title)).toEqual(["Go live"]);
    const [{ n }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from initiatives`)).rows as [{ n: number }];
    expect((await listAll(users.admin)).length).toBe(n);
  });
});
