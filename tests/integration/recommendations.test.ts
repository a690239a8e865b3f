import { format } from "date-fns";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addRecommendationUpdate, createRecommendation, updateRecommendation } from "@/app/(app)/recommendations/actions";
import { auditLog, orgUnits, recommendations, recommendationUpdates } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { getScorecards, listOtherExceptions } from "@/lib/dashboard/overview";
import { pool as appPool } from "@/lib/db";
import { monthAsAt, toPeriod } from "@/lib/entry/periods";
import { getRecommendation, listEditableUnits, listRecommendations, listVisibleDepartments } from "@/lib/recommendations/queries";
import { addDays, isDueSoon, isOverdue } from "@/lib/recommendations/rules";
import { DEFAULT_RISK_BANDS } from "@/lib/risks/scoring";
import { parseFilters } from "@/lib/validation/recommendation";
import { demoUsers, form, session, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const now = new Date();
const today = format(now, "yyyy-MM-dd");
const users: Record<"leadCls" | "leadMd" | "sltCls" | "sltCoo" | "viewer" | "admin", SessionUser> = {} as never;
const unit: Record<"customerServices" | "socialSecurity" | "md", number> = {} as never;

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits);
  const idOf = (slug: string) => units.find((u) => u.slug === slug)!.id;
  unit.customerServices = idOf("cls-customer-services");
  unit.socialSecurity = idOf("cls-social-security");
  unit.md = idOf("md");
  expect(users.leadCls.unitId).toBe(unit.customerServices);
});

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeEach(() => {
  session.user = null;
});
afterAll(async () => {
  logged.mockRestore();
});

let refCounter = 0;
function details(overrides: Record<string, string | number | null> = {}) {
  refCounter += 1;
  return {
    ref: `TEST-REC-${refCounter}`,
    source: "pac",
    reportTitle: "Integration test report",
    reportDate: "2021-05-19",
    unitId: unit.customerServices,
    text: "Provide a breakdown of the test feedback themes.",
    acceptance: "accepted",
    response: "We will.",
    ownerName: "Test Owner",
    targetDate: addDays(today, 90),
    ...overrides,
  };
}

async function create(overrides: Record<string, string | number | null> = {}, as: SessionUser = users.leadCls): Promise<number> {
  session.user = as;
  const r = await createRecommendation(null, form(details(overrides)));
  if (!r.ok) throw new Error(`create failed: ${r.message} ${JSON.stringify(r.fieldErrors)}`);
  return r.data.id;
}

const rowOf = async (id: number) => (await db.select().from(recommendations).where(eq(recommendations.id, id)))[0]!;
const trailOf = (id: number) => db.select().from(recommendationUpdates).where(eq(recommendationUpdates.recommendationId, id)).orderBy(recommendationUpdates.id);
const auditOf = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "recommendation"), eq(auditLog.entityId, String(id))))
    .orderBy(auditLog.id);

describe("creating and editing recommendations", () => {
  it("lets the lead add one to their own unit, open, at version 1, audited", async () => {
    const id = await create({ ref: "test-rec-create" });
    expect(await rowOf(id)).toMatchObject({ ref: "TEST-REC-CREATE", status: "open", version: 1, unitId: unit.customerServices, acceptance: "accepted" });
    const audit = await auditOf(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "recommendation.create", actorId: users.leadCls.id, unitId: unit.customerServices, after: { ref: "TEST-REC-CREATE", status: "open" } });
    // The same reference twice is refused on the field.
    const again = await createRecommendation(null, form(details({ ref: "TEST-REC-CREATE" })));
    expect(again).toMatchObject({ ok: false, fieldErrors: { ref: [expect.stringMatching(/already uses this reference/)] } });
  });

  it("refuses a rejection without its reason, saving nothing", async () => {
    session.user = users.leadCls;
    const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(recommendations))[0]!.n;
    const before = await count();
    const r = await createRecommendation(null, form(details({ acceptance: "rejected", response: "" })));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors?.response?.[0]).toMatch(/reason for rejecting/);
    expect(await count()).toBe(before);

    // On edit too.
    const id = await create();
    const edit = await updateRecommendation(null, form({ ...details({ ref: (await rowOf(id)).ref, acceptance: "rejected", response: " " }), id, version: 1 }));
    expect(edit.ok).toBe(false);
    if (!edit.ok) expect(edit.fieldErrors?.response).toBeDefined();
    expect(await rowOf(id)).toMatchObject({ acceptance: "accepted", version: 1 });
  });

  it("edits details with a version check, auditing before, after and reason", async () => {
    const id = await create();
    const { ref } = await rowOf(id);
    session.user = users.leadCls;
    const ok = await updateRecommendation(null, form({ ...details({ ref, ownerName: "New Owner", acceptance: "partially_accepted", response: "Part one only: part two is not affordable." }), id, version: 1, reason: "Owner changed" }));
    expect(ok.ok).toBe(true);
    expect(await rowOf(id)).toMatchObject({ ownerName: "New Owner", acceptance: "partially_accepted", version: 2 });
    const audit = (await auditOf(id)).at(-1)!;
    expect(audit).toMatchObject({ action: "recommendation.update", before: { ownerName: "Test Owner", acceptance: "accepted" }, after: { ownerName: "New Owner" }, reason: "Owner changed" });

    const stale = await updateRecommendation(null, form({ ...details({ ref, ownerName: "Stale Owner" }), id, version: 1 }));
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.current).toMatchObject({ ownerName: "New Owner", version: 2 });
    expect(await rowOf(id)).toMatchObject({ ownerName: "New Owner", version: 2 });
  });
});

describe("progress updates", () => {
  it("refuses 'implemented' or 'closed' without evidence, and saves nothing", async () => {
    const id = await create();
    session.user = users.leadCls;
    const before = { row: await rowOf(id), trail: await trailOf(id), audit: await auditOf(id) };
    const r = await addRecommendationUpdate(null, form({ id, version: 1, note: "All done.", status: "implemented", completionEvidence: "", implementedOn: "" }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors?.completionEvidence?.[0]).toMatch(/what shows the recommendation is complete before marking it implemented/);
    // Closing an accepted recommendation needs evidence too (the rules, against the stored acceptance).
    const closed = await addRecommendationUpdate(null, form({ id, version: 1, note: "Closing.", status: "closed", completionEvidence: " ", implementedOn: "" }));
    expect(closed.ok).toBe(false);
    if (!closed.ok) {
      expect(closed.message).toMatch(/Nothing was saved/);
      expect(closed.fieldErrors?.completionEvidence?.[0]).toMatch(/before marking it closed/);
    }
    expect({ row: await rowOf(id), trail: await trailOf(id), audit: await auditOf(id) }).toEqual(before);
  });

  it("moves the status in one transaction: recommendation, trail entry and audit with before, after and reason", async () => {
    const id = await create();
    session.user = users.leadCls;
    const started = await addRecommendationUpdate(null, form({ id, version: 1, note: "Analytics work started.", status: "in_progress", completionEvidence: "", implementedOn: "" }));
    expect(started.ok).toBe(true);
    expect(await rowOf(id)).toMatchObject({ status: "in_progress", version: 2, implementedOn: null });

    const noteOnly = await addRecommendationUpdate(null, form({ id, version: 2, note: "Supplier engaged.", status: "in_progress", completionEvidence: "", implementedOn: "" }));
    expect(noteOnly.ok).toBe(true);

    const done = await addRecommendationUpdate(
      null,
      form({ id, version: 3, note: "Breakdown published.", status: "implemented", completionEvidence: "Quarterly feedback report now breaks themes down by department.", implementedOn: "" }),
    );
    expect(done.ok).toBe(true);
    expect(await rowOf(id)).toMatchObject({ status: "implemented", version: 4, implementedOn: today, completionEvidence: "Quarterly feedback report now breaks themes down by department." });

    const trail = await trailOf(id);
    expect(trail.map((t) => [t.note, t.statusFrom, t.statusTo, t.createdById])).toEqual([
      ["Analytics work started.", "open", "in_progress", users.leadCls.id],
      ["Supplier engaged.", null, null, users.leadCls.id],
      ["Breakdown published.", "in_progress", "implemented", users.leadCls.id],
    ]);
    const audit = (await auditOf(id)).slice(1);
    expect(audit.map((a) => a.action)).toEqual(["recommendation.status", "recommendation.progress", "recommendation.status"]);
    expect(audit[2]).toMatchObject({
      actorId: users.leadCls.id,
      before: { status: "in_progress", completionEvidence: null, implementedOn: null },
      after: { status: "implemented", completionEvidence: "Quarterly feedback report now breaks themes down by department.", implementedOn: today },
      reason: "Breakdown published.",
    });

    // The page's query shows the trail in order, with who wrote each update.
    const detail = await getRecommendation(users.viewer, id);
    expect(detail?.updates.map((u) => [u.note, u.author])).toEqual(trail.map((t) => [t.note, "Robin Querée"]));

    // Only allowed transitions: implemented cannot go back to open.
    const back = await addRecommendationUpdate(null, form({ id, version: 4, note: "Oops.", status: "open", completionEvidence: "x", implementedOn: "" }));
    expect(back.ok).toBe(false);
    if (!back.ok) expect(back.fieldErrors?.status).toBeDefined();
  });

  it("refuses an update from a stale page with the stored state, changing nothing", async () => {
    const id = await create();
    session.user = users.leadCls;
    expect((await addRecommendationUpdate(null, form({ id, version: 1, note: "First.", status: "in_progress", completionEvidence: "", implementedOn: "" }))).ok).toBe(true);
    const trail = await trailOf(id);
    const stale = await addRecommendationUpdate(null, form({ id, version: 1, note: "From an old tab.", status: "superseded", completionEvidence: "", implementedOn: "" }));
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.current).toMatchObject({ status: "in_progress", version: 2 });
    expect(await rowOf(id)).toMatchObject({ status: "in_progress", version: 2 });
    expect(await trailOf(id)).toEqual(trail);
  });

  it("closes a rejected recommendation on its reasons, without evidence", async () => {
    const id = await create({ acceptance: "rejected", response: "A separate mechanism is not proposed." });
    session.user = users.sltCls;
    const r = await addRecommendationUpdate(null, form({ id, version: 1, note: "Closed as rejected.", status: "closed", completionEvidence: "", implementedOn: "" }));
    expect(r.ok).toBe(true);
    expect(await rowOf(id)).toMatchObject({ status: "closed", implementedOn: null });
  });
});

describe("who may change a recommendation", () => {
  it("refuses a lead of another unit, the SLT of another department and the viewer, changing nothing", async () => {
    const own = await create();
    const otherUnit = await create({ unitId: unit.socialSecurity }, users.sltCls);
    const snapshot = async () => ({
      rows: await db.select().from(recommendations).where(sql`${recommendations.id} in (${own}, ${otherUnit})`).orderBy(recommendations.id),
      trail: (await db.select({ n: sql<number>`count(*)::int` }).from(recommendationUpdates))[0]!.n,
      audit: (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.entityType, "recommendation")))[0]!.n,
    });
    const before = await snapshot();
    const attempts = (id: number, ref: string, unitId: number) => [
      () => createRecommendation(null, form(details({ unitId }))),
      () => updateRecommendation(null, form({ ...details({ ref, unitId, ownerName: "Intruder" }), id, version: 1 })),
      () => addRecommendationUpdate(null, form({ id, version: 1, note: "Not mine.", status: "in_progress", completionEvidence: "", implementedOn: "" })),
    ];
    const cases: [keyof typeof users, number, number][] = [
      ["leadCls", otherUnit, unit.socialSecurity], // same department, another unit
      ["leadMd", own, unit.customerServices],
      ["sltCoo", own, unit.customerServices],
      ["viewer", own, unit.customerServices],
    ];
    for (const [who, id, unitId] of cases) {
      session.user = users[who];
      const { ref } = await rowOf(id);
      for (const attempt of attempts(id, ref, unitId)) expect(await attempt(), who).toMatchObject({ ok: false, message: "You do not have permission to do that." });
    }
    // A lead cannot move their own recommendation to another unit either.
    session.user = users.leadCls;
    const moved = await updateRecommendation(null, form({ ...details({ ref: (await rowOf(own)).ref, unitId: unit.socialSecurity }), id: own, version: 1 }));
    expect(moved).toMatchObject({ ok: false, message: "You do not have permission to do that." });
    // An unknown recommendation is refused the same way.
    expect(await addRecommendationUpdate(null, form({ id: 999_999, version: 1, note: "Probe.", status: "open", completionEvidence: "", implementedOn: "" }))).toMatchObject({
      ok: false,
      message: "You do not have permission to do that.",
    });
    expect(await snapshot()).toEqual(before);
    expect((await listEditableUnits(users.viewer)).length).toBe(0);
    // The lead's own unit (other test files may add services below it), never a sibling unit.
    const editable = (await listEditableUnits(users.leadCls)).map((u) => u.id);
    expect(editable).toContain(unit.customerServices);
    expect(editable).not.toContain(unit.socialSecurity);
  });

  it("lets SLT act across its department and the administrator anywhere", async () => {
    const id = await create({ unitId: unit.socialSecurity }, users.sltCls);
    session.user = users.admin;
    expect((await addRecommendationUpdate(null, form({ id, version: 1, note: "Admin check.", status: "in_progress", completionEvidence: "", implementedOn: "" }))).ok).toBe(true);
    expect((await create({ unitId: unit.md }, users.admin)) > 0).toBe(true);
  });
});

describe("reading the tracker", () => {
  it("scopes reads: SLT and leads see their department, the viewer and administrator all", async () => {
    const cls = await create();
    expect(await getRecommendation(users.viewer, cls)).not.toBeNull();
    expect(await getRecommendation(users.leadCls, cls)).not.toBeNull();
    expect(await getRecommendation(users.sltCoo, cls)).toBeNull();
    expect(await getRecommendation(users.leadMd, cls)).toBeNull();
    expect(await getRecommendation(users.viewer, 999_999)).toBeNull();
    const all = parseFilters({});
    const coo = await listRecommendations(users.sltCoo, all, today);
    expect(coo.rows.length).toBeGreaterThan(0);
    expect(coo.rows.every((r) => r.departmentSlug === "coo")).toBe(true);
    expect((await listRecommendations(users.viewer, all, today)).rows.map((r) => r.ref)).toEqual(expect.arrayContaining(["PAC-CLS-02", "CAG-PCS-01"]));
    expect((await listVisibleDepartments(users.sltCoo)).map((d) => d.slug)).toEqual(["coo"]);
    expect((await listVisibleDepartments(users.viewer)).map((d) => d.slug).sort()).toEqual(["cls", "coo"]);
  });

  it("finds overdue and due-soon recommendations as the rules do, with their counts", async () => {
    const overdue = await create({ targetDate: addDays(today, -1) });
    const dueToday = await create({ targetDate: today });
    const dueIn30 = await create({ targetDate: addDays(today, 30) });
    const later = await create({ targetDate: addDays(today, 31) });
    const noDate = await create({ targetDate: null });
    const finished = await create({ targetDate: addDays(today, -10) });
    session.user = users.leadCls;
    await addRecommendationUpdate(null, form({ id: finished, version: 1, note: "Done.", status: "implemented", completionEvidence: "Evidence.", implementedOn: "" }));

    // On one page: the unpaged reference.
    const view = (v: string, extra: Record<string, string> = {}) => listRecommendations(users.viewer, parseFilters({ view: v, ...extra }), today, 100_000);
    const overdueIds = (await view("overdue")).rows.map((r) => r.id);
    const dueSoonIds = (await view("due_soon")).rows.map((r) => r.id);
    expect(overdueIds).toContain(overdue);
    for (const id of [dueToday, dueIn30, later, noDate, finished]) expect(overdueIds).not.toContain(id);
    expect(dueSoonIds).toEqual(expect.arrayContaining([dueToday, dueIn30]));
    for (const id of [overdue, later, noDate, finished]) expect(dueSoonIds).not.toContain(id);

    // Every row in every view agrees with the pure rules, and the counts agree with the rows.
    const all = await view("all");
    expect(new Set(overdueIds)).toEqual(new Set(all.rows.filter((r) => isOverdue(r, today)).map((r) => r.id)));
    expect(new Set(dueSoonIds)).toEqual(new Set(all.rows.filter((r) => isDueSoon(r, today)).map((r) => r.id)));
    expect(all.counts).toEqual({
      total: all.rows.length,
      active: all.rows.filter((r) => r.status === "open" || r.status === "in_progress").length,
      overdue: overdueIds.length,
      dueSoon: dueSoonIds.length,
    });
    // Overdue ones come first.
    expect(all.rows.slice(0, overdueIds.length).every((r) => isOverdue(r, today))).toBe(true);

    // Filters combine with the views: department, source and status.
    const clsPac = await view("overdue", { department: "cls", source: "pac" });
    expect(clsPac.rows.every((r) => r.departmentSlug === "cls" && r.source === "pac" && isOverdue(r, today))).toBe(true);
    expect(clsPac.rows.map((r) => r.id)).toContain(overdue);
    expect((await view("overdue", { department: "coo" })).rows.map((r) => r.id)).not.toContain(overdue);
    const implemented = await view("all", { status: "implemented" });
    expect(implemented.rows.map((r) => r.id)).toContain(finished);
    expect(implemented.rows.every((r) => r.status === "implemented")).toBe(true);
    // An empty view still answers its counts.
    const none = await view("overdue", { status: "implemented" });
    expect(none.rows).toEqual([]);
    expect(none.counts).toEqual({ total: implemented.rows.length, active: 0, overdue: 0, dueSoon: 0 });
  });

  it("feeds the dashboard: the unit's overdue count moves with a new overdue recommendation", async () => {
    // The dashboard of the current month, which is as at today (a past month's is as at its end).
    const month = toPeriod(now);
    const view = { month, asAt: monthAsAt(month, today), bands: DEFAULT_RISK_BANDS };
    const countFor = async () => (await getScorecards(users.sltCls, view)).find((c) => c.unitId === unit.customerServices)!.overdueRecommendations;
    const before = await countFor();
    const id = await create({ targetDate: "2001-06-30" });
    expect(await countFor()).toBe(before + 1);
    const listed = (await listOtherExceptions(users.sltCls, view, 500)).find((e) => e.kind === "recommendation" && e.id === id);
    expect(listed?.href).toBe(`/recommendations/${id}`);
    // Marking it implemented takes it off the count.
    session.user = users.leadCls;
    await addRecommendationUpdate(null, form({ id, version: 1, note: "Done.", status: "implemented", completionEvidence: "Evidence.", implementedOn: "" }));
    expect(await countFor()).toBe(before);
  });

  it("reads a page in a fixed number of queries, whatever the data", async () => {
    const spy = vi.spyOn(appPool(), "query");
    try {
      await Promise.all([listRecommendations(users.viewer, parseFilters({ view: "overdue" }), today), listVisibleDepartments(users.viewer)]);
      expect(spy.mock.calls.length).toBe(2); // the counts with the page, the departments
      spy.mockClear();
      const [{ id }] = (await db.select({ id: recommendations.id }).from(recommendations).where(eq(recommendations.ref, "PAC-CLS-02"))) as [{ id: number }];
      await getRecommendation(users.viewer, id);
      expect(spy.mock.calls.length).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});
