import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addTargetChange, createMeasure, updateMeasure } from "@/app/(app)/admin/measures/actions";
import { auditLog, measures, measureTargets, measureValues, orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { ForbiddenError } from "@/lib/auth/permissions";
import { getMeasureForEdit, listCatalogue, listManageableUnits } from "@/lib/measures/catalogue";
import { listDepartmentMeasureSeries } from "@/lib/measures/department";
import { form, session, sessionUserFor, setUpTestDb } from "../support/harness";

// The session is what the test says it is; next/cache needs a Next request context, so it is a no-op here.
vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
// The database is shared with the other test files and rows referenced by the audit log stay: every code is new.
const RUN = randomUUID().slice(0, 6).toUpperCase();
let seq = 0;
const newCode = () => `TEST-CAT-${RUN}-${++seq}`;

const unitIds = new Map<string, number>();
const unit = (slug: string) => unitIds.get(slug)!;
let admin: SessionUser;
let sltCoo: SessionUser;
let sltCls: SessionUser;
let leadMd: SessionUser;
let viewer: SessionUser;

beforeAll(async () => {
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds.set(u.slug, u.id);
  const as = (name: string) => sessionUserFor({ email: `${name}@baseline.test` });
  [admin, sltCoo, sltCls, leadMd, viewer] = await Promise.all([as("admin"), as("slt.coo"), as("slt.cls"), as("lead.md"), as("viewer")]);
});

// lib/log.ts writes JSON lines to stdout: keep the output quiet.
const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);

beforeEach(() => {
  session.user = null;
  vi.mocked(revalidatePath).mockClear();
});

afterAll(async () => {
  // Leave the shared database as other test files expect it: this file's measures go (their audit entries stay).
  const mine = sql`${measures.code} like ${`TEST-CAT-${RUN}-%`}`;
  await db.delete(measureValues).where(sql`${measureValues.measureId} in (select ${measures.id} from ${measures} where ${mine})`);
  await db.delete(measures).where(mine);
  expect(await db.select({ id: measures.id }).from(measures).where(sql`${measures.code} like ${"TEST-CAT-%"}`)).toEqual([]);
  logged.mockRestore();
});

/** yyyy-MM-dd of the first day of the month `back` months before the current one. */
function firstOfMonth(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-01`;
}

/** The measure as the COO department dashboard shows it for the month `back` months ago (undefined when not shown). */
async function onDashboard(id: number, back = 1) {
  return (await listDepartmentMeasureSeries(unit("coo"), firstOfMonth(back))).find((m) => m.id === id);
}
/** The same month as <input type="month"> sends it. */
const monthInput = (back: number) => firstOfMonth(back).slice(0, 7);

type Fields = Record<string, string | undefined>;

/** A complete, valid "Add a measure" form: a percentage in M&D with a target of 90 from a year ago. */
function createFields(over: Fields = {}): Fields {
  return {
    code: newCode(),
    name: "Catalogue test: incidents resolved within SLA",
    description: "Incidents resolved within SLA ÷ incidents resolved.",
    unitId: String(unit("md")),
    category: "service",
    valueType: "percent",
    decimals: "1",
    direction: "higher_better",
    frequency: "monthly",
    quarterRule: "ratio",
    dataSource: "M&D Service Management Report",
    dataLimitations: "",
    baselineValue: "83",
    baselinePeriod: monthInput(13),
    baselineNote: "",
    amberTolerancePct: "5",
    internationalBenchmarking: "on",
    groupName: "",
    breakdown: "",
    targetKind: "value",
    targetValue: "90",
    targetFrom: monthInput(12),
    targetNote: "COO Business Plan",
    ...over,
  };
}

/** Creates a measure as the administrator; returns its id and code. */
async function newMeasure(over: Fields = {}) {
  const previous = session.user;
  session.user = admin;
  const fields = createFields(over);
  const result = await createMeasure(undefined, form(fields));
  session.user = previous;
  vi.mocked(revalidatePath).mockClear();
  if (!result.ok) throw new Error(`could not create the test measure: ${JSON.stringify(result)}`);
  return { id: result.data.id, code: fields.code! };
}

/** The edit form for a measure as stored now, with some fields changed. */
async function updateFields(id: number, over: Fields = {}): Promise<Fields> {
  const [m] = await db.select().from(measures).where(eq(measures.id, id));
  if (!m) throw new Error(`no measure ${id}`);
  const str = (v: string | number | null) => (v === null ? "" : String(v));
  return {
    id: String(m.id),
    version: String(m.version),
    code: m.code,
    name: m.name,
    description: m.description,
    unitId: String(m.unitId),
    category: m.category,
    valueType: m.valueType,
    scaleMin: m.valueType === "score" ? str(m.scaleMin) : undefined,
    scaleMax: m.valueType === "score" ? str(m.scaleMax) : undefined,
    decimals: String(m.decimals),
    direction: m.direction,
    frequency: m.frequency,
    quarterRule: m.quarterRule,
    dataSource: m.dataSource,
    dataLimitations: str(m.dataLimitations),
    baselineValue: str(m.baselineValue),
    baselinePeriod: m.baselinePeriod ? m.baselinePeriod.slice(0, 7) : "",
    baselineNote: str(m.baselineNote),
    amberTolerancePct: m.amberTolerancePct,
    internationalBenchmarking: m.internationalBenchmarking ? "on" : undefined,
    isPublic: m.isPublic ? "on" : undefined,
    groupName: str(m.groupName),
    breakdown: str(m.breakdown),
    active: m.active ? "on" : undefined,
    reason: "",
    ...over,
  };
}

async function targetFields(id: number, over: Fields = {}): Promise<Fields> {
  const [m] = await db.select({ version: measures.version }).from(measures).where(eq(measures.id, id));
  return { measureId: String(id), version: String(m!.version), targetKind: "value", targetValue: "80", targetFrom: monthInput(2), reason: "Agreed by COO SLT", ...over };
}

/** Everything stored about a measure, to prove a refused action changed nothing. */
async function snapshot(id: number) {
  const [row] = await db.select().from(measures).where(eq(measures.id, id));
  const targets = await db.select().from(measureTargets).where(eq(measureTargets.measureId, id)).orderBy(asc(measureTargets.effectiveFrom));
  const audit = await db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.entityType, "measure"), eq(auditLog.entityId, String(id))));
  return { row, targets, auditEntries: audit.length };
}

async function auditOf(id: number) {
  return db.select().from(auditLog).where(and(eq(auditLog.entityType, "measure"), eq(auditLog.entityId, String(id)))).orderBy(asc(auditLog.id));
}

async function measuresWithCode(code: string) {
  return db.select({ id: measures.id }).from(measures).where(sql`upper(${measures.code}) = upper(${code})`);
}

const FORBIDDEN = { ok: false, message: "You do not have permission to do that." };

describe("createMeasure", () => {
  it("lets an administrator add a measure with its first target, audited", async () => {
    session.user = admin;
    const fields = createFields({ code: `  ${newCode().toLowerCase()} `, isPublic: "on", groupName: "Incident resolution by severity", breakdown: "P1" });
    const code = fields.code!.trim().toUpperCase();
    const result = await createMeasure(undefined, form(fields));
    expect(result).toEqual({ ok: true, data: { id: expect.any(Number) } });
    if (!result.ok) return;
    const { row, targets } = await snapshot(result.data.id);

    expect(row).toMatchObject({
      code,
      unitId: unit("md"),
      category: "service",
      valueType: "percent",
      scaleMin: null,
      scaleMax: null,
      decimals: 1,
      direction: "higher_better",
      frequency: "monthly",
      quarterRule: "ratio",
      dataSource: "M&D Service Management Report",
      dataLimitations: null,
      baselinePeriod: firstOfMonth(13),
      baselineNote: null,
      internationalBenchmarking: true,
      isPublic: true,
      groupName: "Incident resolution by severity",
      breakdown: "P1",
      active: true,
      version: 1,
    });
    expect(Number(row!.baselineValue)).toBe(83);
    expect(Number(row!.amberTolerancePct)).toBe(5);
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ effectiveFrom: firstOfMonth(12), tbcDue: null, note: "COO Business Plan", createdById: admin.id });
    expect(Number(targets[0]!.targetValue)).toBe(90);

    const entries = await auditOf(result.data.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "measure.create",
      actorId: admin.id,
      actorEmail: admin.email,
      unitId: unit("md"),
      before: null,
      after: { code, valueType: "percent", active: true, target: { targetValue: "90", effectiveFrom: firstOfMonth(12), tbcDue: null } },
    });
    expect(revalidatePath).toHaveBeenCalledWith("/admin/measures");
    expect(revalidatePath).toHaveBeenCalledWith("/dashboard");
  });

  it("lets SLT add a measure in its own department with a target to be confirmed, and defaults the tolerance to 5%", async () => {
    session.user = sltCoo;
    const fields = createFields({ unitId: String(unit("commercial")), valueType: "count", quarterRule: "sum", targetKind: "tbc", targetValue: undefined, tbcDue: "2026-03-31", amberTolerancePct: "", baselineValue: "", baselinePeriod: "" });
    const result = await createMeasure(undefined, form(fields));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { row, targets } = await snapshot(result.data.id);
    expect(row).toMatchObject({ unitId: unit("commercial"), amberTolerancePct: "5.00", baselineValue: null, baselinePeriod: null, isPublic: false });
    expect(targets.map((t) => [t.targetValue, t.effectiveFrom, t.tbcDue])).toEqual([[null, firstOfMonth(12), "2026-03-31"]]);
  });

  it("keeps a score's scale and drops a scale sent with any other unit", async () => {
    const score = await newMeasure({ valueType: "score", scaleMin: "1", scaleMax: "7", quarterRule: "mean", baselineValue: "5.1", targetValue: "5.5" });
    expect((await snapshot(score.id)).row).toMatchObject({ scaleMin: "1.0000", scaleMax: "7.0000" });
    const count = await newMeasure({ valueType: "count", scaleMin: "1", scaleMax: "7", quarterRule: "sum" });
    expect((await snapshot(count.id)).row).toMatchObject({ scaleMin: null, scaleMax: null });
  });

  it("refuses SLT a unit in another department and creates nothing", async () => {
    session.user = sltCoo;
    const fields = createFields({ unitId: String(unit("cls-customer-services")) });
    expect(await createMeasure(undefined, form(fields))).toEqual(FORBIDDEN);
    expect(await measuresWithCode(fields.code!)).toEqual([]);
  });

  it.each([
    ["LEAD", () => leadMd],
    ["VIEWER", () => viewer],
  ])("refuses a %s and creates nothing", async (_role, who) => {
    session.user = who();
    const fields = createFields();
    expect(await createMeasure(undefined, form(fields))).toEqual(FORBIDDEN);
    expect(await measuresWithCode(fields.code!)).toEqual([]);
  });

  it("refuses a signed-out caller", async () => {
    const fields = createFields();
    expect(await createMeasure(undefined, form(fields))).toEqual({ ok: false, message: "Your session has ended. Please sign in again." });
    expect(await measuresWithCode(fields.code!)).toEqual([]);
  });

  it("refuses a code already in use, whatever its case, with a field error", async () => {
    session.user = admin;
    const fields = createFields({ code: "md-inc-p1" });
    const result = await createMeasure(undefined, form(fields));
    expect(result).toMatchObject({ ok: false, fieldErrors: { code: ["Another measure already uses this code"] } });
    expect(await measuresWithCode("MD-INC-P1")).toHaveLength(1);
  });

  it("refuses a unit that does not exist", async () => {
    session.user = admin;
    const fields = createFields({ unitId: "2000000000" });
    expect(await createMeasure(undefined, form(fields))).toMatchObject({ ok: false, fieldErrors: { unitId: ["That unit does not exist"] } });
    expect(await measuresWithCode(fields.code!)).toEqual([]);
  });
});

describe("createMeasure: every validation rule gives its field error and saves nothing", () => {
  const cases: [string, Fields, string, string][] = [
    ["a code with spaces and symbols", { code: "MD INC!" }, "code", "Use capital letters, digits and single hyphens only, like MD-INC-P1"],
    ["a code with a double hyphen", { code: "MD--X" }, "code", "Use capital letters, digits and single hyphens only, like MD-INC-P1"],
    ["no name", { name: " " }, "name", "Enter the measure's name"],
    ["no lead unit", { unitId: "" }, "unitId", "Choose the lead unit"],
    ["no category", { category: "" }, "category", "Choose a category"],
    ["no data source", { dataSource: "" }, "dataSource", "Enter where the figures come from, like M&D Service Management Report"],
    ["a score without its scale", { valueType: "score", quarterRule: "mean", baselineValue: "" }, "scaleMin", "Enter the lowest score on the scale"],
    ["a score without the top of its scale", { valueType: "score", quarterRule: "mean", scaleMin: "1", baselineValue: "" }, "scaleMax", "Enter the highest score on the scale"],
    ["a score whose scale is upside down", { valueType: "score", quarterRule: "mean", scaleMin: "7", scaleMax: "1", baselineValue: "", targetValue: "5" }, "scaleMax", "The highest score must be more than the lowest"],
    ["a score whose scale is one point", { valueType: "score", quarterRule: "mean", scaleMin: "5", scaleMax: "5", baselineValue: "", targetValue: "5" }, "scaleMax", "The highest score must be more than the lowest"],
    ["a ratio quarter rule on a count", { valueType: "count", quarterRule: "ratio" }, "quarterRule", "A ratio of summed numerators and denominators only suits percentages and ratios: choose sum, mean or last value"],
    ["a ratio quarter rule on a score", { valueType: "score", scaleMin: "1", scaleMax: "7", baselineValue: "5", targetValue: "5", quarterRule: "ratio" }, "quarterRule", "A ratio of summed numerators and denominators only suits percentages and ratios: choose sum, mean or last value"],
    ["a percentage baseline over 100", { baselineValue: "100.5" }, "baselineValue", "A percentage must be between 0 and 100"],
    ["a negative percentage target", { targetValue: "-1" }, "targetValue", "A percentage must be between 0 and 100"],
    ["a percentage target over 100", { targetValue: "101" }, "targetValue", "A percentage must be between 0 and 100"],
    ["a score target outside its scale", { valueType: "score", quarterRule: "mean", scaleMin: "1", scaleMax: "7", baselineValue: "5", targetValue: "8" }, "targetValue", "Must be within the scale, 1 to 7"],
    ["a score baseline outside its scale", { valueType: "score", quarterRule: "mean", scaleMin: "-100", scaleMax: "100", baselineValue: "-101", targetValue: "40" }, "baselineValue", "Must be within the scale, -100 to 100"],
    ["a negative count target", { valueType: "count", quarterRule: "sum", targetValue: "-2" }, "targetValue", "Cannot be negative"],
    ["a target that is not a number", { targetValue: "ninety" }, "targetValue", "Enter a number, like 85 or 92.5"],
    ["a target with 5 decimal places", { targetValue: "90.12345" }, "targetValue", "Use no more than 4 decimal places"],
    ["a baseline without its month", { baselinePeriod: "" }, "baselinePeriod", "Enter the month the baseline was measured"],
    ["a baseline month that is not a month", { baselinePeriod: "2025-13" }, "baselinePeriod", "Enter a month like 2026-04"],
    ["a baseline month written as a date", { baselinePeriod: "2025-08-01" }, "baselinePeriod", "Enter a month like 2026-04"],
    ["a target without the month it applies from", { targetFrom: "" }, "targetFrom", "Enter the month the target applies from"],
    ["a target month in words", { targetFrom: "April 2026" }, "targetFrom", "Enter a month like 2026-04"],
    ["a target value left empty", { targetValue: "" }, "targetValue", "Enter the target, or choose to be confirmed"],
    ["a target value with a due date", { tbcDue: "2026-03-31" }, "tbcDue", "Only a target to be confirmed has a due date: clear the date, or choose to be confirmed"],
    ["a target to be confirmed without its due date", { targetKind: "tbc", targetValue: undefined, tbcDue: "" }, "tbcDue", "Enter the date the target is due to be agreed"],
    ["a target to be confirmed with a value", { targetKind: "tbc", targetValue: "90", tbcDue: "2026-03-31" }, "targetValue", "A target to be confirmed has no value: clear it, or choose a target value"],
    ["a due date that does not exist", { targetKind: "tbc", targetValue: undefined, tbcDue: "2026-02-30" }, "tbcDue", "Enter a real date, like 2026-03-31"],
    ["no choice of target", { targetKind: undefined }, "targetKind", "Choose a target value or to be confirmed"],
    ["a tolerance over 100%", { amberTolerancePct: "120" }, "amberTolerancePct", "Enter a percentage from 0 to 100"],
    ["a negative tolerance", { amberTolerancePct: "-5" }, "amberTolerancePct", "Enter a percentage from 0 to 100"],
    ["a breakdown without its group", { breakdown: "P1" }, "groupName", "Enter the group this breakdown belongs to"],
    ["too many decimal places shown", { decimals: "7" }, "decimals", "Enter a whole number from 0 to 4"],
    ["an unknown direction", { direction: "up" }, "direction", "Choose whether higher or lower is better"],
    ["an unknown quarter rule", { quarterRule: "median" }, "quarterRule", "Choose how a quarter is worked out from its months"],
  ];

  it.each(cases)("%s", async (_name, over, field, message) => {
    session.user = admin;
    const fields = createFields(over);
    const code = fields.code && /^[A-Z0-9-]+$/.test(fields.code) ? fields.code : null;
    const result = await createMeasure(undefined, form(fields));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe("Please correct the highlighted fields.");
    expect(result.fieldErrors?.[field]).toContain(message);
    if (code) expect(await measuresWithCode(code)).toEqual([]);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("reports independent mistakes together", async () => {
    session.user = admin;
    const result = await createMeasure(undefined, form(createFields({ code: "bad code", valueType: "count", quarterRule: "ratio", amberTolerancePct: "101", breakdown: "P2" })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["amberTolerancePct", "code", "groupName", "quarterRule"]);

    // Also when a choice is missing altogether: the rules between the other fields still report.
    const more = await createMeasure(undefined, form(createFields({ category: "", valueType: "score", scaleMin: "9", scaleMax: "7", quarterRule: "mean", baselineValue: "", targetKind: "tbc", targetValue: undefined })));
    expect(more.ok).toBe(false);
    if (more.ok) return;
    expect(more.fieldErrors).toEqual({
      category: ["Choose a category"],
      scaleMax: ["The highest score must be more than the lowest"],
      tbcDue: ["Enter the date the target is due to be agreed"],
    });
  });

  it("reads a request that is not a form at all as invalid, without crashing", async () => {
    session.user = admin;
    expect(await createMeasure(undefined, null as unknown as FormData)).toMatchObject({ ok: false, message: "Please correct the highlighted fields." });
  });

  it("accepts thousands separators, trims text and reads empty optional fields as none", async () => {
    const { id } = await newMeasure({ valueType: "currency", quarterRule: "sum", baselineValue: "1,204,500.50", targetValue: " 1,000,000 ", baselineNote: "   ", dataLimitations: "  Estimates only.  " });
    const { row, targets } = await snapshot(id);
    expect(row).toMatchObject({ baselineValue: "1204500.5000", baselineNote: null, dataLimitations: "Estimates only.", internationalBenchmarking: true, isPublic: false });
    expect(targets[0]!.targetValue).toBe("1000000.0000");
  });
});

describe("updateMeasure", () => {
  it("lets SLT of COO edit a COO measure: version bumped, before and after audited with the reason", async () => {
    const { id, code } = await newMeasure();
    session.user = sltCoo;
    const result = await updateMeasure(
      undefined,
      form(await updateFields(id, { name: "Renamed by SLT", amberTolerancePct: "2.5", dataLimitations: "Manual count.", unitId: String(unit("pcs")), reason: "  Moved to P&CS  " })),
    );
    expect(result).toEqual({ ok: true, data: { id } });
    const { row, targets } = await snapshot(id);
    expect(row).toMatchObject({ code, name: "Renamed by SLT", amberTolerancePct: "2.50", dataLimitations: "Manual count.", unitId: unit("pcs"), version: 2, active: true });
    expect(targets).toHaveLength(1);

    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual(["measure.create", "measure.update"]);
    expect(entries[1]).toMatchObject({
      actorId: sltCoo.id,
      unitId: unit("pcs"),
      reason: "Moved to P&CS",
      before: { name: "Catalogue test: incidents resolved within SLA", unitId: unit("md"), amberTolerancePct: "5.00", version: 1 },
      after: { name: "Renamed by SLT", unitId: unit("pcs"), amberTolerancePct: "2.5", active: true },
    });
    expect(revalidatePath).toHaveBeenCalledWith("/admin/measures");
    expect(revalidatePath).toHaveBeenCalledWith("/dashboard");
  });

  it("retires a measure: kept in the catalogue, gone from the dashboard, audited as a retirement", async () => {
    const { id } = await newMeasure();
    expect(await onDashboard(id)).toBeDefined();
    session.user = sltCoo;
    const result = await updateMeasure(undefined, form(await updateFields(id, { active: undefined, reason: "Replaced by a new measure" })));
    expect(result.ok).toBe(true);
    expect((await snapshot(id)).row).toMatchObject({ active: false, version: 2 });
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: "measure.retire", reason: "Replaced by a new measure" });
    expect(await onDashboard(id)).toBeUndefined();
    expect((await listCatalogue(sltCoo)).find((r) => r.id === id)).toMatchObject({ active: false });

    const back = await updateMeasure(undefined, form(await updateFields(id, { active: "on" })));
    expect(back.ok).toBe(true);
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: "measure.reinstate" });
  });

  it("refuses SLT of CLS on a COO measure and changes nothing", async () => {
    const { id } = await newMeasure();
    const before = await snapshot(id);
    session.user = sltCls;
    expect(await updateMeasure(undefined, form(await updateFields(id, { name: "Taken over by CLS" })))).toEqual(FORBIDDEN);
    expect(await updateMeasure(undefined, form(await updateFields(id, { unitId: String(unit("cls-customer-services")) })))).toEqual(FORBIDDEN);
    expect(await addTargetChange(undefined, form(await targetFields(id)))).toEqual(FORBIDDEN);
    expect(await snapshot(id)).toEqual(before);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("refuses SLT of COO moving a measure to another department and changes nothing", async () => {
    const { id } = await newMeasure();
    const before = await snapshot(id);
    session.user = sltCoo;
    expect(await updateMeasure(undefined, form(await updateFields(id, { unitId: String(unit("cls-social-security")) })))).toEqual(FORBIDDEN);
    expect(await snapshot(id)).toEqual(before);
  });

  it.each([
    ["LEAD", () => leadMd],
    ["VIEWER", () => viewer],
  ])("refuses a %s, even on a measure of their own unit, and changes nothing", async (_role, who) => {
    const { id } = await newMeasure();
    const before = await snapshot(id);
    session.user = who();
    expect(await updateMeasure(undefined, form(await updateFields(id, { name: "Changed by a lead" })))).toEqual(FORBIDDEN);
    expect(await addTargetChange(undefined, form(await targetFields(id)))).toEqual(FORBIDDEN);
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses a stale version with the stored values, and changes nothing", async () => {
    const { id } = await newMeasure();
    session.user = admin;
    const stale = await updateFields(id, { name: "Second editor's name" });
    expect((await updateMeasure(undefined, form(await updateFields(id, { name: "First editor's name" })))).ok).toBe(true);
    const before = await snapshot(id);

    const result = await updateMeasure(undefined, form(stale));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/Someone else changed this measure/);
    expect(result.current).toMatchObject({ id, name: "First editor's name", version: 2 });
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses a code another measure uses", async () => {
    const { id } = await newMeasure();
    const before = await snapshot(id);
    session.user = admin;
    expect(await updateMeasure(undefined, form(await updateFields(id, { code: "cls-csat" })))).toMatchObject({
      ok: false,
      fieldErrors: { code: ["Another measure already uses this code"] },
    });
    expect(await snapshot(id)).toEqual(before);
  });

  it("applies the validation rules to an edit too", async () => {
    const { id } = await newMeasure();
    const before = await snapshot(id);
    session.user = admin;
    const result = await updateMeasure(undefined, form(await updateFields(id, { baselineValue: "120", valueType: "count" })));
    expect(result).toMatchObject({ ok: false, fieldErrors: { quarterRule: [expect.stringMatching(/only suits percentages and ratios/)] } });
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses to change the unit or frequency of a measure that has figures, or a scale its targets do not fit", async () => {
    const { id } = await newMeasure({ valueType: "score", scaleMin: "1", scaleMax: "7", quarterRule: "mean", baselineValue: "5", targetValue: "5.5" });
    await db.insert(measureValues).values({ measureId: id, period: firstOfMonth(3), value: "6.5", status: "submitted" });
    const before = await snapshot(id);
    session.user = admin;
    const retyped = await updateMeasure(undefined, form(await updateFields(id, { valueType: "count", frequency: "quarterly" })));
    expect(retyped).toMatchObject({
      ok: false,
      fieldErrors: {
        valueType: ["Figures have been entered in the current setting: retire this measure and add a new one instead"],
        frequency: ["Figures have been entered in the current setting: retire this measure and add a new one instead"],
      },
    });
    const rescaled = await updateMeasure(undefined, form(await updateFields(id, { scaleMax: "6", baselineValue: "5" })));
    expect(rescaled).toMatchObject({ ok: false, fieldErrors: { scaleMax: ["A figure or target already stored (6.5) is outside this range"] } });
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses a measure that does not exist", async () => {
    const { id } = await newMeasure();
    session.user = admin;
    const result = await updateMeasure(undefined, form(await updateFields(id, { id: "2000000000" })));
    expect(result).toMatchObject({ ok: false, message: "That measure no longer exists." });
  });
});

describe("addTargetChange", () => {
  it("adds a target from a month on, keeps the earlier one, and audits the target in force before", async () => {
    const { id } = await newMeasure();
    session.user = sltCoo;
    const result = await addTargetChange(undefined, form(await targetFields(id, { targetValue: "95", targetFrom: monthInput(2), reason: "  Raised by COO SLT  " })));
    expect(result).toEqual({ ok: true, data: { measureId: id, effectiveFrom: firstOfMonth(2), replaced: false, version: 2 } });

    const { row, targets } = await snapshot(id);
    expect(row!.version).toBe(2);
    expect(targets.map((t) => [t.effectiveFrom, t.targetValue === null ? null : Number(t.targetValue), t.note, t.createdById])).toEqual([
      [firstOfMonth(12), 90, "COO Business Plan", admin.id],
      [firstOfMonth(2), 95, "Raised by COO SLT", sltCoo.id],
    ]);
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: "measure.target.add",
      actorId: sltCoo.id,
      unitId: unit("md"),
      reason: "Raised by COO SLT",
      before: { targetValue: "90.0000", effectiveFrom: firstOfMonth(12), tbcDue: null },
      after: { targetValue: "95", effectiveFrom: firstOfMonth(2), tbcDue: null },
    });
    expect(revalidatePath).toHaveBeenCalledWith("/dashboard");

    // The history reads newest first, the current one marked.
    session.user = sltCoo;
    const edit = await getMeasureForEdit(sltCoo, id);
    expect(edit!.targets.map((t) => [t.effectiveFrom, t.inForce])).toEqual([
      [firstOfMonth(2), true],
      [firstOfMonth(12), false],
    ]);
    expect((await listCatalogue(sltCoo)).find((r) => r.id === id)).toMatchObject({ targetValue: "95.0000", targetFrom: firstOfMonth(2) });
  });

  it("replaces the target of the same month, with the replaced one as before", async () => {
    const { id } = await newMeasure();
    session.user = admin;
    const result = await addTargetChange(undefined, form(await targetFields(id, { targetKind: "tbc", targetValue: undefined, tbcDue: "2026-06-30", targetFrom: monthInput(12), reason: "Target withdrawn pending review" })));
    expect(result).toMatchObject({ ok: true, data: { replaced: true } });
    const { targets } = await snapshot(id);
    expect(targets.map((t) => [t.effectiveFrom, t.targetValue, t.tbcDue, t.note])).toEqual([[firstOfMonth(12), null, "2026-06-30", "Target withdrawn pending review"]]);
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: "measure.target.replace",
      before: { targetValue: "90.0000", effectiveFrom: firstOfMonth(12), tbcDue: null, note: "COO Business Plan" },
      after: { targetValue: null, effectiveFrom: firstOfMonth(12), tbcDue: "2026-06-30" },
      reason: "Target withdrawn pending review",
    });
  });

  it.each<[string, Fields, string, string]>([
    ["a target to be confirmed without its due date", { targetKind: "tbc", targetValue: undefined, tbcDue: "" }, "tbcDue", "Enter the date the target is due to be agreed"],
    ["a value with a due date", { tbcDue: "2026-01-31" }, "tbcDue", "Only a target to be confirmed has a due date: clear the date, or choose to be confirmed"],
    ["no reason", { reason: "  " }, "reason", "Enter the reason for the change, like who agreed it and when"],
    ["no month", { targetFrom: "" }, "targetFrom", "Enter the month the target applies from"],
    ["a percentage over 100", { targetValue: "100.01" }, "targetValue", "A percentage must be between 0 and 100"],
  ])("refuses %s and changes nothing", async (_name, over, field, message) => {
    const { id } = await newMeasure();
    const before = await snapshot(id);
    session.user = sltCoo;
    const result = await addTargetChange(undefined, form(await targetFields(id, over)));
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [message] } });
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses a score target outside the measure's scale", async () => {
    const { id } = await newMeasure({ valueType: "score", scaleMin: "1", scaleMax: "7", quarterRule: "mean", baselineValue: "5", targetValue: "5.5" });
    session.user = admin;
    expect(await addTargetChange(undefined, form(await targetFields(id, { targetValue: "7.5" })))).toMatchObject({
      ok: false,
      fieldErrors: { targetValue: ["Must be within the scale, 1 to 7"] },
    });
  });

  it("refuses a change made from a stale page, and changes nothing", async () => {
    const { id } = await newMeasure();
    session.user = admin;
    const stale = await targetFields(id, { targetValue: "70" });
    expect((await addTargetChange(undefined, form(await targetFields(id, { targetValue: "85" })))).ok).toBe(true);
    const before = await snapshot(id);
    const result = await addTargetChange(undefined, form(stale));
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Someone else changed this measure or its targets/), current: { version: 2 } });
    expect(await snapshot(id)).toEqual(before);
  });

  it("judges a month before the change against the old target and a month after it against the new one", async () => {
    // Target 90 from a year ago; 85 is off target against it (the 5% band starts at 85.5) but on target against 80.
    const { id } = await newMeasure();
    await db.insert(measureValues).values({ measureId: id, period: firstOfMonth(3), value: "85", status: "submitted" });
    session.user = sltCoo;
    expect((await addTargetChange(undefined, form(await targetFields(id, { targetValue: "80", targetFrom: monthInput(2) })))).ok).toBe(true);

    const beforeChange = (await onDashboard(id, 3))?.latest;
    expect(beforeChange).toMatchObject({ period: firstOfMonth(3), value: 85, target: 90, status: "off_target" });

    await db.insert(measureValues).values({ measureId: id, period: firstOfMonth(1), value: "85", status: "submitted" });
    const afterChange = (await onDashboard(id, 1))?.latest;
    expect(afterChange).toMatchObject({ period: firstOfMonth(1), value: 85, target: 80, status: "on_target" });
  });
});

describe("catalogue reads", () => {
  it("lists only the measures of the SLT member's department, every department for an administrator", async () => {
    const coo = await newMeasure();
    const cls = await newMeasure({ unitId: String(unit("cls-customer-services")) });
    const [cooRows, clsRows, adminRows] = await Promise.all([listCatalogue(sltCoo), listCatalogue(sltCls), listCatalogue(admin)]);
    expect(new Set(cooRows.map((r) => r.departmentId))).toEqual(new Set([unit("coo")]));
    expect(new Set(clsRows.map((r) => r.departmentId))).toEqual(new Set([unit("cls")]));
    expect(cooRows.some((r) => r.id === coo.id) && !cooRows.some((r) => r.id === cls.id)).toBe(true);
    expect(adminRows.some((r) => r.id === coo.id) && adminRows.some((r) => r.id === cls.id)).toBe(true);
    expect(adminRows.find((r) => r.code === "MD-INC-P1")).toMatchObject({ unitName: "Modernisation and Digital", departmentName: "Chief Operating Office", targetValue: "90.0000" });
  });

  it("shows the target in force today and the next agreed change", async () => {
    const { id } = await newMeasure();
    session.user = admin;
    const next = new Date(new Date().getFullYear(), new Date().getMonth() + 2, 1);
    const nextMonth = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, "0")}`;
    expect((await addTargetChange(undefined, form(await targetFields(id, { targetValue: "92", targetFrom: nextMonth })))).ok).toBe(true);
    expect((await listCatalogue(admin)).find((r) => r.id === id)).toMatchObject({
      targetValue: "90.0000",
      targetFrom: firstOfMonth(12),
      nextTargetValue: "92.0000",
      nextTargetFrom: `${nextMonth}-01`,
    });
  });

  it("gives the edit page nothing for a measure out of scope or missing, and refuses roles that do not manage measures", async () => {
    const { id } = await newMeasure();
    expect(await getMeasureForEdit(sltCoo, id)).toMatchObject({ id, unitName: "Modernisation and Digital" });
    expect(await getMeasureForEdit(sltCls, id)).toBeNull();
    expect(await getMeasureForEdit(admin, 2_000_000_000)).toBeNull();
    await expect(getMeasureForEdit(leadMd, id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listCatalogue(viewer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("offers SLT only the units of its own department", async () => {
    // Other test files may add units: compare with the unit tree as stored now.
    const { rows } = await db.execute<{ id: number; slug: string; department: string }>(sql`
      with recursive tree(id, slug, department) as (
        select id, slug, slug from org_units where kind = 'department'
        union all
        select o.id, o.slug, t.department from org_units o join tree t on o.parent_id = t.id
      )
      select id, slug, department from tree`);
    const units = await listManageableUnits(sltCoo);
    expect(units.map((u) => u.id).sort((a, b) => a - b)).toEqual(rows.filter((r) => r.department === "coo").map((r) => r.id).sort((a, b) => a - b));
    expect(units.map((u) => u.id)).toEqual(expect.arrayContaining([unit("coo"), unit("pcs"), unit("md"), unit("commercial")]));
    expect(units[0]).toMatchObject({ id: unit("coo"), kind: "department" });
    expect(units.every((u) => u.departmentId === unit("coo"))).toBe(true);
    expect((await listManageableUnits(admin)).map((u) => u.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
  });
});
