import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addReviewAction, recordMeeting, updateReviewAction } from "@/app/(app)/reviews/actions";
import { auditLog, initiatives, initiativeUpdates, orgUnits, reviewActions, reviewMeetings, riskReviews, risks, users as usersTable } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { pool as appPool } from "@/lib/db";
import { lastCompletedMonth, monthAsAt, monthLabel, monthParam, toPeriod } from "@/lib/entry/periods";
import { ragAsAt } from "@/lib/initiatives/milestone-rules";
import { getReviewDepartment, getReviewPack, type ReviewDepartment } from "@/lib/reviews/pack";
import { listActionOwners } from "@/lib/reviews/queries";
import { isAboveAppetite, ratingAt } from "@/lib/risks/scoring";
import { AUGUST_2025, createAsAtHistory } from "../support/as-at-history";
import { demoUsers, form, session, sessionUserFor, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db, pool } = setUpTestDb();
const now = new Date();
const today = now.toISOString().slice(0, 10);
const lastMonth = lastCompletedMonth(now);
const previousMonth = lastCompletedMonth(new Date(now.getFullYear(), now.getMonth() - 1, 15));
const thisMonth = toPeriod(now);
/** The day last month's pack is judged at: its last day. */
const lastMonthEnd = monthAsAt(lastMonth, today);

let coo: ReviewDepartment;
let cls: ReviewDepartment;
const users: Record<"sltCoo" | "sltCls" | "lead" | "viewer" | "admin", SessionUser> = {} as never;
/** lead.md: an active lead of COO, the owner of the actions added here. */
let leadMdId: number;

beforeAll(async () => {
  coo = (await getReviewDepartment("coo"))!;
  cls = (await getReviewDepartment("cls"))!;
  const demo = await demoUsers();
  Object.assign(users, demo, { lead: demo.leadMd });
  leadMdId = users.lead.id;
});

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeEach(() => {
  session.user = null;
});
afterAll(async () => {
  logged.mockRestore();
});

async function auditCount(entityType: string, entityId?: number) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(entityId === undefined ? eq(auditLog.entityType, entityType) : and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId))));
  return row!.n;
}

async function meetingOf(departmentId: number, period: string) {
  const [m] = await db
    .select()
    .from(reviewMeetings)
    .where(and(eq(reviewMeetings.departmentId, departmentId), eq(reviewMeetings.period, period)));
  return m;
}

describe("the review pack", () => {
  it("carries the seeded open actions into this month's pack, and not the closed one", async () => {
    // This month's pack is as at today: the seeded actions (agreed at the meeting before last) were open then.
    const pack = await getReviewPack(coo, thisMonth, today);
    const seeded = await db
      .select({ id: reviewActions.id, status: reviewActions.status })
      .from(reviewActions)
      .innerJoin(reviewMeetings, eq(reviewMeetings.id, reviewActions.meetingId))
      .where(and(eq(reviewMeetings.departmentId, coo.id), eq(reviewMeetings.period, previousMonth)));
    expect(seeded).toHaveLength(3);
    const carried = pack.carriedForward.map((a) => a.id);
    for (const a of seeded) expect(carried.includes(a.id)).toBe(a.status === "open");
    expect(pack.carriedForward.every((a) => a.meetingPeriod < thisMonth && a.status === "open")).toBe(true);
    // The seeded action linked to a measure shows the link.
    expect(pack.carriedForward.some((a) => a.link?.kind === "measure")).toBe(true);

    const own = await getReviewPack(coo, previousMonth, today);
    expect(own.meeting?.status).toBe("held");
    expect(own.actions.map((a) => a.id).sort()).toEqual(seeded.map((a) => a.id).sort());
    expect(own.carriedForward.some((a) => seeded.some((s) => s.id === a.id))).toBe(false);
  });

  it("lists exceptions, risks above tolerance and red/amber initiatives of the department only, as at the month's end", async () => {
    const pack = await getReviewPack(coo, lastMonth, lastMonthEnd);
    expect(pack.asAt).toBe(lastMonthEnd);
    expect(pack.measuresReviewed).toBeGreaterThan(0);
    expect(pack.exceptions.length).toBeGreaterThan(0);
    expect(pack.exceptions.every((m) => ["off_target", "within_tolerance", "no_data"].includes(m.status))).toBe(true);
    // A figure left in draft is not submitted: it is an exception with no data.
    for (const m of pack.exceptions.filter((x) => x.hasDraft)) expect(m.status).toBe("no_data");

    const { rows: cooUnits } = await pool.query<{ id: number }>(
      `with recursive t(id) as (select id from org_units where id = $1 union all select o.id from org_units o join t on o.parent_id = t.id) select id from t`,
      [coo.id],
    );
    const unitIds = new Set(cooUnits.map((u) => u.id));
    // The pack agrees with the TypeScript twins of the as-at rules on the demo data.
    const allRisks = await db.select().from(risks);
    const reviews = await db.select().from(riskReviews);
    const expectedRisks = allRisks
      .filter((r) => unitIds.has(r.unitId) && r.status === "open")
      .filter((r) => {
        const rating = ratingAt(r, reviews.filter((v) => v.riskId === r.id).map((v) => ({ reviewedOn: v.reviewedOn, likelihood: v.residualLikelihood, impact: v.residualImpact })), lastMonthEnd);
        return rating !== null && isAboveAppetite(rating.score, r.appetiteScore);
      })
      .map((r) => r.id)
      .sort();
    expect(pack.risksAboveTolerance.map((r) => r.id).sort()).toEqual(expectedRisks);

    const allInitiatives = await db.select().from(initiatives);
    const updates = await db.select().from(initiativeUpdates);
    const expectedInitiatives = allInitiatives
      .filter((i) => unitIds.has(i.leadUnitId) && i.status !== "complete" && i.status !== "closed")
      .filter((i) => ["red", "amber"].includes(ragAsAt(updates.filter((u) => u.initiativeId === i.id), lastMonthEnd) ?? "green"))
      .map((i) => i.id)
      .sort();
    expect(pack.initiativesAtRisk.map((i) => i.id).sort()).toEqual(expectedInitiatives);
    expect(pack.milestones.every((m) => m.state === "missed" || m.state === "due")).toBe(true);

    const clsPack = await getReviewPack(cls, lastMonth, lastMonthEnd);
    const cooIds = new Set(pack.linkOptions.measures.map((m) => m.id));
    expect(clsPack.linkOptions.measures.some((m) => cooIds.has(m.id))).toBe(false);
  });

  // The department, the pack's seven reads (resources included) and the finance tolerance setting.
  // The department, then nine side by side (the notes on the months behind the figures since issue 18).
  it("is assembled in at most 10 queries", async () => {
    const spy = vi.spyOn(appPool(), "query");
    try {
      const dept = await getReviewDepartment("coo");
      await getReviewPack(dept!, lastMonth, lastMonthEnd);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(10);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("the review pack of a past month (issue 13): as at its last day, not today", () => {
  it("shows the RAG, milestones, carried-forward actions and risk ratings as they stood then", async () => {
    const h = await createAsAtHistory(db);
    try {
      const dept = (await getReviewDepartment(h.slug))!;
      const august = await getReviewPack(dept, AUGUST_2025.month, monthAsAt(AUGUST_2025.month, today));
      expect(august.asAt).toBe(AUGUST_2025.asAt);
      // Amber with August's reason, whatever the update made today says.
      expect(august.initiativesAtRisk.map((i) => [i.id, i.rag, i.ragReason])).toEqual([[h.initiativeId, "amber", "Supplier late"]]);
      // Forecasts moved in September: one milestone due on 31 August (not missed), the other not yet due.
      expect(august.milestones.map((m) => [m.id, m.state, m.forecastDate])).toEqual([[h.dueMilestoneId, "due", null]]);
      // Closed in October: still open, and carried forward, at the end of August.
      expect(august.carriedForward.map((a) => a.id)).toEqual([h.actionId]);
      // Rated 4 × 4 then; the risk first rated in October was not yet rated.
      expect(august.risksAboveTolerance.map((r) => [r.id, r.likelihood, r.impact, r.score])).toEqual([[h.reratedRiskId, 4, 4, 16]]);
      // Every open risk can still be linked to an action.
      expect(august.linkOptions.risks.map((r) => r.id).sort()).toEqual([h.reratedRiskId, h.lateRatedRiskId].sort());

      const september = await getReviewPack(dept, "2025-09-01", monthAsAt("2025-09-01", today));
      expect(september.carriedForward.map((a) => a.id)).toEqual([h.actionId]);
      expect(september.milestones).toEqual([]);

      const current = await getReviewPack(dept, thisMonth, monthAsAt(thisMonth, today));
      expect(current.asAt).toBe(today);
      expect(current.initiativesAtRisk.map((i) => [i.id, i.rag, i.ragReason])).toEqual([[h.initiativeId, "red", "Contract terminated today"]]);
      expect(current.milestones.map((m) => [m.id, m.state, m.forecastDate])).toEqual([
        [h.dueMilestoneId, "missed", "2026-01-10"],
        [h.movedMilestoneId, "missed", "2026-02-01"],
      ]);
      expect(current.carriedForward).toEqual([]);
      expect(current.risksAboveTolerance.map((r) => [r.id, r.score])).toEqual([[h.lateRatedRiskId, 25]]);
    } finally {
      await h.remove();
    }
  });
});

describe("review actions", () => {
  // Months long past, so that these meetings never collide with the demo data or other files. Their
  // packs are judged as at today (the actions are agreed today), to follow an action from pack to pack.
  const M1 = "1999-01";
  const M2 = "1999-02";

  it("lets the COO SLT record a meeting, with versions and audit", async () => {
    session.user = users.sltCoo;
    const before = await auditCount("review_meeting");
    const r1 = await recordMeeting(null, form({ departmentId: coo.id, month: M1, version: 0, heldOn: "1999-02-08", attendees: "DG; Directors", decisions: "Agreed." }));
    expect(r1).toMatchObject({ ok: true });
    let m = await meetingOf(coo.id, `${M1}-01`);
    expect(m).toMatchObject({ status: "held", heldOn: "1999-02-08", attendees: "DG; Directors", version: 1 });

    const r2 = await recordMeeting(null, form({ departmentId: coo.id, month: M1, version: 1, heldOn: "1999-02-09", attendees: "DG; Directors; CPMO", decisions: "Agreed." }));
    expect(r2.ok).toBe(true);
    m = await meetingOf(coo.id, `${M1}-01`);
    expect(m).toMatchObject({ heldOn: "1999-02-09", version: 2 });
    expect(await auditCount("review_meeting")).toBe(before + 2);

    // A save from a stale page is refused with what is stored now.
    const stale = await recordMeeting(null, form({ departmentId: coo.id, month: M1, version: 1, heldOn: "1999-02-10", attendees: "x", decisions: "" }));
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.current).toMatchObject({ heldOn: "1999-02-09", version: 2 });
    expect((await meetingOf(coo.id, `${M1}-01`))?.version).toBe(2);
  });

  it("adds an action linked to a measure, carries it forward, and closes it only with a note", async () => {
    session.user = users.sltCoo;
    const pack1 = await getReviewPack(coo, `${M1}-01`, today);
    const measure = pack1.linkOptions.measures[0]!;
    const added = await addReviewAction(null, form({ departmentId: coo.id, month: M1, description: "Bring a recovery plan for the backlog", ownerUserId: leadMdId, dueDate: "1999-03-01", link: `measure:${measure.id}` }));
    expect(added.ok).toBe(true);
    const id = added.ok ? added.data.id : -1;
    const [row] = await db.select().from(reviewActions).where(eq(reviewActions.id, id));
    expect(row).toMatchObject({ status: "open", measureId: measure.id, version: 1, ownerUserId: leadMdId, ownerName: users.lead.name });
    expect(await auditCount("review_action", id)).toBe(1);

    const inOwnPack = (await getReviewPack(coo, `${M1}-01`, today)).actions.find((a) => a.id === id);
    expect(inOwnPack?.history).toHaveLength(1);
    expect(inOwnPack?.link).toMatchObject({ kind: "measure", id: measure.id });
    expect((await getReviewPack(coo, `${M2}-01`, today)).carriedForward.map((a) => a.id)).toContain(id);

    // Closing without a note is refused and changes nothing.
    const noNote = await updateReviewAction(null, form({ id, version: 1, status: "done", closingNote: "", dueDate: "1999-03-01" }));
    expect(noNote.ok).toBe(false);
    if (!noNote.ok) expect(noNote.fieldErrors?.closingNote).toBeDefined();
    expect((await db.select().from(reviewActions).where(eq(reviewActions.id, id)))[0]).toMatchObject({ status: "open", version: 1 });

    const closed = await updateReviewAction(null, form({ id, version: 1, status: "done", closingNote: "Plan presented and accepted", dueDate: "1999-03-01" }));
    expect(closed.ok).toBe(true);
    const [after] = await db.select().from(reviewActions).where(eq(reviewActions.id, id));
    expect(after).toMatchObject({ status: "done", closingNote: "Plan presented and accepted", version: 2 });
    expect(after!.closedAt).not.toBeNull();
    const history = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "review_action"), eq(auditLog.entityId, String(id))));
    expect(history).toHaveLength(2);
    expect(history.find((h) => h.action === "review_action.update")).toMatchObject({ before: { status: "open" }, after: { status: "done" }, reason: "Plan presented and accepted" });
    expect((await getReviewPack(coo, `${M2}-01`, today)).carriedForward.map((a) => a.id)).not.toContain(id);

    // A save from a stale page: conflict with the stored values.
    const stale = await updateReviewAction(null, form({ id, version: 1, status: "open", closingNote: "", dueDate: "1999-04-01" }));
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.current).toMatchObject({ status: "done", version: 2 });
    expect(await auditCount("review_action", id)).toBe(2);
  });

  it("refuses a link to another department's measure", async () => {
    session.user = users.sltCoo;
    const clsMeasure = (await getReviewPack(cls, `${M1}-01`, today)).linkOptions.measures[0]!;
    const r = await addReviewAction(null, form({ departmentId: coo.id, month: M1, description: "Look at CLS figures", ownerUserId: leadMdId, dueDate: "1999-03-01", link: `measure:${clsMeasure.id}` }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors?.link).toBeDefined();
  });

  it("offers as owners only the department's active SLT and leads, and refuses anyone else with a field error", async () => {
    session.user = users.sltCoo;
    const owners = await listActionOwners(coo.id);
    const ids = owners.map((o) => o.id);
    expect(ids).toContain(users.sltCoo.id);
    expect(ids).toContain(leadMdId);
    for (const outsider of [users.sltCls, await sessionUserFor({ email: "lead.cls@baseline.test" }), users.admin, users.viewer]) expect(ids).not.toContain(outsider.id);

    const [inactive] = await db
      .insert(usersTable)
      .values({ email: `inactive-owner-${Date.now()}@reviews.test`, name: "Former lead", role: "LEAD", unitId: users.lead.unitId, active: false })
      .returning({ id: usersTable.id });
    expect(ids).not.toContain(inactive!.id);

    const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(reviewActions))[0]!.n;
    const before = await count();
    for (const ownerUserId of [users.sltCls.id, (await sessionUserFor({ email: "lead.cls@baseline.test" })).id, users.admin.id, inactive!.id, 999_999]) {
      const r = await addReviewAction(null, form({ departmentId: coo.id, month: M1, description: "Owned by someone outside", ownerUserId, dueDate: "1999-03-01" }));
      expect(r, String(ownerUserId)).toMatchObject({ ok: false, message: "Please correct the highlighted fields." });
      if (!r.ok) expect(r.fieldErrors?.ownerUserId?.[0]).toMatch(/Choose the owner from the list/);
    }
    const none = await addReviewAction(null, form({ departmentId: coo.id, month: M1, description: "Owned by nobody", ownerUserId: "", dueDate: "1999-03-01" }));
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.fieldErrors?.ownerUserId).toEqual(["Choose who owns the action"]);
    expect(await count()).toBe(before);

    // The department's SLT member can own one, and the name is kept for display.
    const own = await addReviewAction(null, form({ departmentId: coo.id, month: M1, description: "Owned by the SLT member", ownerUserId: users.sltCoo.id, dueDate: "1999-03-01" }));
    expect(own.ok).toBe(true);
    const [row] = await db.select().from(reviewActions).where(eq(reviewActions.id, own.ok ? own.data.id : -1));
    expect(row).toMatchObject({ ownerUserId: users.sltCoo.id, ownerName: users.sltCoo.name });
  });

  it("refuses the CLS SLT on COO, and leads and viewers everywhere, changing nothing", async () => {
    session.user = users.sltCoo;
    const added = await addReviewAction(null, form({ departmentId: coo.id, month: M1, description: "An action to protect", ownerUserId: leadMdId, dueDate: "1999-03-01" }));
    const id = added.ok ? added.data.id : -1;
    const snapshot = async () => ({
      action: (await db.select().from(reviewActions).where(eq(reviewActions.id, id)))[0],
      meeting: await meetingOf(coo.id, "1999-05-01"),
      meetingM1: await meetingOf(coo.id, `${M1}-01`),
      actions: (await db.select({ n: sql<number>`count(*)::int` }).from(reviewActions))[0]!.n,
      audit: (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(sql`${auditLog.entityType} like 'review_%'`))[0]!.n,
    });
    const before = await snapshot();
    for (const who of ["sltCls", "lead", "viewer"] as const) {
      session.user = users[who];
      const results = [
        await recordMeeting(null, form({ departmentId: coo.id, month: "1999-05", version: 0, heldOn: "1999-06-01", attendees: "x", decisions: "y" })),
        await recordMeeting(null, form({ departmentId: coo.id, month: M1, version: 2, heldOn: "1999-06-01", attendees: "x", decisions: "y" })),
        await addReviewAction(null, form({ departmentId: coo.id, month: M1, description: "Not allowed here", ownerUserId: leadMdId, dueDate: "1999-03-01" })),
        await updateReviewAction(null, form({ id, version: 1, status: "dropped", closingNote: "Dropping it", dueDate: "" })),
      ];
      for (const r of results) expect(r, who).toMatchObject({ ok: false, message: "You do not have permission to do that." });
    }
    expect(await snapshot()).toEqual(before);
    // An unknown department is refused the same way.
    session.user = users.sltCoo;
    expect(await recordMeeting(null, form({ departmentId: 999_999, month: M1, version: 0, heldOn: "", attendees: "", decisions: "" }))).toMatchObject({ ok: false });
  });

  it("refuses a meeting or an action for a month that has not started, writing nothing", async () => {
    session.user = users.sltCoo;
    const next = monthParam(toPeriod(new Date(now.getFullYear(), now.getMonth() + 1, 1)));
    const message = `${monthLabel(`${next}-01`)} has not started yet. Choose a month up to ${monthLabel(thisMonth)}.`;
    const audit = await auditCount("review_meeting");
    const meeting = await recordMeeting(null, form({ departmentId: coo.id, month: next, version: 0, heldOn: "", attendees: "DG", decisions: "" }));
    expect(meeting).toMatchObject({ ok: false, message });
    const action = await addReviewAction(null, form({ departmentId: coo.id, month: next, description: "Too early", ownerUserId: leadMdId, dueDate: "2099-01-01" }));
    expect(action).toMatchObject({ ok: false, message });
    expect(await meetingOf(coo.id, `${next}-01`)).toBeUndefined();
    expect(await auditCount("review_meeting")).toBe(audit);
  });

  it("lets an administrator act on any department", async () => {
    session.user = users.admin;
    const r = await recordMeeting(null, form({ departmentId: cls.id, month: "1999-07", version: 0, heldOn: "", attendees: "DG", decisions: "" }));
    expect(r.ok).toBe(true);
    expect(await meetingOf(cls.id, "1999-07-01")).toMatchObject({ status: "planned", version: 1 });
    const [dept] = await db.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, cls.id));
    expect(dept?.kind).toBe("department");
  });
});
