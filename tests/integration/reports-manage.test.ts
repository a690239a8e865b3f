import { format } from "date-fns";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cancelReportCorrection, createReport, saveReportNarrative, takeStep } from "@/app/(app)/reports/manage/actions";
import { auditLog, measureValues, orgUnits, reportRevisions, reports } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { pool as appPool } from "@/lib/db";
import { forecastAsAtSql, milestoneOverdueAtSql } from "@/lib/initiatives/as-at-sql";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import { quarterBounds, type ReportContent } from "@/lib/reports/content";
import { getManagedReport, listManagedReports, previewContent, takeReportStep } from "@/lib/reports/manage";
import { getPublishedReport } from "@/lib/reports/published";
import { listPublishedReports } from "@/lib/reports/queries";
import { demoUsers, form, session, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));
// createReport redirects to the new report on success: record where instead of throwing.
const redirected = vi.hoisted(() => ({ to: null as string | null }));
vi.mock("next/navigation", () => ({
  redirect: vi.fn((to: string) => {
    redirected.to = to;
  }),
}));

const { db } = setUpTestDb();

// Quarters long past, so that these reports never collide with the demo data's (the last four
// completed quarters and the current one) or with other test files; cleaned up afterwards.
const Q_FLOW = "2001-q1";
const Q_LEAD = "2001-q2";
const Q_CLS = "2001-q3";
const FLOW_MONTHS = ["2001-01-01", "2001-02-01", "2001-03-01"];

let cooId: number;
let clsId: number;
let measure: { id: number; code: string };
const users: Record<"sltCoo" | "sltCls" | "lead" | "leadCls" | "viewer" | "admin", SessionUser> = {} as never;

async function as<T>(who: keyof typeof users, run: () => Promise<T>): Promise<T> {
  session.user = users[who];
  try {
    return await run();
  } finally {
    session.user = null;
  }
}

/** Starts a report through the action; returns its id (from the redirect). */
async function start(who: keyof typeof users, departmentId: number, quarter: string) {
  redirected.to = null;
  const result = await as(who, () => createReport(null, form({ departmentId, quarter })));
  expect(result).toBeUndefined(); // success redirects (mocked: returns nothing)
  const id = Number(/\/reports\/manage\/(\d+)$/.exec(redirected.to ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

async function stored(id: number) {
  const [r] = await db.select().from(reports).where(eq(reports.id, id));
  return r!;
}

async function revisionsOf(id: number) {
  return db.select().from(reportRevisions).where(eq(reportRevisions.reportId, id)).orderBy(asc(reportRevisions.revision));
}

async function step(who: keyof typeof users, id: number, name: string, extra: Record<string, string> = {}) {
  const { version } = await stored(id);
  return as(who, () => takeStep(null, form({ id, version, step: name, ...extra })));
}

async function setFigures(value: number) {
  for (const period of FLOW_MONTHS) {
    await db
      .insert(measureValues)
      .values({ measureId: measure.id, periodType: "month", period, value: String(value), status: "submitted" })
      .onConflictDoUpdate({ target: [measureValues.measureId, measureValues.periodType, measureValues.period], set: { value: String(value) } });
  }
}

const valueIn = (content: unknown) => (content as ReportContent).measures.find((m) => m.code === measure.code)?.value;

const createdReportIds = () =>
  db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.year, 2001)))
    .then((rows) => rows.map((r) => r.id));

beforeAll(async () => {
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits).where(inArray(orgUnits.slug, ["coo", "cls"]));
  cooId = units.find((u) => u.slug === "coo")!.id;
  clsId = units.find((u) => u.slug === "cls")!.id;
  const demo = await demoUsers();
  Object.assign(users, demo, { lead: demo.leadMd });
  // A public monthly COO measure whose quarter is derived from values (not numerator/denominator).
  const { rows } = await db.execute<{ id: number; code: string }>(sql`
    with recursive t(id) as (select id from org_units where id = ${cooId} union all select o.id from org_units o join t on o.parent_id = t.id)
    select m.id, m.code from measures m where m.unit_id in (select id from t) and m.is_public and m.active
      and m.frequency = 'monthly' and m.quarter_rule <> 'ratio' order by m.id limit 1`);
  measure = rows[0]!;
  expect(measure).toBeDefined();
});

const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
beforeEach(() => {
  session.user = null;
});
afterAll(async () => {
  logged.mockRestore();
  // Leave nothing behind for other files: the 2001 reports, their revisions and figures.
  const ids = await createdReportIds();
  if (ids.length) {
    // Revisions are append-only (a trigger refuses deletes); replica mode skips triggers for this cleanup only.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.delete(reportRevisions).where(inArray(reportRevisions.reportId, ids));
      await tx.delete(reports).where(inArray(reports.id, ids));
    });
  }
  await db.delete(measureValues).where(and(eq(measureValues.measureId, measure.id), inArray(measureValues.period, FLOW_MONTHS)));
});

describe("starting a report", () => {
  it("creates a draft per department and quarter, audited, and refuses a duplicate with a message", async () => {
    const id = await start("sltCoo", cooId, Q_FLOW);
    const r = await stored(id);
    expect(r).toMatchObject({ departmentId: cooId, year: 2001, quarter: 1, status: "draft", version: 1, createdById: users.sltCoo.id });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "report"), eq(auditLog.entityId, String(id))));
    expect(audit.map((a) => a.action)).toEqual(["report.create"]);

    const again = await as("admin", () => createReport(null, form({ departmentId: cooId, quarter: Q_FLOW })));
    expect(again?.ok).toBe(false);
    expect(again?.message).toMatch(/already has a report for Q1 2001/);
    expect(again && !again.ok && again.fieldErrors?.quarter?.[0]).toMatch(/already a report/);
  });

  it("refuses quarters that have not ended, and malformed ones", async () => {
    const next = new Date();
    const future = `${next.getFullYear() + 1}-q1`;
    const r = await as("sltCoo", () => createReport(null, form({ departmentId: cooId, quarter: future })));
    expect(r?.ok).toBe(false);
    expect(r?.message).toBe(`Q1 ${next.getFullYear() + 1} has not begun: its report can be started from 1 April ${next.getFullYear() + 1}.`);
    expect(r && !r.ok && r.fieldErrors?.quarter?.[0]).toMatch(/has not begun/);
    const bad = await as("sltCoo", () => createReport(null, form({ departmentId: cooId, quarter: "2001-Q5" })));
    expect(bad && !bad.ok && bad.fieldErrors?.quarter).toBeTruthy();
  });

  it("lets a lead start one for their department, and nobody for a department not theirs", async () => {
    await start("lead", cooId, Q_LEAD);
    for (const [who, dept] of [["lead", clsId], ["sltCls", cooId], ["sltCoo", clsId], ["viewer", cooId]] as const) {
      const r = await as(who, () => createReport(null, form({ departmentId: dept, quarter: Q_CLS })));
      expect(r?.ok, `${who} on ${dept}`).toBe(false);
      expect(r?.message).toMatch(/permission/);
    }
    const [none] = await db.select({ n: sql<number>`count(*)::int` }).from(reports).where(and(eq(reports.year, 2001), eq(reports.quarter, 3)));
    expect(none!.n).toBe(0);
  });
});

describe("what each user may see", () => {
  it("lists only the user's department (ADMIN: all), in one query", async () => {
    const spy = vi.spyOn(appPool(), "query");
    const { rows: coo } = await listManagedReports(users.sltCoo);
    expect(spy.mock.calls.length).toBe(1);
    spy.mockRestore();
    expect(coo.map((d) => d.slug)).toEqual(["coo"]);
    expect(coo[0]!.reports.some((r) => r.year === 2001 && r.quarter === 1 && r.status === "draft" && r.revisions === 0)).toBe(true);
    expect((await listManagedReports(users.lead)).rows.map((d) => d.slug)).toEqual(["coo"]);
    expect((await listManagedReports(users.sltCls)).rows.map((d) => d.slug)).toEqual(["cls"]);
    expect((await listManagedReports(users.admin)).rows.map((d) => d.slug).sort()).toEqual(["cls", "coo"]);
    expect(await listManagedReports(users.viewer)).toEqual({ total: 0, rows: [] });
  });

  it("opens a report only for its department's editors, in two queries", async () => {
    const [{ id } = { id: 0 }] = await db.select({ id: reports.id }).from(reports).where(and(eq(reports.year, 2001), eq(reports.quarter, 1)));
    const spy = vi.spyOn(appPool(), "query");
    const mine = await getManagedReport(users.sltCoo, id);
    expect(spy.mock.calls.length).toBe(2);
    spy.mockRestore();
    expect(mine?.departmentSlug).toBe("coo");
    expect(mine?.history.map((h) => h.action)).toEqual(["report.create"]);
    expect(await getManagedReport(users.lead, id)).not.toBeNull();
    expect(await getManagedReport(users.admin, id)).not.toBeNull();
    expect(await getManagedReport(users.sltCls, id)).toBeNull();
    expect(await getManagedReport(users.leadCls, id)).toBeNull();
    expect(await getManagedReport(users.viewer, id)).toBeNull();
    expect(await getManagedReport(users.admin, 999_999_999)).toBeNull();
  });
});

describe("the workflow, from draft to a corrected publication", () => {
  let id: number;
  let revision1: Awaited<ReturnType<typeof revisionsOf>>[number];

  beforeAll(async () => {
    [{ id } = { id: 0 }] = await db.select({ id: reports.id }).from(reports).where(and(eq(reports.departmentId, cooId), eq(reports.year, 2001), eq(reports.quarter, 1)));
    await setFigures(40);
  });

  it("saves the narrative with a version check: a stale save is a conflict showing the stored text, and changes nothing", async () => {
    const r1 = await as("lead", () =>
      saveReportNarrative(null, form({ id, version: 1, introduction: "COO in Q1 2001.", highlights: "Service desk on target.", concerns: "" })),
    );
    expect(r1.ok).toBe(true);
    expect(await stored(id)).toMatchObject({ version: 2, introduction: "COO in Q1 2001.", highlights: "Service desk on target.", concerns: null });

    const stale = await as("sltCoo", () => saveReportNarrative(null, form({ id, version: 1, introduction: "Mine", highlights: "Mine", concerns: "Mine" })));
    expect(stale.ok).toBe(false);
    expect(stale.message).toMatch(/Someone else changed this report/);
    expect(!stale.ok && stale.current).toMatchObject({ version: 2, introduction: "COO in Q1 2001.", highlights: "Service desk on target." });
    expect(await stored(id)).toMatchObject({ version: 2, introduction: "COO in Q1 2001." });

    // Nobody outside the department may write it, whatever the version.
    const other = await as("sltCls", () => saveReportNarrative(null, form({ id, version: 2, introduction: "x" })));
    expect(other.ok).toBe(false);
    expect(other.message).toMatch(/permission/);
    expect((await stored(id)).version).toBe(2);
  });

  it("needs every narrative section to submit", async () => {
    const r = await step("lead", id, "submit");
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.fieldErrors ?? {})).toEqual(["concerns"]);
    expect((await stored(id)).status).toBe("draft");
    const saved = await as("lead", () =>
      saveReportNarrative(null, form({ id, version: 2, introduction: "COO in Q1 2001.", highlights: "Service desk on target.", concerns: "P1 incidents; a recovery plan." })),
    );
    expect(saved.ok).toBe(true);
    const ok = await step("lead", id, "submit");
    expect(ok.ok).toBe(true);
    expect(await stored(id)).toMatchObject({ status: "submitted", submittedById: users.lead.id });
  });

  it("refuses approval by a lead and by SLT of another department; the narrative is locked", async () => {
    for (const [who, name] of [["lead", "approve"], ["sltCls", "approve"], ["leadCls", "approve"], ["viewer", "approve"], ["sltCls", "return"]] as const) {
      const r = await step(who, id, name, { reason: "x" });
      expect(r.ok, `${who} ${name}`).toBe(false);
      expect(r.message).toMatch(/permission/);
    }
    const { version } = await stored(id);
    const locked = await as("lead", () => saveReportNarrative(null, form({ id, version, introduction: "late change" })));
    expect(locked.ok).toBe(false);
    expect(locked.message).toMatch(/no longer a draft/);
    expect((await stored(id)).status).toBe("submitted");
  });

  it("lets the SLT send it back with a reason, then approve the resubmission", async () => {
    const noReason = await step("sltCoo", id, "return");
    expect(!noReason.ok && noReason.fieldErrors?.reason).toBeTruthy();
    const back = await step("sltCoo", id, "return", { reason: "Say when the P1 recovery plan ends." });
    expect(back.ok).toBe(true);
    expect((await stored(id)).status).toBe("draft");
    expect((await step("lead", id, "submit")).ok).toBe(true);
    // A stale version is refused.
    const stale = await as("sltCoo", async () => takeStep(null, form({ id, version: (await stored(id)).version - 1, step: "approve" })));
    expect(stale.ok).toBe(false);
    expect(stale.message).toMatch(/Someone else changed/);
    expect((await step("sltCoo", id, "approve")).ok).toBe(true);
    expect(await stored(id)).toMatchObject({ status: "approved", approvedById: users.sltCoo.id });
    expect(await revisionsOf(id)).toHaveLength(0);
  });

  it("lets only the SLT publish: revision 1 freezes the content built from the figures, and is public at once", async () => {
    for (const who of ["lead", "sltCls", "viewer"] as const) {
      const r = await step(who, id, "publish");
      expect(r.ok, who).toBe(false);
    }
    expect(await revisionsOf(id)).toHaveLength(0);
    expect(await getPublishedReport("coo", "2001-q1")).toBeNull();

    const r = await step("sltCoo", id, "publish");
    expect(r.ok).toBe(true);
    expect(r.ok && r.data).toMatchObject({ status: "published", revision: 1, departmentSlug: "coo", quarterSlug: "2001-q1" });
    // Public at once: the public reads take the current revision from the database (no cache to clear).
    expect((await getPublishedReport("coo", "2001-q1"))?.revision.number).toBe(1);

    const revs = await revisionsOf(id);
    expect(revs).toHaveLength(1);
    revision1 = revs[0]!;
    expect(revision1).toMatchObject({ revision: 1, correctionNote: null, publishedById: users.sltCoo.id });
    const content = revision1.content as ReportContent;
    expect(content).toMatchObject({ department: { slug: "coo" }, year: 2001, quarter: 1 });
    expect(content.narrative).toEqual({ introduction: "COO in Q1 2001.", highlights: "Service desk on target.", concerns: "P1 incidents; a recovery plan." });
    const frozen = valueIn(content);
    expect(frozen).not.toBeNull();
    // The same as the content built now from the same figures.
    const now = await previewContent({ departmentId: cooId, year: 2001, quarter: 1, ...content.narrative });
    expect(valueIn(now)).toBe(frozen);
    expect((await stored(id)).status).toBe("published");
    expect((await listPublishedReports()).some((p) => p.reportId === id && p.revision === 1)).toBe(true);

    // Publishing twice is not a step from "published".
    const again = await step("sltCoo", id, "publish");
    expect(again.ok).toBe(false);
    expect(await revisionsOf(id)).toHaveLength(1);
  });

  it("keeps the published content when a figure changes afterwards", async () => {
    const before = valueIn(revision1.content);
    await setFigures(55);
    const [rev] = await revisionsOf(id);
    expect(rev!.content).toEqual(revision1.content);
    expect(valueIn(rev!.content)).toBe(before);
    const now = await previewContent({ departmentId: cooId, year: 2001, quarter: 1, introduction: "", highlights: "", concerns: "" });
    expect(valueIn(now)).not.toBe(before);
  });

  it("corrects it: reopening keeps revision 1 public; publishing again needs a note and adds revision 2", async () => {
    const reopened = await step("lead", id, "reopen");
    expect(reopened.ok).toBe(true);
    expect((await stored(id)).status).toBe("draft");
    expect(await revisionsOf(id)).toHaveLength(1);
    expect((await listPublishedReports()).some((p) => p.reportId === id && p.revision === 1)).toBe(true);
    expect((await listManagedReports(users.sltCoo)).rows[0]!.reports.find((r) => r.id === id)).toMatchObject({ status: "draft", revisions: 1 });

    const { version } = await stored(id);
    await as("lead", () =>
      saveReportNarrative(null, form({ id, version, introduction: "COO in Q1 2001.", highlights: "Service desk on target.", concerns: "P1 incidents; recovery plan ends in June." })),
    );
    expect((await step("lead", id, "submit")).ok).toBe(true);
    expect((await step("sltCoo", id, "approve")).ok).toBe(true);
    const noNote = await step("sltCoo", id, "publish", { correctionNote: "  " });
    expect(noNote.ok).toBe(false);
    expect(!noNote.ok && noNote.fieldErrors?.correctionNote).toBeTruthy();
    expect(await revisionsOf(id)).toHaveLength(1);

    const published = await step("admin", id, "publish", { correctionNote: "The Q1 figure of the first measure was corrected." });
    expect(published.ok && published.data.revision).toBe(2);
    const [r1, r2] = await revisionsOf(id);
    expect(r1).toEqual(revision1);
    expect(r2).toMatchObject({ revision: 2, correctionNote: "The Q1 figure of the first measure was corrected.", publishedById: users.admin.id });
    expect(valueIn(r2!.content)).not.toBe(valueIn(r1!.content));
    expect((r2!.content as ReportContent).narrative.concerns).toBe("P1 incidents; recovery plan ends in June.");
    expect((await listPublishedReports()).find((p) => p.reportId === id)?.revision).toBe(2);
    const latest = await getPublishedReport("coo", "2001-q1");
    expect(latest).toMatchObject({ revision: { number: 2 }, latest: 2 });
    expect(latest!.content.narrative.concerns).toBe("P1 incidents; recovery plan ends in June.");
  });

  it("has every step in the audit log, with who and the reasons", async () => {
    const rows = await db
      .select({ action: auditLog.action, actorId: auditLog.actorId, reason: auditLog.reason, after: auditLog.after, at: auditLog.at })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "report"), eq(auditLog.entityId, String(id))))
      .orderBy(asc(auditLog.id));
    const L = users.lead.id;
    const S = users.sltCoo.id;
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([
      ["report.create", S],
      ["report.narrative", L],
      ["report.narrative", L],
      ["report.submit", L],
      ["report.return", S],
      ["report.submit", L],
      ["report.approve", S],
      ["report.publish", S],
      ["report.reopen", L],
      ["report.narrative", L],
      ["report.submit", L],
      ["report.approve", S],
      ["report.publish", users.admin.id],
    ]);
    expect(rows.every((r) => r.at instanceof Date)).toBe(true);
    expect(rows.find((r) => r.action === "report.return")?.reason).toBe("Say when the P1 recovery plan ends.");
    expect(rows.at(-1)).toMatchObject({ reason: "The Q1 figure of the first measure was corrected.", after: { status: "published", revision: 2 } });
    const history = (await getManagedReport(users.sltCoo, id))!.history;
    expect(history).toHaveLength(rows.length);
  });
});


describe("a report waits for its quarter to end", () => {
  it("refuses submitting before the quarter's last day has passed, saying from when, and changes nothing", async () => {
    // The demo's draft for the running quarter.
    const now = new Date();
    const current = { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 };
    const [draft] = await db
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.departmentId, cooId), eq(reports.year, current.year), eq(reports.quarter, current.quarter)));
    const before = await stored(draft!.id);
    const r = await step("sltCoo", draft!.id, "submit");
    expect(r.ok).toBe(false);
    const name = `Q${current.quarter} ${current.year}`;
    expect(r.message).toMatch(new RegExp(`^${name} ends on \\d{1,2} [A-Z][a-z]+ ${current.year}: the report can be submitted from 1 [A-Z][a-z]+ \\d{4}\\.$`));
    expect(!r.ok && r.fieldErrors?.quarter).toEqual([r.message]);
    expect(await stored(draft!.id)).toEqual(before);
  });

  it("refuses it on the server on any day of the quarter, and allows it from the next day (takeReportStep with a clock)", async () => {
    const id = await start("sltCoo", cooId, "2001-q4");
    const { version } = await stored(id);
    await as("sltCoo", () => saveReportNarrative(null, form({ id, version, introduction: "I", highlights: "H", concerns: "C" })));
    const input = { id, version: version + 1, step: "submit" as const, reason: "", correctionNote: "" };
    await expect(takeReportStep(users.sltCoo, input, new Date(2001, 11, 31, 23, 30))).rejects.toMatchObject({
      message: "Q4 2001 ends on 31 December 2001: the report can be submitted from 1 January 2002.",
    });
    expect((await stored(id)).status).toBe("draft");
    const done = await takeReportStep(users.sltCoo, input, new Date(2002, 0, 1, 0, 5));
    expect(done.status).toBe("submitted");
  });

  it("does not preview a quarter that has not begun", async () => {
    const next = new Date().getFullYear() + 1;
    await expect(previewContent({ departmentId: cooId, year: next, quarter: 1, introduction: "", highlights: "", concerns: "" })).rejects.toMatchObject({
      message: `Q1 ${next} has not begun: there is nothing to preview before 1 January ${next}.`,
    });
  });
});

describe("a report is as at its quarter's last day", () => {
  // Q2 2002 (April to June), in a department of its own so that nothing else is counted.
  const Q = { year: 2002, quarter: 2 };
  let deptId: number;
  const iso = (d: string) => new Date(`${d}T12:00:00Z`).toISOString();

  beforeAll(async () => {
    const { rows } = await db.execute<{ id: number }>(
      sql`insert into org_units (slug, name, short_name, kind) values ('as-at-report', 'As-at report department', 'AAR', 'department') returning id`,
    );
    deptId = rows[0]!.id;
    const { rows: i } = await db.execute<{ id: number }>(
      sql`insert into initiatives (csp_ref, title, lead_unit_id, type, rag, rag_reason) values ('AAR-1', 'Case management', ${deptId}, 'project', 'red', 'Today''s reason') returning id`,
    );
    const initiativeId = i[0]!.id;
    // June's update is the one in force at 30 June; July's came later.
    await db.execute(sql`insert into initiative_updates (initiative_id, period, rag, reason) values
      (${initiativeId}, '2002-05-01', 'green', null), (${initiativeId}, '2002-06-01', 'amber', 'Recruitment delays'), (${initiativeId}, '2002-07-01', 'red', 'Later news')`);
    const { rows: ms } = await db.execute<{ id: number; title: string }>(sql`
      insert into milestones (initiative_id, title, planned_date, forecast_date, actual_date, status, sort_order) values
        (${initiativeId}, 'Achieved late in the quarter', '2002-05-10', null, '2002-05-20', 'achieved', 1),
        (${initiativeId}, 'Overdue at the end', '2002-05-15', null, null, 'in_progress', 2),
        (${initiativeId}, 'Achieved after the quarter', '2002-06-10', null, '2002-07-05', 'achieved', 3),
        (${initiativeId}, 'Re-forecast after the quarter', '2002-06-20', '2002-09-01', null, 'in_progress', 4),
        (${initiativeId}, 'Due next quarter', '2002-08-01', null, null, 'planned', 5),
        (${initiativeId}, 'Cancelled', '2002-05-01', null, null, 'cancelled', 6)
      returning id, title`);
    const reforecast = ms.find((m) => m.title === "Re-forecast after the quarter")!.id;
    await db.execute(sql`insert into milestone_forecast_changes (milestone_id, from_date, to_date, reason, changed_at)
      values (${reforecast}, '2002-06-20', '2002-09-01', 'slip', ${iso("2002-07-10")}::timestamptz)`);

    // A risk re-rated after the quarter, and one first rated after it.
    const { rows: r } = await db.execute<{ id: number; ref: string }>(sql`
      insert into risks (ref, unit_id, title, cause, event, impact, category, owner_name, inherent_likelihood, inherent_impact,
        residual_likelihood, residual_impact, appetite_score, is_public)
      values ('AAR-R1', ${deptId}, 'Rated in the quarter', 'c', 'e', 'i', 'Operational', 'Owner', 5, 5, 5, 5, 10, true),
             ('AAR-R2', ${deptId}, 'Rated after the quarter', 'c', 'e', 'i', 'Operational', 'Owner', 5, 5, 4, 4, 10, true)
      returning id, ref`);
    const [r1, r2] = [r.find((x) => x.ref === "AAR-R1")!.id, r.find((x) => x.ref === "AAR-R2")!.id];
    await db.execute(sql`insert into risk_reviews (risk_id, reviewed_on, residual_likelihood, residual_impact) values
      (${r1}, '2002-06-15', 2, 3), (${r1}, '2002-07-15', 5, 5), (${r2}, '2002-07-20', 4, 4)`);

    // A recommendation implemented after the quarter (outstanding and overdue at its end), and one implemented in it.
    const { rows: rc } = await db.execute<{ id: number; ref: string }>(sql`
      insert into recommendations (ref, source, report_title, unit_id, text, owner_name, target_date, status, implemented_on, completion_evidence, created_at)
      values ('AAR-1', 'pac', 'Report', ${deptId}, 'Implemented after', 'Owner', '2002-06-01', 'implemented', '2002-07-15', 'Evidence', ${iso("2002-01-10")}::timestamptz),
             ('AAR-2', 'pac', 'Report', ${deptId}, 'Implemented in the quarter', 'Owner', '2002-06-30', 'implemented', '2002-05-20', 'Evidence', ${iso("2002-01-10")}::timestamptz)
      returning id, ref`);
    for (const { id, ref } of rc) {
      const implementedOn = ref === "AAR-1" ? "2002-07-15" : "2002-05-20";
      await db.execute(sql`insert into recommendation_updates (recommendation_id, note, status_from, status_to, created_at) values
        (${id}, 'Started', 'open', 'in_progress', ${iso("2002-02-01")}::timestamptz),
        (${id}, 'Done', 'in_progress', 'implemented', ${iso(implementedOn)}::timestamptz)`);
    }
  });

  afterAll(async () => {
    await db.execute(sql`delete from recommendations where unit_id = ${deptId}`);
    await db.execute(sql`delete from risks where unit_id = ${deptId}`);
    await db.execute(sql`delete from initiatives where lead_unit_id = ${deptId}`);
    await db.execute(sql`delete from org_units where id = ${deptId}`);
  });

  it("takes RAG, milestones, risks and recommendations as they stood on 30 June, whatever happened after", async () => {
    const content = (await previewContent({ departmentId: deptId, ...Q, introduction: "", highlights: "", concerns: "" }))!;
    expect(content.asAt).toBe("2002-06-30");

    const [initiative] = content.initiatives;
    expect(initiative).toMatchObject({ rag: "amber", ragReason: "Recruitment delays" });
    expect(initiative!.achieved).toEqual([{ title: "Achieved late in the quarter", plannedDate: "2002-05-10", forecastDate: "2002-05-10", actualDate: "2002-05-20", late: true }]);
    expect(initiative!.missed.map((m) => [m.title, m.forecastDate, m.actualDate])).toEqual([
      ["Overdue at the end", "2002-05-15", null],
      ["Achieved after the quarter", "2002-06-10", null],
      ["Re-forecast after the quarter", "2002-06-20", null],
    ]);
    expect(content.summary).toMatchObject({ milestonesAchieved: 1, milestonesMissed: 3 });

    expect(content.risks.map((r) => [r.ref, r.residualScore, r.residualBand, r.aboveAppetite])).toEqual([["AAR-R1", 6, "Medium", false]]);
    expect(content.summary.risksAboveAppetite).toBe(0);

    expect(content.recommendations.implemented.map((r) => r.ref)).toEqual(["AAR-2"]);
    expect(content.recommendations.outstanding.map((r) => [r.ref, r.status, r.overdue])).toEqual([["AAR-1", "in_progress", true]]);
  });
});

describe("the running quarter's report agrees with the dashboard", () => {
  it("counts as missed exactly the milestones overdue today whose date as forecast today falls in the quarter", async () => {
    const now = new Date();
    const today = format(now, "yyyy-MM-dd");
    const q = { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 };
    const { start } = quarterBounds(q);
    const content = (await previewContent({ departmentId: cooId, ...q, introduction: "", highlights: "", concerns: "" }, now))!;
    expect(content.asAt).toBe(today);
    const { rows } = await db.execute<{ n: number }>(sql`
      with recursive ${unitDepartmentCte}
      select count(*)::int as n from milestones ms
      join initiatives i on i.id = ms.initiative_id join unit_department ud on ud.id = i.lead_unit_id
      where ud.department_id = ${cooId} and i.status <> 'closed'
        and ${milestoneOverdueAtSql("ms", today)} and ${forecastAsAtSql("ms", today)} >= ${start}::date`);
    expect(content.summary.milestonesMissed).toBe(rows[0]!.n);
  });
});

describe("cancelling a correction (issue 19)", () => {
  // CLS's report for Q4 2001: a department and quarter no other test here uses.
  let id: number;
  const PUBLISHED = { introduction: "CLS in Q4 2001.", highlights: "Calls answered on target.", concerns: "Waiting times at peak." };

  async function cancel(who: keyof typeof users, reportId: number, reason = "", version?: number) {
    redirected.to = null;
    const v = version ?? (await stored(reportId)).version;
    return as(who, () => cancelReportCorrection(null, form({ id: reportId, version: v, reason })));
  }

  const cancelEntries = () =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "report"), eq(auditLog.entityId, String(id)), eq(auditLog.action, "report.cancel_correction")));

  beforeAll(async () => {
    id = await start("sltCls", clsId, "2001-q4");
    await as("leadCls", () => saveReportNarrative(null, form({ id, version: 1, ...PUBLISHED })));
    expect((await step("leadCls", id, "submit")).ok).toBe(true);
    expect((await step("sltCls", id, "approve")).ok).toBe(true);
    expect((await step("sltCls", id, "publish")).ok).toBe(true);
  });

  it("has nothing to cancel before a correction is started", async () => {
    const before = await stored(id);
    const r = await cancel("sltCls", id);
    expect(r).toMatchObject({ ok: false, message: "There is no correction in progress: the report is as published." });
    expect(await stored(id)).toEqual(before);
  });

  it("puts the report back at its published revision: narrative, submission and approval as published, audited with the reason", async () => {
    const published = await stored(id);
    expect((await step("leadCls", id, "reopen")).ok).toBe(true);
    const reopened = await stored(id);
    expect(reopened).toMatchObject({ status: "draft", submittedById: null, approvedById: null });
    await as("leadCls", () => saveReportNarrative(null, form({ id, version: reopened.version, ...PUBLISHED, introduction: "A correction that is not needed." })));
    const draft = await stored(id);

    // Nobody outside CLS, whatever the version; a stale version is a conflict. Nothing changes.
    for (const who of ["sltCoo", "lead", "viewer"] as const) {
      const r = await cancel(who, id);
      expect(r?.ok, who).toBe(false);
      expect(r?.message, who).toMatch(/permission/);
    }
    const stale = await cancel("leadCls", id, "", reopened.version);
    expect(stale?.message).toMatch(/Someone else changed this report/);
    expect(await stored(id)).toEqual(draft);
    expect(await cancelEntries()).toHaveLength(0);

    // The lead who started it cancels it (report:edit, like starting one).
    const done = await cancel("leadCls", id, "Figures re-checked: no correction needed.");
    expect(done).toBeUndefined(); // success redirects (mocked: returns nothing)
    expect(redirected.to).toBe(`/reports/manage/${id}?cancelled=1`);
    const after = await stored(id);
    expect(after).toMatchObject({
      status: "published",
      version: draft.version + 1,
      ...PUBLISHED,
      submittedById: published.submittedById,
      submittedAt: published.submittedAt,
      approvedById: published.approvedById,
      approvedAt: published.approvedAt,
    });
    expect(published.submittedById).toBe(users.leadCls.id);
    expect(published.approvedById).toBe(users.sltCls.id);
    expect(await revisionsOf(id)).toHaveLength(1);
    expect((await getPublishedReport("cls", "2001-q4"))?.revision.number).toBe(1);

    const entries = await cancelEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: users.leadCls.id,
      unitId: clsId,
      reason: "Figures re-checked: no correction needed.",
      before: { status: "draft", introduction: "A correction that is not needed." },
      after: { status: "published", revision: 1, introduction: PUBLISHED.introduction },
    });
    const history = (await getManagedReport(users.sltCls, id))!.history.map((h) => h.action);
    expect(history.slice(-3)).toEqual(["report.reopen", "report.narrative", "report.cancel_correction"]);

    // Cancelled once: there is nothing left to cancel.
    expect(await cancel("leadCls", id)).toMatchObject({ ok: false, message: "There is no correction in progress: the report is as published." });
  });

  it("refuses a correction that is with the SLT until they send it back", async () => {
    expect((await step("sltCls", id, "reopen")).ok).toBe(true);
    expect((await step("sltCls", id, "submit")).ok).toBe(true);
    const submitted = await stored(id);
    const r = await cancel("sltCls", id);
    expect(r).toMatchObject({ ok: false, message: "This correction is with the Senior Leadership Team. Ask them to send it back to draft, then cancel it." });
    expect(await stored(id)).toEqual(submitted);

    expect((await step("sltCls", id, "return", { reason: "Not needed after all." })).ok).toBe(true);
    expect(await cancel("sltCls", id)).toBeUndefined();
    expect(await stored(id)).toMatchObject({ status: "published", ...PUBLISHED, submittedById: users.leadCls.id, approvedById: users.sltCls.id });
    expect(await revisionsOf(id)).toHaveLength(1);
  });
});
