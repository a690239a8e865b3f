import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, measureAnnotations, measures, measureSeriesBreaks, measureTargets, measureValues, orgUnits } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { CHANGE_HISTORY_LIMIT, getMeasurePage, getViewableMeasure } from "@/lib/measures/measure-page";
import { buildXmrSeries } from "@/lib/statistics/series";
import { countQueries, sessionUserFor, setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();

let admin: SessionUser;
let viewer: SessionUser;
let sltCoo: SessionUser;
let sltCls: SessionUser;
let leadMd: SessionUser;
let leadCls: SessionUser;
let p1Id: number;
let mdUnitId: number;
const scratch: number[] = [];

/** yyyy-MM-dd of the first day of the month `back` months before the current one. */
function firstOfMonth(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-01`;
}

async function scratchMeasure(): Promise<number> {
  const [m] = await db
    .insert(measures)
    .values({
      code: `TEST-MP-${randomUUID().slice(0, 8).toUpperCase()}`,
      name: "Measure page scratch",
      unitId: mdUnitId,
      category: "service",
      valueType: "percent",
      decimals: 1,
      direction: "higher_better",
      quarterRule: "mean",
      dataSource: "Test",
    })
    .returning({ id: measures.id });
  scratch.push(m!.id);
  return m!.id;
}

beforeAll(async () => {
  const as = (name: string) => sessionUserFor({ email: `${name}@baseline.test` });
  [admin, viewer, sltCoo, sltCls, leadMd, leadCls] = await Promise.all([as("admin"), as("viewer"), as("slt.coo"), as("slt.cls"), as("lead.md"), as("lead.cls")]);
  const [p1] = await db.select({ id: measures.id }).from(measures).where(eq(measures.code, "MD-INC-P1"));
  const [md] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "md"));
  p1Id = p1!.id;
  mdUnitId = md!.id;
});

afterAll(async () => {
  // The audit log refuses DELETE; its rows for scratch figures stay in the throwaway test database.
  for (const id of scratch) {
    await db.delete(measureValues).where(eq(measureValues.measureId, id));
    await db.delete(measures).where(eq(measures.id, id));
  }
});

describe("measure page: who may see it", () => {
  it.each([
    ["ADMIN", () => admin],
    ["VIEWER", () => viewer],
    ["SLT of the department", () => sltCoo],
    ["LEAD of another unit in the department", () => leadMd],
  ])("shows a COO measure to %s", async (_who, user) => {
    const page = await getMeasurePage(user(), p1Id);
    expect(page?.measure.code).toBe("MD-INC-P1");
    expect(page?.measure.departmentName).toMatch(/Chief Operating Office/);
  });

  it.each([
    ["SLT of another department", () => sltCls],
    ["LEAD of another department", () => leadCls],
    ["SLT whose scope is missing", () => ({ ...sltCoo, unitId: null, departmentId: null })],
  ])("answers null (404) to %s", async (_who, user) => {
    expect(await getMeasurePage(user(), p1Id)).toBeNull();
    expect(await getViewableMeasure(user(), p1Id)).toBeNull();
  });

  it("answers null for a measure that does not exist or a malformed id", async () => {
    expect(await getMeasurePage(admin, 999_999_999)).toBeNull();
    expect(await getMeasurePage(admin, Number.NaN)).toBeNull();
    expect(await getMeasurePage(admin, -1)).toBeNull();
  });
});

describe("measure page: the series", () => {
  it("shows only submitted figures, one aggregated point per period, oldest first", async () => {
    const page = (await getMeasurePage(sltCoo, p1Id))!;
    const stored = await db
      .select({ period: measureValues.period, status: measureValues.status })
      .from(measureValues)
      .where(and(eq(measureValues.measureId, p1Id), eq(measureValues.periodType, "month")))
      .orderBy(measureValues.period);
    // The seed leaves last month of P1 in draft: it must not appear.
    expect(stored.some((s) => s.period === firstOfMonth(1) && s.status === "draft")).toBe(true);
    expect(page.series.map((p) => p.period)).toEqual(stored.filter((s) => s.status === "submitted").map((s) => s.period));
    expect(page.series.some((p) => p.period === firstOfMonth(1))).toBe(false);
    for (const p of page.series) {
      expect(Object.keys(p).sort()).toEqual(["commentary", "denominator", "numerator", "period", "status", "target", "value"]);
    }
    expect(page.measure.targets.length).toBeGreaterThan(0);
    expect(page.measure.baselineValue).toBe(83);
  });

  it("judges each period against the target in force then: a period before a change keeps the old target", async () => {
    const id = await scratchMeasure();
    await db.insert(measureTargets).values([
      { measureId: id, targetValue: "90", effectiveFrom: firstOfMonth(6) },
      { measureId: id, targetValue: "95", effectiveFrom: firstOfMonth(4) },
      { measureId: id, targetValue: null, effectiveFrom: firstOfMonth(2), tbcDue: firstOfMonth(0) },
    ]);
    await db.insert(measureValues).values([
      { measureId: id, period: firstOfMonth(7), value: "80", status: "submitted" }, // before any target
      { measureId: id, period: firstOfMonth(5), value: "92", status: "submitted" }, // 92 vs 90
      { measureId: id, period: firstOfMonth(4), value: "92", status: "submitted" }, // 92 vs 95, within 5%
      { measureId: id, period: firstOfMonth(3), value: "80", status: "submitted" }, // 80 vs 95
      { measureId: id, period: firstOfMonth(2), value: "99", status: "submitted" }, // target to be confirmed
      { measureId: id, period: firstOfMonth(1), value: "10", status: "draft" },
    ]);
    const page = (await getMeasurePage(admin, id))!;
    expect(page.series.map((p) => [p.period, p.value, p.target, p.status])).toEqual([
      [firstOfMonth(7), 80, null, "no_target"],
      [firstOfMonth(5), 92, 90, "on_target"],
      [firstOfMonth(4), 92, 95, "within_tolerance"],
      [firstOfMonth(3), 80, 95, "off_target"],
      [firstOfMonth(2), 99, null, "no_target"],
    ]);
    expect(page.measure.targets.map((t) => [t.effectiveFrom, t.targetValue])).toEqual([
      [firstOfMonth(6), 90],
      [firstOfMonth(4), 95],
      [firstOfMonth(2), null],
    ]);
  });
});

describe("measure page: change history", () => {
  it("lists submissions and corrections of submitted figures, newest first, without drafts, at most 50", async () => {
    const id = await scratchMeasure();
    const [submitted, draft] = await db
      .insert(measureValues)
      .values([
        { measureId: id, period: firstOfMonth(2), value: "88", status: "submitted" },
        { measureId: id, period: firstOfMonth(1), value: "70", status: "draft" },
      ])
      .returning({ id: measureValues.id });
    const entry = (action: string, entityId: number, before: object | null, after: object, reason: string | null, at: string) => ({
      actorId: admin.id,
      actorEmail: admin.email,
      action,
      entityType: "measure_value",
      entityId: String(entityId),
      unitId: mdUnitId,
      before,
      after,
      reason,
      at: new Date(at),
    });
    await db.insert(auditLog).values([
      entry("figure.save_draft", submitted!.id, null, { value: 85, status: "draft", commentary: null }, null, "2020-01-01T09:00:00Z"),
      entry("figure.submit", submitted!.id, { value: 85, status: "draft", commentary: null }, { value: 86, status: "submitted", commentary: null }, null, "2020-01-02T09:00:00Z"),
      entry("figure.correct", submitted!.id, { value: 86, status: "submitted", commentary: null }, { value: 88, status: "submitted", commentary: "Late data" }, "Late tickets closed", "2020-01-03T09:00:00Z"),
      entry("figure.save_draft", draft!.id, null, { value: 70, status: "draft" }, null, "2020-01-04T09:00:00Z"),
    ]);
    const page = (await getMeasurePage(sltCoo, id))!;
    expect(page.changes.map((c) => [c.action, c.from, c.to, c.reason, c.actor, c.period])).toEqual([
      ["figure.correct", 86, 88, "Late tickets closed", admin.name, firstOfMonth(2)],
      // A submission does not show the draft it replaced.
      ["figure.submit", null, 86, null, admin.name, firstOfMonth(2)],
    ]);
    expect(page.changes[0]!.toCommentary).toBe("Late data");

    await db.insert(auditLog).values(
      Array.from({ length: CHANGE_HISTORY_LIMIT + 5 }, (_, i) =>
        entry("figure.correct", submitted!.id, { value: 88, status: "submitted" }, { value: 88, status: "submitted" }, `Check ${i}`, `2021-01-01T09:${String(i).padStart(2, "0")}:00Z`),
      ),
    );
    const capped = (await getMeasurePage(sltCoo, id))!.changes;
    expect(capped).toHaveLength(CHANGE_HISTORY_LIMIT);
    expect(capped[0]!.reason).toBe(`Check ${CHANGE_HISTORY_LIMIT + 4}`);
  });
});

describe("measure page: queries do not grow with the data", () => {
  it("loads the whole page in at most 5 queries, for 24 figures as for 240", async () => {
    const small = await countQueries(() => getMeasurePage(sltCoo, p1Id));
    // The spy must see the queries (more than 0), and there are at most 5 (measure with its breaks and notes, scope, series, history, thread).
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThanOrEqual(5);

    const id = await scratchMeasure();
    await db.insert(measureTargets).values({ measureId: id, targetValue: "90", effectiveFrom: "2000-01-01" });
    await db.execute(sql`
      insert into measure_values (measure_id, period, value, status)
      select ${id}, (date '2000-01-01' + make_interval(months => g))::date, 80 + (g % 20), 'submitted'
      from generate_series(0, 239) g`);
    let page: Awaited<ReturnType<typeof getMeasurePage>> = null;
    const large = await countQueries(async () => {
      page = await getMeasurePage(sltCoo, id);
    });
    expect(page!.series).toHaveLength(240);
    expect(large).toBe(small);
  });
});

describe("measure page: breaks, notes and gaps for the statistics (issue 18)", () => {
  it("reads the target date, the breaks and the notes in the measure's own query, oldest first, and leaves a missing month out", async () => {
    const id = await scratchMeasure();
    await db.update(measures).set({ targetDate: "2027-03-31" }).where(eq(measures.id, id));
    await db.insert(measureValues).values(
      [9, 8, 6, 5, 4, 3, 2, 1].map((back, i) => ({ measureId: id, period: firstOfMonth(back), value: String(80 + i), status: "submitted" as const })),
    );
    await db.insert(measureSeriesBreaks).values([
      { measureId: id, period: firstOfMonth(3), reason: "New data source", createdById: admin.id },
      { measureId: id, period: firstOfMonth(6), reason: "Definition changed", createdById: admin.id },
    ]);
    const [outage] = await db
      .insert(measureAnnotations)
      .values({ measureId: id, period: firstOfMonth(7), text: "Network outage 3–5 May", isPublic: true, createdById: admin.id, updatedById: admin.id })
      .returning({ id: measureAnnotations.id });
    const [internal] = await db
      .insert(measureAnnotations)
      .values({ measureId: id, period: firstOfMonth(4), text: "Half the team on training", createdById: admin.id, updatedById: admin.id })
      .returning({ id: measureAnnotations.id });

    const page = (await getMeasurePage(viewer, id))!;
    expect(page.measure.targetDate).toBe("2027-03-31");
    expect(page.measure.seriesBreaks).toEqual([
      { period: firstOfMonth(6), reason: "Definition changed" },
      { period: firstOfMonth(3), reason: "New data source" },
    ]);
    expect(page.measure.annotations).toEqual([
      { id: outage!.id, period: firstOfMonth(7), text: "Network outage 3–5 May", isPublic: true },
      { id: internal!.id, period: firstOfMonth(4), text: "Half the team on training", isPublic: false },
    ]);
    // The month 7 back has no figure: the series skips it, and the statistics make it a gap.
    expect(page.series.map((p) => p.period)).not.toContain(firstOfMonth(7));
    const xmr = buildXmrSeries({
      figures: page.series,
      breaks: page.measure.seriesBreaks,
      annotations: page.measure.annotations,
      direction: page.measure.direction,
      target: null,
    });
    expect(xmr.rows.map((r) => r.period)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1].map(firstOfMonth));
    expect(xmr.rows[2]).toMatchObject({ value: null, annotations: [{ number: 1, text: "Network outage 3–5 May" }] });
    expect(xmr.segments.map((s) => [s.from, s.break?.reason ?? null])).toEqual([
      [firstOfMonth(9), null],
      [firstOfMonth(6), "Definition changed"],
      [firstOfMonth(3), "New data source"],
    ]);

    // Another measure's rows do not leak in.
    const other = await scratchMeasure();
    const otherPage = (await getMeasurePage(viewer, other))!;
    expect([otherPage.measure.seriesBreaks, otherPage.measure.annotations, otherPage.measure.targetDate]).toEqual([[], [], null]);
  });

  it("loads breaks and notes without another query, however many there are", async () => {
    const id = await scratchMeasure();
    const before = await countQueries(() => getMeasurePage(sltCoo, id));
    await db.execute(sql`
      insert into measure_series_breaks (measure_id, period, reason)
      select ${id}, (date '2000-01-01' + make_interval(months => g))::date, 'Break ' || g from generate_series(0, 59) g`);
    await db.execute(sql`
      insert into measure_annotations (measure_id, period, text)
      select ${id}, (date '2000-01-01' + make_interval(months => g % 120))::date, 'Note ' || g from generate_series(0, 199) g`);
    let page: Awaited<ReturnType<typeof getMeasurePage>> = null;
    const after = await countQueries(async () => {
      page = await getMeasurePage(sltCoo, id);
    });
    expect(after).toBe(before);
    expect(page!.measure.seriesBreaks).toHaveLength(60);
    expect(page!.measure.annotations).toHaveLength(200);
  });
});
