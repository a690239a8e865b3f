/**
 * Resources (issue 16) where they meet the rest of Baseline: the review pack's resources section,
 * the dashboards' overspends and off-track efficiencies, and the quarterly report's resources
 * section (frozen at publishing, in data.csv and data.json). Expectations are worked out here from
 * the raw rows with the TypeScript rules (lib/resources/rules.ts), independently of the SQL twins.
 */
import { parse } from "csv-parse/sync";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as csvGet } from "@/app/(public)/reports/[department]/[quarter]/data.csv/route";
import { GET as jsonGet } from "@/app/(public)/reports/[department]/[quarter]/data.json/route";
import { ReportDocument } from "@/components/reports/report-document";
import type { SessionUser } from "@/lib/auth/current-user";
import { getDepartmentScorecards, getScorecards, pageOtherExceptions } from "@/lib/dashboard/overview";
import { lastCompletedMonth, monthAsAt } from "@/lib/entry/periods";
import { buildReportContent } from "@/lib/reports/build";
import { CSV_COLUMNS, quarterMonthPeriods, quarterSlug, readReportContent, type QuarterRef, type ReportContent } from "@/lib/reports/content";
import { readPublishedReport } from "@/lib/reports/published";
import { DEFAULT_TOLERANCE, efficiencyRag, sumPence, thousandsToPence, totalNetPence, varianceStatus } from "@/lib/resources/rules";
import { getReviewDepartment, getReviewPack } from "@/lib/reviews/pack";
import { getFinanceTolerance, getRiskBands } from "@/lib/settings";
import { sessionUserFor, setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();
const now = new Date();
const today = now.toISOString().slice(0, 10);
const lastMonth = lastCompletedMonth(now);
const year = now.getFullYear();
/** The demo has resources for the current year's completed months only. */
const hasMonths = lastMonth.startsWith(`${year}-`);

let cooId: number;
let viewer: SessionUser;

interface Raw {
  budgets: { unit_id: number; slug: string; name: string; income_pence: number; del_pence: number; non_cash_pence: number }[];
  finance: { unit_id: number; month: string; actual_pence: number; forecast_outturn_pence: number; commentary: string | null }[];
  efficiencies: { id: number; scope: string; unit_id: number; target_pence: number; title: string }[];
  efficiencyMonths: { efficiency_id: number; month: string; delivered_pence: number; forecast_pence: number }[];
  funding: { id: number; allocation_pence: number; name: string }[];
  fundingMonths: { programme_id: number; month: string; forecast_outturn_pence: number }[];
}
let raw: Raw;

const n = (v: unknown) => Number(v);

beforeAll(async () => {
  cooId = (await db.execute<{ id: number }>(sql`select id from org_units where slug = 'coo'`)).rows[0]!.id;
  viewer = await sessionUserFor({ email: "viewer@baseline.test" });
  const q = async <T,>(query: ReturnType<typeof sql>) => (await db.execute(query)).rows as T[];
  raw = {
    budgets: (
      await q<Raw["budgets"][number]>(sql`
        select b.unit_id, u.slug, u.name, b.income_pence, b.del_pence, b.non_cash_pence
        from unit_budgets b join org_units u on u.id = b.unit_id
        where b.year = ${year} and (u.id = ${cooId} or u.parent_id = ${cooId})`)
    ).map((b) => ({ ...b, income_pence: n(b.income_pence), del_pence: n(b.del_pence), non_cash_pence: n(b.non_cash_pence) })),
    finance: (
      await q<Raw["finance"][number]>(sql`
        select f.unit_id, to_char(f.month, 'YYYY-MM-DD') as month, f.actual_pence, f.forecast_outturn_pence, f.commentary
        from finance_months f join org_units u on u.id = f.unit_id
        where extract(year from f.month) = ${year} and (u.id = ${cooId} or u.parent_id = ${cooId})`)
    ).map((f) => ({ ...f, actual_pence: n(f.actual_pence), forecast_outturn_pence: n(f.forecast_outturn_pence) })),
    efficiencies: (
      await q<Raw["efficiencies"][number]>(sql`
        select id, scope, coalesce(lead_unit_id, department_id) as unit_id, target_pence, title from efficiencies where department_id = ${cooId} and year = ${year}`)
    ).map((e) => ({ ...e, target_pence: n(e.target_pence) })),
    efficiencyMonths: (
      await q<Raw["efficiencyMonths"][number]>(sql`
        select m.efficiency_id, to_char(m.month, 'YYYY-MM-DD') as month, m.delivered_pence, m.forecast_pence
        from efficiency_months m join efficiencies e on e.id = m.efficiency_id where e.department_id = ${cooId} and e.year = ${year}`)
    ).map((m) => ({ ...m, delivered_pence: n(m.delivered_pence), forecast_pence: n(m.forecast_pence) })),
    funding: (await q<Raw["funding"][number]>(sql`select id, allocation_pence, name from funding_programmes where department_id = ${cooId} and year = ${year}`)).map((f) => ({
      ...f,
      allocation_pence: n(f.allocation_pence),
    })),
    fundingMonths: (
      await q<Raw["fundingMonths"][number]>(sql`
        select m.programme_id, to_char(m.month, 'YYYY-MM-DD') as month, m.forecast_outturn_pence
        from funding_programme_months m join funding_programmes p on p.id = m.programme_id where p.department_id = ${cooId} and p.year = ${year}`)
    ).map((m) => ({ ...m, forecast_outturn_pence: n(m.forecast_outturn_pence) })),
  };
});

/** The latest of `rows` in `month`'s year up to it (the as-at rule, in TypeScript). */
function latest<T extends { month: string }>(rows: T[], month: string): T | undefined {
  return rows.filter((r) => r.month <= month && r.month.slice(0, 4) === month.slice(0, 4)).sort((a, b) => b.month.localeCompare(a.month))[0];
}
const toDate = <T extends { month: string }>(rows: T[], month: string, f: (r: T) => number) =>
  sumPence(rows.filter((r) => r.month <= month && r.month.slice(0, 4) === month.slice(0, 4)).map(f));

/** Worked out from the raw rows: service areas beyond tolerance, funding lines beyond, efficiencies off track. */
function expectedAt(month: string) {
  const t = DEFAULT_TOLERANCE;
  const areas = raw.budgets.flatMap((b) => {
    const fm = latest(
      raw.finance.filter((f) => f.unit_id === b.unit_id),
      month,
    );
    if (!fm) return [];
    const budget = totalNetPence({ incomePence: b.income_pence, delPence: b.del_pence, nonCashPence: b.non_cash_pence });
    return [{ unitId: b.unit_id, slug: b.slug, budget, forecast: fm.forecast_outturn_pence, status: varianceStatus(fm.forecast_outturn_pence, budget, t) }];
  });
  const lines = raw.funding.flatMap((f) => {
    const pm = latest(
      raw.fundingMonths.filter((m) => m.programme_id === f.id),
      month,
    );
    return pm && varianceStatus(pm.forecast_outturn_pence, f.allocation_pence, t) === "beyond_tolerance" ? [f.id] : [];
  });
  const offTrack = raw.efficiencies.flatMap((e) => {
    const em = latest(
      raw.efficiencyMonths.filter((m) => m.efficiency_id === e.id),
      month,
    );
    return em && efficiencyRag(em.forecast_pence, e.target_pence, t) !== "green" ? [{ id: e.id, unitId: e.unit_id, rag: efficiencyRag(em.forecast_pence, e.target_pence, t) }] : [];
  });
  return {
    beyond: areas.filter((a) => a.status === "beyond_tolerance"),
    overspends: areas.filter((a) => a.status === "beyond_tolerance" && a.forecast > a.budget),
    lines,
    offTrack,
  };
}

describe.runIf(hasMonths)("the review pack's resources section", () => {
  it("uses the default tolerance in the demo (the setting is not set)", async () => {
    expect(await getFinanceTolerance(db)).toEqual(DEFAULT_TOLERANCE);
  });

  it("lists service areas and funding lines beyond tolerance and efficiencies off track, as at the pack's month", async () => {
    const coo = (await getReviewDepartment("coo"))!;
    const months = [`${year}-01-01`, `${year}-04-01`, `${year}-08-01`, lastMonth].filter((m) => m <= lastMonth);
    for (const month of months) {
      const pack = await getReviewPack(coo, month, monthAsAt(month, today));
      const expected = expectedAt(month);
      expect(pack.resources.serviceAreas.map((s) => s.unitId).sort(), month).toEqual(expected.beyond.map((a) => a.unitId).sort());
      expect(pack.resources.fundingLines.map((f) => f.id).sort(), month).toEqual([...expected.lines].sort());
      expect(pack.resources.efficiencies.map((e) => [e.id, e.rag]).sort(), month).toEqual(expected.offTrack.map((e) => [e.id, e.rag]).sort());
      for (const s of pack.resources.serviceAreas) {
        expect(s.month <= month).toBe(true);
        expect(s.actualToDatePence).toBe(toDate(raw.finance.filter((f) => f.unit_id === s.unitId), month, (f) => f.actual_pence));
        // Commentary is required beyond tolerance: the demo gives it.
        expect(s.commentary).toBeTruthy();
      }
    }
  });

  it("shows M&D's overspend from the summer (the demo's story) with its commentary, and not in April", async () => {
    const coo = (await getReviewDepartment("coo"))!;
    const august = `${year}-08-01`;
    if (lastMonth >= august) {
      const pack = await getReviewPack(coo, lastMonth, monthAsAt(lastMonth, today));
      const md = pack.resources.serviceAreas.find((s) => s.unitName === "Modernisation and Digital");
      expect(md?.forecastPence).toBeGreaterThan(md!.budgetPence);
      expect(md?.commentary).toContain("Agency");
      expect(pack.resources.efficiencies.map((e) => e.title)).toContain("Merge support for governance Boards (P&CS to lead)");
      expect(pack.resources.fundingLines.map((f) => f.name)).toContain("Integrated Tech Solution (Major Project)");
    }
    if (lastMonth >= `${year}-04-01`) {
      const april = await getReviewPack(coo, `${year}-04-01`, monthAsAt(`${year}-04-01`, today));
      expect(april.resources.serviceAreas.map((s) => s.unitName)).not.toContain("Modernisation and Digital");
    }
  });
});

describe.runIf(hasMonths)("the dashboards' resource exceptions", () => {
  it("counts overspends beyond tolerance and off-track efficiencies per unit, and per department as their sum", async () => {
    const bands = await getRiskBands(db);
    const asAt = monthAsAt(lastMonth, today);
    const view = { month: lastMonth, asAt, bands, tolerance: DEFAULT_TOLERANCE };
    const expected = expectedAt(lastMonth);
    const cards = (await getScorecards(viewer, view)).filter((c) => c.departmentId === cooId);
    for (const c of cards) {
      expect(c.overspends, c.unitName).toBe(expected.overspends.filter((a) => a.unitId === c.unitId).length);
      expect(c.offTrackEfficiencies, c.unitName).toBe(expected.offTrack.filter((e) => e.unitId === c.unitId).length);
    }
    const { cards: departments } = await getDepartmentScorecards(viewer, { ...view, page: 1 });
    const coo = departments.find((d) => d.departmentId === cooId)!;
    expect(coo.overspends).toBe(expected.overspends.length);
    expect(coo.offTrackEfficiencies).toBe(expected.offTrack.length);
    if (lastMonth >= `${year}-08-01`) expect(coo.overspends).toBeGreaterThan(0);
  });

  it("lists each as an exception linking to the department's resources page for the month", async () => {
    const bands = await getRiskBands(db);
    const asAt = monthAsAt(lastMonth, today);
    const expected = expectedAt(lastMonth);
    const { items } = await pageOtherExceptions(viewer, { asAt, bands, tolerance: DEFAULT_TOLERANCE, departmentId: cooId }, { limit: 500 });
    const overspends = items.filter((e) => e.kind === "overspend");
    const efficiencies = items.filter((e) => e.kind === "efficiency");
    expect(overspends.map((e) => e.id).sort()).toEqual(expected.overspends.map((a) => a.unitId).sort());
    expect(efficiencies.map((e) => e.id).sort()).toEqual(expected.offTrack.map((e) => e.id).sort());
    for (const e of [...overspends, ...efficiencies]) expect(e.href).toBe(`/departments/coo/resources?month=${lastMonth.slice(0, 7)}`);
    for (const e of overspends) expect(e.detail).toMatch(/^Overspend of [\d,]+ \(£'000\) against a budget of [\d,]+/);
    for (const e of efficiencies) expect(e.detail).toMatch(/^(Red|Amber): forecast/);
    // SLT of another department sees none of COO's.
    const sltCls = await sessionUserFor({ email: "slt.cls@baseline.test" });
    const theirs = await pageOtherExceptions(sltCls, { asAt, bands, tolerance: DEFAULT_TOLERANCE }, { limit: 500 });
    expect(theirs.items.some((e) => (e.kind === "overspend" || e.kind === "efficiency") && e.departmentSlug === "coo")).toBe(false);
  });
});

/** The latest published COO quarter of the current year (the demo publishes the completed ones). */
async function publishedQuarter(): Promise<QuarterRef | null> {
  const { rows } = await db.execute<{ year: number; quarter: number }>(sql`
    select r.year, r.quarter from reports r where r.department_id = ${cooId} and r.status = 'published' and r.year = ${year}
    order by r.quarter desc limit 1`);
  return rows[0] ?? null;
}

describe("the quarterly report's resources section", () => {
  it("carries the plan's budget, the outturn and forecast at the quarter's last month, and the efficiencies against target", async () => {
    const q = await publishedQuarter();
    if (!q) return; // January to March: no quarter of the plan year has ended.
    const report = (await readPublishedReport(db, "coo", q))!;
    const r = report.content.resources!;
    expect(report.content.schemaVersion).toBe(3);
    const last = quarterMonthPeriods(q)[2];
    expect(r.month).toBe(last);
    expect(r.year).toBe(year);
    // The business plan's service analysis: total net revenue expenditure, £'000.
    expect(Object.fromEntries(r.serviceAreas.map((a) => [a.name, a.budgetPence]))).toMatchObject({
      "Commercial Services": thousandsToPence(4_571),
      "Modernisation and Digital": thousandsToPence(19_883),
      "People and Corporate Services": thousandsToPence(12_285),
    });
    expect(r.serviceAreas).toHaveLength(4);
    expect(r.total.budgetPence).toBe(thousandsToPence(37_297));
    for (const a of r.serviceAreas) {
      const unitId = raw.budgets.find((b) => b.name === a.name)!.unit_id;
      const rows = raw.finance.filter((f) => f.unit_id === unitId);
      expect(a.outturnToDatePence, a.name).toBe(toDate(rows, last, (f) => f.actual_pence));
      expect(a.forecastPence, a.name).toBe(latest(rows, last)!.forecast_outturn_pence);
    }
    expect(r.total.outturnToDatePence).toBe(sumPence(r.serviceAreas.map((a) => a.outturnToDatePence)));
    // Efficiencies: the department's £1.2m towards the Government's £20m, and the cross-cutting lines.
    expect(r.efficiencies.departmental.targetPence).toBe(thousandsToPence(1_200));
    expect(r.efficiencies.governmentTargetPence).toBe(thousandsToPence(20_000));
    expect(r.efficiencies.crossCutting.targetPence).toBe(sumPence(raw.efficiencies.filter((e) => e.scope === "cross_cutting").map((e) => e.target_pence)));
    expect(r.efficiencies.departmental.deliveredToDatePence).toBe(
      toDate(
        raw.efficiencyMonths.filter((m) => raw.efficiencies.some((e) => e.id === m.efficiency_id && e.scope === "departmental")),
        last,
        (m) => m.delivered_pence,
      ),
    );
  });

  it("is frozen: editing the quarter's finance month afterwards changes a fresh build, not the published revision", async () => {
    const q = await publishedQuarter();
    if (!q) return;
    const last = quarterMonthPeriods(q)[2];
    const before = (await readPublishedReport(db, "coo", q))!.content.resources;
    const rollback = new Error("rollback");
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`
          update finance_months set forecast_outturn_pence = forecast_outturn_pence + 123456789, actual_pence = actual_pence + 100, version = version + 1
          where month = ${last}::date and unit_id in (select id from org_units where slug = 'md')`);
        const fresh = (await buildReportContent(tx, cooId, q, { introduction: "", highlights: "", concerns: "" }))!.resources!;
        const published = (await readPublishedReport(tx, "coo", q))!.content.resources;
        const md = (x: typeof fresh) => x.serviceAreas.find((a) => a.name === "Modernisation and Digital")!;
        expect(md(fresh).forecastPence).toBe(md(before!).forecastPence! + 123456789);
        expect(md(fresh).outturnToDatePence).toBe(md(before!).outturnToDatePence + 100);
        expect(published).toEqual(before);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });

  it("is in data.csv (documented columns) and data.json as published", async () => {
    const q = await publishedQuarter();
    if (!q) return;
    const content = (await readPublishedReport(db, "coo", q))!.content;
    const request = new Request("http://localhost/reports");
    const params = { params: Promise.resolve({ department: "coo", quarter: quarterSlug(q) }) };
    const [header, ...rows] = parse(await (await csvGet(request, params)).text()) as string[][];
    expect(header).toEqual(CSV_COLUMNS.map((c) => c.name));
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    const areas = rows.filter((r) => col(r, "row_type") === "service_area");
    expect(areas.map((r) => [col(r, "resource_name"), col(r, "budget_pence"), col(r, "forecast_pence")])).toEqual(
      content.resources!.serviceAreas.map((a) => [a.name, String(a.budgetPence), String(a.forecastPence)]),
    );
    const total = rows.find((r) => col(r, "row_type") === "service_area_total")!;
    expect(col(total, "budget_pence")).toBe(String(thousandsToPence(37_297)));
    expect(col(total, "resources_month")).toBe(quarterMonthPeriods(q)[2].slice(0, 7));
    const departmental = rows.find((r) => col(r, "row_type") === "efficiencies_departmental")!;
    expect(col(departmental, "budget_pence")).toBe(String(thousandsToPence(1_200)));
    expect(col(departmental, "measure_code")).toBe("");
    expect(rows.find((r) => col(r, "row_type") === "government_efficiency_target")).toBeDefined();

    const doc = (await (await jsonGet(request, params)).json()) as { content: ReportContent };
    expect(doc.content.resources).toEqual(content.resources);
  });

  it("renders the section, and says an older revision has none", async () => {
    const q = await publishedQuarter();
    if (!q) return;
    const content = (await readPublishedReport(db, "coo", q))!.content;
    const html = renderToStaticMarkup(createElement(ReportDocument, { content, revision: null }));
    expect(html).toContain("Budget and outturn by service area");
    expect(html).toContain("37,297");
    const old = readReportContent({ ...content, resources: undefined, schemaVersion: 2 });
    expect(renderToStaticMarkup(createElement(ReportDocument, { content: old, revision: null }))).toContain("No resources section in this revision");
  });
});
