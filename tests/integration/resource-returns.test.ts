/**
 * The monthly resource return, the workforce month and the funding-line and efficiency definitions
 * (issue 16): who may write what (LEAD own unit / sibling unit / department-level rows), version
 * conflicts, commentary beyond tolerance, reasons for changes, audit entries, bad input and months
 * not yet ended. Everything here lives in a year of its own (four years back), made in beforeAll and
 * removed afterwards, so the seed's own year is untouched for the other files sharing the database.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createEfficiency, updateEfficiency } from "@/app/(app)/departments/[slug]/resources/efficiencies/actions";
import { createFundingLine, updateFundingLine } from "@/app/(app)/departments/[slug]/resources/funding/actions";
import { saveEfficiencyMonth, saveFinanceMonth, saveFundingMonth } from "@/app/(app)/departments/[slug]/resources/month/actions";
import { saveWorkforceMonth } from "@/app/(app)/departments/[slug]/people/month/actions";
import {
  auditLog,
  efficiencies,
  efficiencyMonths,
  financeMonths,
  fundingProgrammeInitiatives,
  fundingProgrammeMonths,
  fundingProgrammes,
  initiatives,
  orgUnits,
  unitBudgets,
  workforceMonths,
} from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { getMonthlyReturn, getWorkforceReturn } from "@/lib/resources/return-queries";
import { type DemoAccount, demoUsers, form, session, setUpTestDb } from "../support/harness";

vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const FORBIDDEN = { ok: false, message: "You do not have permission to do that." };
const YEAR = new Date().getFullYear() - 4;
const MONTH = `${YEAR}-03`;
const PERIOD = `${MONTH}-01`;
const users = {} as Record<DemoAccount, SessionUser>;
const unit: Record<string, number> = {};
const initiativeOf: Record<string, number> = {};
/** Funding lines and efficiencies made here: M&D-led and department-led. */
const line = { md: 0, dept: 0 };
const eff = { md: 0, dept: 0 };
const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);

type Result = { ok: boolean; message?: string; fieldErrors?: Record<string, string[]>; data?: unknown };
type ActionFn = (prev: unknown, data: FormData) => Promise<unknown>;
async function as(who: DemoAccount, fn: ActionFn, fields: Record<string, string | number | boolean | null | undefined>): Promise<Result> {
  session.user = users[who];
  try {
    return (await fn(undefined, form(fields))) as Result;
  } finally {
    session.user = null;
  }
}

/** M&D's budget in YEAR: total net £1,000,000 (DEL 1,000,000, no income, no non-cash). */
const BUDGET = 100_000_000;

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unit[u.slug] = u.id;
  for (const slug of ["coo", "md", "pcs"]) {
    await db.insert(unitBudgets).values({ unitId: unit[slug]!, year: YEAR, delPence: BUDGET, fteEstablishment: "10" }).onConflictDoNothing();
  }
  const rows = await db.select({ id: initiatives.id, leadUnitId: initiatives.leadUnitId }).from(initiatives);
  initiativeOf.md = rows.find((r) => r.leadUnitId === unit.md)!.id;
  initiativeOf.cls = rows.find((r) => [unit["cls-customer-services"], unit["cls-local-services"], unit["cls-social-security"], unit.cls].includes(r.leadUnitId))!.id;
  // The definitions are made through the actions, as the department's SLT.
  const made = (r: Result) => (r.data as { id: number }).id;
  line.md = made(await as("sltCoo", createFundingLine, fundingFields({ leadUnitId: unit.md })));
  line.dept = made(await as("sltCoo", createFundingLine, fundingFields({ leadUnitId: "" })));
  eff.md = made(await as("sltCoo", createEfficiency, efficiencyFields({ leadUnitId: unit.md })));
  eff.dept = made(await as("sltCoo", createEfficiency, efficiencyFields({ leadUnitId: "" })));
});

afterAll(async () => {
  const lines = [line.md, line.dept].filter(Boolean);
  const effs = [eff.md, eff.dept].filter(Boolean);
  const more = await db.select({ id: fundingProgrammes.id }).from(fundingProgrammes).where(eq(fundingProgrammes.year, YEAR));
  const allLines = [...new Set([...lines, ...more.map((m) => m.id)])];
  if (allLines.length) {
    await db.delete(fundingProgrammeMonths).where(inArray(fundingProgrammeMonths.programmeId, allLines));
    await db.delete(fundingProgrammeInitiatives).where(inArray(fundingProgrammeInitiatives.programmeId, allLines));
    await db.delete(fundingProgrammes).where(inArray(fundingProgrammes.id, allLines));
  }
  const allEffs = await db.select({ id: efficiencies.id }).from(efficiencies).where(eq(efficiencies.year, YEAR));
  if (allEffs.length) {
    await db.delete(efficiencyMonths).where(inArray(efficiencyMonths.efficiencyId, allEffs.map((e) => e.id)));
    await db.delete(efficiencies).where(inArray(efficiencies.id, allEffs.map((e) => e.id)));
  }
  void effs;
  await db.delete(financeMonths).where(sql`extract(year from ${financeMonths.month}) = ${YEAR}`);
  await db.delete(workforceMonths).where(sql`extract(year from ${workforceMonths.month}) = ${YEAR}`);
  await db.delete(unitBudgets).where(eq(unitBudgets.year, YEAR));
  logged.mockRestore();
});

beforeEach(() => {
  session.user = null;
});

function fundingFields(over: Record<string, string | number | boolean | undefined> = {}) {
  return {
    departmentId: unit.coo!,
    kind: "growth",
    ref: "GP-TEST-01",
    name: `Test funding line ${Math.random().toString(36).slice(2, 7)}`,
    source: "Government Plan growth",
    cspPriority: "Modernising Government",
    subPriority: "",
    minister: "Chief Minister",
    leadUnitId: unit.md!,
    year: YEAR,
    allocation: "1,000,000",
    [`initiative-${initiativeOf.md}`]: true,
    ...over,
  };
}

function efficiencyFields(over: Record<string, string | number | boolean | undefined> = {}) {
  return {
    departmentId: unit.coo!,
    scope: "departmental",
    programme: "",
    title: `Test efficiency ${Math.random().toString(36).slice(2, 7)}`,
    recurring: true,
    type: "spend_reduction",
    budgetType: "non_staff",
    minister: "",
    leadUnitId: unit.md!,
    year: YEAR,
    target: "100,000",
    ...over,
  };
}

const financeRow = (unitId: number, month = PERIOD) =>
  db.select().from(financeMonths).where(and(eq(financeMonths.unitId, unitId), eq(financeMonths.month, month))).then((r) => r[0] ?? null);
const auditOf = (entityType: string, id: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(id)))).orderBy(auditLog.id);

describe("a service area's month", () => {
  it("is entered by the unit's lead, not by a sibling unit's lead, a viewer or another department's SLT", async () => {
    const fields = { unitId: unit.md!, month: MONTH, version: 0, actual: "80,000.50", forecast: "1,000,000", commentary: "", reason: "" };
    expect(await as("leadPcs", saveFinanceMonth, fields)).toEqual(FORBIDDEN);
    expect(await as("viewer", saveFinanceMonth, fields)).toEqual(FORBIDDEN);
    expect(await as("sltCls", saveFinanceMonth, fields)).toEqual(FORBIDDEN);
    expect(await financeRow(unit.md!)).toBeNull();
    // A first entry needs no reason; pounds and pence are stored as integer pence.
    expect(await as("leadMd", saveFinanceMonth, fields)).toMatchObject({ ok: true, data: { version: 1, changed: true } });
    expect(await financeRow(unit.md!)).toMatchObject({ actualPence: 8_000_050, forecastOutturnPence: 100_000_000, version: 1, updatedById: users.leadMd.id });
    const [created] = await auditOf("finance_month", (await financeRow(unit.md!))!.id);
    expect(created).toMatchObject({ action: "finance_month.create", actorId: users.leadMd.id, unitId: unit.md, reason: null, after: { actualPence: 8_000_050, forecastOutturnPence: 100_000_000 } });
  });

  it("refuses the department's own row to a lead, and lets the department's SLT enter it", async () => {
    const fields = { unitId: unit.coo!, month: MONTH, version: 0, actual: "1000", forecast: "1,000,000", commentary: "", reason: "" };
    expect(await as("leadMd", saveFinanceMonth, fields)).toEqual(FORBIDDEN);
    expect(await financeRow(unit.coo!)).toBeNull();
    expect(await as("sltCoo", saveFinanceMonth, fields)).toMatchObject({ ok: true });
  });

  it("needs a reason to change a month already entered, and audits before, after and why", async () => {
    const row = (await financeRow(unit.md!))!;
    const change = { unitId: unit.md!, month: MONTH, version: row.version, actual: "81,000", forecast: "1,000,000", commentary: "", reason: "" };
    const refused = await as("sltCoo", saveFinanceMonth, change);
    expect(refused).toMatchObject({ ok: false, fieldErrors: { reason: [expect.stringMatching(/Say why/)] } });
    expect(await financeRow(unit.md!)).toMatchObject({ version: row.version, actualPence: row.actualPence });
    expect(await as("sltCoo", saveFinanceMonth, { ...change, reason: "Ledger correction" })).toMatchObject({ ok: true, data: { version: row.version + 1 } });
    const entries = await auditOf("finance_month", row.id);
    expect(entries.at(-1)).toMatchObject({
      action: "finance_month.update",
      actorId: users.sltCoo.id,
      reason: "Ledger correction",
      before: { actualPence: row.actualPence },
      after: { actualPence: 8_100_000 },
    });
  });

  it("refuses a save from a stale page with the value stored now, changing nothing", async () => {
    const row = (await financeRow(unit.md!))!;
    const result = await as("leadMd", saveFinanceMonth, { unitId: unit.md!, month: MONTH, version: row.version - 1, actual: "1", forecast: "1,000,000", commentary: "", reason: "Stale" });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/changed by someone else/);
    expect(result.message).toContain("£81,000.00");
    expect(await financeRow(unit.md!)).toEqual(row);
    // A "first entry" of a month that now has a row is stale too.
    const first = await as("leadMd", saveFinanceMonth, { unitId: unit.md!, month: MONTH, version: 0, actual: "1", forecast: "1,000,000", commentary: "", reason: "" });
    expect(first.ok).toBe(false);
    expect(await financeRow(unit.md!)).toEqual(row);
  });

  it("requires commentary when the forecast is not on budget (the tolerance setting, 2% by default)", async () => {
    const month = `${YEAR}-04`;
    const base = { unitId: unit.md!, month, version: 0, actual: "90,000", commentary: "", reason: "" };
    // 3% over: within tolerance, but not on budget.
    const over = await as("leadMd", saveFinanceMonth, { ...base, forecast: "1,030,000" });
    expect(over).toMatchObject({ ok: false, fieldErrors: { commentary: [expect.stringMatching(/within tolerance/)] } });
    // 10% under: beyond tolerance.
    expect(await as("leadMd", saveFinanceMonth, { ...base, forecast: "900,000" })).toMatchObject({ ok: false, fieldErrors: { commentary: [expect.stringMatching(/beyond tolerance/)] } });
    expect(await financeRow(unit.md!, `${month}-01`)).toBeNull();
    // 2% exactly is on budget: no commentary needed.
    expect(await as("leadMd", saveFinanceMonth, { ...base, forecast: "1,020,000" })).toMatchObject({ ok: true });
    const row = (await financeRow(unit.md!, `${month}-01`))!;
    expect(await as("leadMd", saveFinanceMonth, { ...base, version: row.version, forecast: "1,100,000", commentary: "Agency cover for vacant posts.", reason: "New forecast" })).toMatchObject({ ok: true });
  });

  it("changes nothing on bad input", async () => {
    const before = await financeRow(unit.md!);
    for (const bad of [
      { actual: "12.345", field: "actual" },
      { actual: "twelve", field: "actual" },
      { actual: "", field: "actual" },
      { forecast: "1e6", field: "forecast" },
    ]) {
      const result = await as("leadMd", saveFinanceMonth, { unitId: unit.md!, month: MONTH, version: before!.version, actual: "1", forecast: "1,000,000", commentary: "", reason: "x", ...bad });
      expect(result, JSON.stringify(bad)).toMatchObject({ ok: false, fieldErrors: { [bad.field]: [expect.any(String)] } });
    }
    expect(await as("leadMd", saveFinanceMonth, { unitId: unit.md!, month: "2026-13", version: 0, actual: "1", forecast: "1" })).toMatchObject({ ok: false, fieldErrors: { month: [expect.any(String)] } });
    expect(await financeRow(unit.md!)).toEqual(before);
  });

  it("refuses a month that has not ended, and a unit with no budget that year", async () => {
    const now = new Date();
    const current = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
    const result = await as("sltCoo", saveFinanceMonth, { unitId: unit.md!, month: current, version: 0, actual: "1", forecast: "1", commentary: "x x x", reason: "" });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/has not ended/) });
    expect(await financeRow(unit.md!, `${current}-01`)).toBeNull();
    const noBudget = await as("sltCoo", saveFinanceMonth, { unitId: unit.commercial!, month: MONTH, version: 0, actual: "1", forecast: "1", commentary: "", reason: "" });
    expect(noBudget).toMatchObject({ ok: false, message: expect.stringMatching(/no budget/) });
  });

  it("shows in the return: budget, year to date before the month, the stored month and who may enter it", async () => {
    const department = { id: unit.coo!, slug: "coo", name: "Chief Operating Office", shortName: "COO" };
    const asLead = await getMonthlyReturn(users.leadMd, department, `${YEAR}-04-01`);
    const md = asLead.serviceAreas.find((a) => a.unitId === unit.md)!;
    expect(md).toMatchObject({ budgetPence: BUDGET, ytdBeforePence: 8_100_000, canEnter: true, current: { forecastPence: 110_000_000, actualPence: 9_000_000 } });
    expect(asLead.serviceAreas.find((a) => a.unitId === unit.coo)).toMatchObject({ canEnter: false });
    expect(asLead.fundingLines.map((l) => [l.id, l.canEnter])).toEqual(expect.arrayContaining([[line.md, true], [line.dept, false]]));
    expect(asLead.canManage).toBe(false);
    const asSlt = await getMonthlyReturn(users.sltCoo, department, `${YEAR}-04-01`);
    expect(asSlt.canManage).toBe(true);
    expect(asSlt.serviceAreas.every((a) => a.canEnter)).toBe(true);
  });
});

describe("a funding line's month", () => {
  const fields = (programmeId: number, over: Record<string, string | number> = {}) => ({ programmeId, month: MONTH, version: 0, spend: "50,000", forecast: "1,000,000", commentary: "", reason: "", ...over });
  const row = (programmeId: number) => db.select().from(fundingProgrammeMonths).where(and(eq(fundingProgrammeMonths.programmeId, programmeId), eq(fundingProgrammeMonths.month, PERIOD))).then((r) => r[0] ?? null);

  it("is entered by the lead unit's lead; a department-led line only by SLT and the administrator", async () => {
    expect(await as("leadPcs", saveFundingMonth, fields(line.md))).toEqual(FORBIDDEN);
    expect(await as("leadMd", saveFundingMonth, fields(line.dept))).toEqual(FORBIDDEN);
    expect(await as("sltCls", saveFundingMonth, fields(line.dept))).toEqual(FORBIDDEN);
    // An unknown line is refused like one out of scope.
    expect(await as("leadMd", saveFundingMonth, fields(2_000_000_000))).toEqual(FORBIDDEN);
    expect(await row(line.dept)).toBeNull();
    expect(await as("leadMd", saveFundingMonth, fields(line.md))).toMatchObject({ ok: true });
    expect(await as("admin", saveFundingMonth, fields(line.dept))).toMatchObject({ ok: true });
    expect(await row(line.md)).toMatchObject({ spendPence: 5_000_000, forecastOutturnPence: 100_000_000 });
    expect((await auditOf("funding_programme_month", (await row(line.md))!.id))[0]).toMatchObject({ action: "funding_programme_month.create", unitId: unit.md });
  });

  it("requires commentary when the forecast is not on allocation, a reason to change, and refuses a stale page", async () => {
    const stored = (await row(line.md))!;
    expect(await as("leadMd", saveFundingMonth, fields(line.md, { version: stored.version, forecast: "800,000", reason: "Slipped" }))).toMatchObject({
      ok: false,
      fieldErrors: { commentary: [expect.stringMatching(/beyond tolerance/)] },
    });
    expect(await as("leadMd", saveFundingMonth, fields(line.md, { version: stored.version, forecast: "800,000", commentary: "Phase two slips to next year." }))).toMatchObject({
      ok: false,
      fieldErrors: { reason: [expect.any(String)] },
    });
    const stale = await as("leadMd", saveFundingMonth, fields(line.md, { version: stored.version + 5, forecast: "800,000", commentary: "Phase two slips.", reason: "Slipped" }));
    expect(stale).toMatchObject({ ok: false, message: expect.stringMatching(/Stored now: spend £50,000.00/) });
    expect(await row(line.md)).toEqual(stored);
    expect(await as("leadMd", saveFundingMonth, fields(line.md, { version: stored.version, forecast: "800,000", commentary: "Phase two slips.", reason: "Slipped" }))).toMatchObject({ ok: true });
  });

  it("only takes months of the line's year", async () => {
    expect(await as("leadMd", saveFundingMonth, fields(line.md, { month: `${YEAR - 1}-12` }))).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`funded for ${YEAR}`)) });
  });
});

describe("an efficiency's month", () => {
  const fields = (efficiencyId: number, over: Record<string, string | number> = {}) => ({ efficiencyId, month: MONTH, version: 0, delivered: "8,000", forecast: "100,000", commentary: "", reason: "", ...over });
  const row = (efficiencyId: number) => db.select().from(efficiencyMonths).where(and(eq(efficiencyMonths.efficiencyId, efficiencyId), eq(efficiencyMonths.month, PERIOD))).then((r) => r[0] ?? null);

  it("is entered by the lead unit's lead; a department-led efficiency only by SLT", async () => {
    expect(await as("leadPcs", saveEfficiencyMonth, fields(eff.md))).toEqual(FORBIDDEN);
    expect(await as("leadMd", saveEfficiencyMonth, fields(eff.dept))).toEqual(FORBIDDEN);
    expect(await as("sltCoo", saveEfficiencyMonth, fields(eff.dept))).toMatchObject({ ok: true });
  });

  it("requires commentary when it is not green, and refuses a negative saving", async () => {
    expect(await as("leadMd", saveEfficiencyMonth, fields(eff.md, { forecast: "96,000" }))).toMatchObject({ ok: false, fieldErrors: { commentary: [expect.stringMatching(/amber/)] } });
    expect(await as("leadMd", saveEfficiencyMonth, fields(eff.md, { delivered: "-5" }))).toMatchObject({ ok: false, fieldErrors: { delivered: [expect.stringMatching(/negative/)] } });
    expect(await row(eff.md)).toBeNull();
    expect(await as("leadMd", saveEfficiencyMonth, fields(eff.md, { forecast: "50,000", commentary: "Contract let late." }))).toMatchObject({ ok: true });
    expect(await row(eff.md)).toMatchObject({ deliveredPence: 800_000, forecastPence: 5_000_000, commentary: "Contract let late." });
  });
});

describe("a unit's people in a month", () => {
  const fields = (unitId: number, over: Record<string, string | number | undefined> = {}) => ({ unitId, month: MONTH, version: 0, headcount: "12", fteInPost: "10.5", leavers: "1", agencySpend: "2,500", fixedTermSpend: "0", reason: "", ...over });
  const row = (unitId: number) => db.select().from(workforceMonths).where(and(eq(workforceMonths.unitId, unitId), eq(workforceMonths.month, PERIOD))).then((r) => r[0] ?? null);

  it("is entered by the unit's lead, not a sibling's lead, nor a lead for the department", async () => {
    expect(await as("leadPcs", saveWorkforceMonth, fields(unit.md!))).toEqual(FORBIDDEN);
    expect(await as("leadMd", saveWorkforceMonth, fields(unit.coo!))).toEqual(FORBIDDEN);
    expect(await as("viewer", saveWorkforceMonth, fields(unit.md!))).toEqual(FORBIDDEN);
    expect(await row(unit.md!)).toBeNull();
    expect(await as("leadMd", saveWorkforceMonth, fields(unit.md!))).toMatchObject({ ok: true });
    expect(await row(unit.md!)).toMatchObject({ headcount: 12, fteInPost: "10.50", leavers: 1, agencySpendPence: 250_000, fixedTermSpendPence: 0, version: 1 });
    expect(await as("sltCoo", saveWorkforceMonth, fields(unit.coo!))).toMatchObject({ ok: true });
  });

  it("refuses bad input, a change without a reason and a stale page; audits a change", async () => {
    const stored = (await row(unit.md!))!;
    for (const bad of [{ fteInPost: "10.555" }, { fteInPost: "12.5" }, { headcount: "-1" }, { headcount: "1.5" }, { agencySpend: "-3" }]) {
      expect(await as("leadMd", saveWorkforceMonth, fields(unit.md!, { version: 1, reason: "x x", ...bad })), JSON.stringify(bad)).toMatchObject({ ok: false, fieldErrors: expect.any(Object) });
    }
    expect(await as("leadMd", saveWorkforceMonth, fields(unit.md!, { version: 1, headcount: "13" }))).toMatchObject({ ok: false, fieldErrors: { reason: [expect.any(String)] } });
    expect(await as("leadMd", saveWorkforceMonth, fields(unit.md!, { version: 0, headcount: "13", reason: "Starter" }))).toMatchObject({ ok: false, message: expect.stringMatching(/headcount 12/) });
    expect(await row(unit.md!)).toEqual(stored);
    expect(await as("leadMd", saveWorkforceMonth, fields(unit.md!, { version: 1, headcount: "13", reason: "A starter was missed" }))).toMatchObject({ ok: true, data: { version: 2 } });
    expect((await auditOf("workforce_month", stored.id)).at(-1)).toMatchObject({ action: "workforce_month.update", reason: "A starter was missed", before: { headcount: 12 }, after: { headcount: 13 } });
    const department = { id: unit.coo!, slug: "coo", name: "Chief Operating Office", shortName: "COO" };
    const people = await getWorkforceReturn(users.leadMd, department, PERIOD);
    expect(people.find((p) => p.unitId === unit.md)).toMatchObject({ establishment: "10.00", canEnter: true, current: { headcount: 13 } });
    expect(people.find((p) => p.unitId === unit.pcs)).toMatchObject({ canEnter: false, current: null });
  });
});

describe("funding lines and efficiencies", () => {
  it("are defined by the department's SLT and the administrator only", async () => {
    expect(await as("leadMd", createFundingLine, fundingFields())).toEqual(FORBIDDEN);
    expect(await as("viewer", createFundingLine, fundingFields())).toEqual(FORBIDDEN);
    expect(await as("sltCls", createFundingLine, fundingFields())).toEqual(FORBIDDEN);
    expect(await as("sltCls", createEfficiency, efficiencyFields())).toEqual(FORBIDDEN);
    // A unit id posing as the department is refused like another department.
    expect(await as("sltCoo", createFundingLine, fundingFields({ departmentId: unit.md! }))).toEqual(FORBIDDEN);
    expect(await as("admin", createEfficiency, efficiencyFields({ leadUnitId: "" }))).toMatchObject({ ok: true });
  });

  it("keep the lead unit and the initiatives in the department", async () => {
    const count = async () => (await db.select({ id: fundingProgrammes.id }).from(fundingProgrammes).where(eq(fundingProgrammes.year, YEAR))).length;
    const before = await count();
    expect(await as("sltCoo", createFundingLine, fundingFields({ leadUnitId: unit["cls-customer-services"]! }))).toMatchObject({ ok: false, fieldErrors: { leadUnitId: [expect.any(String)] } });
    expect(await as("sltCoo", createFundingLine, fundingFields({ [`initiative-${initiativeOf.cls}`]: true }))).toMatchObject({ ok: false, fieldErrors: { initiativeIds: [expect.any(String)] } });
    expect(await as("sltCoo", createFundingLine, fundingFields({ allocation: "lots" }))).toMatchObject({ ok: false, fieldErrors: { allocation: [expect.any(String)] } });
    expect(await as("sltCoo", createEfficiency, efficiencyFields({ target: "0" }))).toMatchObject({ ok: false, fieldErrors: { target: [expect.any(String)] } });
    expect(await count()).toBe(before);
    const links = await db.select().from(fundingProgrammeInitiatives).where(eq(fundingProgrammeInitiatives.programmeId, line.md));
    expect(links.map((l) => l.initiativeId)).toEqual([initiativeOf.md]);
    const [created] = await auditOf("funding_programme", line.md);
    expect(created).toMatchObject({ action: "funding_programme.create", actorId: users.sltCoo.id, after: { allocationPence: BUDGET, initiativeIds: [initiativeOf.md] } });
  });

  it("change with a reason and the version the form was loaded at; the audit keeps before and after", async () => {
    const [stored] = await db.select().from(fundingProgrammes).where(eq(fundingProgrammes.id, line.md));
    const change = { ...fundingFields({ name: "Renamed line", allocation: "1,200,000" }), [`initiative-${initiativeOf.md}`]: false, id: line.md, version: stored!.version, reason: "" };
    expect(await as("sltCoo", updateFundingLine, change)).toMatchObject({ ok: false, fieldErrors: { reason: [expect.any(String)] } });
    expect(await as("leadMd", updateFundingLine, { ...change, reason: "Budget transfer" })).toEqual(FORBIDDEN);
    expect(await as("sltCoo", updateFundingLine, { ...change, version: stored!.version + 1, reason: "Budget transfer" })).toMatchObject({ ok: false, message: expect.stringMatching(/Someone else changed/) });
    expect(await as("sltCoo", updateFundingLine, { ...change, reason: "Budget transfer" })).toMatchObject({ ok: true, data: { version: stored!.version + 1 } });
    const [after] = await db.select().from(fundingProgrammes).where(eq(fundingProgrammes.id, line.md));
    expect(after).toMatchObject({ name: "Renamed line", allocationPence: 120_000_000 });
    expect(await db.select().from(fundingProgrammeInitiatives).where(eq(fundingProgrammeInitiatives.programmeId, line.md))).toEqual([]);
    expect((await auditOf("funding_programme", line.md)).at(-1)).toMatchObject({
      action: "funding_programme.update",
      reason: "Budget transfer",
      before: { name: stored!.name, allocationPence: BUDGET, initiativeIds: [initiativeOf.md] },
      after: { name: "Renamed line", allocationPence: 120_000_000, initiativeIds: [] },
    });
    // Months are recorded against it: its year stays.
    expect(await as("sltCoo", updateFundingLine, { ...change, version: after!.version, year: YEAR + 1, reason: "Moved" })).toMatchObject({ ok: false, fieldErrors: { year: [expect.any(String)] } });
  });

  it("an efficiency changes with a reason and is audited", async () => {
    const [stored] = await db.select().from(efficiencies).where(eq(efficiencies.id, eff.dept));
    const change = { ...efficiencyFields({ leadUnitId: "", target: "120,000", title: "Renamed efficiency" }), id: eff.dept, version: stored!.version, reason: "Target raised" };
    expect(await as("leadMd", updateEfficiency, change)).toEqual(FORBIDDEN);
    expect(await as("sltCoo", updateEfficiency, change)).toMatchObject({ ok: true });
    expect(await as("sltCoo", updateEfficiency, change)).toMatchObject({ ok: false, message: expect.stringMatching(/Someone else changed/) });
    expect((await auditOf("efficiency", eff.dept)).at(-1)).toMatchObject({ action: "efficiency.update", reason: "Target raised", before: { targetPence: 10_000_000 }, after: { targetPence: 12_000_000 } });
  });
});
