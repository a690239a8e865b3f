import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { measures, measureTargets, measureValues, orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { pool as appPool } from "@/lib/db";
import { monthAsAt } from "@/lib/entry/periods";
import { listOtherExceptions } from "@/lib/dashboard/overview";
import {
  dashboardMonths,
  EXCEPTIONS_SHOWN,
  getDepartmentDashboard,
  getViewableDepartment,
  listDepartmentMeasureSeries,
  listDepartmentSummaries,
  pageDepartmentExceptions,
  SERIES_MONTHS,
} from "@/lib/measures/department";
import { PAGE_SIZE } from "@/lib/paging/page";
import { getRiskBands } from "@/lib/settings";
import { AUGUST_2025, createAsAtHistory } from "../support/as-at-history";
import { sessionUserFor, setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();
const now = new Date();
const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;

let admin: SessionUser;
let viewer: SessionUser;
let sltCoo: SessionUser;
let leadMd: SessionUser;
let cooId: number;
let mdId: number;

/** yyyy-MM-dd of the first day of the month `back` months before the current one. */
function firstOfMonth(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-01`;
}

beforeAll(async () => {
  const as = (name: string) => sessionUserFor({ email: `${name}@baseline.test` });
  [admin, viewer, sltCoo, leadMd] = await Promise.all([as("admin"), as("viewer"), as("slt.coo"), as("lead.md")]);
  const units = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits);
  cooId = units.find((u) => u.slug === "coo")!.id;
  mdId = units.find((u) => u.slug === "md")!.id;
});

describe("department dashboard: who may see it", () => {
  it("lets SLT and leads open only their own department, and ADMIN and VIEWER every one", async () => {
    const month = dashboardMonths().defaultMonth;
    expect(await getDepartmentDashboard(sltCoo, "coo", month, monthAsAt(month, today))).not.toBeNull();
    expect(await getDepartmentDashboard(leadMd, "coo", month, monthAsAt(month, today))).not.toBeNull();
    expect(await getDepartmentDashboard(sltCoo, "cls", month, monthAsAt(month, today))).toBeNull();
    expect(await getDepartmentDashboard(leadMd, "cls", month, monthAsAt(month, today))).toBeNull();
    for (const who of [admin, viewer]) {
      expect(await getDepartmentDashboard(who, "coo", month, monthAsAt(month, today))).not.toBeNull();
      expect(await getDepartmentDashboard(who, "cls", month, monthAsAt(month, today))).not.toBeNull();
    }
  });

  it("answers a directorate's slug or an unknown slug with nothing", async () => {
    const month = dashboardMonths().defaultMonth;
    expect(await getDepartmentDashboard(admin, "md", month, monthAsAt(month, today))).toBeNull();
    expect(await getDepartmentDashboard(admin, "no-such-department", month, monthAsAt(month, today))).toBeNull();
  });

  it("lists on the index only the departments the user may view, with every measure counted once", async () => {
    expect((await listDepartmentSummaries(sltCoo)).rows.map((d) => d.slug)).toEqual(["coo"]);
    const { rows: all } = await listDepartmentSummaries(viewer);
    expect(all.map((d) => d.slug).sort()).toEqual(["cls", "coo"]);
    const month = dashboardMonths().defaultMonth;
    for (const d of all) {
      const total = Object.values(d.counts).reduce((s, n) => s + n, 0);
      expect(total).toBe(d.measureCount);
      // The index agrees with the department page for the same month.
      const page = await getDepartmentDashboard(viewer, d.slug, month, monthAsAt(month, today));
      expect(page!.measures).toHaveLength(d.measureCount);
      for (const status of Object.keys(d.counts) as (keyof typeof d.counts)[]) {
        expect(page!.measures.filter((m) => m.latest.status === status).length, `${d.slug} ${status}`).toBe(d.counts[status]);
      }
    }
  });
});

describe("department dashboard: the series query", () => {
  it("reads every measure's 12-month series in one query, however many measures there are", async () => {
    const month = dashboardMonths().defaultMonth;
    const spy = vi.spyOn(appPool(), "query");
    try {
      await listDepartmentMeasureSeries(cooId, month);
      expect(spy).toHaveBeenCalledTimes(1);

      spy.mockClear();
      const dashboard = await getDepartmentDashboard(sltCoo, "coo", month, monthAsAt(month, today));
      // The department row, the band and finance tolerance settings, then the series, the scorecard and the exceptions side by side.
      expect(spy).toHaveBeenCalledTimes(6);
      expect(dashboard!.measures.length).toBeGreaterThan(10);

      spy.mockClear();
      await listDepartmentSummaries(viewer);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("gives every measure 12 points ending at the selected month, oldest first", async () => {
    const month = firstOfMonth(3);
    const rows = await listDepartmentMeasureSeries(cooId, month);
    for (const m of rows) {
      expect(m.series, m.code).toHaveLength(SERIES_MONTHS);
      expect(m.series.at(-1)!.month).toBe(month);
      expect(m.series[0]!.month).toBe(firstOfMonth(3 + SERIES_MONTHS - 1));
    }
    // A quarterly measure has figures only in the months that end a quarter.
    // A demo quarterly measure (other test files add measures of their own under COO).
    const quarterly = rows.find((m) => m.code === "CS-CONTRACTS-STORED")!;
    expect(quarterly.frequency).toBe("quarterly");
    for (const p of quarterly.series) {
      if (p.value !== null) expect([3, 6, 9, 12]).toContain(Number(p.month.slice(5, 7)));
    }
    expect(quarterly.series.filter((p) => p.value !== null).length).toBeGreaterThan(0);
  });

  it("shows as latest the figure of the selected month, so choosing another month changes it", async () => {
    const [p2] = await db.select({ id: measures.id }).from(measures).where(eq(measures.code, "MD-INC-P2"));
    const stored = await db
      .select({ period: measureValues.period, value: measureValues.value })
      .from(measureValues)
      .where(and(eq(measureValues.measureId, p2!.id), eq(measureValues.status, "submitted")));
    const byPeriod = new Map(stored.map((s) => [s.period, Number(s.value)]));

    for (const back of [2, 5]) {
      const month = firstOfMonth(back);
      const row = (await listDepartmentMeasureSeries(cooId, month)).find((m) => m.code === "MD-INC-P2")!;
      expect(row.latest.month).toBe(month);
      expect(row.latest.value).toBe(byPeriod.get(month) ?? null);
      expect(row.previous!.value).toBe(byPeriod.get(firstOfMonth(back + 1)) ?? null);
    }
  });

  it("ignores draft figures: the seed's draft last month of P1 shows no figure", async () => {
    const [p1] = await db.select({ id: measures.id }).from(measures).where(eq(measures.code, "MD-INC-P1"));
    const [draft] = await db
      .select({ status: measureValues.status })
      .from(measureValues)
      .where(and(eq(measureValues.measureId, p1!.id), eq(measureValues.period, firstOfMonth(1))));
    expect(draft?.status).toBe("draft");

    const row = (await listDepartmentMeasureSeries(cooId, firstOfMonth(1))).find((m) => m.code === "MD-INC-P1")!;
    expect(row.latest).toMatchObject({ value: null, status: "no_data" });
    expect(row.trend).toBe("no_comparison");
    expect(row.previous!.value).not.toBeNull();
  });

  it("judges each point against the target in force for its period", async () => {
    const suffix = randomUUID().slice(0, 8).toUpperCase();
    const [m] = await db
      .insert(measures)
      .values({ code: `TEST-DEPT-${suffix}`, name: "Department scratch", unitId: mdId, category: "service", valueType: "percent", direction: "higher_better", quarterRule: "mean", dataSource: "Test" })
      .returning({ id: measures.id });
    try {
      const a = firstOfMonth(4);
      const b = firstOfMonth(2);
      await db.insert(measureTargets).values([
        { measureId: m!.id, targetValue: "90", effectiveFrom: "2000-01-01" },
        { measureId: m!.id, targetValue: "95", effectiveFrom: firstOfMonth(3) },
      ]);
      await db.insert(measureValues).values([
        { measureId: m!.id, period: a, value: "92", status: "submitted" },
        { measureId: m!.id, period: b, value: "92", status: "submitted" },
        { measureId: m!.id, period: firstOfMonth(1), value: "99", status: "draft" },
      ]);
      const spy = vi.spyOn(appPool(), "query");
      const rows = await listDepartmentMeasureSeries(cooId, firstOfMonth(1));
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
      const row = rows.find((r) => r.id === m!.id)!;
      expect(row.series.find((p) => p.month === a)).toMatchObject({ value: 92, target: 90, status: "on_target" });
      expect(row.series.find((p) => p.month === b)).toMatchObject({ value: 92, target: 95, status: "within_tolerance" });
      expect(row.latest).toMatchObject({ value: null, target: 95, status: "no_data" });
    } finally {
      await db.delete(measureValues).where(eq(measureValues.measureId, m!.id));
      await db.delete(measures).where(eq(measures.id, m!.id));
    }
  });

  it("keeps grouped measures together, in breakdown order, in one unit and category", async () => {
    const rows = await listDepartmentMeasureSeries(cooId, firstOfMonth(1));
    const indexes = rows.flatMap((m, i) => (m.groupName === "Incident resolution by severity" ? [i] : []));
    expect(indexes.map((i) => rows[i]!.breakdown)).toEqual(["P1", "P2", "P3", "P4"]);
    // Adjacent in the list, so the page can show them as one block.
    expect(indexes.at(-1)! - indexes[0]!).toBe(3);
    expect(new Set(indexes.map((i) => `${rows[i]!.unitId}:${rows[i]!.category}`)).size).toBe(1);
  });

  it("returns only the department's active measures, with aggregated series rather than raw rows", async () => {
    const { rows } = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from measures m join org_units u on u.id = m.unit_id
      where m.active and (u.id = ${cooId} or u.parent_id = ${cooId})`);
    const series = await listDepartmentMeasureSeries(cooId, firstOfMonth(1));
    expect(series).toHaveLength(rows[0]!.n);
    expect(Object.keys(series[0]!.series[0]!).sort()).toEqual(["month", "period", "status", "target", "value"]);
  });
});

describe("department dashboard: its initiatives, risks and overdue items, bounded", () => {
  it("shows the first EXCEPTIONS_SHOWN with how many there are, and pages through all of them on the full list", async () => {
    const month = dashboardMonths().defaultMonth;
    const asAt = monthAsAt(month, today);
    const all = await listOtherExceptions(viewer, { asAt, bands: await getRiskBands(db), departmentId: cooId }, 500);
    const page = (await getDepartmentDashboard(viewer, "coo", month, asAt))!;
    expect(page.exceptions.total).toBe(all.length);
    expect(page.exceptions.items).toEqual(all.slice(0, EXCEPTIONS_SHOWN));

    const department = (await getViewableDepartment(viewer, "coo"))!;
    const first = await pageDepartmentExceptions(viewer, department, asAt, 1);
    expect(first).toEqual({ items: all.slice(0, PAGE_SIZE), total: all.length });
    // Scoped like the page: SLT of another department sees none of COO's (the page itself answers 404).
    const sltCls = await sessionUserFor({ email: "slt.cls@baseline.test" });
    expect((await pageDepartmentExceptions(sltCls, department, asAt, 1)).total).toBe(0);
  });
});

describe("department dashboard of a past month (issue 13): as at its last day, not today", () => {
  it("counts and lists the department's initiatives, risks and overdue items as they stood then", async () => {
    const h = await createAsAtHistory(db);
    try {
      expect(monthAsAt(AUGUST_2025.month, today)).toBe(AUGUST_2025.asAt);
      const august = (await getDepartmentDashboard(admin, h.slug, AUGUST_2025.month, AUGUST_2025.asAt))!;
      expect(august.asAt).toBe(AUGUST_2025.asAt);
      expect(august.summary).toMatchObject({
        departmentId: h.departmentId,
        initiatives: { green: 0, amber: 1, red: 0 },
        highRisks: 1,
        overdueMilestones: 0,
        overdueActions: 1,
        overdueRecommendations: 1,
      });
      expect(august.exceptions.items.map((e) => `${e.kind}:${e.detail}`).sort()).toEqual(
        ["action:Owner: Programme director", "initiative:amber: Supplier late", "recommendation:Owner: Director", "risk:Residual 4 × 4 = 16, above appetite (6)"].sort(),
      );

      const thisMonth = dashboardMonths(now).options[0]!;
      const current = (await getDepartmentDashboard(admin, h.slug, thisMonth, monthAsAt(thisMonth, today)))!;
      expect(current.asAt).toBe(today);
      expect(current.summary).toMatchObject({ initiatives: { green: 0, amber: 0, red: 1 }, highRisks: 1, overdueMilestones: 2, overdueActions: 0, overdueRecommendations: 0 });

      // Only the department's own: another department's page does not count them.
      const coo = (await getDepartmentDashboard(admin, "coo", AUGUST_2025.month, AUGUST_2025.asAt))!;
      expect(coo.summary.departmentId).toBe(cooId);
      expect(coo.exceptions.items.every((e) => e.departmentSlug === "coo")).toBe(true);
    } finally {
      await h.remove();
    }
  });

  it("offers the current month (as at today) and the two years before, plus an older month when one is chosen", () => {
    const { defaultMonth, options } = dashboardMonths(new Date(2026, 11, 4));
    expect(defaultMonth).toBe("2026-11-01");
    expect(options[0]).toBe("2026-12-01");
    expect(options).toHaveLength(25);
    expect(options.at(-1)).toBe("2024-12-01");
    expect(dashboardMonths(new Date(2026, 11, 4), "2025-08-01").options).toHaveLength(25);
    expect(dashboardMonths(new Date(2026, 11, 4), "2020-01-01").options.at(-1)).toBe("2020-01-01");
  });
});
