import type { Database } from "../client";
import * as s from "../schema";
import { DEFAULT_TOLERANCE, efficiencyRag, thousandsToPence, totalNetPence, varianceStatus } from "../../lib/resources/rules";
import { lastCompletedMonths, shiftDate, shiftYearsInText } from "./dates";
import {
  efficiencies,
  fundingLines,
  genderPayGap,
  governmentEfficiencyTarget,
  serviceBudgetTotals,
  serviceBudgets,
  workforceProfile,
} from "./data/resources";
import { seededRandom } from "./random";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

function need<T>(map: Map<string, T>, key: string, what: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`seed: unknown ${what} "${key}"`);
  return v;
}

/**
 * The demo's monthly story around the plan's budgets (demo values, stated on the pages): M&D
 * forecasts an overspend beyond tolerance from the summer (agency cover for TOM vacancies), P&CS a
 * small underspend (vacancies), Commercial a small overspend (the restructure's recruitment brought
 * forward), the COO Directorate on budget. Forecast outturn as a multiple of the budget, by month
 * index in the year (0 = January).
 */
const FORECAST_PATH: Record<string, (m: number) => number> = {
  coo: () => 1.003,
  commercial: (m) => (m < 3 ? 1.0 : 1.032),
  md: (m) => (m < 4 ? 1.004 : m < 7 ? 1.031 : 1.064),
  pcs: (m) => (m < 5 ? 0.995 : 0.974),
};
const FINANCE_COMMENTARY: Record<string, string> = {
  commercial: "Recruitment to the restructured Commercial Services structure brought forward from Q4; the overspend is funded from the O13-15 growth in next year's plan.",
  md: "Agency and contractor cover for TOM posts still vacant, and the new service desk tooling contract. Recovery plan: convert 12 agency roles to permanent posts by year end.",
  pcs: "Vacancies in the P&CS Target Operating Model while recruitment continues; part of the underspend offsets M&D's agency costs.",
};

/** Funding lines whose forecast moves off allocation (by name), with the reason a lead would give. */
const FUNDING_FORECAST: Record<string, { factor: number; commentary: string }> = {
  "Integrated Tech Solution (Major Project)": {
    factor: 0.8,
    commentary: "Discovery phase extended by three months; release 1 build now starts in Q1 next year. £1.84m to be re-profiled into next year's capital plan.",
  },
  "Replacement assets": { factor: 0.97, commentary: "Laptop refresh delivered under the framework price." },
  "Commercial Services - enhanced capabilities": { factor: 1.035, commentary: "Interim category managers while permanent recruitment completes." },
};

/** Efficiencies that will not deliver their full target, with the reason. */
const EFFICIENCY_FORECAST: Record<string, { forecast: number; commentary: string }> = {
  "Merge support for governance Boards (P&CS to lead)": {
    forecast: 150,
    commentary: "The merged board secretariat starts in Q3, not Q1: a part-year saving this year, the full £200k recurring from next year.",
  },
  "Review corporate print contract (CS to lead)": { forecast: 97, commentary: "New contract let from February: eleven months of savings." },
  "Reduction in the use of agency staff": {
    forecast: 95,
    commentary: "M&D still relies on agency cover for TOM vacancies; the saving depends on the permanent recruitment campaign.",
  },
  "Reduction in avoidable overtime pay": { forecast: 25, commentary: "Overtime during the service desk migration in May." },
};

/** FTE in post in January and at the latest month, by unit (demo values); the establishment is the budget's FTE. */
const FTE_PATH: Record<string, { from: number; to: number; agency: number; fixedTerm: number; leaverRate: number }> = {
  coo: { from: 4, to: 4, agency: 0, fixedTerm: 0, leaverRate: 0.02 },
  commercial: { from: 10, to: 13, agency: 4_500, fixedTerm: 3_000, leaverRate: 0.1 },
  md: { from: 100, to: 128, agency: 52_000, fixedTerm: 21_000, leaverRate: 1.1 },
  pcs: { from: 70, to: 84, agency: 11_500, fixedTerm: 15_500, leaverRate: 0.8 },
};

/**
 * Loads the business plan's resources (db/seed/data/resources.ts) and the year's demo months:
 * budgets, funding lines linked to the initiatives they pay for, efficiencies, the government
 * target, and for every completed month of the plan year finance, funding, efficiency and
 * workforce returns. Checks that the service lines add up to the plan's own totals.
 */
export async function seedResources(
  tx: Tx,
  ctx: { now: Date; unitIds: Map<string, number>; initiativeIds: Map<string, number>; userIds: Map<string, number> },
): Promise<void> {
  const { now, unitIds, initiativeIds } = ctx;
  const shift = now.getFullYear() - 2021;
  const year = (y: number) => y + shift;
  const planYear = year(2021);
  // Years in the plan's words move with its years ("Government Plan 2020 growth" funds this year's lines).
  const t = (text: string) => shiftYearsInText(text, shift);
  const coo = need(unitIds, "coo", "unit");
  const enteredBy = (unitSlug: string) =>
    ctx.userIds.get(`lead.${unitSlug}@baseline.test`) ?? ctx.userIds.get("slt.coo@baseline.test") ?? null;

  // The plan's own totals: a typo in the data fails the seed rather than showing wrong totals.
  const sum = (f: (b: (typeof serviceBudgets)[number]) => number) => serviceBudgets.reduce((t, b) => t + f(b), 0);
  const totals = {
    income: sum((b) => b.income),
    del: sum((b) => b.del),
    nearCash: sum((b) => b.del - b.income),
    nonCash: sum((b) => b.nonCash),
    total: sum((b) => b.del - b.income + b.nonCash),
    fte: sum((b) => b.fte),
  };
  for (const [k, v] of Object.entries(serviceBudgetTotals)) {
    if (totals[k as keyof typeof totals] !== v) throw new Error(`seed: service analysis ${k} adds up to ${totals[k as keyof typeof totals]}, the plan says ${v}`);
  }

  const months = lastCompletedMonths(now, 12).filter((m) => m.startsWith(`${planYear}-`));

  // Budgets and the service areas' months
  for (const b of serviceBudgets) {
    const unitId = need(unitIds, b.unitSlug, "unit");
    const budget = { incomePence: thousandsToPence(b.income), delPence: thousandsToPence(b.del), nonCashPence: thousandsToPence(b.nonCash) };
    await tx.insert(s.unitBudgets).values({ unitId, year: year(b.year), ...budget, fteEstablishment: String(b.fte) });
    const annual = totalNetPence(budget);
    const rnd = seededRandom(`finance:${b.unitSlug}`);
    const path = FORECAST_PATH[b.unitSlug] ?? (() => 1);
    if (months.length) {
      await tx.insert(s.financeMonths).values(
        months.map((month, i) => {
          const forecast = Math.round(annual * path(i));
          const status = varianceStatus(forecast, annual, DEFAULT_TOLERANCE);
          return {
            unitId,
            month,
            actualPence: Math.round((forecast / 12) * (0.94 + rnd() * 0.12)),
            forecastOutturnPence: forecast,
            commentary: status === "on_budget" ? null : (FINANCE_COMMENTARY[b.unitSlug] ?? "Variance under review with the finance business partner."),
            updatedById: enteredBy(b.unitSlug),
          };
        }),
      );
    }
  }

  // Government Plan growth and capital, linked to the initiatives they fund
  for (const [i, f] of fundingLines.entries()) {
    const [row] = await tx
      .insert(s.fundingProgrammes)
      .values({
        departmentId: coo,
        leadUnitId: f.leadUnitSlug ? need(unitIds, f.leadUnitSlug, "unit") : null,
        year: year(f.year),
        kind: f.kind,
        ref: f.ref,
        name: t(f.name),
        source: t(f.source),
        cspPriority: f.cspPriority,
        subPriority: f.subPriority,
        minister: f.minister,
        allocationPence: thousandsToPence(f.allocation),
        sortOrder: i,
      })
      .returning({ id: s.fundingProgrammes.id });
    const programmeId = row!.id;
    if (f.initiativeTitles.length) {
      await tx
        .insert(s.fundingProgrammeInitiatives)
        .values(f.initiativeTitles.map((t) => ({ programmeId, initiativeId: need(initiativeIds, t, "initiative") })));
    }
    const plan = FUNDING_FORECAST[f.name];
    const forecast = Math.round(thousandsToPence(f.allocation) * (plan?.factor ?? 1));
    const rnd = seededRandom(`funding:${f.name}`);
    if (months.length) {
      await tx.insert(s.fundingProgrammeMonths).values(
        months.map((month) => ({
          programmeId,
          month,
          // Capital spends later in the year than revenue: a rising profile.
          spendPence: Math.round((forecast / 12) * (0.85 + rnd() * 0.2)),
          forecastOutturnPence: forecast,
          commentary: plan?.commentary ?? null,
          updatedById: enteredBy(f.leadUnitSlug ?? "coo"),
        })),
      );
    }
  }

  // Efficiencies and the government's objective
  await tx.insert(s.governmentEfficiencyTargets).values({
    year: year(governmentEfficiencyTarget.year),
    targetPence: thousandsToPence(governmentEfficiencyTarget.target),
    note: t(governmentEfficiencyTarget.note),
  });
  for (const [i, e] of efficiencies.entries()) {
    const target = thousandsToPence(e.target);
    const [row] = await tx
      .insert(s.efficiencies)
      .values({
        departmentId: coo,
        leadUnitId: e.leadUnitSlug ? need(unitIds, e.leadUnitSlug, "unit") : null,
        year: year(e.year),
        scope: e.scope,
        programme: e.programme,
        title: e.title,
        recurring: e.recurring,
        type: e.type,
        budgetType: e.budgetType,
        minister: e.minister,
        targetPence: target,
        sortOrder: i,
      })
      .returning({ id: s.efficiencies.id });
    const plan = EFFICIENCY_FORECAST[e.title];
    const forecast = plan ? thousandsToPence(plan.forecast) : target;
    if (months.length) {
      await tx.insert(s.efficiencyMonths).values(
        months.map((month) => {
          const rag = efficiencyRag(forecast, target, DEFAULT_TOLERANCE);
          return {
            efficiencyId: row!.id,
            month,
            // A recurring saving accrues evenly through the year.
            deliveredPence: Math.round(forecast / 12),
            forecastPence: forecast,
            commentary: rag === "green" ? null : (plan?.commentary ?? null),
            updatedById: enteredBy(e.leadUnitSlug ?? "coo"),
          };
        }),
      );
    }
  }

  // Workforce: the months of each service area, and the department's profile and pay gap
  for (const [slug, p] of Object.entries(FTE_PATH)) {
    const unitId = need(unitIds, slug, "unit");
    const rnd = seededRandom(`workforce:${slug}`);
    if (!months.length) continue;
    await tx.insert(s.workforceMonths).values(
      months.map((month, i) => {
        const fte = Math.round((p.from + ((p.to - p.from) * i) / Math.max(1, months.length - 1)) * 10) / 10;
        return {
          unitId,
          month,
          fteInPost: fte.toFixed(2),
          headcount: Math.round(fte * 1.04),
          leavers: Math.floor(p.leaverRate + rnd()),
          agencySpendPence: Math.round(p.agency * (0.85 + rnd() * 0.3)) * 100,
          fixedTermSpendPence: Math.round(p.fixedTerm * (0.9 + rnd() * 0.2)) * 100,
          updatedById: enteredBy(slug),
        };
      }),
    );
  }
  const dept = need(unitIds, workforceProfile.departmentSlug, "unit");
  const asOf = shiftDate(workforceProfile.asOf, shift);
  await tx.insert(s.workforceProfiles).values([
    ...workforceProfile.sex.map((r, i) => ({ departmentId: dept, asOf, dimension: "sex" as const, band: r.band, sortOrder: i, headcount: r.headcount, demoValue: r.demoValue })),
    ...workforceProfile.ageBand.map((r, i) => ({ departmentId: dept, asOf, dimension: "age_band" as const, band: r.band, sortOrder: i, headcount: r.headcount, demoValue: true })),
    ...workforceProfile.lengthOfService.map((r, i) => ({
      departmentId: dept, asOf, dimension: "length_of_service" as const, band: r.band, sortOrder: i, headcount: r.headcount, demoValue: true,
    })),
  ]);
  await tx.insert(s.genderPayGaps).values({
    departmentId: need(unitIds, genderPayGap.departmentSlug, "unit"),
    asOf: shiftDate(genderPayGap.asOf, shift),
    medianGapPct: String(genderPayGap.medianGapPct),
    meanGapPct: String(genderPayGap.meanGapPct),
    source: t(genderPayGap.source),
  });
}
