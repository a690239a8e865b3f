import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { importFigures } from "@/app/(app)/entry/actions";
import { auditLog, measures, measureTargets, measureValues, orgUnits, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { parse } from "csv-parse/sync";
import { buildFiguresCsv } from "@/lib/entry/csv";
import { loadFiguresRange } from "@/lib/entry/csv-data";
import { form, session, sessionUserFor, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));
vi.spyOn(console, "log").mockImplementation(() => undefined);

const { db } = setUpTestDb();
const run = randomUUID().slice(0, 6).toUpperCase();
const code = (s: string) => `CSV${run}-${s}`;
let unitId: number;
let otherUnitId: number;
let lead: SessionUser;
let otherLead: SessionUser;
const ids = new Map<string, number>();

const HEADER = "measure_code,measure_name,period,value,numerator,denominator,commentary,reason";
const upload = (csv: string, intent: "draft" | "submit" = "draft", unit = unitId) =>
  importFigures(null, form({ unitId: unit, intent, file: new File([csv], "figures.csv", { type: "text/csv" }) }));
const auditCount = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.unitId, unitId)))[0]!.n;
const storedRatio = async (period: string) =>
  (await db.select().from(measureValues).where(and(eq(measureValues.measureId, ids.get("RAT")!), eq(measureValues.period, period))))[0];
const storedCount = async () =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(measureValues).where(inArray(measureValues.measureId, [...ids.values()])))[0]!.n;

beforeAll(async () => {
  const [coo] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"));
  const [unit] = await db.insert(orgUnits).values({ slug: `csv-${run.toLowerCase()}`, name: `CSV Test Unit ${run}`, shortName: "CSV", kind: "directorate", parentId: coo!.id }).returning({ id: orgUnits.id });
  const [other] = await db.insert(orgUnits).values({ slug: `csv-other-${run.toLowerCase()}`, name: `CSV Other ${run}`, shortName: "CSVO", kind: "directorate", parentId: coo!.id }).returning({ id: orgUnits.id });
  unitId = unit!.id;
  otherUnitId = other!.id;
  const defs = [
    { key: "PCT", valueType: "percent" as const, quarterRule: "mean" as const, frequency: "monthly" as const, target: "90" },
    { key: "CNT", valueType: "count" as const, quarterRule: "sum" as const, frequency: "monthly" as const, target: null },
    { key: "RAT", valueType: "percent" as const, quarterRule: "ratio" as const, frequency: "monthly" as const, target: "95", description: "Share of cases closed in time: cases closed within 5 days ÷ cases closed in the month." },
    { key: "QTR", valueType: "count" as const, quarterRule: "last" as const, frequency: "quarterly" as const, target: null },
  ];
  for (const d of defs) {
    const [m] = await db
      .insert(measures)
      .values({ code: code(d.key), name: `CSV ${d.key}`, description: "description" in d ? d.description : "", unitId, category: "service", valueType: d.valueType, direction: "higher_better", frequency: d.frequency, quarterRule: d.quarterRule, dataSource: "Test" })
      .returning({ id: measures.id });
    ids.set(d.key, m!.id);
    await db.insert(measureTargets).values({ measureId: m!.id, targetValue: d.target, effectiveFrom: "2020-01-01" });
  }
  // The other unit has a measure of its own, so that its lead may upload for it.
  await db.insert(measures).values({ code: code("OTHER"), name: "CSV other", unitId: otherUnitId, category: "service", valueType: "count", direction: "neither", quarterRule: "sum", dataSource: "Test" });
  const [u] = await db.insert(users).values({ email: `csv-lead-${run}@test.test`, name: "CSV Lead", role: "LEAD", unitId }).returning({ id: users.id });
  const [o] = await db.insert(users).values({ email: `csv-other-${run}@test.test`, name: "Other Lead", role: "LEAD", unitId: otherUnitId }).returning({ id: users.id });
  lead = await sessionUserFor({ id: u!.id });
  otherLead = await sessionUserFor({ id: o!.id });
});

beforeEach(() => {
  session.user = lead;
});

afterAll(async () => {
  // Leave no active measures behind for test files that list a department's measures.
  await db.update(measures).set({ active: false }).where(inArray(measures.id, [...ids.values()]));
  await db.update(measures).set({ active: false }).where(eq(measures.code, code("OTHER")));
});

describe("CSV import of figures", () => {
  it("lists every problem by line and column, and a file with any error changes nothing", async () => {
    const csv = [
      HEADER,
      `${code("PCT")},x,2025-01,101,,,,`,
      `${code("CNT")},x,2025-01,2.5,,,,`,
      `${code("RAT")},x,2025-01,,7,5,,`,
      `${code("PCT")},x,2025-02,abc,,,,`,
      `NOPE-${run},x,2025-01,1,,,,`,
      `${code("CNT")},x,2099-01,3,,,,`,
      `${code("QTR")},x,2025-03,3,,,,`,
      `${code("CNT")},x,2025-03,4,,,,`,
      `${code("CNT")},x,2025-03,5,,,,`,
      `${code("PCT")},x,2025-04,80,,,,`,
    ].join("\n");
    const result = await upload(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/Nothing was saved/);
    const byLine = Object.fromEntries((result.rowErrors ?? []).map((e) => [e.line, `${e.column}: ${e.message}`]));
    expect(byLine[2]).toBe("value: Enter a percentage between 0 and 100");
    expect(byLine[3]).toBe("value: Enter a whole number of 0 or more");
    expect(byLine[4]).toBe("numerator: The numerator cannot be larger than the denominator");
    expect(byLine[5]).toMatch(/^value: Enter a number/);
    expect(byLine[6]).toMatch(/^measure_code: There is no measure/);
    expect(byLine[7]).toMatch(/^period: 2099-01 has not ended/);
    expect(byLine[8]).toMatch(/^period: .*quarterly/);
    expect(byLine[10]).toMatch(/appears twice \(also on line 9\)/);
    // Line 11 was valid, but the file had errors: nothing at all was stored.
    expect(byLine[11]).toBeUndefined();
    expect(await storedCount()).toBe(0);
  });

  it("imports a valid file, and the same file a second time changes nothing", async () => {
    const csv = [HEADER, `${code("PCT")},x,2025-05,92.5,,,On track,`, `${code("RAT")},x,2025-05,,19,20,,`, `${code("QTR")},x,2025-Q2,12,,,,`, `${code("CNT")},x,2025-05,'=7,,,"'=HYPERLINK(""x"")",`].join("\n");
    const bad = await upload(csv);
    // '=7 is not a number once unescaped.
    expect(bad.ok).toBe(false);

    const good = csv.replace("'=7", "7");
    const first = await upload(good);
    expect(first).toMatchObject({ ok: true, data: { rows: 4, saved: 4 } });
    const auditBefore = (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.unitId, unitId)))[0]!.n;

    const second = await upload(good);
    expect(second).toMatchObject({ ok: true, data: { rows: 4, saved: 0 } });
    const auditAfter = (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.unitId, unitId)))[0]!.n;
    expect(auditAfter).toBe(auditBefore);

    const [ratio] = await db.select().from(measureValues).where(and(eq(measureValues.measureId, ids.get("RAT")!), eq(measureValues.period, "2025-05-01")));
    expect(Number(ratio!.value)).toBe(95);
    const [quarter] = await db.select().from(measureValues).where(eq(measureValues.measureId, ids.get("QTR")!));
    expect(quarter).toMatchObject({ periodType: "quarter", period: "2025-04-01", value: "12.0000" });
    const [count] = await db.select().from(measureValues).where(and(eq(measureValues.measureId, ids.get("CNT")!), eq(measureValues.period, "2025-05-01")));
    // The commentary came back unescaped: stored as typed.
    expect(count!.commentary).toBe('=HYPERLINK("x")');
  });

  it("exports escape formula-like text, and an exported template re-imports without changes", async () => {
    const rows = await loadFiguresRange(db, unitId, "2025-05-01", "2025-06-01", "due");
    expect(rows.filter((r) => r.code === code("QTR")).map((r) => r.period)).toEqual(["2025-04-01"]);
    const template = buildFiguresCsv("template", rows);
    expect(template).toContain(`'=HYPERLINK(""x"")`);
    const again = await upload(template);
    expect(again).toMatchObject({ ok: true, data: { saved: 0 } });
  });

  it("a template leaves value empty on ratio rows and says what the numerator and denominator are", async () => {
    const rows = await loadFiguresRange(db, unitId, "2025-05-01", "2025-05-01", "due");
    const [header, ...records] = parse(buildFiguresCsv("template", rows)) as string[][];
    expect(header?.at(-1)).toBe("how_to_fill");
    const col = (name: string) => header!.indexOf(name);
    const ratio = records.find((r) => r[col("measure_code")] === code("RAT"))!;
    // 19 ÷ 20 is stored (value 95), but the template leaves the value to be calculated.
    expect([ratio[col("value")], ratio[col("numerator")], ratio[col("denominator")]]).toEqual(["", "19", "20"]);
    expect(ratio[col("how_to_fill")]).toBe(
      "Leave value empty: it is calculated as numerator ÷ denominator × 100. Enter numerator = cases closed within 5 days; denominator = cases closed in the month.",
    );
    const pct = records.find((r) => r[col("measure_code")] === code("PCT"))!;
    expect(pct[col("value")]).toBe("92.5");
    expect(pct[col("how_to_fill")]).toMatch(/^Enter value \(a percentage from 0 to 100\)/);
  });

  it("refuses a ratio value that differs from numerator ÷ denominator, or has nothing to be calculated from, and changes nothing", async () => {
    const before = { stored: await storedRatio("2025-05-01"), audit: await auditCount() };
    const csv = [
      HEADER,
      // The reported bug: a changed value on a ratio row used to be dropped silently ("nothing had changed").
      `${code("RAT")},x,2025-05,64,19,20,,`,
      `${code("RAT")},x,2025-09,64,,,,`,
      `${code("PCT")},x,2025-09,91,,,,`,
    ].join("\n");
    const result = await upload(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/Nothing was saved/);
    expect(result.rowErrors).toEqual([
      { line: 2, column: "value", message: "For a ratio measure the value is calculated from numerator ÷ denominator (19/20 = 95.0000%); leave value empty or make it match" },
      { line: 3, column: "value", message: expect.stringMatching(/^For a ratio measure the value is calculated from numerator ÷ denominator: enter the numerator and denominator/) },
    ]);
    expect(await storedRatio("2025-05-01")).toEqual(before.stored);
    expect(await storedRatio("2025-09-01")).toBeUndefined();
    expect(await auditCount()).toBe(before.audit);
    const [pct] = await db.select().from(measureValues).where(and(eq(measureValues.measureId, ids.get("PCT")!), eq(measureValues.period, "2025-09-01")));
    expect(pct).toBeUndefined();
  });

  it("accepts a ratio value equal to numerator ÷ denominator (old templates), and the same file twice changes nothing", async () => {
    const csv = [HEADER, `${code("RAT")},x,2025-05,95.0000%,19,20,,`, `${code("RAT")},x,2025-09,64,16,25,,`].join("\n");
    const first = await upload(csv);
    expect(first).toMatchObject({ ok: true, data: { rows: 2, saved: 1 } });
    expect(await storedRatio("2025-09-01")).toMatchObject({ value: "64.0000", numerator: "16.0000", denominator: "25.0000" });
    const audit = await auditCount();
    const second = await upload(csv);
    expect(second).toMatchObject({ ok: true, data: { rows: 2, saved: 0 } });
    expect(await auditCount()).toBe(audit);
  });

  it("submitting through the file follows the submit rules", async () => {
    const csv = [HEADER, `${code("PCT")},x,2025-07,50,,,,`, `${code("CNT")},x,2025-07,3,,,,`, `${code("RAT")},x,2025-07,,20,20,,`].join("\n");
    const refused = await upload(csv, "submit");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.rowErrors).toContainEqual({ line: 2, column: "commentary", message: "This figure is off target: explain why and what is being done" });
    const accepted = await upload(csv.replace("2025-07,50,,,,", "2025-07,50,,,Staff shortage,"), "submit");
    expect(accepted).toMatchObject({ ok: true, data: { submitted: 3 } });
  });

  it("refuses rows for measures of another unit, and a lead uploading for a unit not theirs", async () => {
    const wrongUnit = await upload([HEADER, `${code("PCT")},x,2025-08,95,,,,`].join("\n"), "draft", otherUnitId);
    expect(wrongUnit).toMatchObject({ ok: false, message: "You do not have permission to do that." });
    session.user = otherLead;
    const theirs = await upload([HEADER, `${code("PCT")},x,2025-08,95,,,,`].join("\n"), "draft", otherUnitId);
    expect(theirs.ok).toBe(false);
    if (!theirs.ok) expect(theirs.rowErrors?.[0]).toMatchObject({ line: 2, column: "measure_code", message: expect.stringMatching(/is not a measure of/) });
  });

  it("rejects files that are not CSV or too large, before reading them", async () => {
    const fd = form({ unitId, intent: "draft", file: new File(["x".repeat(5 * 1024 * 1024 + 1)], "big.csv", { type: "text/csv" }) });
    const big = await importFigures(null, fd);
    expect(big).toMatchObject({ ok: false, fieldErrors: { file: ["The file is larger than 5 MB"] } });
    fd.set("file", new File(["hello"], "notes.txt", { type: "text/plain" }));
    expect(await importFigures(null, fd)).toMatchObject({ ok: false, fieldErrors: { file: ["Upload a .csv file"] } });
  });
});
