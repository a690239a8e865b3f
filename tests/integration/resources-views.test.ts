import { and, between, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  efficiencies,
  efficiencyMonths,
  financeMonths,
  fundingProgrammeMonths,
  fundingProgrammes,
  measures,
  measureValues,
  orgUnits,
  unitBudgets,
  workforceMonths,
} from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { lastCompletedMonth, monthEnd, type Period } from "@/lib/entry/periods";
import { getPeoplePage, getResourcesPage, yearOf } from "@/lib/resources/queries";
import { DEFAULT_TOLERANCE, formatThousands, unitCostPence, varianceStatus } from "@/lib/resources/rules";
import { countQueries, demoUsers, setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();

/** The demo's months run from January to the last completed month of the current year. */
const month: Period = lastCompletedMonth(new Date());
const { year, yearStart } = yearOf(month);
/** An earlier month of the same year, for the as-at tests (June, or the month itself early in the year). */
const pastMonth: Period = month >= `${year}-07-01` ? `${year}-06-01` : month;

let users: Awaited<ReturnType<typeof demoUsers>>;
let unitId: Record<string, number>;

beforeAll(async () => {
  users = await demoUsers();
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits);
  unitId = Object.fromEntries(units.map((u) => [u.slug, u.id]));
});

const page = (user: SessionUser, slug: string, m: Period = month) => getResourcesPage(user, slug, m);

async function sumMonths(unit: number, to: Period): Promise<number> {
  const [row] = await db
    .select({ s: sql<string>`coalesce(sum(${financeMonths.actualPence}), 0)` })
    .from(financeMonths)
    .where(and(eq(financeMonths.unitId, unit), between(financeMonths.month, yearStart, to)));
  return Number(row!.s);
}

describe("resources page: who may see it", () => {
  it("answers the department's own people and ADMIN/VIEWER, and nobody else (unknown slugs alike)", async () => {
    for (const who of [users.sltCoo, users.leadMd, users.leadPcs, users.viewer, users.admin]) expect(await page(who, "coo")).not.toBeNull();
    expect(await page(users.sltCls, "coo")).toBeNull();
    expect(await page(users.admin, "md")).toBeNull(); // a directorate is not a department
    expect(await page(users.admin, "no-such-department")).toBeNull();
    expect(await getPeoplePage(users.sltCls, "coo", month)).toBeNull();
    expect(await getPeoplePage(users.viewer, "coo", month)).not.toBeNull();
  });
});

describe("resources page: the business plan's figures", () => {
  it("shows the COO service analysis exactly as the plan, totals summed in pence", async () => {
    const p = (await page(users.sltCoo, "coo"))!;
    expect(p.empty).toBe(false);
    expect(p.serviceAreas.map((a) => a.name)).toEqual(["Chief Operating Office", "People and Corporate Services", "Modernisation and Digital", "Commercial Services"]);
    expect(p.serviceAreas[0]!.isDepartment).toBe(true);
    expect(formatThousands(p.total.incomePence)).toBe("1,029");
    expect(formatThousands(p.total.delPence)).toBe("37,667");
    expect(formatThousands(p.total.delPence - p.total.incomePence)).toBe("36,638");
    expect(formatThousands(p.total.nonCashPence)).toBe("659");
    expect(formatThousands(p.total.budgetPence)).toBe("37,297");
    expect(p.total.budgetPence).toBe(3_729_700_000);
    expect(p.total.fteEstablishment).toBe(290);
    const md = p.serviceAreas.find((a) => a.unitId === unitId.md)!;
    expect(formatThousands(md.budgetPence)).toBe("19,883");
  });

  it("sums the year to date from the months up to the one shown, and judges the latest forecast", async () => {
    const p = (await page(users.sltCoo, "coo"))!;
    const { monthsElapsed } = yearOf(month);
    for (const a of p.serviceAreas) {
      expect(a.ytdActualPence, a.name).toBe(await sumMonths(a.unitId, month));
      expect(a.ytdMonths, a.name).toBe(monthsElapsed);
      expect(a.budgetToDatePence).toBe(Math.round((a.budgetPence * monthsElapsed) / 12));
      const [latest] = await db
        .select({ f: financeMonths.forecastOutturnPence })
        .from(financeMonths)
        .where(and(eq(financeMonths.unitId, a.unitId), eq(financeMonths.month, month)));
      expect(a.forecastPence, a.name).toBe(latest!.f);
      expect(a.status).toBe(varianceStatus(a.forecastPence!, a.budgetPence, DEFAULT_TOLERANCE));
    }
    expect(p.total.ytdActualPence).toBe(p.serviceAreas.reduce((t, a) => t + a.ytdActualPence, 0));
    expect(p.total.forecastPence).toBe(p.serviceAreas.reduce((t, a) => t + a.forecastPence!, 0));
    // The demo's story: M&D forecasts an overspend beyond tolerance by the end of the year.
    if (monthsElapsed >= 8) expect(p.serviceAreas.find((a) => a.unitId === unitId.md)!.status).toBe("beyond_tolerance");
  });

  it("totals efficiencies, compares the department's with the government's target, and keeps cross-cutting apart", async () => {
    const p = (await page(users.sltCoo, "coo"))!;
    const e = p.efficiencies;
    expect(e.departmental).toHaveLength(3);
    expect(e.departmentalTotal.targetPence).toBe(120_000_000); // £1.2m
    expect(e.governmentTargetPence).toBe(2_000_000_000); // £20m
    expect(e.crossCutting.length).toBeGreaterThan(0);
    expect(e.crossCutting.every((c) => c.scope === "cross_cutting")).toBe(true);
    expect(e.crossCuttingTotal.targetPence).toBe(e.crossCutting.reduce((t, c) => t + c.targetPence, 0));
    const [delivered] = await db
      .select({ s: sql<string>`coalesce(sum(${efficiencyMonths.deliveredPence}), 0)` })
      .from(efficiencyMonths)
      .where(and(inArray(efficiencyMonths.efficiencyId, e.departmental.map((d) => d.id)), between(efficiencyMonths.month, yearStart, month)));
    expect(e.departmentalTotal.deliveredToDatePence).toBe(Number(delivered!.s));
    const print = e.departmental.find((d) => d.title.startsWith("Review corporate print"))!;
    expect(print.rag).not.toBe("green"); // 97 of 100: beyond the 2% tolerance
  });

  it("groups funding lines (growth by source, then capital) with spend to date and linked initiatives", async () => {
    const p = (await page(users.sltCoo, "coo"))!;
    // The plan's "Government Plan 2020 growth" and "2021 growth", moved with the demo's years (db/seed/dates.ts).
    const thisYear = new Date().getFullYear();
    expect(p.funding.map((g) => g.source)).toEqual([`Government Plan ${thisYear - 1} growth`, `Government Plan ${thisYear} growth`, "Capital programme"]);
    expect(formatThousands(p.funding[0]!.allocationPence)).toBe("20,242");
    expect(formatThousands(p.funding[1]!.allocationPence)).toBe("2,500");
    expect(formatThousands(p.funding[2]!.allocationPence)).toBe("25,770");
    const md = p.funding[0]!.lines.find((l) => l.ref === "GP20-013-09")!;
    expect(md.initiatives.map((i) => i.title)).toContain("M&D – Target Operating Model");
    expect(p.funding[0]!.lines.find((l) => l.ref === "GP20-013-01")!.initiatives).toEqual([]);
    const [spend] = await db
      .select({ s: sql<string>`coalesce(sum(${fundingProgrammeMonths.spendPence}), 0)` })
      .from(fundingProgrammeMonths)
      .where(and(eq(fundingProgrammeMonths.programmeId, md.id), between(fundingProgrammeMonths.month, yearStart, month)));
    expect(md.spendToDatePence).toBe(Number(spend!.s));
  });
});

describe("resources page: as at a past month", () => {
  it("ignores the rows of later months", async () => {
    const p = (await page(users.sltCoo, "coo", pastMonth))!;
    for (const a of p.serviceAreas) {
      expect(a.ytdActualPence, a.name).toBe(await sumMonths(a.unitId, pastMonth));
      expect(a.forecastMonth).toBe(pastMonth);
    }
    const { monthsElapsed } = yearOf(pastMonth);
    expect(p.serviceAreas[0]!.ytdMonths).toBe(monthsElapsed);
    expect(p.efficiencies.departmental[0]!.deliveredToDatePence).toBe(Math.round(90_000_000 / 12) * monthsElapsed);
  });

  it("shows the latest forecast before the month when the month has no return", async () => {
    // A year with no rows at all: nothing to show, not an error.
    const p = (await page(users.sltCoo, "coo", `${year - 5}-03-01`))!;
    expect(p.serviceAreas).toEqual([]);
    expect(p.empty).toBe(true);
  });
});

describe("cost and performance", () => {
  it("sets each service area's measures beside its spend, with a unit cost where it has a volume measure", async () => {
    const p = (await page(users.sltCoo, "coo"))!;
    const md = p.cost.find((c) => c.area.unitId === unitId.md)!;
    expect(md.measures.map((m) => m.code)).toContain("MD-INC-P1");
    const calls = md.measures.find((m) => m.code === "MD-CALLS-LOGGED")!;
    expect(calls.isVolume).toBe(true);
    const [callsRow] = await db.select({ id: measures.id }).from(measures).where(eq(measures.code, "MD-CALLS-LOGGED"));
    const [volume] = await db
      .select({ v: measureValues.value })
      .from(measureValues)
      .where(and(eq(measureValues.measureId, callsRow!.id), eq(measureValues.period, month), eq(measureValues.status, "submitted")));
    const [actual] = await db
      .select({ a: financeMonths.actualPence })
      .from(financeMonths)
      .where(and(eq(financeMonths.unitId, unitId.md!), eq(financeMonths.month, month)));
    expect(calls.cost!.monthVolume).toBe(Number(volume!.v));
    expect(calls.cost!.monthUnitCostPence).toBe(unitCostPence(actual!.a, Number(volume!.v)));
    expect(calls.cost!.ytdUnitCostPence).toBe(unitCostPence(calls.cost!.ytdActualPence, calls.cost!.ytdVolume));
    // Not a volume measure: no cost.
    expect(md.measures.find((m) => m.code === "MD-INC-P1")!.cost).toBeNull();
    // Commercial Services counts requests received.
    const cs = p.cost.find((c) => c.area.unitId === unitId.commercial)!;
    expect(cs.measures.find((m) => m.code === "CS-REQUESTS")!.cost).not.toBeNull();
  });
});

describe("a department with no resources", () => {
  it("gives CLS an empty page rather than an error", async () => {
    const p = (await page(users.sltCls, "cls"))!;
    expect(p.empty).toBe(true);
    expect(p.serviceAreas).toEqual([]);
    expect(p.funding).toEqual([]);
    expect(p.efficiencies.departmental).toEqual([]);
    expect(p.total.forecastPence).toBeNull();
  });
});

describe("bounded by the department", () => {
  it("costs a fixed number of queries, and COO's figures do not move when another department gains rows", async () => {
    const before = await page(users.sltCoo, "coo");
    const queries = await countQueries(() => page(users.sltCoo, "coo"));
    expect(queries).toBeLessThanOrEqual(6);
    const peopleBefore = await getPeoplePage(users.sltCoo, "coo", month, monthEnd(month));

    const cls = unitId["cls-customer-services"]!;
    const clsDept = unitId.cls!;
    const [budget] = await db.insert(unitBudgets).values({ unitId: cls, year, delPence: 100_000_000, fteEstablishment: "12" }).returning({ id: unitBudgets.id });
    await db.insert(financeMonths).values({ unitId: cls, month, actualPence: 9_000_000, forecastOutturnPence: 110_000_000 });
    await db.insert(workforceMonths).values({ unitId: cls, month, headcount: 11, fteInPost: "10.5", leavers: 2 });
    const [line] = await db
      .insert(fundingProgrammes)
      .values({ departmentId: clsDept, year, kind: "growth", name: "CLS test line", source: "Government Plan 2020 growth", allocationPence: 5_000_000 })
      .returning({ id: fundingProgrammes.id });
    const [eff] = await db
      .insert(efficiencies)
      .values({ departmentId: clsDept, year, scope: "departmental", title: "CLS test saving", recurring: true, type: "spend_reduction", budgetType: "staff", targetPence: 1_000_000 })
      .returning({ id: efficiencies.id });
    try {
      expect(await page(users.sltCoo, "coo")).toEqual(before);
      expect(await countQueries(() => page(users.sltCoo, "coo"))).toBe(queries);
      expect(await getPeoplePage(users.sltCoo, "coo", month, monthEnd(month))).toEqual(peopleBefore);
      const clsPage = (await page(users.sltCls, "cls"))!;
      expect(clsPage.empty).toBe(false);
      expect(clsPage.serviceAreas.map((a) => a.unitId)).toEqual([cls]);
      expect(clsPage.total.budgetPence).toBe(100_000_000);
      expect(clsPage.serviceAreas[0]!.status).toBe("beyond_tolerance"); // 10% over
    } finally {
      await db.delete(efficiencies).where(eq(efficiencies.id, eff!.id));
      await db.delete(fundingProgrammes).where(eq(fundingProgrammes.id, line!.id));
      await db.delete(workforceMonths).where(eq(workforceMonths.unitId, cls));
      await db.delete(financeMonths).where(eq(financeMonths.unitId, cls));
      await db.delete(unitBudgets).where(eq(unitBudgets.id, budget!.id));
    }
  });
});

describe("the People Dashboard", () => {
  it("shows in post against establishment, vacancies, turnover and agency spend per unit and in total", async () => {
    const p = (await getPeoplePage(users.sltCoo, "coo", month, monthEnd(month)))!;
    expect(p.empty).toBe(false);
    const md = p.units.find((u) => u.unitId === unitId.md)!;
    const [row] = await db
      .select()
      .from(workforceMonths)
      .where(and(eq(workforceMonths.unitId, unitId.md!), eq(workforceMonths.month, month)));
    expect(md.returnMonth).toBe(month);
    expect(md.fteInPost).toBe(Number(row!.fteInPost));
    expect(md.headcount).toBe(row!.headcount);
    expect(md.establishment).toBe(165);
    expect(md.vacancies).toBe(Math.max(0, Math.round((165 - Number(row!.fteInPost)) * 100) / 100));
    expect(md.agencyMonthPence).toBe(row!.agencySpendPence);
    const [ytd] = await db
      .select({ a: sql<string>`sum(${workforceMonths.agencySpendPence})`, l: sql<string>`sum(${workforceMonths.leavers})` })
      .from(workforceMonths)
      .where(and(eq(workforceMonths.unitId, unitId.md!), between(workforceMonths.month, yearStart, month)));
    expect(md.agencyYtdPence).toBe(Number(ytd!.a));
    expect(p.total.establishment).toBe(290);
    expect(p.total.agencyYtdPence).toBe(p.units.reduce((t, u) => t + u.agencyYtdPence, 0));
    expect(p.total.headcount).toBe(p.units.reduce((t, u) => t + (u.headcount ?? 0), 0));
  });

  it("lists the department's workforce measures with their figures, the profile and the pay gap", async () => {
    const p = (await getPeoplePage(users.sltCoo, "coo", month, monthEnd(month)))!;
    const codes = p.measures.map((m) => m.code);
    for (const c of ["PCS-ABSENCE-DAYS", "MD-TOM-FILLED", "PCS-TOM-FILLED"]) expect(codes).toContain(c);
    expect(p.measures.every((m) => m.category === "workforce")).toBe(true);
    const sex = p.profiles.find((d) => d.dimension === "sex")!;
    expect(sex.bands.map((b) => [b.band, b.headcount])).toEqual([
      ["Men", 97],
      ["Women", 80],
    ]);
    expect(p.profiles.find((d) => d.dimension === "age_band")!.bands.every((b) => b.demoValue)).toBe(true);
    expect(p.payGap).toMatchObject({ medianGapPct: 1.8, meanGapPct: -0.2 });
  });

  it("gives CLS an empty workforce but its measures, if any", async () => {
    const p = (await getPeoplePage(users.sltCls, "cls", month, monthEnd(month)))!;
    expect(p.units).toEqual([]);
    expect(p.payGap).toBeNull();
  });
});
