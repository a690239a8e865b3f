import { randomUUID } from "node:crypto";
import { addDays, format, parseISO, subMonths, subYears } from "date-fns";
import { and, eq, gt, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  initiatives,
  initiativeUpdates,
  measures,
  milestones,
  orgUnits,
  outbox,
  recommendations,
  recommendationUpdates,
  reviewActions,
  riskReviews,
  risks,
  users,
} from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { dueDate, lastCompletedMonth, monthParam } from "@/lib/entry/periods";
import { listObligations, listObligationsOf, type Obligation } from "@/lib/obligations/queries";
import { monthEnd } from "@/lib/reviews/rules";
import { runReminders } from "@/lib/reminders/send";
import { addReviewAction } from "@/lib/reviews/review-actions";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { sessionUserFor, setUpTestDb } from "../support/harness";

vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db, pool } = setUpTestDb();
const run = randomUUID().slice(0, 8);
const iso = (d: Date) => format(d, "yyyy-MM-dd");

/**
 * Judged as of the day after last month's figures were due (09:00): last month's figures and this
 * month's initiative updates are just late. Fixtures of a scratch directorate of COO (and a service
 * below it), closed again afterwards so that other test files do not see them.
 */
let now: Date;
let today: string;
let workingDay: number;
let lead: SessionUser;
let otherLead: SessionUser;
let slt: SessionUser;
let viewer: SessionUser;
let admin: SessionUser;
const ids = { unit: 0, child: 0, measure: 0, initiative: 0, done: 0, updated: 0, milestone: 0, futureMilestone: 0, cancelled: 0 };
const riskIds: Record<string, number> = {};
const recIds: Record<string, number> = {};
const actionIds: Record<string, number> = {};
let outboxBefore = 0;

beforeAll(async () => {
  workingDay = await getFiguresDueWorkingDay(db);
  const due = parseISO(dueDate(lastCompletedMonth(new Date()), workingDay));
  now = new Date(due.getFullYear(), due.getMonth(), due.getDate() + 1, 9);
  today = iso(now);
  outboxBefore = (await pool.query<{ m: number | null }>("select max(id) as m from outbox")).rows[0]?.m ?? 0;

  const [coo] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"));
  const [cls] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "cls"));
  const [unit] = await db.insert(orgUnits).values({ slug: `obl-${run}`, name: `Obligations ${run}`, shortName: "OBL", kind: "directorate", parentId: coo!.id, sortOrder: 98 }).returning({ id: orgUnits.id });
  const [child] = await db.insert(orgUnits).values({ slug: `obl-child-${run}`, name: `Obligations child ${run}`, shortName: "OBLC", kind: "service", parentId: unit!.id }).returning({ id: orgUnits.id });
  ids.unit = unit!.id;
  ids.child = child!.id;

  const mkUser = async (tag: string, role: "LEAD" | "SLT", unitId: number, active = true) => {
    const [u] = await db.insert(users).values({ email: `${tag}-${run}@obligations.test`, name: `Obligations ${tag}`, role, unitId, active }).returning({ id: users.id });
    return u!.id;
  };
  lead = await sessionUserFor({ id: await mkUser("lead", "LEAD", ids.unit) });
  otherLead = await sessionUserFor({ id: await mkUser("other-lead", "LEAD", ids.unit) });
  const gone = await mkUser("gone", "LEAD", ids.unit, false);
  slt = await sessionUserFor({ email: "slt.coo@baseline.test" });
  viewer = await sessionUserFor({ email: "viewer@baseline.test" });
  admin = await sessionUserFor({ email: "admin@baseline.test" });

  const [m] = await db
    .insert(measures)
    .values({ code: `OBL-${run}`, name: "Obligations test measure", unitId: ids.unit, category: "service", valueType: "count", direction: "higher_better", quarterRule: "sum", dataSource: "Test" })
    .returning({ id: measures.id });
  ids.measure = m!.id;

  const initiative = async (title: string, status: "in_progress" | "complete" = "in_progress") => {
    const [i] = await db.insert(initiatives).values({ cspRef: `OBL-${run}`, title, leadUnitId: ids.unit, type: "project", status }).returning({ id: initiatives.id });
    return i!.id;
  };
  ids.initiative = await initiative("Owes an update");
  ids.done = await initiative("Complete", "complete");
  ids.updated = await initiative("Updated this month");
  await db.insert(initiativeUpdates).values({ initiativeId: ids.updated, period: `${today.slice(0, 7)}-01`, rag: "green" });

  const milestone = async (title: string, over: Partial<typeof milestones.$inferInsert>) => {
    const [row] = await db.insert(milestones).values({ initiativeId: ids.initiative, title, plannedDate: iso(addDays(now, -10)), ...over }).returning({ id: milestones.id });
    return row!.id;
  };
  ids.milestone = await milestone("Past its planned date", {});
  ids.futureMilestone = await milestone("Re-forecast", { forecastDate: iso(addDays(now, 20)) });
  ids.cancelled = await milestone("Cancelled", { status: "cancelled" });
  await milestone("Achieved", { status: "achieved", actualDate: iso(addDays(now, -11)) });

  const risk = async (tag: string, unitId: number, ownerUserId: number | null, createdAt: Date) => {
    const [r] = await db
      .insert(risks)
      .values({
        ref: `OBL-${tag}-${run}`, unitId, title: `Risk ${tag}`, cause: "c", event: "e", impact: "i", category: "Operational", ownerName: "Someone",
        ownerUserId, inherentLikelihood: 3, inherentImpact: 3, residualLikelihood: 2, residualImpact: 2, appetiteScore: 6, createdAt,
      })
      .returning({ id: risks.id });
    riskIds[tag] = r!.id;
  };
  const yearAgo = subYears(now, 1);
  await risk("child-unowned", ids.child, null, yearAgo); // the lead's (unit below theirs), late
  await risk("other-owner", ids.unit, otherLead.id, yearAgo); // the other lead's by name
  await risk("reviewed", ids.unit, null, yearAgo); // reviewed this month: nothing owed
  await risk("owned-elsewhere", cls!.id, lead.id, now); // the lead's by name, in another department; new this month
  await risk("inactive-owner", ids.unit, gone, yearAgo); // its named owner is disabled: the unit's lead
  await db.insert(riskReviews).values({ riskId: riskIds.reviewed!, reviewedOn: today, residualLikelihood: 2, residualImpact: 2 });
  // Reviewed last month (not this month): due by the end of this month, not late.
  await risk("reviewed-last-month", ids.unit, null, yearAgo);
  await db.insert(riskReviews).values({ riskId: riskIds["reviewed-last-month"]!, reviewedOn: iso(subMonths(now, 1)), residualLikelihood: 2, residualImpact: 2 });

  const rec = async (tag: string, over: Partial<typeof recommendations.$inferInsert>) => {
    const [r] = await db
      .insert(recommendations)
      .values({ ref: `OBL-${tag}-${run}`, source: "internal_audit", reportTitle: "Test", unitId: ids.unit, text: `Recommendation ${tag}`, ownerName: "Someone", createdAt: yearAgo, ...over })
      .returning({ id: recommendations.id });
    recIds[tag] = r!.id;
  };
  await rec("overdue", { status: "open", targetDate: iso(addDays(now, -5)) });
  await rec("updated", { status: "in_progress", targetDate: iso(addDays(now, 60)) });
  await rec("implemented", { status: "implemented", targetDate: iso(addDays(now, -5)), completionEvidence: "Done", implementedOn: iso(addDays(now, -6)) });
  await db.insert(recommendationUpdates).values({ recommendationId: recIds.updated!, note: "Progress", createdAt: now });

  const action = async (tag: string, ownerUserId: number, due: Date) => {
    const r = await addReviewAction(slt, { departmentId: slt.departmentId!, month: "1998-01", description: `Action ${tag} ${run}`, ownerUserId, dueDate: iso(due), link: "" });
    actionIds[tag] = r.id;
  };
  await action("lead-late", lead.id, addDays(now, -1));
  await action("other-soon", otherLead.id, addDays(now, 2));
  await action("slt", slt.id, addDays(now, 30));
});

afterAll(async () => {
  // Close everything again so that later test files see none of it.
  await db.update(measures).set({ active: false }).where(eq(measures.id, ids.measure!));
  await db.update(initiatives).set({ status: "closed" }).where(like(initiatives.cspRef, `OBL-${run}`));
  await db.update(risks).set({ status: "closed" }).where(inArray(risks.id, Object.values(riskIds)));
  await db.update(recommendations).set({ status: "closed" }).where(inArray(recommendations.id, Object.values(recIds)));
  await db.update(reviewActions).set({ status: "done", closingNote: "Test over" }).where(inArray(reviewActions.id, Object.values(actionIds)));
  await db.update(users).set({ active: false }).where(like(users.email, `%-${run}@obligations.test`));
  await db.delete(outbox).where(gt(outbox.id, outboxBefore));
});

const keysOf = (items: Obligation[]) => items.map((i) => i.key);
const find = (items: Obligation[], key: string) => items.find((i) => i.key === key);

describe("listObligations", () => {
  it("returns each kind the lead owes, with its due date and whether it is late", async () => {
    const mine = await listObligationsOf(db, { person: lead, now, workingDay });
    const lastMonth = lastCompletedMonth(now);

    // Figures: last month's, due on working day N of this month — yesterday, so late.
    const figures = find(mine, `figures:${ids.unit}:${monthParam(lastMonth)}`);
    expect(figures).toMatchObject({ kind: "figures", due: dueDate(lastMonth, workingDay), late: true, href: `/entry?unit=${ids.unit}&month=${monthParam(lastMonth)}` });
    if (figures?.kind === "figures") expect(figures.figures.map((f) => f.measureId)).toEqual([ids.measure]);

    // Initiative update: due like figures (the same day), so late today; not for the complete or updated ones.
    expect(find(mine, `initiative-update:${ids.initiative}`)).toMatchObject({ due: dueDate(lastMonth, workingDay), late: true, period: `${today.slice(0, 7)}-01` });
    expect(keysOf(mine)).not.toContain(`initiative-update:${ids.done}`);
    expect(keysOf(mine)).not.toContain(`initiative-update:${ids.updated}`);

    // Milestones: past the planned date with no forecast; not the re-forecast, cancelled or achieved ones.
    const milestonesOwed = mine.filter((i) => i.kind === "milestone");
    expect(milestonesOwed.map((i) => i.key)).toEqual([`milestone:${ids.milestone}`]);
    expect(milestonesOwed[0]).toMatchObject({ due: iso(addDays(now, -10)), late: true, href: `/initiatives/${ids.initiative}` });

    // Risk reviews: the unowned risk of the unit below (missed last month: late, due at its end), the
    // one named to the lead elsewhere (new this month: due at the month's end), the one whose owner is
    // disabled; not the other lead's, nor the one reviewed this month.
    const thisMonth = `${today.slice(0, 7)}-01`;
    const prevMonth = format(subMonths(parseISO(thisMonth), 1), "yyyy-MM-dd");
    expect(find(mine, `risk-review:${riskIds["child-unowned"]}`)).toMatchObject({ due: monthEnd(prevMonth), late: true, assigned: false });
    expect(find(mine, `risk-review:${riskIds["owned-elsewhere"]}`)).toMatchObject({ due: monthEnd(thisMonth), late: false, assigned: true });
    expect(find(mine, `risk-review:${riskIds["inactive-owner"]}`)).toMatchObject({ late: true });
    expect(find(mine, `risk-review:${riskIds["reviewed-last-month"]}`)).toMatchObject({ due: monthEnd(thisMonth), late: false });
    expect(keysOf(mine)).not.toContain(`risk-review:${riskIds["other-owner"]}`);
    expect(keysOf(mine)).not.toContain(`risk-review:${riskIds.reviewed}`);

    // Recommendations: no update this month or last (late), and past the target date (late); the one
    // updated this month and the implemented one owe nothing.
    expect(find(mine, `recommendation-update:${recIds.overdue}`)).toMatchObject({ due: monthEnd(prevMonth), late: true });
    expect(find(mine, `recommendation-overdue:${recIds.overdue}`)).toMatchObject({ due: iso(addDays(now, -5)), late: true });
    for (const tag of ["updated", "implemented"]) {
      expect(keysOf(mine)).not.toContain(`recommendation-update:${recIds[tag]}`);
      expect(keysOf(mine)).not.toContain(`recommendation-overdue:${recIds[tag]}`);
    }

    // SLT actions: the lead's own, overdue since yesterday, linking to its meeting's pack.
    expect(find(mine, `review-action:${actionIds["lead-late"]}`)).toMatchObject({ due: iso(addDays(now, -1)), late: true, href: "/reviews/coo/1998-01" });

    // Late first, then by due date.
    const firstOnTime = mine.findIndex((i) => !i.late);
    expect(firstOnTime === -1 || mine.slice(firstOnTime).every((i) => !i.late)).toBe(true);
  });

  it("lists an SLT action for its owner and for nobody else", async () => {
    const all = await listObligations(db, { people: [lead, otherLead, slt, viewer, admin], now, workingDay });
    const holders = (key: string) => [...all].filter(([, items]) => keysOf(items).includes(key)).map(([id]) => id);
    expect(holders(`review-action:${actionIds["other-soon"]}`)).toEqual([otherLead.id]);
    expect(holders(`review-action:${actionIds["lead-late"]}`)).toEqual([lead.id]);
    expect(holders(`review-action:${actionIds.slt}`)).toEqual([slt.id]);
    expect(all.get(otherLead.id)!.find((i) => i.key === `review-action:${actionIds["other-soon"]}`)).toMatchObject({ late: false, due: iso(addDays(now, 2)) });
    // The risk named to the other lead is theirs alone.
    expect(holders(`risk-review:${riskIds["other-owner"]}`)).toEqual([otherLead.id]);
  });

  it("gives SLT their department's own items, not their units', and viewers and administrators only what is assigned to them", async () => {
    const mine = await listObligationsOf(db, { person: slt, now, workingDay });
    expect(mine.some((i) => "unitName" in i && i.unitName === `Obligations ${run}`)).toBe(false);
    expect(mine.some((i) => i.kind === "figures")).toBe(false);
    const { rows: cooRisks } = await pool.query<{ id: number }>("select r.id from risks r join org_units u on u.id = r.unit_id where u.slug = 'coo' and r.status = 'open' and r.owner_user_id is null");
    for (const item of mine.filter((i) => i.kind === "risk-review")) expect(cooRisks.map((r) => r.id)).toContain(item.kind === "risk-review" ? item.riskId : -1);
    expect(await listObligationsOf(db, { person: viewer, now, workingDay })).toEqual([]);
    expect(await listObligationsOf(db, { person: admin, now, workingDay })).toEqual([]);
  });
});

describe("reminders of everything owed", () => {
  it("sends the lead one message for each kind, and nothing twice", async () => {
    const first = await runReminders({ db, now, transport: null, baseUrl: "https://baseline.test" });
    const rows = await db.select().from(outbox).where(eq(outbox.toUserId, lead.id));
    const kinds = rows.map((r) => r.dedupeKey.split(":")[0]).sort();
    expect(kinds).toEqual(["figures", "initiative-update", "milestone", "recommendation-overdue", "recommendation-update", "review-action", "risk-review"]);
    for (const r of rows) expect(r.dedupeKey).toMatch(/:late$/);
    const milestone = rows.find((r) => r.dedupeKey.startsWith("milestone:"))!;
    expect(milestone.subject).toBe("Baseline: 1 milestone past its date, late");
    expect(milestone.body).toContain("Past its planned date");
    expect(milestone.body).toContain(`Set an actual date or a new forecast: https://baseline.test/initiatives/${ids.initiative}`);
    const action = rows.find((r) => r.dedupeKey.startsWith("review-action:"))!;
    expect(action.dedupeKey).toBe(`review-action:${lead.id}:${iso(addDays(now, -1))}:late`);
    expect(action.body).toContain(`Action lead-late ${run}`);
    expect(action.body).toContain("1 day late");

    // The other lead's action is due in two days: a "due soon" reminder.
    const other = await db.select().from(outbox).where(and(eq(outbox.toUserId, otherLead.id), like(outbox.dedupeKey, "review-action:%")));
    expect(other.map((r) => r.dedupeKey)).toEqual([`review-action:${otherLead.id}:${iso(addDays(now, 2))}:due-soon`]);
    expect(other[0]!.subject).toMatch(/^Baseline: 1 SLT action due by .* \(in 2 days\)$/);
    expect(first.byObligation["review-action"]).toBeGreaterThanOrEqual(2);

    const again = await runReminders({ db, now, transport: null, baseUrl: "https://baseline.test" });
    expect(again).toMatchObject({ queued: 0, alreadyQueued: first.composed });
    expect(await db.select().from(outbox).where(eq(outbox.toUserId, lead.id))).toHaveLength(rows.length);
  });
});
