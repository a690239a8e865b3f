import { addDays, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { measures, measureValues, orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { dueDate, isDueIn, lastCompletedMonth, monthsBetween, quarterStart, storedAt } from "@/lib/entry/periods";
import { countStates, stateOf, type StoredStatus } from "@/lib/entry/submission-state";
import {
  cellLookup,
  getDepartmentTrackerGrid,
  getTrackerGrid,
  inTrackerScope,
  isoDate,
  listDueFigures,
  listOwedFigures,
  owedScope,
  recentMonths,
  resolveMonthRange,
  viewScope,
  withinDepartment,
} from "@/lib/entry/tracker";
import { PAGE_SIZE } from "@/lib/paging/page";
import { sessionUserFor, setUpTestDb } from "../support/harness";

const { db, pool } = setUpTestDb();
const now = new Date();
const today = isoDate(now);
const lastMonth = lastCompletedMonth(now);
const WD = 10;
const dayAfter = (iso: string) => format(addDays(parseISO(iso), 1), "yyyy-MM-dd");

const unitIds = new Map<string, number>();
const unit = (slug: string) => unitIds.get(slug)!;
let admin: SessionUser;
let viewer: SessionUser;
let sltCoo: SessionUser;
let leadMd: SessionUser;

beforeAll(async () => {
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds.set(u.slug, u.id);
  const as = (name: string) => sessionUserFor({ email: `${name}@baseline.test` });
  [admin, viewer, sltCoo, leadMd] = await Promise.all([as("admin"), as("viewer"), as("slt.coo"), as("lead.md")]);
});

/** The grid worked out the slow way, measure by measure, from the rules in lib/entry/periods.ts. */
async function bruteForceCounts(from: string, to: string, todayIso: string) {
  const defs = await db
    .select({ id: measures.id, unitId: measures.unitId, frequency: measures.frequency })
    .from(measures)
    .where(sql`${measures.active}`);
  const values = await db.select({ measureId: measureValues.measureId, periodType: measureValues.periodType, period: measureValues.period, status: measureValues.status }).from(measureValues);
  const stored = new Map(values.map((v) => [`${v.measureId}:${v.periodType}:${v.period}`, v.status]));
  const out = new Map<string, StoredStatus[]>();
  for (const month of monthsBetween(from, to)) {
    for (const m of defs) {
      if (!isDueIn(m.frequency, month)) continue;
      const periodType = m.frequency === "monthly" ? "month" : "quarter";
      const status = stored.get(`${m.id}:${periodType}:${storedAt(m.frequency, month)}`) ?? null;
      const key = `${m.unitId}:${month}`;
      out.set(key, [...(out.get(key) ?? []), status]);
    }
  }
  return new Map([...out].map(([key, statuses]) => [key, countStates(statuses.map((status) => stateOf({ status, periodDue: dueDate(key.split(":")[1]!, WD), today: todayIso })))]));
}

describe("getTrackerGrid", () => {
  it("shows an SLT member of COO only the COO units, and the viewer and administrator every unit", async () => {
    const range = recentMonths(now, 6);
    const coo = await getTrackerGrid(db, { scope: viewScope(sltCoo), ...range, workingDay: WD, today });
    expect(new Set(coo.units.map((u) => u.id))).toEqual(new Set([unit("pcs"), unit("md"), unit("commercial")]));
    expect(coo.units.every((u) => u.departmentId === unit("coo") && u.departmentName === "Chief Operating Office")).toBe(true);
    expect(coo.cells).toHaveLength(3 * 6);
    expect(coo.months.map((m) => m.period)).toEqual(monthsBetween(range.from, range.to));
    expect(coo.months.at(-1)).toEqual({ period: lastMonth, due: dueDate(lastMonth, WD) });

    for (const who of [viewer, admin]) {
      const all = await getTrackerGrid(db, { scope: viewScope(who), ...range, workingDay: WD, today });
      const ids = all.units.map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([unit("md"), unit("cls-customer-services"), unit("cls-local-services")]));
      expect(ids).not.toContain(unit("coo")); // a department with no measures of its own has no row
    }
    // A lead's view follows "unit:view": their department.
    const lead = await getTrackerGrid(db, { scope: viewScope(leadMd), ...range, workingDay: WD, today });
    expect(lead.units.map((u) => u.id)).toEqual(coo.units.map((u) => u.id));
  });

  it("counts what the measure-by-measure rules count, in every cell (12 months, every unit)", async () => {
    const range = recentMonths(now, 12);
    for (const todayIso of [today, `${lastMonth.slice(0, 8)}28`]) {
      const grid = await getTrackerGrid(db, { scope: { kind: "all" }, ...range, workingDay: WD, today: todayIso });
      const expected = await bruteForceCounts(range.from, range.to, todayIso);
      for (const cell of grid.cells) {
        const want = expected.get(`${cell.unitId}:${cell.period}`) ?? countStates([]);
        expect(cell.counts, `${cell.unitId} ${cell.period}`).toEqual(want);
      }
      expect(grid.cells.reduce((n, c) => n + c.counts.submitted, 0)).toBeGreaterThan(100);
    }
  });

  it("runs ONE query whatever the number of units and months", async () => {
    const spy = vi.spyOn(pool, "query");
    try {
      await getTrackerGrid(db, { scope: { kind: "all" }, ...recentMonths(now, 24), workingDay: WD, today });
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockClear();
      await getTrackerGrid(db, { scope: viewScope(sltCoo), ...recentMonths(now, 1), workingDay: WD, today });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("shows a unit's draft as draft until the due date, then as late", async () => {
    const due = dueDate(lastMonth, WD);
    const onTime = await getTrackerGrid(db, { scope: viewScope(sltCoo), from: lastMonth, to: lastMonth, workingDay: WD, today: due });
    const md = cellLookup(onTime)(unit("md"), lastMonth)!;
    expect(md.counts.draft).toBeGreaterThanOrEqual(1); // the seed leaves MD-INC-P1 in draft
    expect(md.counts.late).toBe(0);

    const after = await getTrackerGrid(db, { scope: viewScope(sltCoo), from: lastMonth, to: lastMonth, workingDay: WD, today: dayAfter(due) });
    const late = cellLookup(after)(unit("md"), lastMonth)!;
    expect(late.counts.draft).toBe(0);
    expect(late.counts.late).toBe(md.counts.draft + md.counts.missing);
    expect(late.counts.submitted).toBe(md.counts.submitted);
  });

  it("shows nothing for an empty scope", async () => {
    const grid = await getTrackerGrid(db, { scope: { kind: "none" }, ...recentMonths(now, 6), workingDay: WD, today });
    expect(grid.units).toEqual([]);
    expect(grid.cells).toEqual([]);
  });
});

describe("listDueFigures (the drill-down)", () => {
  it("names each measure of the unit and month with its state: the seeded draft is draft, then late", async () => {
    const due = dueDate(lastMonth, WD);
    const figures = await listDueFigures(db, { scope: viewScope(sltCoo), from: lastMonth, to: lastMonth, workingDay: WD, today: due, unitId: unit("md") });
    expect(figures.length).toBeGreaterThan(5);
    expect(figures.every((f) => f.unitId === unit("md") && f.month === lastMonth && f.due === due)).toBe(true);
    const p1 = figures.find((f) => f.code === "MD-INC-P1")!;
    expect(p1).toMatchObject({ status: "draft", state: "draft", storedAt: lastMonth, submittedAt: null });
    const p2 = figures.find((f) => f.code === "MD-INC-P2")!;
    expect(p2).toMatchObject({ status: "submitted", state: "submitted" });
    expect(p2.submittedAt).toBeInstanceOf(Date);

    const later = await listDueFigures(db, { scope: viewScope(sltCoo), from: lastMonth, to: lastMonth, workingDay: WD, today: dayAfter(due), unitId: unit("md") });
    expect(later.find((f) => f.code === "MD-INC-P1")!.state).toBe("late");
  });

  it("shows a month with no figure as missing before its due date and late after it", async () => {
    const range = recentMonths(now, 12);
    // A monthly COO measure and month the seed left without a figure.
    const { rows } = await db.execute<{ measure_id: number; unit_id: number; month: string }>(sql`
      select m.id as measure_id, m.unit_id, to_char(g::date, 'YYYY-MM-DD') as month
      from measures m join org_units u on u.id = m.unit_id
      cross join generate_series(${range.from}::timestamp, ${range.to}::timestamp, interval '1 month') g
      where m.active and m.frequency = 'monthly' and u.parent_id = ${unit("coo")}
        and not exists (select 1 from measure_values v where v.measure_id = m.id and v.period_type = 'month' and v.period = g::date)
      order by g limit 1`);
    const gap = rows[0];
    expect(gap, "the demo seed leaves some months without figures").toBeDefined();
    const due = dueDate(gap!.month, WD);

    const before = await listDueFigures(db, { scope: viewScope(sltCoo), from: gap!.month, to: gap!.month, workingDay: WD, today: due, unitId: gap!.unit_id });
    expect(before.find((f) => f.measureId === gap!.measure_id)).toMatchObject({ status: null, state: "missing" });
    const after = await listDueFigures(db, { scope: viewScope(sltCoo), from: gap!.month, to: gap!.month, workingDay: WD, today, unitId: gap!.unit_id });
    expect(after.find((f) => f.measureId === gap!.measure_id)).toMatchObject({ status: null, state: "late" });

    const grid = await getTrackerGrid(db, { scope: viewScope(sltCoo), from: gap!.month, to: gap!.month, workingDay: WD, today });
    expect(cellLookup(grid)(gap!.unit_id, gap!.month)!.counts.late).toBeGreaterThanOrEqual(1);
  });

  it("lists a quarterly measure only in the quarter's last month, read from the quarter's first", async () => {
    const range = recentMonths(now, 12);
    const figures = await listDueFigures(db, { scope: { kind: "all" }, ...range, workingDay: WD, today });
    const quarterly = figures.filter((f) => f.frequency === "quarterly");
    expect(quarterly.length).toBeGreaterThan(0);
    for (const f of quarterly) {
      expect(Number(f.month.slice(5, 7)) % 3, f.code).toBe(0);
      expect(f.storedAt).toBe(quarterStart(f.month));
    }
    // The seed enters every ended quarter, so some quarterly figures are submitted.
    expect(quarterly.some((f) => f.status === "submitted")).toBe(true);
  });

  it("never returns a unit outside the scope, even when asked for it", async () => {
    const figures = await listDueFigures(db, { scope: viewScope(sltCoo), from: lastMonth, to: lastMonth, workingDay: WD, today, unitId: unit("cls-customer-services") });
    expect(figures).toEqual([]);
  });
});

describe("listOwedFigures (My updates)", () => {
  it("gives a lead the figures of their own unit not yet submitted, over the last 12 months", async () => {
    const owed = await listOwedFigures(db, { scope: owedScope(leadMd), now, workingDay: WD });
    expect(owed.length).toBeGreaterThan(0);
    expect(owed.every((f) => f.unitId === unit("md") && f.status !== "submitted" && f.state !== "submitted")).toBe(true);
    expect(owed.some((f) => f.code === "MD-INC-P1" && f.month === lastMonth && f.status === "draft")).toBe(true);
    const { from } = recentMonths(now, 12);
    expect(owed.every((f) => f.month >= from && f.month <= lastMonth)).toBe(true);
  });

  it("gives an SLT member their department's and a viewer nothing", async () => {
    const slt = await listOwedFigures(db, { scope: owedScope(sltCoo), now, workingDay: WD });
    expect(new Set(slt.map((f) => f.departmentId))).toEqual(new Set([unit("coo")]));
    expect(owedScope(viewer)).toEqual({ kind: "none" });
    expect(await listOwedFigures(db, { scope: owedScope(viewer), now, workingDay: WD })).toEqual([]);
  });
});

describe("scopes and month ranges (pure)", () => {
  it("maps roles to what they see and what they owe", () => {
    expect(viewScope(admin)).toEqual({ kind: "all" });
    expect(viewScope(viewer)).toEqual({ kind: "all" });
    expect(viewScope(sltCoo)).toEqual({ kind: "department", departmentId: unit("coo") });
    expect(viewScope(leadMd)).toEqual({ kind: "department", departmentId: unit("coo") });
    expect(owedScope(admin)).toEqual({ kind: "all" });
    expect(owedScope(sltCoo)).toEqual({ kind: "department", departmentId: unit("coo") });
    expect(owedScope(leadMd)).toEqual({ kind: "unit", unitId: unit("md") });
    expect(viewScope({ ...sltCoo, departmentId: null })).toEqual({ kind: "none" });
  });

  it("decides unit membership like the SQL does", () => {
    const md = { unitId: 4, departmentId: 1, ancestorIds: [1] };
    const team = { unitId: 40, departmentId: 1, ancestorIds: [4, 1] };
    expect(inTrackerScope({ kind: "unit", unitId: 4 }, md)).toBe(true);
    expect(inTrackerScope({ kind: "unit", unitId: 4 }, team)).toBe(true);
    expect(inTrackerScope({ kind: "unit", unitId: 40 }, md)).toBe(false);
    expect(inTrackerScope({ kind: "department", departmentId: 2 }, md)).toBe(false);
    expect(inTrackerScope({ kind: "none" }, md)).toBe(false);
  });

  it("defaults to the 6 months up to the last completed one and repairs odd ranges", () => {
    const at = new Date(2026, 10, 22); // 22 November 2026
    expect(resolveMonthRange({}, at)).toEqual({ from: "2026-05-01", to: "2026-10-01", adjusted: false });
    expect(resolveMonthRange({ from: "2026-01", to: "2026-03" }, at)).toEqual({ from: "2026-01-01", to: "2026-03-01", adjusted: false });
    expect(resolveMonthRange({ from: "2026-03", to: "2026-01" }, at)).toEqual({ from: "2026-01-01", to: "2026-03-01", adjusted: false });
    expect(resolveMonthRange({ to: "2026-08" }, at)).toEqual({ from: "2026-03-01", to: "2026-08-01", adjusted: false });
    expect(resolveMonthRange({ from: "2026-09", to: "2027-02" }, at)).toEqual({ from: "2026-09-01", to: "2026-10-01", adjusted: true });
    expect(resolveMonthRange({ from: "2020-01", to: "2026-10" }, at)).toEqual({ from: "2024-11-01", to: "2026-10-01", adjusted: true });
    expect(resolveMonthRange({ from: "2026-13", to: "2026-10" }, at)).toEqual({ from: "2026-05-01", to: "2026-10-01", adjusted: true });
    expect(resolveMonthRange({ from: "2027-01" }, at)).toEqual({ from: "2026-05-01", to: "2026-10-01", adjusted: true });
  });
});

describe("getDepartmentTrackerGrid (one row per department)", () => {
  const EXTRA = PAGE_SIZE + 5;
  let extraIds: number[] = [];

  /** Departments of our own, each with one monthly measure and last month's figure submitted: more than a page. */
  async function addDepartments() {
    const { rows } = await db.execute<{ id: number }>(sql`
      insert into org_units (slug, name, short_name, kind, sort_order)
      select 'tracker-paging-' || n, 'Tracker paging ' || lpad(n::text, 3, '0'), 'TP' || n, 'department', 1000 + n
      from generate_series(1, ${EXTRA}) n returning id`);
    extraIds = rows.map((r) => r.id);
    await db.execute(sql`
      insert into measures (code, name, unit_id, category, value_type, direction, quarter_rule, data_source)
      select 'TRACKER-PAGING-' || u.id, 'Paging measure', u.id, 'service', 'count', 'higher_better', 'sum', 'Test'
      from org_units u where u.id = any(${`{${extraIds.join(",")}}`}::int[])`);
    await db.execute(sql`
      insert into measure_values (measure_id, period_type, period, value, status, submitted_at)
      select m.id, 'month', ${lastMonth}::date, 1, 'submitted', now() from measures m where m.code like 'TRACKER-PAGING-%'`);
  }

  afterAll(async () => {
    await db.execute(sql`delete from measure_values where measure_id in (select id from measures where code like 'TRACKER-PAGING-%')`);
    await db.execute(sql`delete from measures where code like 'TRACKER-PAGING-%'`);
    await db.execute(sql`delete from org_units where slug like 'tracker-paging-%'`);
  });

  it("counts each department as the sum of its units, month by month, with the same states", async () => {
    const range = recentMonths(now, 12);
    for (const todayIso of [today, `${lastMonth.slice(0, 8)}28`]) {
      const options = { scope: { kind: "all" } as const, ...range, workingDay: WD, today: todayIso };
      const [units, departments] = await Promise.all([getTrackerGrid(db, options), getDepartmentTrackerGrid(db, { ...options, page: 1 })]);
      const summed = new Map<string, ReturnType<typeof countStates>>();
      const departmentOf = new Map(units.units.map((u) => [u.id, u.departmentId]));
      for (const c of units.cells) {
        const key = `${departmentOf.get(c.unitId)}:${c.period}`;
        const sum = summed.get(key) ?? countStates([]);
        for (const state of ["submitted", "draft", "missing", "late"] as const) sum[state] += c.counts[state];
        summed.set(key, sum);
      }
      expect(departments.departments.map((d) => d.id)).toEqual([...new Set(units.units.map((u) => u.departmentId))]);
      expect(departments.cells).toHaveLength(departments.departments.length * 12);
      for (const c of departments.cells) expect(c.counts, `${c.departmentId} ${c.period}`).toEqual(summed.get(`${c.departmentId}:${c.period}`));
      expect(departments.window).toMatchObject({ page: 1, pages: 1, total: departments.departments.length });
    }
  });

  it("drills into one department: the unit rows an SLT member of it sees, and nothing of a department outside the scope", async () => {
    const range = recentMonths(now, 6);
    const options = { ...range, workingDay: WD, today };
    const drilled = await getTrackerGrid(db, { scope: withinDepartment(viewScope(admin), unit("coo")), ...options });
    expect(drilled).toEqual(await getTrackerGrid(db, { scope: viewScope(sltCoo), ...options }));
    expect(withinDepartment(viewScope(sltCoo), unit("coo"))).toEqual(viewScope(sltCoo));
    expect(withinDepartment(viewScope(sltCoo), unit("cls"))).toEqual({ kind: "none" });
    expect(withinDepartment({ kind: "none" }, unit("cls"))).toEqual({ kind: "none" });
  });

  it("shows an SLT member exactly the same whatever another department holds", async () => {
    const options = { scope: viewScope(sltCoo), ...recentMonths(now, 6), workingDay: WD, today };
    const before = [await getTrackerGrid(db, options), await listDueFigures(db, options), await getDepartmentTrackerGrid(db, { ...options, page: 1 })];
    await addDepartments();
    const after = [await getTrackerGrid(db, options), await listDueFigures(db, options), await getDepartmentTrackerGrid(db, { ...options, page: 1 })];
    expect(after).toEqual(before);
    expect((before[2] as Awaited<ReturnType<typeof getDepartmentTrackerGrid>>).departments.map((d) => d.id)).toEqual([unit("coo")]);
  });

  it("pages the departments 50 at a time in ONE query, a page past the end showing the last", async () => {
    const options = { scope: viewScope(viewer), from: lastMonth, to: lastMonth, workingDay: WD, today };
    const spy = vi.spyOn(pool, "query");
    let first, second, past;
    try {
      first = await getDepartmentTrackerGrid(db, { ...options, page: 1 });
      second = await getDepartmentTrackerGrid(db, { ...options, page: 2 });
      past = await getDepartmentTrackerGrid(db, { ...options, page: 99 });
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
    const total = EXTRA + 2; // COO and CLS, then ours
    expect(first.window).toMatchObject({ page: 1, pages: 2, total, from: 1, to: PAGE_SIZE });
    expect(first.departments).toHaveLength(PAGE_SIZE);
    expect(first.cells).toHaveLength(PAGE_SIZE);
    expect(second.window).toMatchObject({ page: 2, pages: 2, total, from: PAGE_SIZE + 1, to: total });
    expect(second.departments).toHaveLength(total - PAGE_SIZE);
    expect(past).toEqual(second);
    const ids = [...first.departments, ...second.departments].map((d) => d.id);
    expect(new Set(ids).size).toBe(total);
    expect(ids.slice(2)).toEqual(extraIds);
    // Each of ours: one figure due last month, submitted.
    const ours = second.cells.find((c) => c.departmentId === extraIds.at(-1))!;
    expect(ours.counts).toEqual({ submitted: 1, draft: 0, missing: 0, late: 0 });
  });
});
