import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createInitiative, updateInitiative } from "@/app/(app)/initiatives/actions";
import { auditLog, initiativeMeasures, initiatives, keyObjectives, measures, milestones, orgUnits, strategicPriorities } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { getInitiativePage, listInitiatives } from "@/lib/initiatives/queries";
import { countQueries, type DemoAccount, demoUsers, form, session, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const FORBIDDEN = { ok: false, message: "You do not have permission to do that." };
const now = new Date();
const pad = (n: number) => String(n).padStart(2, "0");
const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
const year = now.getFullYear();

type Who = DemoAccount;
const users = {} as Record<Who, SessionUser>;
const unit: Record<string, number> = {};
/** A COO and a CLS key objective, CSP priority, and measures of P&CS, M&D and CLS. */
let cooObjective: number;
let clsObjective: number;
let priority: number;
const measure: Record<string, number> = {};

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unit[u.slug] = u.id;
  cooObjective = (await db.select({ id: keyObjectives.id }).from(keyObjectives).where(eq(keyObjectives.departmentId, unit.coo!)).orderBy(asc(keyObjectives.id)))[0]!.id;
  clsObjective = (await db.select({ id: keyObjectives.id }).from(keyObjectives).where(eq(keyObjectives.departmentId, unit.cls!)).orderBy(asc(keyObjectives.id)))[0]!.id;
  priority = (await db.select({ id: strategicPriorities.id }).from(strategicPriorities).orderBy(asc(strategicPriorities.id)))[0]!.id;
  for (const m of await db.select({ id: measures.id, code: measures.code }).from(measures)) measure[m.code] = m.id;
});

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeEach(() => {
  session.user = null;
});
afterAll(async () => {
  logged.mockRestore();
});

const tag = () => Math.random().toString(36).slice(2, 8);

/** A P&CS initiative as the form sends it (measures as ticked checkboxes `measure-<id>`). */
function pcsFields(over: Record<string, string | number | boolean | undefined> = {}) {
  return {
    cspRef: " gp20-oi3-10 ",
    title: `P&CS – Test wellbeing service ${tag()}`,
    deliverables: "A wellbeing service for every employee.",
    leadUnitId: unit.pcs!,
    type: "bau",
    priorityId: priority,
    keyObjectiveId: cooObjective,
    startDate: `${year}-01-01`,
    targetDate: "",
    targetDateLabel: "Ongoing",
    wellbeingOutcomes: "Islanders are healthy.",
    impactedMeasuresText: "Sickness absence days",
    [`measure-${measure["PCS-ABSENCE-DAYS"]}`]: true,
    ongoing: true,
    successCriterion: "Average absence below 8 days for four quarters running",
    status: "ongoing",
    reason: "",
    ...over,
  };
}

const stored = async (id: number) => (await db.select().from(initiatives).where(eq(initiatives.id, id)))[0]!;
const linksOf = async (id: number) =>
  (await db.select({ m: initiativeMeasures.measureId }).from(initiativeMeasures).where(eq(initiativeMeasures.initiativeId, id)).orderBy(asc(initiativeMeasures.measureId))).map((r) => r.m);
const auditOf = (id: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.entityType, "initiative"), eq(auditLog.entityId, String(id)))).orderBy(asc(auditLog.id));
const countInitiatives = async () => (await db.execute<{ n: number }>(sql`select count(*)::int as n from initiatives`)).rows[0]!.n;

async function created(fields = pcsFields(), who: Who = "leadPcs"): Promise<number> {
  session.user = users[who];
  const r = await createInitiative(null, form(fields));
  if (!r.ok) throw new Error(`create failed: ${JSON.stringify(r)}`);
  return r.data.id;
}

/** The edit form of a stored initiative, as the edit page fills it. */
async function editFields(id: number, over: Record<string, string | number | boolean | undefined> = {}) {
  const i = await stored(id);
  const links = Object.fromEntries((await linksOf(id)).map((m) => [`measure-${m}`, true]));
  return {
    id,
    version: i.version,
    cspRef: i.cspRef,
    title: i.title,
    deliverables: i.deliverables,
    leadUnitId: i.leadUnitId,
    type: i.type,
    priorityId: i.priorityId ?? "",
    keyObjectiveId: i.keyObjectiveId ?? "",
    startDate: i.startDate ?? "",
    targetDate: i.targetDate ?? "",
    targetDateLabel: i.targetDateLabel ?? "",
    wellbeingOutcomes: i.wellbeingOutcomes ?? "",
    impactedMeasuresText: i.impactedMeasuresText ?? "",
    ongoing: i.ongoing,
    successCriterion: i.successCriterion ?? "",
    status: i.status,
    reason: "Plan refresh",
    ...links,
    ...over,
  };
}

describe("recording a new initiative", () => {
  it("refuses an ongoing item without a completion or success criterion, on that field, and saves nothing", async () => {
    session.user = users.leadPcs;
    const before = await countInitiatives();
    const r = await createInitiative(null, form(pcsFields({ successCriterion: "  " })));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors?.successCriterion?.[0]).toMatch(/^An ongoing item needs its completion or success criterion/);
    // Status "ongoing" asks for it too, even with the box unticked.
    const status = await createInitiative(null, form(pcsFields({ ongoing: false, successCriterion: "" })));
    expect(!status.ok && Object.keys(status.fieldErrors ?? {})).toEqual(["successCriterion"]);
    expect(await countInitiatives()).toBe(before);
  });

  it("records it with every business-plan field, the measure links, and an audit entry with the reason", async () => {
    const id = await created(pcsFields({ reason: "Government Plan 2026–29" }));
    const row = await stored(id);
    expect(row).toMatchObject({
      cspRef: "GP20-OI3-10",
      leadUnitId: unit.pcs,
      type: "bau",
      priorityId: priority,
      keyObjectiveId: cooObjective,
      startDate: `${year}-01-01`,
      targetDate: null,
      targetDateLabel: "Ongoing",
      ongoing: true,
      successCriterion: "Average absence below 8 days for four quarters running",
      status: "ongoing",
      rag: null,
      version: 1,
    });
    expect(await linksOf(id)).toEqual([measure["PCS-ABSENCE-DAYS"]]);
    const audits = await auditOf(id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "initiative.create", actorId: users.leadPcs.id, unitId: unit.pcs, reason: "Government Plan 2026–29" });
    expect(audits[0]!.after).toMatchObject({ cspRef: "GP20-OI3-10", measureIds: [measure["PCS-ABSENCE-DAYS"]], ongoing: true });
  });

  it("gives a clear message per field for a bad reference, title, type, dates", async () => {
    session.user = users.leadPcs;
    const before = await countInitiatives();
    const r = await createInitiative(
      null,
      form(pcsFields({ cspRef: "GP20 OI3", title: "x", type: "epic", startDate: `${year}-06-01`, targetDate: `${year}-02-30` })),
    );
    expect(r.ok).toBe(false);
    const errors = (!r.ok && r.fieldErrors) || {};
    expect(Object.keys(errors).sort()).toEqual(["cspRef", "targetDate", "title", "type"]);
    expect(errors.cspRef![0]).toMatch(/like GP20-OI3-10/);
    expect(errors.targetDate![0]).toBe("Enter a real date");
    const early = await createInitiative(null, form(pcsFields({ startDate: `${year}-06-01`, targetDate: `${year}-03-31` })));
    expect(!early.ok && early.fieldErrors?.targetDate?.[0]).toBe(`The target delivery date is before the planned start (${year}-06-01)`);
    expect(await countInitiatives()).toBe(before);
  });

  it("refuses a key objective or a measure of another department, and saves nothing", async () => {
    session.user = users.leadPcs;
    const before = await countInitiatives();
    const r = await createInitiative(null, form(pcsFields({ keyObjectiveId: clsObjective, [`measure-${measure["CLS-CSAT"]}`]: true })));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors).toEqual({
      keyObjectiveId: ["Choose a key objective of the lead unit's department"],
      measureIds: ["Link only measures of the lead unit's department"],
    });
    expect(await countInitiatives()).toBe(before);
  });

  it.each([
    ["LEAD of another unit", "leadMd"],
    ["VIEWER", "viewer"],
    ["SLT of another department", "sltCls"],
    ["LEAD of another department", "leadCls"],
  ] as const)("refuses the %s", async (_label, who) => {
    const before = await countInitiatives();
    session.user = users[who];
    expect(await createInitiative(null, form(pcsFields()))).toEqual(FORBIDDEN);
    expect(await countInitiatives()).toBe(before);
  });

  it("lets the SLT of the department and the administrator record one", async () => {
    expect(await created(pcsFields(), "sltCoo")).toBeGreaterThan(0);
    expect(await created(pcsFields({ leadUnitId: unit["cls-local-services"], keyObjectiveId: clsObjective, [`measure-${measure["PCS-ABSENCE-DAYS"]}`]: undefined }), "admin")).toBeGreaterThan(0);
  });
});

describe("editing an initiative", () => {
  it("needs a reason, then saves only what changed, measure links included, audited with before and after", async () => {
    const id = await created();
    session.user = users.leadPcs;
    const noReason = await updateInitiative(null, form(await editFields(id, { reason: "" })));
    expect(!noReason.ok && noReason.fieldErrors?.reason).toEqual(["Say why the initiative changes"]);

    const fields = await editFields(id, {
      title: "P&CS – Wellbeing service, renamed",
      [`measure-${measure["PCS-ABSENCE-DAYS"]}`]: undefined,
      [`measure-${measure["PCS-CASES-LIVE"]}`]: true,
      [`measure-${measure["PCS-TOM-FILLED"]}`]: true,
      reason: "Measures agreed with the HR board",
    });
    expect(await updateInitiative(null, form(fields))).toEqual({ ok: true, data: { id, changed: true } });
    expect(await stored(id)).toMatchObject({ title: "P&CS – Wellbeing service, renamed", version: 2 });
    const expected = [measure["PCS-CASES-LIVE"]!, measure["PCS-TOM-FILLED"]!].sort((a, b) => a - b);
    expect(await linksOf(id)).toEqual(expected);
    const edit = (await auditOf(id)).at(-1)!;
    expect(edit).toMatchObject({ action: "initiative.edit", actorId: users.leadPcs.id, reason: "Measures agreed with the HR board" });
    expect(edit.before).toEqual({ title: expect.stringMatching(/^P&CS – Test wellbeing service/), measureIds: [measure["PCS-ABSENCE-DAYS"]] });
    expect(edit.after).toEqual({ title: "P&CS – Wellbeing service, renamed", measureIds: expected });

    // Unchanged: nothing written, no audit entry.
    expect(await updateInitiative(null, form(await editFields(id)))).toEqual({ ok: true, data: { id, changed: false } });
    expect(await auditOf(id)).toHaveLength(2);
  });

  it("refuses a stale form with the stored values (measure links included) and overwrites nothing", async () => {
    const id = await created();
    session.user = users.sltCoo;
    const opened = await editFields(id);
    expect((await updateInitiative(null, form({ ...opened, title: "SLT's title" }))).ok).toBe(true);
    session.user = users.leadPcs;
    const stale = await updateInitiative(null, form({ ...opened, title: "Lead's title" }));
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.message).toMatch(/Someone else changed this initiative/);
    expect(!stale.ok && stale.current).toMatchObject({ title: "SLT's title", version: 2, measureIds: [measure["PCS-ABSENCE-DAYS"]] });
    expect(await stored(id)).toMatchObject({ title: "SLT's title", version: 2 });
  });

  it("marks it complete only when every milestone is achieved or cancelled", async () => {
    const id = await created(pcsFields({ ongoing: false, status: "in_progress", successCriterion: "" }));
    const [open, other] = await db
      .insert(milestones)
      .values([
        { initiativeId: id, title: "Service launched", plannedDate: `${year}-03-31`, status: "in_progress", sortOrder: 0 },
        { initiativeId: id, title: "First review", plannedDate: `${year}-06-30`, status: "planned", sortOrder: 1 },
      ])
      .returning();
    session.user = users.leadPcs;
    const refused = await updateInitiative(null, form(await editFields(id, { status: "complete" })));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.fieldErrors?.status?.[0]).toBe(
      'It cannot be complete while 2 milestones are open (the first is "Service launched"): record when each was achieved, or cancel it',
    );
    expect((await stored(id)).status).toBe("in_progress");

    await db.update(milestones).set({ status: "achieved", actualDate: `${year}-03-30` }).where(eq(milestones.id, open!.id));
    await db.update(milestones).set({ status: "cancelled" }).where(eq(milestones.id, other!.id));
    expect((await updateInitiative(null, form(await editFields(id, { status: "complete" })))).ok).toBe(true);
    expect((await stored(id)).status).toBe("complete");

    // Nor may the planned start move after a milestone was achieved.
    const late = await updateInitiative(null, form(await editFields(id, { startDate: `${year}-04-01` })));
    expect(!late.ok && late.fieldErrors?.startDate?.[0]).toMatch(/after "Service launched" was achieved/);
  });

  it("moves it to another lead unit only with edit rights on both", async () => {
    const id = await created();
    // The P&CS lead cannot give it to M&D; the M&D lead cannot take it.
    session.user = users.leadPcs;
    expect(await updateInitiative(null, form(await editFields(id, { leadUnitId: unit.md!, [`measure-${measure["PCS-ABSENCE-DAYS"]}`]: undefined })))).toEqual(FORBIDDEN);
    session.user = users.leadMd;
    expect(await updateInitiative(null, form(await editFields(id, { leadUnitId: unit.md!, [`measure-${measure["PCS-ABSENCE-DAYS"]}`]: undefined })))).toEqual(FORBIDDEN);
    // The SLT of another department cannot take it across either.
    session.user = users.sltCls;
    expect(await updateInitiative(null, form(await editFields(id, { leadUnitId: unit["cls-local-services"]!, keyObjectiveId: clsObjective })))).toEqual(FORBIDDEN);
    expect(await stored(id)).toMatchObject({ leadUnitId: unit.pcs, version: 1 });

    // The COO SLT may: the key objective and measures are checked against the new department.
    session.user = users.sltCoo;
    expect((await updateInitiative(null, form(await editFields(id, { leadUnitId: unit.md!, reason: "Moved to M&D" })))).ok).toBe(true);
    expect(await stored(id)).toMatchObject({ leadUnitId: unit.md, version: 2 });
    // The admin may move it across departments, but not with the old department's objective or measures.
    session.user = users.admin;
    const across = await updateInitiative(null, form(await editFields(id, { leadUnitId: unit["cls-local-services"]! })));
    expect(!across.ok && Object.keys(across.fieldErrors ?? {}).sort()).toEqual(["keyObjectiveId", "measureIds"]);
    expect(await stored(id)).toMatchObject({ leadUnitId: unit.md, version: 2 });
  });

  it.each([
    ["LEAD of another unit", "leadMd"],
    ["VIEWER", "viewer"],
    ["SLT of another department", "sltCls"],
  ] as const)("refuses the %s and changes nothing", async (_label, who) => {
    const id = await created();
    session.user = users[who];
    expect(await updateInitiative(null, form(await editFields(id, { title: "Not yours" })))).toEqual(FORBIDDEN);
    expect(await stored(id)).toMatchObject({ version: 1 });
    expect(await auditOf(id)).toHaveLength(1);
  });

  it("answers an unknown initiative like a forbidden one", async () => {
    const id = await created();
    session.user = users.leadPcs;
    expect(await updateInitiative(null, form(await editFields(id, { id: 99_999_999 })))).toEqual(FORBIDDEN);
  });
});

describe("initiative reads: queries do not grow with the data", () => {
  it("loads an initiative page in the same number of queries with 1 milestone as with 31", async () => {
    const id = await created();
    const [first] = await db.insert(milestones).values({ initiativeId: id, title: "First", plannedDate: `${year}-02-01`, status: "planned" }).returning();
    const small = await countQueries(() => getInitiativePage(users.leadPcs, id));
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThanOrEqual(4);

    await db.insert(milestones).values(
      Array.from({ length: 30 }, (_, n) => ({ initiativeId: id, title: `Milestone ${n}`, plannedDate: `${year}-03-${pad((n % 28) + 1)}`, status: "planned" as const, sortOrder: n + 1 })),
    );
    await db.execute(sql`
      insert into milestone_forecast_changes (milestone_id, from_date, to_date, reason)
      select ms.id, ms.planned_date, ms.planned_date + 30, 'Moved' from milestones ms where ms.initiative_id = ${id}`);
    let page: Awaited<ReturnType<typeof getInitiativePage>> = null;
    const large = await countQueries(async () => {
      page = await getInitiativePage(users.leadPcs, id);
    });
    expect(page!.milestones).toHaveLength(31);
    expect(page!.milestones.find((m) => m.id === first!.id)?.changes).toHaveLength(1);
    expect(large).toBe(small);
  });

  it("lists initiatives in the same number of queries after 30 more", async () => {
    const firstPage = { sort: "unit", dir: "asc", page: 1 } as const;
    const small = await countQueries(() => listInitiatives(users.sltCoo, {}, firstPage, today));
    expect(small).toBeGreaterThan(0);
    const before = (await listInitiatives(users.sltCoo, {}, firstPage, today)).window.total;
    const rows = await db
      .insert(initiatives)
      .values(Array.from({ length: 30 }, (_, n) => ({ cspRef: "TEST-PLAN-QC", title: `Query count ${n} ${tag()}`, leadUnitId: unit.md!, type: "project" as const })))
      .returning({ id: initiatives.id });
    await db.insert(milestones).values(rows.map((r) => ({ initiativeId: r.id, title: "Overdue", plannedDate: `${year - 1}-01-31`, status: "planned" as const })));
    let listed = 0;
    const large = await countQueries(async () => {
      listed = (await listInitiatives(users.sltCoo, {}, firstPage, today)).window.total;
    });
    expect(listed).toBe(before + 30);
    expect(large).toBe(small);
    const overdue = await listInitiatives(users.sltCoo, { overdue: true, q: "TEST-PLAN-QC" }, firstPage, today);
    const mine = overdue.rows.filter((r) => rows.some((x) => x.id === r.id));
    expect(mine).toHaveLength(30);
    await db.delete(initiatives).where(inArray(initiatives.id, rows.map((r) => r.id)));
  });
});
