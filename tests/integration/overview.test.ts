import { format, startOfMonth, subMonths } from "date-fns";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/current-user";
import { appSettings } from "@/db/schema";
import {
  getDepartmentScorecards,
  getScorecards,
  listMeasureExceptions,
  listOtherExceptions,
  pageMeasureExceptions,
  pageOtherExceptions,
  sumScorecards,
  type OverviewAsAt,
} from "@/lib/dashboard/overview";
import { PAGE_SIZE } from "@/lib/paging/page";
import { pool as appPool } from "@/lib/db";
import { monthAsAt, toPeriod } from "@/lib/entry/periods";
import { statusOf, toNumber } from "@/lib/measures/status";
import { isOverdue, type RecommendationStatus } from "@/lib/recommendations/rules";
import { getRiskBands, SETTING_KEYS } from "@/lib/settings";
import { AUGUST_2025, createAsAtHistory, type AsAtHistory } from "../support/as-at-history";
import { countQueries, sessionUserFor, setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();
const now = new Date();
const today = format(now, "yyyy-MM-dd");
const lastMonth = format(subMonths(startOfMonth(now), 1), "yyyy-MM-dd");
let viewer: SessionUser;
let sltCoo: SessionUser;
/** The view of last month as it stands today (its figures, everything else as at today), under the configured bands. */
let current: OverviewAsAt;

beforeAll(async () => {
  [viewer, sltCoo] = await Promise.all([sessionUserFor({ email: "viewer@baseline.test" }), sessionUserFor({ email: "slt.coo@baseline.test" })]);
  current = { month: lastMonth, asAt: today, bands: await getRiskBands(db) };
});

describe("organisation overview", () => {
  it("SLT sees only its own department's units; the viewer sees every department", async () => {
    const coo = await getScorecards(sltCoo, current);
    expect(new Set(coo.map((c) => c.departmentSlug))).toEqual(new Set(["coo"]));
    expect(coo.map((c) => c.unitName)).toEqual(expect.arrayContaining(["Modernisation and Digital", "People and Corporate Services", "Commercial Services"]));
    const all = await getScorecards(viewer, current);
    expect(new Set(all.map((c) => c.departmentSlug))).toEqual(new Set(["coo", "cls"]));
  });

  it("counts each demo measure of a unit once, by the status worked out from its figure and target in force", async () => {
    const cards = await getScorecards(viewer, current);
    const md = cards.find((c) => c.unitName === "Modernisation and Digital")!;
    // Recompute from the rows with the pure rule: the monthly demo measures of M&D for last month.
    const { rows } = await db.execute<{ code: string; value: string | null; target: string | null; direction: "higher_better" | "lower_better" | "neither"; tol: string }>(sql`
      select m.code, v.value, (select mt.target_value from measure_targets mt where mt.measure_id = m.id and mt.effective_from <= ${lastMonth}::date order by mt.effective_from desc limit 1) as target,
        m.direction, m.amber_tolerance_pct as tol
      from measures m join org_units u on u.id = m.unit_id
      left join measure_values v on v.measure_id = m.id and v.period_type = 'month' and v.period = ${lastMonth}::date and v.status = 'submitted'
      where u.slug = 'md' and m.active and m.frequency = 'monthly'`);
    const expected = { on_target: 0, within_tolerance: 0, off_target: 0, no_target: 0, no_data: 0 };
    for (const r of rows) expected[statusOf({ value: toNumber(r.value), target: toNumber(r.target), direction: r.direction, tolerancePct: Number(r.tol) })] += 1;
    // All M&D demo measures are monthly (test files that add measures of their own use units of their own).
    expect(Object.values(md.measures).reduce((a, b) => a + b, 0)).toBe(rows.length);
    expect(md.measures).toEqual(expected);
    expect(md.missing).toBe(expected.no_data);
  });

  it("counts risks High after mitigation, red/amber initiatives and overdue items, and lists them as exceptions", async () => {
    const cards = await getScorecards(viewer, current);
    const cls = cards.filter((c) => c.departmentSlug === "cls");
    // The three CLS risks rated High after mitigation in the reference document.
    expect(cls.reduce((s, c) => s + c.highRisks, 0)).toBeGreaterThanOrEqual(3);
    const others = await listOtherExceptions(viewer, current, 500);
    const clsRisks = others.filter((e) => e.kind === "risk" && e.departmentSlug === "cls").map((e) => e.title);
    expect(clsRisks).toEqual(expect.arrayContaining(["Resource Management and Retention", "Information Governance", "Incoming Services"]));
    const { highFrom } = await getRiskBands(db);
    const [{ n }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from risks where status = 'open' and residual_likelihood * residual_impact >= ${highFrom}`)).rows as [{ n: number }];
    expect(cards.reduce((s, c) => s + c.highRisks, 0)).toBe(n);
    const overdueActions = cards.reduce((s, c) => s + c.overdueActions, 0);
    expect(others.filter((e) => e.kind === "action")).toHaveLength(overdueActions);
    for (const e of others.filter((x) => x.kind === "initiative")) expect(e.detail).toMatch(/^(red|amber)/);
  });

  it("links each exception to its own page: initiatives, risks and recommendations by id, milestones to their initiative", async () => {
    const others = await listOtherExceptions(viewer, current, 500);
    const { rows: milestones } = await db.execute<{ id: number; initiative_id: number }>(sql`select id, initiative_id from milestones`);
    const initiativeOf = new Map(milestones.map((m) => [m.id, m.initiative_id]));
    expect(others.some((e) => e.kind === "initiative")).toBe(true);
    expect(others.some((e) => e.kind === "risk")).toBe(true);
    for (const e of others) {
      const expected = {
        initiative: `/initiatives/${e.id}`,
        risk: `/risks/${e.id}`,
        milestone: `/initiatives/${initiativeOf.get(e.id)}`,
        recommendation: `/recommendations/${e.id}`,
        action: null,
        overspend: `/departments/${e.departmentSlug}/resources?month=${current.asAt.slice(0, 7)}`,
        efficiency: `/departments/${e.departmentSlug}/resources?month=${current.asAt.slice(0, 7)}`,
      }[e.kind];
      expect(e.href, `${e.kind} ${e.id}`).toBe(expected);
    }
  });

  it("counts overdue recommendations per unit as the rules do, and lists each as an exception", async () => {
    // One of our own, overdue for certain whatever the day: a target date long past, still in progress.
    const { rows: unit } = await db.execute<{ id: number }>(sql`select id from org_units where slug = 'cls-social-security'`);
    const unitId = unit[0]!.id;
    const { rows: created } = await db.execute<{ id: number }>(sql`
      insert into recommendations (ref, source, report_title, unit_id, text, owner_name, target_date, status)
      values ('TEST-OVERVIEW-01', 'other', 'Overview test report', ${unitId}, 'Keep the overview counting overdue recommendations.', 'Tester', '2001-01-31', 'in_progress')
      returning id`);
    const id = created[0]!.id;
    try {
      const { rows } = await db.execute<{ unit_id: number; status: RecommendationStatus; target_date: string | null }>(
        sql`select unit_id, status, to_char(target_date, 'YYYY-MM-DD') as target_date from recommendations`,
      );
      const overdue = rows.filter((r) => isOverdue({ status: r.status, targetDate: r.target_date }, today));
      const cards = await getScorecards(viewer, current);
      for (const c of cards) expect(c.overdueRecommendations, c.unitName).toBe(overdue.filter((r) => r.unit_id === c.unitId).length);
      expect(cards.find((c) => c.unitId === unitId)!.overdueRecommendations).toBeGreaterThanOrEqual(1);
      expect(cards.reduce((s, c) => s + c.overdueRecommendations, 0)).toBe(overdue.length);

      const listed = (await listOtherExceptions(viewer, current, 500)).filter((e) => e.kind === "recommendation");
      expect(listed).toHaveLength(overdue.length);
      expect(listed.find((e) => e.id === id)).toMatchObject({ title: "TEST-OVERVIEW-01: Keep the overview counting overdue recommendations.", date: "2001-01-31", href: `/recommendations/${id}` });

      // Scoped like the rest: the COO SLT sees no CLS recommendation.
      expect((await getScorecards(sltCoo, current)).some((c) => c.unitId === unitId)).toBe(false);
      expect((await listOtherExceptions(sltCoo, current, 500)).some((e) => e.kind === "recommendation" && e.id === id)).toBe(false);
    } finally {
      await db.execute(sql`delete from recommendations where id = ${id}`);
    }
  });

  it("judges risks High from the configured band edge, and falls back to 10 when the setting is missing or invalid", async () => {
    const [saved] = await db.select().from(appSettings).where(sql`${appSettings.key} = ${SETTING_KEYS.riskBands}`);
    const highRisksAt = async (edge: number) => {
      const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from risks where status = 'open' and residual_likelihood * residual_impact >= ${edge}`);
      return rows[0]!.n;
    };
    // The pages read the bands once with getRiskBands and pass them to both queries.
    const counted = async () => {
      const view = { ...current, bands: await getRiskBands(db) };
      return {
        cards: (await getScorecards(viewer, view)).reduce((s, c) => s + c.highRisks, 0),
        listed: (await listOtherExceptions(viewer, view, 500)).filter((e) => e.kind === "risk").length,
      };
    };
    const put = (value: unknown) =>
      db.insert(appSettings).values({ key: SETTING_KEYS.riskBands, value }).onConflictDoUpdate({ target: appSettings.key, set: { value } });
    try {
      await db.delete(appSettings).where(sql`${appSettings.key} = ${SETTING_KEYS.riskBands}`);
      const atDefault = await highRisksAt(10);
      expect(await counted()).toEqual({ cards: atDefault, listed: atDefault });

      await put({ mediumFrom: 6, highFrom: 15, veryHighFrom: 20 });
      const at15 = await highRisksAt(15);
      expect(at15).toBeLessThan(atDefault); // the demo data has High risks scored 10–14
      expect(await counted()).toEqual({ cards: at15, listed: at15 });

      // Invalid settings (out of order, not numbers) are ignored, as getRiskBands ignores them.
      for (const bad of [{ mediumFrom: 12, highFrom: 8, veryHighFrom: 20 }, { mediumFrom: "x", highFrom: "15", veryHighFrom: 20 }, [1, 2, 3], "15"]) {
        await put(bad);
        expect((await getRiskBands(db)).highFrom).toBe(10);
        expect(await counted(), JSON.stringify(bad)).toEqual({ cards: atDefault, listed: atDefault });
      }
    } finally {
      await db.delete(appSettings).where(sql`${appSettings.key} = ${SETTING_KEYS.riskBands}`);
      if (saved) await db.insert(appSettings).values(saved);
    }
  });

  it("lists off-target, within-tolerance and missing measures for the month, worst first, within the user's scope", async () => {
    const list = await listMeasureExceptions(sltCoo, lastMonth);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((m) => m.departmentSlug === "coo")).toBe(true);
    expect(list.every((m) => ["off_target", "within_tolerance", "no_data"].includes(m.status))).toBe(true);
    const order = list.map((m) => ({ off_target: 0, no_data: 1, within_tolerance: 2 })[m.status as "off_target"]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("answers in a fixed number of queries", async () => {
    const spy = vi.spyOn(appPool(), "query");
    await Promise.all([getScorecards(viewer, current), listMeasureExceptions(viewer, lastMonth), listOtherExceptions(viewer, current)]);
    expect(spy.mock.calls.length).toBeGreaterThan(0);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
    spy.mockRestore();
  });
});

describe("organisation overview of a past month (issue 13): as at its last day, not today", () => {
  let h: AsAtHistory;
  let august: OverviewAsAt;
  let now: OverviewAsAt;
  beforeAll(async () => {
    h = await createAsAtHistory(db);
    const bands = await getRiskBands(db);
    august = { ...AUGUST_2025, bands };
    const thisMonth = toPeriod(new Date());
    now = { month: thisMonth, asAt: monthAsAt(thisMonth, today), bands };
  });
  afterAll(() => h.remove());

  const cardOf = async (view: OverviewAsAt) => sumScorecards((await getScorecards(viewer, view)).filter((c) => c.departmentId === h.departmentId));
  const listOf = async (view: OverviewAsAt) => (await listOtherExceptions(viewer, view, 500)).filter((e) => e.departmentSlug === h.slug);

  it("counts August 2025 as it stood on 31 August 2025", async () => {
    expect(monthAsAt(AUGUST_2025.month, today)).toBe(AUGUST_2025.asAt);
    const card = await cardOf(august);
    // The update made today (red) does not change August's amber.
    expect(card.initiatives).toEqual({ green: 0, amber: 1, red: 0 });
    // Rated 4 × 4 then (re-rated 2 × 2 since); the risk first rated in October does not count.
    expect(card.highRisks).toBe(1);
    // The forecasts moved in September: in August neither milestone was overdue.
    expect(card.overdueMilestones).toBe(0);
    // Closed in October, due 15 August: overdue at the end of August.
    expect(card.overdueActions).toBe(1);
    // Implemented in November, due in June: overdue at the end of August.
    expect(card.overdueRecommendations).toBe(1);
  });

  it("counts the current month as at today", async () => {
    const card = await cardOf(now);
    expect(card.initiatives).toEqual({ green: 0, amber: 0, red: 1 });
    expect(card.highRisks).toBe(1);
    expect(card.overdueMilestones).toBe(2);
    expect(card.overdueActions).toBe(0);
    expect(card.overdueRecommendations).toBe(0);
  });

  it("lists August 2025's exceptions as they stood then, with the reason and rating then given", async () => {
    const list = await listOf(august);
    expect(list.map((e) => [e.kind, e.id]).sort()).toEqual(
      [
        ["action", h.actionId],
        ["initiative", h.initiativeId],
        ["recommendation", h.recommendationId],
        ["risk", h.reratedRiskId],
      ].sort(),
    );
    expect(list.find((e) => e.kind === "initiative")!.detail).toBe("amber: Supplier late");
    expect(list.find((e) => e.kind === "risk")!.detail).toBe("Residual 4 × 4 = 16, above appetite (6)");

    const later = await listOf(now);
    expect(later.find((e) => e.kind === "initiative")!.detail).toBe("red: Contract terminated today");
    expect(later.filter((e) => e.kind === "milestone").map((e) => [e.id, e.date])).toEqual([
      [h.dueMilestoneId, "2026-01-10"],
      [h.movedMilestoneId, "2026-02-01"],
    ]);
    expect(later.filter((e) => e.kind === "risk").map((e) => e.id)).toEqual([h.lateRatedRiskId]);
  });
});

describe("whole government: one row per department, bounded lists", () => {
  const EXTRA = PAGE_SIZE + 5;
  let extraIds: number[] = [];
  let admin: SessionUser;
  beforeAll(async () => {
    admin = await sessionUserFor({ email: "admin@baseline.test" });
  });
  afterAll(async () => {
    await db.execute(sql`delete from measures where code like 'OVERVIEW-PAGING-%'`);
    await db.execute(sql`delete from org_units where slug like 'overview-paging-%'`);
  });

  /** Departments of our own after the demo ones, each with one monthly measure and no figure (missing, an exception). */
  async function addDepartments() {
    const { rows } = await db.execute<{ id: number }>(sql`
      insert into org_units (slug, name, short_name, kind, sort_order)
      select 'overview-paging-' || n, 'Overview paging ' || lpad(n::text, 3, '0'), 'OP' || n, 'department', 1000 + n
      from generate_series(1, ${EXTRA}) n returning id`);
    extraIds = rows.map((r) => r.id);
    await db.execute(sql`
      insert into measures (code, name, unit_id, category, value_type, direction, quarter_rule, data_source)
      select 'OVERVIEW-PAGING-' || u.id, 'Paging measure', u.id, 'service', 'count', 'higher_better', 'sum', 'Test'
      from org_units u where u.id = any(${`{${extraIds.join(",")}}`}::int[])`);
  }

  it("gives each department one row: the sum of its units' scorecards", async () => {
    for (const who of [viewer, admin]) {
      const units = await getScorecards(who, current);
      const { cards, window } = await getDepartmentScorecards(who, { ...current, page: 1 });
      const ids = [...new Set(units.map((c) => c.departmentId))];
      expect(cards.map((c) => c.departmentId)).toEqual(ids);
      expect(window).toMatchObject({ page: 1, pages: 1, total: ids.length });
      for (const card of cards) {
        const sum = sumScorecards(units.filter((c) => c.departmentId === card.departmentId));
        expect(card).toEqual({ ...sum, unitId: card.departmentId, unitName: card.departmentName, unitKind: "department" });
      }
    }
    // An SLT member's rows: their own department only.
    expect((await getDepartmentScorecards(sltCoo, { ...current, page: 1 })).cards.map((c) => c.departmentSlug)).toEqual(["coo"]);
  });

  it("drills into one department: the units an SLT member of it sees, with the same exceptions", async () => {
    const coo = (await getScorecards(sltCoo, current))[0]!.departmentId;
    expect(await getScorecards(viewer, { ...current, departmentId: coo })).toEqual(await getScorecards(sltCoo, current));
    const viewerCoo = await pageMeasureExceptions(viewer, lastMonth, { limit: 500, departmentId: coo });
    expect(viewerCoo).toEqual(await pageMeasureExceptions(sltCoo, lastMonth, { limit: 500 }));
    expect(await pageOtherExceptions(viewer, { ...current, departmentId: coo }, { limit: 500 })).toEqual(await pageOtherExceptions(sltCoo, current, { limit: 500 }));
    // Another department is nothing to an SLT member, even when asked for.
    const cls = (await getScorecards(viewer, current)).find((c) => c.departmentSlug === "cls")!.departmentId;
    expect(await getScorecards(sltCoo, { ...current, departmentId: cls })).toEqual([]);
    expect((await pageMeasureExceptions(sltCoo, lastMonth, { limit: 500, departmentId: cls })).total).toBe(0);
  });

  it("limits the exception lists, counts them all, and pages through them in a stable order", async () => {
    const all = await pageMeasureExceptions(viewer, lastMonth, { limit: 500 });
    expect(all.items).toHaveLength(all.total);
    const first = await pageMeasureExceptions(viewer, lastMonth, { limit: 3 });
    const rest = await pageMeasureExceptions(viewer, lastMonth, { limit: 500, offset: 3 });
    expect(first.total).toBe(all.total);
    expect([...first.items, ...rest.items]).toEqual(all.items);
    const others = await pageOtherExceptions(viewer, current, { limit: 500 });
    expect(others.items).toHaveLength(others.total);
    const o1 = await pageOtherExceptions(viewer, current, { limit: 2 });
    const o2 = await pageOtherExceptions(viewer, current, { limit: 500, offset: 2 });
    expect(o1.total).toBe(others.total);
    expect([...o1.items, ...o2.items]).toEqual(others.items);
  });

  it("shows an SLT member exactly the same whatever other departments hold", async () => {
    const read = () =>
      Promise.all([
        getScorecards(sltCoo, current),
        getDepartmentScorecards(sltCoo, { ...current, page: 1 }),
        pageMeasureExceptions(sltCoo, lastMonth, { limit: 10 }),
        pageOtherExceptions(sltCoo, current, { limit: 10 }),
      ]);
    const before = await read();
    await addDepartments();
    expect(await read()).toEqual(before);
  });

  it("pages the departments 50 at a time, in one query whatever their number", async () => {
    const total = EXTRA + 2; // COO and CLS, then ours
    const first = await getDepartmentScorecards(viewer, { ...current, page: 1 });
    const second = await getDepartmentScorecards(viewer, { ...current, page: 2 });
    expect(first.window).toMatchObject({ page: 1, pages: 2, total, from: 1, to: PAGE_SIZE });
    expect(first.cards).toHaveLength(PAGE_SIZE);
    expect(second.window).toMatchObject({ page: 2, pages: 2, total, from: PAGE_SIZE + 1, to: total });
    expect([...first.cards, ...second.cards].map((c) => c.departmentId).slice(2)).toEqual(extraIds);
    expect(await getDepartmentScorecards(viewer, { ...current, page: 99 })).toEqual(second);
    // Each of ours: its one monthly measure has no figure.
    expect(second.cards.at(-1)).toMatchObject({ missing: 1, measures: { no_data: 1 } });
    // The exceptions count ours but list no more than asked.
    const listed = await pageMeasureExceptions(viewer, lastMonth, { limit: 10 });
    expect(listed.items).toHaveLength(10);
    expect(listed.total).toBeGreaterThanOrEqual(EXTRA);

    expect(await countQueries(() => getDepartmentScorecards(viewer, { ...current, page: 2 }))).toBe(1);
    expect(await countQueries(() => pageMeasureExceptions(viewer, lastMonth, { limit: 10 }))).toBe(1);
    expect(await countQueries(() => pageOtherExceptions(viewer, current, { limit: 10 }))).toBe(1);
  });
});
