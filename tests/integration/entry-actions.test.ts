import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { saveFigures } from "@/app/(app)/entry/actions";
import { measures, measureTargets, measureValues, orgUnits, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { lastCompletedMonth, monthParam, toPeriod } from "@/lib/entry/periods";
import { loadSheet } from "@/lib/entry/sheet";
import { form, session, sessionUserFor, setUpTestDb } from "../support/harness";

// The session is what the test says it is; next/cache needs a Next request context, so it is a no-op here.
vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const run = randomUUID().slice(0, 8);

/**
 * This file's own unit under COO, with one measure of each kind and two leads of its own, so that
 * nothing here depends on (or disturbs) the demo figures other test files read. Each test works in
 * a month of its own: a unit's month is one sheet, so tests do not see each other's figures.
 */
let unitId: number;
const m = { pct: 0, cnt: 0, score: 0, ratio: 0, qtr: 0 };
let leadA: SessionUser;
let leadB: SessionUser;
let leadMd: SessionUser;
let sltCoo: SessionUser;
let sltCls: SessionUser;
let viewer: SessionUser;
let admin: SessionUser;
let mdP1: number;

const NOTHING_SAVED = "Nothing was saved: please correct the figures marked below.";
const FORBIDDEN = { ok: false as const, message: "You do not have permission to do that." };

beforeAll(async () => {
  const [coo] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"));
  const [unit] = await db
    .insert(orgUnits)
    .values({ slug: `entry-test-${run}`, name: `Entry Test ${run}`, shortName: `ET ${run}`, kind: "directorate", parentId: coo!.id, sortOrder: 99 })
    .returning({ id: orgUnits.id });
  unitId = unit!.id;

  const base = { unitId, category: "service" as const, dataSource: "Entry test", decimals: 1 };
  const code = (k: string) => `ENTRY-${run.toUpperCase()}-${k}`;
  const rows = await db
    .insert(measures)
    .values([
      { ...base, code: code("PCT"), name: `Test percent ${run}`, valueType: "percent", direction: "higher_better", quarterRule: "mean", sortOrder: 1 },
      { ...base, code: code("CNT"), name: `Test count ${run}`, valueType: "count", decimals: 0, direction: "lower_better", quarterRule: "sum", sortOrder: 2 },
      { ...base, code: code("SCORE"), name: `Test score ${run}`, valueType: "score", scaleMin: "1", scaleMax: "7", direction: "higher_better", quarterRule: "mean", sortOrder: 3 },
      // Whole-number parts and a percentage, like the demo's ratio measures.
      { ...base, code: code("RATIO"), name: `Test ratio ${run}`, valueType: "percent", direction: "higher_better", quarterRule: "ratio", sortOrder: 4 },
      { ...base, code: code("QTR"), name: `Test quarterly ${run}`, valueType: "count", decimals: 0, direction: "higher_better", frequency: "quarterly", quarterRule: "last", sortOrder: 5 },
    ])
    .returning({ id: measures.id, code: measures.code });
  const id = (k: string) => rows.find((r) => r.code === code(k))!.id;
  Object.assign(m, { pct: id("PCT"), cnt: id("CNT"), score: id("SCORE"), ratio: id("RATIO"), qtr: id("QTR") });
  await db.insert(measureTargets).values([
    { measureId: m.pct, targetValue: "90", effectiveFrom: "2000-01-01" },
    { measureId: m.cnt, targetValue: "10", effectiveFrom: "2000-01-01" },
    { measureId: m.score, targetValue: "5", effectiveFrom: "2000-01-01" },
    { measureId: m.ratio, targetValue: "90", effectiveFrom: "2000-01-01" },
    { measureId: m.qtr, targetValue: "40", effectiveFrom: "2000-01-01" },
  ]);

  const leads = await db
    .insert(users)
    .values([
      { email: `lead-a-${run}@entry.test`, name: `Lead A ${run}`, role: "LEAD", unitId },
      { email: `lead-b-${run}@entry.test`, name: `Lead B ${run}`, role: "LEAD", unitId },
    ])
    .returning({ id: users.id });
  leadA = await sessionUserFor({ id: leads[0]!.id });
  leadB = await sessionUserFor({ id: leads[1]!.id });
  const as = (name: string) => sessionUserFor({ email: `${name}@baseline.test` });
  [leadMd, sltCoo, sltCls, viewer, admin] = await Promise.all([as("lead.md"), as("slt.coo"), as("slt.cls"), as("viewer"), as("admin")]);
  const [p1] = await db.select({ id: measures.id }).from(measures).where(eq(measures.code, "MD-INC-P1"));
  mdP1 = p1!.id;
});

// lib/log.ts writes JSON lines to stdout: keep the output quiet.
const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);

beforeEach(() => {
  session.user = null;
  vi.mocked(revalidatePath).mockClear();
});

afterAll(async () => {
  logged.mockRestore();
  // Leave the shared database as the demo has it for the files that run after this one: no test
  // figures (some are drafts in old months) and no test measures on COO's dashboard. The audit
  // log is append-only, and the unit and users it names stay.
  const ids = Object.values(m).filter(Boolean);
  if (ids.length) {
    await db.delete(measureValues).where(inArray(measureValues.measureId, ids));
    await db.update(measures).set({ active: false }).where(inArray(measures.id, ids));
  }
});

// ---------------------------------------------------------------------------------------------
// Helpers

type Cell = { value?: string; numerator?: string; denominator?: string; commentary?: string; reason?: string; version?: number };
type Sheet = Partial<Record<keyof typeof m, Cell>>;

/** The versions the entry page would put in its hidden fields for this unit and month. */
async function versionsShown(month: string, unit = unitId): Promise<Map<number, number>> {
  const rows = await loadSheet(db, unit, `${month}-01`);
  return new Map(rows.map((r) => [r.measureId, r.current?.version ?? 0]));
}

/**
 * The entry form as the browser posts it: React's own field, the hidden unit and month, then for
 * each measure its version and inputs (all strings), and the button pressed as `intent`.
 */
function entryForm(month: string, intent: "draft" | "submit", cells: [number, Cell][], versions: Map<number, number>, unit = unitId): FormData {
  const fd = form({ unitId: unit, month });
  for (const [id, cell] of cells) {
    fd.append(`m.${id}.version`, String(cell.version ?? versions.get(id) ?? 0));
    if (cell.numerator !== undefined || cell.denominator !== undefined) {
      fd.append(`m.${id}.numerator`, cell.numerator ?? "");
      fd.append(`m.${id}.denominator`, cell.denominator ?? "");
    } else {
      fd.append(`m.${id}.value`, cell.value ?? "");
    }
    fd.append(`m.${id}.commentary`, cell.commentary ?? "");
    if (cell.reason !== undefined) fd.append(`m.${id}.reason`, cell.reason);
  }
  fd.append("intent", intent);
  return fd;
}

const cellsOf = (sheet: Sheet): [number, Cell][] => Object.entries(sheet).map(([k, cell]) => [m[k as keyof typeof m], cell!]);

/** Loads the page as `user` would (versions), then posts the sheet. */
async function post(user: SessionUser | null, month: string, intent: "draft" | "submit", sheet: Sheet) {
  const versions = await versionsShown(month);
  session.user = user;
  return saveFigures(null, entryForm(month, intent, cellsOf(sheet), versions));
}

/** A complete, on-target month for the four monthly measures. */
const onTarget = (): Sheet => ({
  pct: { value: "95" },
  cnt: { value: "4" },
  score: { value: "6" },
  ratio: { numerator: "19", denominator: "20" },
});

/** What is stored for this unit in a month (the quarter's first month for quarterly figures). */
async function stored(period: string) {
  const rows = await db
    .select({
      measureId: measureValues.measureId,
      periodType: measureValues.periodType,
      value: measureValues.value,
      numerator: measureValues.numerator,
      denominator: measureValues.denominator,
      commentary: measureValues.commentary,
      status: measureValues.status,
      version: measureValues.version,
      enteredById: measureValues.enteredById,
      submittedById: measureValues.submittedById,
      submittedAt: measureValues.submittedAt,
    })
    .from(measureValues)
    .where(and(inArray(measureValues.measureId, Object.values(m)), eq(measureValues.period, `${period}-01`)));
  const by = (id: number) => rows.find((r) => r.measureId === id);
  return { rows, by, value: (id: number) => (by(id)?.value == null ? null : Number(by(id)!.value)) };
}

/** Audit entries about this unit's figures, oldest first. */
async function audit() {
  const { rows } = await db.execute<{ id: number; actor_id: number; action: string; entity_id: string; before: Record<string, unknown> | null; after: Record<string, unknown>; reason: string | null }>(sql`
    select id::int, actor_id, action, entity_id, before, after, reason from audit_log
    where entity_type = 'measure_value' and unit_id = ${unitId} order by id`);
  return rows;
}

/** What a refused post must leave as it was: the month's figures and the unit's audit trail. */
async function baseline(month: string) {
  vi.mocked(revalidatePath).mockClear();
  return { month, rows: (await stored(month)).rows, audit: await audit() };
}

/** Proves a refused post changed nothing since `baseline`, and refreshed no page. */
async function expectNothingChanged(before: Awaited<ReturnType<typeof baseline>>) {
  expect((await stored(before.month)).rows).toEqual(before.rows);
  expect(await audit()).toEqual(before.audit);
  expect(revalidatePath).not.toHaveBeenCalled();
}

// ---------------------------------------------------------------------------------------------

describe("saveFigures: each figure rule gives its field error and nothing is stored", () => {
  const cases: [string, string, keyof typeof m, Cell, "value" | "numerator" | "denominator", string][] = [
    ["percent above 100", "2025-01", "pct", { value: "100.5" }, "value", "Enter a percentage between 0 and 100"],
    ["negative percent", "2025-01", "pct", { value: "-1" }, "value", "Enter a percentage between 0 and 100"],
    ["text in a number field", "2025-01", "pct", { value: "ninety" }, "value", "Enter a number, like 95 or 95.5"],
    ["more than 4 decimal places", "2025-01", "pct", { value: "95.12345" }, "value", "Use at most 4 decimal places"],
    ["negative count", "2025-01", "cnt", { value: "-1" }, "value", "Enter a whole number of 0 or more"],
    ["fractional count", "2025-01", "cnt", { value: "2.5" }, "value", "Enter a whole number of 0 or more"],
    ["score above the scale", "2025-01", "score", { value: "8" }, "value", "Enter a score between 1 and 7"],
    ["score below the scale", "2025-01", "score", { value: "0.5" }, "value", "Enter a score between 1 and 7"],
    ["numerator > denominator", "2025-01", "ratio", { numerator: "21", denominator: "20" }, "numerator", "The numerator cannot be larger than the denominator"],
    ["denominator 0", "2025-01", "ratio", { numerator: "0", denominator: "0" }, "denominator", "The denominator must be more than 0"],
    ["half-filled ratio", "2025-01", "ratio", { numerator: "", denominator: "20" }, "numerator", "Enter the numerator as well as the denominator"],
    ["text in a ratio part", "2025-01", "ratio", { numerator: "19", denominator: "twenty" }, "denominator", "Enter a number, like 95 or 95.5"],
  ];

  it.each(cases)("%s", async (_label, month, key, cell, field, message) => {
    for (const intent of ["draft", "submit"] as const) {
      const before = await baseline(month);
      // The other measures are valid: all or nothing means they are not stored either.
      const result = await post(leadA, month, intent, { ...onTarget(), [key]: cell });
      expect(result).toEqual({ ok: false, message: NOTHING_SAVED, fieldErrors: { [`m.${m[key]}.${field}`]: [message] } });
      expect(before.rows).toEqual([]);
      await expectNothingChanged(before);
    }
  });

  it("reports every bad figure of the form at once", async () => {
    const result = await post(leadA, "2025-01", "draft", { pct: { value: "101" }, cnt: { value: "1.5" }, score: { value: "x" }, ratio: { numerator: "-1", denominator: "0" } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fieldErrors).toEqual({
      [`m.${m.pct}.value`]: ["Enter a percentage between 0 and 100"],
      [`m.${m.cnt}.value`]: ["Enter a whole number of 0 or more"],
      [`m.${m.score}.value`]: ["Enter a number, like 95 or 95.5"],
      [`m.${m.ratio}.numerator`]: ["Enter a number of 0 or more"],
      [`m.${m.ratio}.denominator`]: ["The denominator must be more than 0"],
    });
    expect((await stored("2025-01")).rows).toEqual([]);
  });

  it("stores what a person types the way the rules read it (95%, 1,234, spaces, -0)", async () => {
    const result = await post(leadA, "2025-02", "draft", { pct: { value: " 95.5% " }, cnt: { value: "1,234" }, score: { value: "-0" }, ratio: { numerator: " 5 ", denominator: "6" } });
    // A score of 0 is below the 1–7 scale: the whole form is refused.
    expect(result).toEqual({ ok: false, message: NOTHING_SAVED, fieldErrors: { [`m.${m.score}.value`]: ["Enter a score between 1 and 7"] } });
    const ok = await post(leadA, "2025-02", "draft", { pct: { value: " 95.5% " }, cnt: { value: "1,234" }, score: { value: "5.5" }, ratio: { numerator: " 5 ", denominator: "6" } });
    expect(ok).toEqual({ ok: true, data: { saved: 4, submitted: 0, unchanged: 0 } });
    const s = await stored("2025-02");
    expect([s.value(m.pct), s.value(m.cnt), s.value(m.score), s.value(m.ratio)]).toEqual([95.5, 1234, 5.5, 83.3333]);
    expect([Number(s.by(m.ratio)!.numerator), Number(s.by(m.ratio)!.denominator)]).toEqual([5, 6]);
  });
});

describe("saveFigures: the month", () => {
  it("refuses a month that has not ended yet (this month and next), storing nothing", async () => {
    const now = new Date();
    const thisMonth = monthParam(toPeriod(now));
    const nextMonth = monthParam(toPeriod(new Date(now.getFullYear(), now.getMonth() + 1, 1)));
    for (const month of [thisMonth, nextMonth]) {
      const before = await baseline(month);
      const result = await post(leadA, month, "draft", onTarget());
      expect(result).toEqual({
        ok: false,
        message: "Nothing was saved.",
        fieldErrors: { month: ["This month has not ended yet: figures can be entered from the 1st of next month."] },
      });
      expect(before.rows).toEqual([]);
      await expectNothingChanged(before);
    }
  });

  it("accepts the month that has just ended", async () => {
    const month = monthParam(lastCompletedMonth(new Date()));
    const result = await post(leadA, month, "draft", { pct: { value: "91" } });
    expect(result).toEqual({ ok: true, data: { saved: 1, submitted: 0, unchanged: 0 } });
    expect(revalidatePath).toHaveBeenCalledWith("/entry");
    expect(revalidatePath).toHaveBeenCalledWith("/dashboard");
  });

  it.each(["2026-13", "2026-1", "", "October"])("refuses the month %j as malformed", async (month) => {
    session.user = leadA;
    const result = await saveFigures(null, entryForm(month, "draft", cellsOf(onTarget()), new Map()));
    expect(result).toMatchObject({ ok: false, fieldErrors: { month: ["Choose a month"] } });
  });
});

describe("saveFigures: draft, then submit", () => {
  it("saves a draft, then submits the month", async () => {
    const month = "2023-01";
    const draft = await post(leadA, month, "draft", onTarget());
    expect(draft).toEqual({ ok: true, data: { saved: 4, submitted: 0, unchanged: 0 } });
    let s = await stored(month);
    expect(s.rows).toHaveLength(4);
    for (const r of s.rows) expect(r).toMatchObject({ status: "draft", version: 1, enteredById: leadA.id, submittedById: null, submittedAt: null, periodType: "month" });
    expect([s.value(m.pct), s.value(m.cnt), s.value(m.score), s.value(m.ratio)]).toEqual([95, 4, 6, 95]);
    const drafts = await audit();
    expect(drafts.filter((a) => a.after.period === `${month}-01`).map((a) => [a.action, a.before, a.reason])).toEqual(Array(4).fill(["figure.save_draft", null, null]));

    const submit = await post(leadA, month, "submit", onTarget());
    expect(submit).toEqual({ ok: true, data: { saved: 4, submitted: 4, unchanged: 0 } });
    s = await stored(month);
    for (const r of s.rows) expect(r).toMatchObject({ status: "submitted", version: 2, submittedById: leadA.id });
    for (const r of s.rows) expect(r.submittedAt).toBeInstanceOf(Date);
    const submits = (await audit()).filter((a) => a.after.period === `${month}-01` && a.action === "figure.submit");
    expect(submits).toHaveLength(4);
    const pctSubmit = submits.find((a) => a.after.measure === `ENTRY-${run.toUpperCase()}-PCT`)!;
    expect(pctSubmit.before).toMatchObject({ value: 95, status: "draft" });
    expect(pctSubmit.after).toMatchObject({ value: 95, status: "submitted" });
  });

  it("submits in one step without a draft first", async () => {
    const result = await post(leadA, "2025-04", "submit", onTarget());
    expect(result).toEqual({ ok: true, data: { saved: 4, submitted: 4, unchanged: 0 } });
    expect((await stored("2025-04")).rows.map((r) => [r.status, r.version])).toEqual(Array(4).fill(["submitted", 1]));
  });

  it("refuses an off-target figure without commentary on submit, and accepts it with commentary", async () => {
    const month = "2025-05";
    // 50% against a target of 90 and a ratio of 10/20 = 50%: both off target.
    const off: Sheet = { ...onTarget(), pct: { value: "50" }, ratio: { numerator: "10", denominator: "20" } };
    const before = await baseline(month);
    const refused = await post(leadA, month, "submit", off);
    const message = "This figure is off target: explain why and what is being done";
    expect(refused).toEqual({ ok: false, message: NOTHING_SAVED, fieldErrors: { [`m.${m.pct}.commentary`]: [message], [`m.${m.ratio}.commentary`]: [message] } });
    await expectNothingChanged(before);

    // Whitespace is not commentary.
    const blank = await post(leadA, month, "submit", { ...off, pct: { value: "50", commentary: "   " }, ratio: { numerator: "10", denominator: "20", commentary: "Staff shortage" } });
    expect(blank).toMatchObject({ ok: false, fieldErrors: { [`m.${m.pct}.commentary`]: [message] } });

    // A draft may be off target without commentary (it is not submitted yet).
    expect(await post(leadA, month, "draft", off)).toMatchObject({ ok: true, data: { saved: 4 } });

    const accepted = await post(leadA, month, "submit", {
      ...off,
      pct: { value: "50", commentary: "  Two staff on long-term sick leave; agency cover from next month.  " },
      ratio: { numerator: "10", denominator: "20", commentary: "Supplier outage on the 12th." },
    });
    expect(accepted).toEqual({ ok: true, data: { saved: 4, submitted: 4, unchanged: 0 } });
    const s = await stored(month);
    expect(s.by(m.pct)).toMatchObject({ status: "submitted", commentary: "Two staff on long-term sick leave; agency cover from next month." });
    expect(s.by(m.ratio)).toMatchObject({ status: "submitted", commentary: "Supplier outage on the 12th." });
    expect(s.value(m.ratio)).toBe(50);
  });

  it("judges a lower-is-better count against its target: 11 is off target (5% of 10 is 0.5), 10 is on target", async () => {
    const month = "2025-06";
    // June ends a quarter, so the quarterly measure is due too.
    expect(await post(leadA, month, "submit", { ...onTarget(), cnt: { value: "11" }, qtr: { value: "50" } })).toEqual({
      ok: false,
      message: NOTHING_SAVED,
      fieldErrors: { [`m.${m.cnt}.commentary`]: ["This figure is off target: explain why and what is being done"] },
    });
    expect(await post(leadA, month, "submit", { ...onTarget(), cnt: { value: "10" }, qtr: { value: "50" } })).toEqual({ ok: true, data: { saved: 5, submitted: 5, unchanged: 0 } });
  });

  it("refuses to submit with a due figure missing and no commentary; commentary saying why is enough", async () => {
    const month = "2025-07";
    const before = await baseline(month);
    const missing = await post(leadA, month, "submit", { ...onTarget(), cnt: { value: "" } });
    expect(missing).toEqual({
      ok: false,
      message: NOTHING_SAVED,
      fieldErrors: { [`m.${m.cnt}.commentary`]: ["Enter a figure, or explain in the commentary why there is none this month"] },
    });
    await expectNothingChanged(before);

    // A measure left out of the form altogether is still due.
    const { cnt: _left, ...withoutCount } = onTarget();
    void _left;
    expect(await post(leadA, month, "submit", withoutCount)).toMatchObject({ ok: false, fieldErrors: { [`m.${m.cnt}.commentary`]: [expect.any(String)] } });

    const explained = await post(leadA, month, "submit", { ...onTarget(), cnt: { value: "", commentary: "The case system was down all month; no count is available." } });
    expect(explained).toEqual({ ok: true, data: { saved: 4, submitted: 4, unchanged: 0 } });
    expect((await stored(month)).by(m.cnt)).toMatchObject({ value: null, status: "submitted", commentary: "The case system was down all month; no count is available." });
  });
});

describe("saveFigures: correcting a submitted figure", () => {
  it("asks for a reason, then stores the correction with an audit entry holding before, after and reason", async () => {
    const month = "2025-08";
    expect(await post(leadA, month, "submit", onTarget())).toMatchObject({ ok: true });
    const before = await baseline(month);

    const noReason = await post(leadA, month, "submit", { ...onTarget(), pct: { value: "93" } });
    expect(noReason).toEqual({ ok: false, message: NOTHING_SAVED, fieldErrors: { [`m.${m.pct}.reason`]: ["Say why this submitted figure is being corrected"] } });
    const blankReason = await post(leadA, month, "draft", { ...onTarget(), pct: { value: "93", reason: "  " } });
    expect(blankReason).toMatchObject({ ok: false, fieldErrors: { [`m.${m.pct}.reason`]: [expect.any(String)] } });
    // A changed commentary is a correction too.
    const commentOnly = await post(leadA, month, "draft", { ...onTarget(), cnt: { value: "4", commentary: "Added later" } });
    expect(commentOnly).toMatchObject({ ok: false, fieldErrors: { [`m.${m.cnt}.reason`]: [expect.any(String)] } });
    await expectNothingChanged(before);

    const corrected = await post(leadA, month, "submit", { ...onTarget(), pct: { value: "93", reason: "The service desk re-ran the report after late closures." } });
    expect(corrected).toEqual({ ok: true, data: { saved: 1, submitted: 0, unchanged: 3 } });
    const after = await stored(month);
    const was = (id: number) => before.rows.find((r) => r.measureId === id)!;
    expect(after.by(m.pct)).toMatchObject({ value: "93.0000", status: "submitted", version: was(m.pct).version + 1, enteredById: leadA.id, submittedById: leadA.id });
    expect(after.by(m.pct)!.submittedAt).toEqual(was(m.pct).submittedAt);
    for (const other of [m.cnt, m.score, m.ratio]) expect(after.by(other)).toEqual(was(other));

    const entries = (await audit()).slice(before.audit.length);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor_id: leadA.id,
      action: "figure.correct",
      before: { value: 95, status: "submitted", commentary: null },
      after: { value: 93, status: "submitted", measure: `ENTRY-${run.toUpperCase()}-PCT`, period: `${month}-01` },
      reason: "The service desk re-ran the report after late closures.",
    });
  });

  it("keeps the submit rules for a correction saved with 'Save as draft' (it stays submitted)", async () => {
    const month = "2025-09";
    expect(await post(leadA, month, "submit", { ...onTarget(), qtr: { value: "45" } })).toMatchObject({ ok: true });
    const before = await baseline(month);

    // Off target without commentary, through the draft button.
    const off = await post(leadA, month, "draft", { pct: { value: "40", reason: "Recounted" } });
    expect(off).toEqual({ ok: false, message: NOTHING_SAVED, fieldErrors: { [`m.${m.pct}.commentary`]: ["This figure is off target: explain why and what is being done"] } });
    // Emptied, with no commentary saying why.
    const emptied = await post(leadA, month, "draft", { ratio: { numerator: "", denominator: "", reason: "Wrong report" } });
    expect(emptied).toMatchObject({ ok: false, fieldErrors: { [`m.${m.ratio}.commentary`]: [expect.stringContaining("Enter a figure")] } });
    await expectNothingChanged(before);

    const fine = await post(leadA, month, "draft", { pct: { value: "40", reason: "Recounted", commentary: "Recount found unresolved cases." } });
    expect(fine).toEqual({ ok: true, data: { saved: 1, submitted: 0, unchanged: 0 } });
    expect((await stored(month)).by(m.pct)).toMatchObject({ value: "40.0000", status: "submitted" });
  });
});

describe("saveFigures: saving the same form twice", () => {
  it("changes nothing the second time: saved 0, no new audit entries, versions unchanged", async () => {
    const month = "2025-10";
    const versions = await versionsShown(month);
    session.user = leadA;
    const form = () => entryForm(month, "draft", cellsOf(onTarget()), versions);
    expect(await saveFigures(null, form())).toEqual({ ok: true, data: { saved: 4, submitted: 0, unchanged: 0 } });
    const first = await stored(month);
    const auditAfterFirst = await audit();

    // The very same form again (Save pressed twice before the page reloaded): not a conflict.
    expect(await saveFigures(null, form())).toEqual({ ok: true, data: { saved: 0, submitted: 0, unchanged: 4 } });
    // And again from the reloaded page, with the new versions.
    expect(await post(leadA, month, "draft", onTarget())).toEqual({ ok: true, data: { saved: 0, submitted: 0, unchanged: 4 } });
    // Equal figures written differently ("95.0", "95%") are the same figures.
    expect(await post(leadA, month, "draft", { ...onTarget(), pct: { value: "95.0%" }, ratio: { numerator: "19.0", denominator: "20" } })).toMatchObject({ ok: true, data: { saved: 0 } });

    expect((await stored(month)).rows).toEqual(first.rows);
    expect(await audit()).toEqual(auditAfterFirst);
  });

  it("submitting an already submitted month again stores nothing", async () => {
    const month = "2025-11";
    expect(await post(leadA, month, "submit", onTarget())).toMatchObject({ ok: true, data: { saved: 4, submitted: 4 } });
    const auditAfter = await audit();
    const first = await stored(month);
    expect(await post(leadA, month, "submit", onTarget())).toEqual({ ok: true, data: { saved: 0, submitted: 0, unchanged: 4 } });
    expect((await stored(month)).rows).toEqual(first.rows);
    expect(await audit()).toEqual(auditAfter);
  });
});

describe("saveFigures: two people on the same figures", () => {
  it("refuses the second save made from the same version, listing what is stored, and keeps the first", async () => {
    const month = "2025-12";
    expect(await post(leadA, month, "draft", onTarget())).toMatchObject({ ok: true });
    // Both open the page: the same versions.
    const seenByA = await versionsShown(month);
    const seenByB = await versionsShown(month);

    session.user = leadB;
    const first = await saveFigures(null, entryForm(month, "draft", cellsOf({ ...onTarget(), pct: { value: "91" } }), seenByB));
    expect(first).toEqual({ ok: true, data: { saved: 1, submitted: 0, unchanged: 3 } });
    const auditAfterFirst = await audit();
    vi.mocked(revalidatePath).mockClear();

    session.user = leadA;
    const second = await saveFigures(null, entryForm(month, "draft", cellsOf({ ...onTarget(), pct: { value: "97" }, cnt: { value: "3" } }), seenByA));
    expect(second).toEqual({
      ok: false,
      message: "Someone else saved some of these figures since you opened the page. Nothing was saved.",
      current: [{ measureId: m.pct, name: `Test percent ${run}`, stored: { value: 91, status: "draft", by: leadB.name, version: 2 } }],
    });
    const s = await stored(month);
    expect(s.value(m.pct)).toBe(91);
    // All or nothing: A's other change (the count) was not stored either.
    expect(s.value(m.cnt)).toBe(4);
    expect(await audit()).toEqual(auditAfterFirst);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("names who last changed the figure: the corrector, not the original submitter", async () => {
    const month = "2024-01";
    expect(await post(leadA, month, "submit", onTarget())).toMatchObject({ ok: true });
    const seenByA = await versionsShown(month);
    expect(await post(leadB, month, "draft", { pct: { value: "96", reason: "Late closures added" } })).toMatchObject({ ok: true, data: { saved: 1 } });

    session.user = leadA;
    const stale = await saveFigures(null, entryForm(month, "draft", cellsOf({ pct: { value: "92", reason: "Typo" } }), seenByA));
    expect(stale).toMatchObject({ ok: false, current: [{ measureId: m.pct, stored: { value: 96, status: "submitted", by: leadB.name, version: 2 } }] });
    expect((await stored(month)).value(m.pct)).toBe(96);
  });

  it("refuses a first entry when someone else entered the figure meanwhile", async () => {
    const month = "2024-02";
    const seen = await versionsShown(month);
    expect(seen.get(m.pct)).toBe(0);
    session.user = leadB;
    expect(await saveFigures(null, entryForm(month, "draft", cellsOf({ pct: { value: "88" } }), seen))).toMatchObject({ ok: true });
    session.user = leadA;
    const second = await saveFigures(null, entryForm(month, "draft", cellsOf({ pct: { value: "89" } }), seen));
    expect(second).toMatchObject({ ok: false, current: [{ measureId: m.pct, stored: { value: 88, status: "draft", by: leadB.name, version: 1 } }] });
    expect((await stored(month)).value(m.pct)).toBe(88);
  });
});

describe("saveFigures: who may enter figures", () => {
  const month = "2024-03";

  const refused: [string, () => SessionUser | null, { ok: false; message: string }][] = [
    ["a signed-out caller", () => null, { ok: false, message: "Your session has ended. Please sign in again." }],
    ["the lead of another unit (lead.md)", () => leadMd, FORBIDDEN],
    ["SLT of another department (slt.cls)", () => sltCls, FORBIDDEN],
    ["a viewer", () => viewer, FORBIDDEN],
  ];
  it.each(refused)("refuses %s and stores nothing", async (_who, user, expected) => {
    for (const intent of ["draft", "submit"] as const) {
      const before = await baseline(month);
      const result = await post(user(), month, intent, onTarget());
      expect(result).toEqual(expected);
      await expectNothingChanged(before);
    }
  });

  it("refuses a unit that does not exist", async () => {
    session.user = admin;
    expect(await saveFigures(null, entryForm(month, "draft", cellsOf(onTarget()), new Map(), 2_000_000_000))).toEqual(FORBIDDEN);
  });

  it("refuses a measure of another unit slipped into the form, storing nothing", async () => {
    const p1Figures = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(measureValues).where(and(eq(measureValues.measureId, mdP1), eq(measureValues.period, `${month}-01`))))[0]!.n;
    const p1Before = await p1Figures();
    const before = await baseline(month);
    const versions = await versionsShown(month);
    session.user = leadA;
    const result = await saveFigures(null, entryForm(month, "draft", [...cellsOf(onTarget()), [mdP1, { numerator: "1", denominator: "1" }]], versions));
    expect(result).toEqual({ ok: false, message: NOTHING_SAVED, fieldErrors: { [`m.${mdP1}.measure`]: ["This measure is not due for this unit and month."] } });
    await expectNothingChanged(before);
    expect(await p1Figures()).toBe(p1Before);
  });

  it("lets SLT of the unit's department save and submit", async () => {
    expect(await post(sltCoo, "2024-04", "draft", onTarget())).toMatchObject({ ok: true, data: { saved: 4 } });
    expect(await post(sltCoo, "2024-04", "submit", onTarget())).toMatchObject({ ok: true, data: { submitted: 4 } });
    const s = await stored("2024-04");
    for (const r of s.rows) expect(r).toMatchObject({ status: "submitted", enteredById: sltCoo.id, submittedById: sltCoo.id });
  });

  it("lets an administrator save and submit", async () => {
    expect(await post(admin, "2024-05", "submit", onTarget())).toMatchObject({ ok: true, data: { saved: 4, submitted: 4 } });
    expect((await stored("2024-05")).rows.every((r) => r.submittedById === admin.id)).toBe(true);
  });

  it("lets the unit's own lead submit", async () => {
    expect(await post(leadB, "2024-06", "submit", { ...onTarget(), qtr: { value: "41" } })).toMatchObject({ ok: true, data: { submitted: 5 } });
  });
});

describe("saveFigures: quarterly measures", () => {
  it("are not due in a month that does not end a quarter", async () => {
    const month = "2024-08";
    const before = await baseline(month);
    const result = await post(leadA, month, "draft", { ...onTarget(), qtr: { value: "50" } });
    expect(result).toEqual({ ok: false, message: NOTHING_SAVED, fieldErrors: { [`m.${m.qtr}.measure`]: ["This measure is not due for this unit and month."] } });
    await expectNothingChanged(before);
    // Submitting the month does not ask for the quarterly figure.
    expect(await post(leadA, month, "submit", onTarget())).toEqual({ ok: true, data: { saved: 4, submitted: 4, unchanged: 0 } });
  });

  it("are due in the quarter's last month and stored against its first month", async () => {
    const month = "2024-09";
    const missing = await post(leadA, month, "submit", onTarget());
    expect(missing).toMatchObject({ ok: false, fieldErrors: { [`m.${m.qtr}.commentary`]: [expect.stringContaining("Enter a figure")] } });

    expect(await post(leadA, month, "submit", { ...onTarget(), qtr: { value: "42" } })).toEqual({ ok: true, data: { saved: 5, submitted: 5, unchanged: 0 } });
    const quarter = (await stored("2024-07")).by(m.qtr);
    expect(quarter).toMatchObject({ periodType: "quarter", value: "42.0000", status: "submitted" });
    expect((await stored("2024-09")).by(m.qtr)).toBeUndefined();
    const sheet = await loadSheet(db, unitId, "2024-09-01");
    expect(sheet.find((r) => r.measureId === m.qtr)).toMatchObject({ period: "2024-07-01", periodType: "quarter", current: { value: 42, status: "submitted" } });
    expect((await loadSheet(db, unitId, "2024-08-01")).some((r) => r.measureId === m.qtr)).toBe(false);
  });
});

describe("saveFigures: all or nothing", () => {
  it("a form with one valid and one invalid figure stores neither, as draft or on submit", async () => {
    const month = "2024-10";
    for (const intent of ["draft", "submit"] as const) {
      const before = await baseline(month);
      const result = await post(leadA, month, intent, { pct: { value: "95" }, cnt: { value: "-3" } });
      expect(result).toMatchObject({ ok: false, fieldErrors: { [`m.${m.cnt}.value`]: ["Enter a whole number of 0 or more"] } });
      await expectNothingChanged(before);
    }
  });

  it("a correction refused for want of a reason takes the valid new figures down with it", async () => {
    const month = "2024-11";
    expect(await post(leadA, month, "draft", { pct: { value: "95" } })).toMatchObject({ ok: true });
    expect(await post(leadA, month, "submit", { ...onTarget(), pct: { value: "95" } })).toMatchObject({ ok: true });
    const before = await baseline(month);
    const result = await post(leadA, month, "draft", { pct: { value: "96" }, cnt: { value: "5", reason: "Recount" } });
    expect(result).toMatchObject({ ok: false, fieldErrors: { [`m.${m.pct}.reason`]: [expect.any(String)] } });
    await expectNothingChanged(before);
  });
});
