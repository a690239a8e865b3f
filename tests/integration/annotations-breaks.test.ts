import { randomUUID } from "node:crypto";
import { addMonths, format, parseISO } from "date-fns";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createMeasure, removeSeriesBreak, updateMeasure } from "@/app/(app)/admin/measures/actions";
import { addAnnotation, deleteAnnotation, updateAnnotation } from "@/app/(app)/measures/[id]/actions";
import { auditLog, measureAnnotations, measures, measureSeriesBreaks, measureValues, orgUnits, reports } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { lastCompletedMonth, monthAsAt, toPeriod } from "@/lib/entry/periods";
import { getMeasureForEdit } from "@/lib/measures/catalogue";
import { listDepartmentMeasureSeries } from "@/lib/measures/department";
import { getMeasurePage } from "@/lib/measures/measure-page";
import { listMeasureAnnotations } from "@/lib/measures/notes-queries";
import { CSV_COLUMNS, csvRows, type ReportContent } from "@/lib/reports/content";
import { createReport, saveNarrative, takeReportStep } from "@/lib/reports/manage";
import { readPublishedReport } from "@/lib/reports/published";
import { getReviewDepartment, getReviewPack } from "@/lib/reviews/pack";
import { demoUsers, form, session, setUpTestDb, type DemoAccount } from "../support/harness";

/*
 * Issue 18: breaks in a measure's series recorded with a catalogue edit (and removed), notes on a
 * measure's months (who may write them, versions, audit), and where both appear: the review pack, the
 * department page's trend, and a published report (public notes frozen; series_break in the CSV).
 */

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
// The database is shared with other test files: every measure here has a code of this run, deleted afterwards.
const RUN = randomUUID().slice(0, 6).toUpperCase();
let seq = 0;
const users = {} as Record<DemoAccount, SessionUser>;
const unitIds = new Map<string, number>();
const unit = (slug: string) => unitIds.get(slug)!;
const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);

const FORBIDDEN = { ok: false, message: "You do not have permission to do that." };
const month = (back: number) => format(addMonths(parseISO(lastCompletedMonth(new Date())), -back), "yyyy-MM");

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds.set(u.slug, u.id);
});

beforeEach(() => {
  session.user = null;
});

afterAll(async () => {
  const mine = sql`${measures.code} like ${`TEST-NOTE-${RUN}-%`}`;
  await db.delete(measureValues).where(sql`${measureValues.measureId} in (select ${measures.id} from ${measures} where ${mine})`);
  await db.delete(measures).where(mine);
  logged.mockRestore();
});

async function as<T>(who: DemoAccount | null, run: () => Promise<T>): Promise<T> {
  session.user = who ? users[who] : null;
  try {
    return await run();
  } finally {
    session.user = null;
  }
}

type Fields = Record<string, string | undefined>;

/** A new measure of M&D (a monthly percentage), made by the administrator; returns its id. */
async function newMeasure(over: Fields = {}, unitSlug = "md"): Promise<number> {
  const result = await as("admin", () =>
    createMeasure(
      undefined,
      form({
        code: `TEST-NOTE-${RUN}-${++seq}`,
        name: "Notes test: calls answered",
        description: "Calls answered ÷ calls offered.",
        unitId: String(unit(unitSlug)),
        category: "service",
        valueType: "percent",
        decimals: "1",
        direction: "higher_better",
        frequency: "monthly",
        quarterRule: "last",
        dataSource: "Telephony report",
        amberTolerancePct: "5",
        targetKind: "value",
        targetValue: "90",
        targetFrom: "2000-01",
        spcSignals: "on",
        ...over,
      }),
    ),
  );
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.data.id;
}

/** The edit form of a measure as stored, with some fields changed. */
async function editFields(id: number, over: Fields = {}): Promise<Fields> {
  const [m] = await db.select().from(measures).where(eq(measures.id, id));
  const str = (v: string | number | null) => (v === null ? "" : String(v));
  return {
    id: String(m!.id),
    version: String(m!.version),
    code: m!.code,
    name: m!.name,
    description: m!.description,
    unitId: String(m!.unitId),
    category: m!.category,
    valueType: m!.valueType,
    decimals: String(m!.decimals),
    direction: m!.direction,
    frequency: m!.frequency,
    quarterRule: m!.quarterRule,
    dataSource: m!.dataSource,
    dataLimitations: str(m!.dataLimitations),
    amberTolerancePct: m!.amberTolerancePct,
    isPublic: m!.isPublic ? "on" : undefined,
    sampleBased: m!.sampleBased ? "on" : undefined,
    spcSignals: m!.spcSignals ? "on" : undefined,
    targetDate: str(m!.targetDate),
    active: "on",
    ...over,
  };
}

const breaksOf = (id: number) => db.select().from(measureSeriesBreaks).where(eq(measureSeriesBreaks.measureId, id)).orderBy(asc(measureSeriesBreaks.period));
const versionOf = async (id: number) => (await db.select({ v: measures.version }).from(measures).where(eq(measures.id, id)))[0]!.v;
const auditOf = (type: string, id: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.entityType, type), eq(auditLog.entityId, String(id)))).orderBy(asc(auditLog.id));

describe("the catalogue's statistics fields", () => {
  it("keeps sample_based, spc_signals and target_date, and refuses a date that is not one", async () => {
    const id = await newMeasure({ sampleBased: "on", targetDate: "2027-03-31" });
    expect((await db.select().from(measures).where(eq(measures.id, id)))[0]).toMatchObject({ sampleBased: true, spcSignals: true, targetDate: "2027-03-31" });
    const saved = await as("sltCoo", async () => updateMeasure(undefined, form(await editFields(id, { sampleBased: undefined, spcSignals: undefined, targetDate: "" }))));
    expect(saved.ok).toBe(true);
    expect((await db.select().from(measures).where(eq(measures.id, id)))[0]).toMatchObject({ sampleBased: false, spcSignals: false, targetDate: null });
    const bad = await as("sltCoo", async () => updateMeasure(undefined, form(await editFields(id, { targetDate: "2027-02-30" }))));
    expect(!bad.ok && bad.fieldErrors?.targetDate).toBeTruthy();
  });
});

describe("recording a break in the series with a catalogue edit", () => {
  it("records it with a change of data source, in the same transaction as the edit, audited with the reason", async () => {
    const id = await newMeasure();
    const result = await as("sltCoo", async () =>
      updateMeasure(undefined, form(await editFields(id, { dataSource: "ServiceNow telephony", recordBreak: "on", breakFrom: month(2), breakReason: "Counted by the new telephony system" }))),
    );
    expect(result).toEqual({ ok: true, data: { id } });
    const breaks = await breaksOf(id);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]).toMatchObject({ period: `${month(2)}-01`, reason: "Counted by the new telephony system", createdById: users.sltCoo.id });
    expect(await versionOf(id)).toBe(2);
    const audit = await auditOf("measure", id);
    expect(audit.map((a) => a.action)).toEqual(["measure.create", "measure.update", "measure.break.add"]);
    expect(audit[2]).toMatchObject({
      actorId: users.sltCoo.id,
      unitId: unit("md"),
      reason: "Counted by the new telephony system",
      after: { breakId: breaks[0]!.id, period: `${month(2)}-01`, changed: ["dataSource"] },
    });
    // The catalogue page lists it; the measure page knows it.
    expect((await getMeasureForEdit(users.sltCoo, id))!.breaks.map((b) => b.period)).toEqual([`${month(2)}-01`]);
    expect((await getMeasurePage(users.sltCoo, id))!.breaks).toEqual([`${month(2)}-01`]);
  });

  it("refuses a break when neither the definition, data source, unit nor scale changes, and saves nothing", async () => {
    const id = await newMeasure();
    const result = await as("sltCoo", async () =>
      updateMeasure(undefined, form(await editFields(id, { name: "Notes test: renamed", decimals: "2", quarterRule: "mean", recordBreak: "on", breakFrom: month(1), breakReason: "Renamed" }))),
    );
    expect(!result.ok && result.fieldErrors?.recordBreak?.[0]).toMatch(/only when you change the definition, data source, unit of measurement or scale/);
    expect(await breaksOf(id)).toEqual([]);
    expect(await versionOf(id)).toBe(1);
    expect((await db.select({ name: measures.name }).from(measures).where(eq(measures.id, id)))[0]!.name).toBe("Notes test: calls answered");
  });

  it("needs the month and a reason when ticked; unticked, a change of definition records none", async () => {
    const id = await newMeasure();
    const noReason = await as("sltCoo", async () => updateMeasure(undefined, form(await editFields(id, { description: "New definition.", recordBreak: "on", breakFrom: "", breakReason: " " }))));
    expect(!noReason.ok && Object.keys(noReason.fieldErrors ?? {}).sort()).toEqual(["breakFrom", "breakReason"]);
    expect(await versionOf(id)).toBe(1);

    const unticked = await as("sltCoo", async () => updateMeasure(undefined, form(await editFields(id, { description: "New definition.", breakFrom: month(1), breakReason: "Ignored" }))));
    expect(unticked.ok).toBe(true);
    expect(await breaksOf(id)).toEqual([]);
  });

  it("refuses a second break from the same month as a field error", async () => {
    const id = await newMeasure();
    const first = await as("admin", async () => updateMeasure(undefined, form(await editFields(id, { description: "Definition 2.", recordBreak: "on", breakFrom: month(3), breakReason: "Second definition" }))));
    expect(first.ok).toBe(true);
    const again = await as("admin", async () => updateMeasure(undefined, form(await editFields(id, { description: "Definition 3.", recordBreak: "on", breakFrom: month(3), breakReason: "Third definition" }))));
    expect(!again.ok && again.fieldErrors?.breakFrom?.[0]).toMatch(/already recorded/);
    expect(await breaksOf(id)).toHaveLength(1);
    expect((await db.select({ d: measures.description }).from(measures).where(eq(measures.id, id)))[0]!.d).toBe("Definition 2.");
  });

  it("removes a break recorded by mistake with a reason, audited; a stale page or a lead is refused", async () => {
    const id = await newMeasure();
    await as("admin", async () => updateMeasure(undefined, form(await editFields(id, { dataSource: "Another source", recordBreak: "on", breakFrom: month(4), breakReason: "New source" }))));
    const [b] = await breaksOf(id);
    const fields = { measureId: String(id), breakId: String(b!.id), version: "2", reason: "Recorded against the wrong month" };

    expect(await as("leadMd", () => removeSeriesBreak(undefined, form(fields)))).toEqual(FORBIDDEN);
    expect(await as("sltCls", () => removeSeriesBreak(undefined, form(fields)))).toEqual(FORBIDDEN);
    const noReason = await as("sltCoo", () => removeSeriesBreak(undefined, form({ ...fields, reason: "" })));
    expect(!noReason.ok && noReason.fieldErrors?.reason).toBeTruthy();
    const stale = await as("sltCoo", () => removeSeriesBreak(undefined, form({ ...fields, version: "1" })));
    expect(stale).toMatchObject({ ok: false, message: expect.stringMatching(/Someone else changed/), current: { version: 2 } });
    expect(await breaksOf(id)).toHaveLength(1);

    const removed = await as("sltCoo", () => removeSeriesBreak(undefined, form(fields)));
    expect(removed).toEqual({ ok: true, data: { measureId: id, period: `${month(4)}-01`, version: 3 } });
    expect(await breaksOf(id)).toEqual([]);
    expect((await auditOf("measure", id)).at(-1)).toMatchObject({
      action: "measure.break.remove",
      actorId: users.sltCoo.id,
      before: { breakId: b!.id, period: `${month(4)}-01`, reason: "New source" },
      after: null,
      reason: "Recorded against the wrong month",
    });
    const twice = await as("sltCoo", () => removeSeriesBreak(undefined, form({ ...fields, version: "3" })));
    expect(twice).toMatchObject({ ok: false, message: expect.stringMatching(/already been removed/) });
    expect(await versionOf(id)).toBe(3);
  });
});

describe("notes on months", () => {
  let md: number;
  let pcs: number;
  const note = (measureId: number, over: Fields = {}) => form({ measureId: String(measureId), period: month(0), text: "Network outage 3 to 5 May", ...over });

  beforeAll(async () => {
    md = await newMeasure();
    pcs = await newMeasure({}, "pcs");
  });

  it("lets the unit's lead, the department's SLT and the administrator write one, audited", async () => {
    for (const who of ["leadMd", "sltCoo", "admin"] as const) {
      const r = await as(who, () => addAnnotation(undefined, note(md, { text: `Written by ${who}`, isPublic: who === "sltCoo" ? "on" : undefined })));
      expect(r, who).toMatchObject({ ok: true, data: { measureId: md } });
      if (!r.ok) continue;
      const [row] = await db.select().from(measureAnnotations).where(eq(measureAnnotations.id, r.data.id));
      expect(row).toMatchObject({ period: `${month(0)}-01`, text: `Written by ${who}`, isPublic: who === "sltCoo", version: 1, createdById: users[who].id });
      expect(await auditOf("measure_annotation", r.data.id)).toMatchObject([
        { action: "measure_annotation.create", actorId: users[who].id, unitId: unit("md"), after: { measureId: md, period: `${month(0)}-01`, text: `Written by ${who}`, isPublic: who === "sltCoo" } },
      ]);
    }
    const listed = await listMeasureAnnotations(md);
    expect(listed.map((n) => [n.text, n.isPublic])).toEqual([
      ["Written by admin", false],
      ["Written by sltCoo", true],
      ["Written by leadMd", false],
    ]);
  });

  it("refuses another unit's lead, another department's SLT, a viewer and a signed-out caller, and writes nothing", async () => {
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(measureAnnotations);
    expect(await as("leadMd", () => addAnnotation(undefined, note(pcs)))).toEqual(FORBIDDEN);
    expect(await as("leadPcs", () => addAnnotation(undefined, note(md)))).toEqual(FORBIDDEN);
    expect(await as("sltCls", () => addAnnotation(undefined, note(md)))).toEqual(FORBIDDEN);
    expect(await as("viewer", () => addAnnotation(undefined, note(md)))).toEqual(FORBIDDEN);
    expect(await as(null, () => addAnnotation(undefined, note(md)))).toEqual({ ok: false, message: "Your session has ended. Please sign in again." });
    // An unknown measure is refused like one out of scope.
    expect(await as("leadMd", () => addAnnotation(undefined, note(2_000_000_000)))).toEqual(FORBIDDEN);
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(measureAnnotations)).toEqual(before);
  });

  it("refuses an empty or over-long note and a month not yet started", async () => {
    const empty = await as("leadMd", () => addAnnotation(undefined, note(md, { text: "   " })));
    expect(!empty.ok && empty.fieldErrors?.text).toBeTruthy();
    const long = await as("leadMd", () => addAnnotation(undefined, note(md, { text: "x".repeat(501) })));
    expect(!long.ok && long.fieldErrors?.text?.[0]).toMatch(/500 characters/);
    const next = format(addMonths(parseISO(toPeriod(new Date())), 1), "yyyy-MM");
    const future = await as("leadMd", () => addAnnotation(undefined, note(md, { period: next })));
    expect(!future.ok && future.fieldErrors?.period?.[0]).toMatch(/started/);
  });

  it("edits from the version loaded, refuses a stale copy with what is stored, and deletes with the version; both audited", async () => {
    const added = await as("leadMd", () => addAnnotation(undefined, note(md, { text: "First wording" })));
    const id = added.ok ? added.data.id : 0;

    expect(await as("leadPcs", () => updateAnnotation(undefined, form({ id: String(id), version: "1", text: "Hijacked" })))).toEqual(FORBIDDEN);
    const edited = await as("sltCoo", () => updateAnnotation(undefined, form({ id: String(id), version: "1", text: "Second wording", isPublic: "on" })));
    expect(edited).toEqual({ ok: true, data: { id, measureId: md, version: 2 } });

    const stale = await as("leadMd", () => updateAnnotation(undefined, form({ id: String(id), version: "1", text: "Overwrite" })));
    expect(stale).toMatchObject({ ok: false, message: expect.stringMatching(/Someone else changed/), current: { text: "Second wording", isPublic: true, version: 2 } });
    const staleDelete = await as("leadMd", () => deleteAnnotation(undefined, form({ id: String(id), version: "1" })));
    expect(staleDelete).toMatchObject({ ok: false, current: { version: 2 } });
    expect((await db.select().from(measureAnnotations).where(eq(measureAnnotations.id, id)))[0]).toMatchObject({ text: "Second wording", isPublic: true, version: 2, updatedById: users.sltCoo.id });

    expect(await as("viewer", () => deleteAnnotation(undefined, form({ id: String(id), version: "2" })))).toEqual(FORBIDDEN);
    const deleted = await as("leadMd", () => deleteAnnotation(undefined, form({ id: String(id), version: "2" })));
    expect(deleted).toEqual({ ok: true, data: { id, measureId: md } });
    expect(await db.select().from(measureAnnotations).where(eq(measureAnnotations.id, id))).toEqual([]);
    const gone = await as("leadMd", () => updateAnnotation(undefined, form({ id: String(id), version: "2", text: "Back" })));
    expect(gone).toMatchObject({ ok: false, message: expect.stringMatching(/deleted/) });

    expect((await auditOf("measure_annotation", id)).map((a) => [a.action, a.actorId, a.before, a.after])).toEqual([
      ["measure_annotation.create", users.leadMd.id, null, { measureId: md, period: `${month(0)}-01`, text: "First wording", isPublic: false }],
      ["measure_annotation.update", users.sltCoo.id, { text: "First wording", isPublic: false }, { text: "Second wording", isPublic: true }],
      ["measure_annotation.delete", users.leadMd.id, { measureId: md, period: `${month(0)}-01`, text: "Second wording", isPublic: true }, null],
    ]);
  });
});

describe("where notes and breaks appear", () => {
  it("in the review pack of the month, beside the measure's figure (a monthly measure's own month only)", async () => {
    const id = await newMeasure();
    await as("leadMd", () => addAnnotation(undefined, form({ measureId: String(id), period: month(0), text: "Phones down for a day" })));
    await as("leadMd", () => addAnnotation(undefined, form({ measureId: String(id), period: month(1), text: "The month before" })));
    await as("admin", async () => updateMeasure(undefined, form(await editFields(id, { dataSource: "New source", recordBreak: "on", breakFrom: month(0), breakReason: "New telephony" }))));

    const period = `${month(0)}-01`;
    const coo = (await getReviewDepartment("coo"))!;
    const pack = await getReviewPack(coo, period, monthAsAt(period, format(new Date(), "yyyy-MM-dd")));
    expect(pack.notes.filter((n) => n.measureId === id).map((n) => [n.kind, n.text])).toEqual([
      ["break", "New telephony"],
      ["annotation", "Phones down for a day"],
    ]);
    // Without a figure it is an exception, so the notes show beside it in the table.
    expect(pack.exceptions.some((m) => m.id === id)).toBe(true);
  });

  it("on the department page, where the trend across a break says there is none", async () => {
    const id = await newMeasure();
    const [last, before] = [`${month(0)}-01`, `${month(1)}-01`];
    await db.insert(measureValues).values([
      { measureId: id, period: before, value: "80", status: "submitted" },
      { measureId: id, period: last, value: "95", status: "submitted" },
    ]);
    const shown = async () => (await listDepartmentMeasureSeries(unit("coo"), last)).find((m) => m.id === id)!;
    expect(await shown()).toMatchObject({ trend: "improving", trendAcrossBreak: null });
    await as("admin", async () => updateMeasure(undefined, form(await editFields(id, { description: "Counted differently.", recordBreak: "on", breakFrom: month(0), breakReason: "New count" }))));
    expect(await shown()).toMatchObject({ trend: "no_comparison", trendAcrossBreak: last });
  });

  it("in a published report: the public notes of its quarter frozen with it, the break in series_break", async () => {
    // A quarter long past, of its own (other files use 2001 and 2004).
    const id = await newMeasure({ isPublic: "on" });
    const code = (await db.select({ code: measures.code }).from(measures).where(eq(measures.id, id)))[0]!.code;
    await db.insert(measureValues).values([
      { measureId: id, period: "2002-03-01", value: "80", status: "submitted" },
      { measureId: id, period: "2002-06-01", value: "92", status: "submitted" },
    ]);
    const publicNote = await as("leadMd", () => addAnnotation(undefined, form({ measureId: String(id), period: "2002-05", text: "Network outage 3 to 5 May", isPublic: "on" })));
    await as("leadMd", () => addAnnotation(undefined, form({ measureId: String(id), period: "2002-05", text: "Internal: ask the supplier" })));
    await as("leadMd", () => addAnnotation(undefined, form({ measureId: String(id), period: "2002-02", text: "Another quarter", isPublic: "on" })));
    await as("admin", async () => updateMeasure(undefined, form(await editFields(id, { dataSource: "New telephony", recordBreak: "on", breakFrom: "2002-05", breakReason: "New telephony" }))));

    const actor = users.sltCoo;
    const { id: reportId } = await createReport(actor, { departmentId: unit("coo"), quarter: "2002-q2" });
    const version = async () => (await db.select({ v: reports.version }).from(reports).where(eq(reports.id, reportId)))[0]!.v;
    await saveNarrative(actor, { id: reportId, version: await version(), introduction: "Q2 2002.", highlights: "Calls.", concerns: "Outage." });
    for (const step of ["submit", "approve", "publish"] as const) await takeReportStep(actor, { id: reportId, version: await version(), step, reason: "", correctionNote: "" });
    // Taken out of other files' reports: no longer published, then deleted with the run's measures.
    await db.update(measures).set({ isPublic: false }).where(eq(measures.id, id));

    const read = async () => (await readPublishedReport(db, "coo", { year: 2002, quarter: 2 }))!.content;
    const mine = (c: ReportContent) => c.measures.find((m) => m.code === code)!;
    const m = mine(await read());
    expect(m.annotations).toEqual([{ period: "2002-05-01", text: "Network outage 3 to 5 May" }]);
    expect(m.trendAcrossBreak).toBe("2002-05-01");
    expect(m.trend).toBe("no_comparison");
    expect(m.history.map((h) => h.seriesBreak)).toEqual([null, null, null, null, "2002-05-01"]);
    const col = CSV_COLUMNS.findIndex((c) => c.name === "series_break");
    const rows = csvRows(await read(), 1).filter((r) => r[3] === m.code);
    expect(rows.map((r) => [r[6], r[col]])).toEqual([
      ["2001-Q2", null],
      ["2001-Q3", null],
      ["2001-Q4", null],
      ["2002-Q1", null],
      ["2002-Q2", "2002-05"],
    ]);

    // Frozen: changing or deleting the note later leaves the published revision as it was.
    const noteId = publicNote.ok ? publicNote.data.id : 0;
    await as("leadMd", () => deleteAnnotation(undefined, form({ id: String(noteId), version: "1" })));
    expect(mine(await read()).annotations).toEqual([{ period: "2002-05-01", text: "Network outage 3 to 5 May" }]);
    expect(await db.select().from(measureAnnotations).where(inArray(measureAnnotations.id, [noteId]))).toEqual([]);
  });
});
