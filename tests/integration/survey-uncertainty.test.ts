import { randomUUID } from "node:crypto";
import { addMonths, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportDocument } from "@/components/reports/report-document";
import type { SessionUser } from "@/lib/auth/current-user";
import { pageMeasureExceptions } from "@/lib/dashboard/overview";
import { lastCompletedMonth, monthAsAt } from "@/lib/entry/periods";
import { MIN_RESPONSES_SETTING } from "@/lib/feedback/rules";
import { listDepartmentMeasureSeries } from "@/lib/measures/department";
import { buildReportContent } from "@/lib/reports/build";
import { lastCompletedQuarter, quarterMonthPeriods, readReportContent, type ReportContent, type StoredReportContent } from "@/lib/reports/content";
import { readPublishedReport } from "@/lib/reports/published";
import { getReviewDepartment, getReviewPack } from "@/lib/reviews/pack";
import { wilsonInterval } from "@/lib/statistics/intervals";
import { getMeasureSamples } from "@/lib/statistics/queries";
import { countQueries, sessionUserFor, setUpTestDb } from "../support/harness";
import { inRollback } from "../support/rollback";

/**
 * Issue 18 on the demo data: survey-based figures carry n and their 95% interval on the
 * department page and in the report (frozen when published; "too few responses" below the minimum
 * sample), and the dashboard's exceptions and the review pack flag special-cause variation.
 */
const { db } = setUpTestDb();
const now = new Date();
const today = format(now, "yyyy-MM-dd");
const lastMonth = lastCompletedMonth(now);
const q = lastCompletedQuarter(now);
let viewer: SessionUser;
let clsId: number;
let csatId: number;

const monthsBack = (n: number) => format(addMonths(parseISO(lastMonth), -n), "yyyy-MM-dd");
const parts = async (measureId: number, from: string, to: string) =>
  (
    await db.execute<{ period: string; numerator: string; denominator: string }>(sql`
      select to_char(period, 'YYYY-MM-DD') as period, numerator::text, denominator::text from measure_values
      where measure_id = ${measureId} and status = 'submitted' and period_type = 'month' and period between ${from}::date and ${to}::date and denominator > 0`)
  ).rows.map((r) => ({ period: r.period, successes: Number(r.numerator), n: Number(r.denominator) }));

beforeAll(async () => {
  viewer = await sessionUserFor({ email: "viewer@baseline.test" });
  clsId = (await getReviewDepartment("cls"))!.id;
  csatId = (await db.execute<{ id: number }>(sql`select id from measures where code = 'CLS-CSAT'`)).rows[0]!.id;
});

describe("survey-based figures: n and the 95% interval", () => {
  it("the department page gives the latest CSAT's responses and its Wilson interval, in the same query", async () => {
    let rows: Awaited<ReturnType<typeof listDepartmentMeasureSeries>> = [];
    expect(await countQueries(async () => (rows = await listDepartmentMeasureSeries(clsId, lastMonth)))).toBe(1);
    const csat = rows.find((m) => m.code === "CLS-CSAT")!;
    const [p] = await parts(csatId, lastMonth, lastMonth);
    const w = wilsonInterval(p!.successes, p!.n)!;
    expect(csat.sample).toMatchObject({ n: p!.n, tooFew: false });
    expect(csat.sample!.lower).toBeCloseTo(w.lower * 100, 3);
    expect(csat.sample!.upper).toBeCloseTo(w.upper * 100, 3);
    // CES is a mean from the survey's responses; measures without a sample have none.
    expect(rows.find((m) => m.code === "CLS-CES")!.sample?.n).toBe(p!.n);
    expect(rows.filter((m) => m.code === "CLS-COMPLAINTS-FPOC").every((m) => m.sample === null)).toBe(true);
  });

  it("the measure page's samples are the survey's for CES, one per month with responses", async () => {
    const cesId = (await db.execute<{ id: number }>(sql`select id from measures where code = 'CLS-CES'`)).rows[0]!.id;
    const { kind, samples } = await getMeasureSamples(cesId, monthsBack(12), lastMonth);
    expect(kind).toBe("mean");
    const { rows } = await db.execute<{ period: string; n: number; sum: number; ss: number }>(sql`
      select to_char(r.period, 'YYYY-MM-DD') as period, count(*)::int as n, sum(r.ces)::int as sum, sum(r.ces * r.ces)::int as ss
      from feedback_responses r join measures m on m.unit_id = r.unit_id
      where m.id = ${cesId} and r.state in ('counted', 'accepted') and r.period between ${monthsBack(12)}::date and ${lastMonth}::date
      group by r.period order by r.period`);
    expect(rows.length).toBeGreaterThan(0);
    expect(samples).toEqual(rows.map((r) => ({ period: r.period, sample: { kind: "mean", n: r.n, sum: r.sum, sumSquares: r.ss } })));
  });
});

describe("the published report", () => {
  it("freezes each CSAT quarter's n and 95% interval with the content", async () => {
    const published = (await readPublishedReport(db, "cls", q))!;
    const csat = published.content.measures.find((m) => m.code === "CLS-CSAT")!;
    const months = quarterMonthPeriods(q);
    const quarter = await parts(csatId, months[0], months[2]);
    const n = quarter.reduce((a, p) => a + p.n, 0);
    const w = wilsonInterval(
      quarter.reduce((a, p) => a + p.successes, 0),
      n,
    )!;
    expect(csat.sample).toMatchObject({ n, tooFew: false, method: "Wilson score interval for a proportion" });
    expect(csat.sample!.lower).toBeCloseTo(w.lower * 100, 3);
    expect(csat.sample!.upper).toBeCloseTo(w.upper * 100, 3);
    expect(csat.history.at(-1)!.sample).toEqual(csat.sample);
    expect(csat.changes).toBeDefined();
    // In the stored JSON itself, not only as read back.
    const { rows } = await db.execute<{ content: StoredReportContent }>(sql`
      select rv.content from report_revisions rv join reports r on r.id = rv.report_id
      where r.department_id = ${clsId} and r.year = ${q.year} and r.quarter = ${q.quarter} order by rv.revision desc limit 1`);
    expect(rows[0]!.content.measures.find((m) => m.code === "CLS-CSAT")!.sample).toEqual(csat.sample);
  });

  it("below the minimum sample publishes too few responses instead of the figure", async () => {
    const content = await inRollback(db, async (tx) => {
      // Eight responses a month (24 in the quarter) against a minimum of 30.
      const months = quarterMonthPeriods(q);
      await tx.execute(sql`
        update measure_values set numerator = 7, denominator = 8, value = 87.5
        where measure_id = ${csatId} and period_type = 'month' and period between ${months[0]}::date and ${months[2]}::date`);
      await tx.execute(sql`insert into app_settings (key, value) values (${MIN_RESPONSES_SETTING}, '30'::jsonb) on conflict (key) do update set value = excluded.value`);
      return (await buildReportContent(tx, clsId, q, { introduction: "", highlights: "", concerns: "" }, now)) as ReportContent;
    });
    const csat = content.measures.find((m) => m.code === "CLS-CSAT")!;
    expect(csat.sample).toMatchObject({ tooFew: true, minimum: 30, lower: null, upper: null });
    expect(csat.sample!.n).toBeLessThanOrEqual(24);
    expect(csat.value).toBeNull();
    expect(csat.status).toBe("no_data");
    const html = renderToStaticMarkup(createElement(ReportDocument, { content: readReportContent(content), revision: null }));
    expect(html).toContain("Too few responses");
    expect(html).toContain("fewer than the 30 needed");
    expect(html).toMatch(/CLS-CSAT · Customer Services<\/span><\/th><td[^>]*><span class="whitespace-nowrap">Too few responses<\/span>/);
  });
});

describe("special-cause variation in the dashboard's exceptions and the review pack", () => {
  let unitId: number;
  let measureId: number;
  let coo: NonNullable<Awaited<ReturnType<typeof getReviewDepartment>>>;

  beforeAll(async () => {
    coo = (await getReviewDepartment("coo"))!;
    const run = randomUUID().slice(0, 8);
    unitId = (
      await db.execute<{ id: number }>(sql`
        insert into org_units (slug, name, short_name, kind, parent_id, sort_order) values (${`spc-${run}`}, ${`SPC test ${run}`}, 'SPC', 'directorate', ${coo.id}, 99) returning id`)
    ).rows[0]!.id;
    measureId = (
      await db.execute<{ id: number }>(sql`
        insert into measures (code, name, unit_id, category, value_type, direction, quarter_rule, data_source, decimals)
        values (${`SPC-${run}`.toUpperCase()}, 'SPC test measure', ${unitId}, 'service', 'percent', 'higher_better', 'mean', 'test', 1) returning id`)
    ).rows[0]!.id;
    await db.execute(sql`insert into measure_targets (measure_id, effective_from, target_value) values (${measureId}, '2015-01-01', 48)`);
    // Twelve settled months around 50 (every moving range 2), one more, then a fall far below the limits: off target and a signal.
    const values = [49, 51, 49, 51, 49, 51, 49, 51, 49, 51, 49, 51, 50, 30];
    for (const [i, v] of values.entries()) {
      await db.execute(sql`
        insert into measure_values (measure_id, period_type, period, value, status, submitted_at)
        values (${measureId}, 'month', ${monthsBack(values.length - 1 - i)}::date, ${v}, 'submitted', now())`);
    }
  });

  afterAll(async () => {
    await db.execute(sql`delete from measure_values where measure_id = ${measureId}`);
    await db.execute(sql`delete from measures where id = ${measureId}`);
    await db.execute(sql`delete from org_units where id = ${unitId}`);
  });

  it("flags the month's figure as concerning on the dashboard, still in one statement", async () => {
    const page = await pageMeasureExceptions(viewer, lastMonth, { limit: 500, departmentId: coo.id });
    const mine = page.items.find((m) => m.id === measureId)!;
    expect(mine).toMatchObject({ status: "off_target", specialCause: "concerning" });
    // Demo measures are judged too (common cause or a signal), and the list is still one query.
    expect(page.items.every((m) => m.specialCause === null || ["improving", "concerning", "neither"].includes(m.specialCause))).toBe(true);
    expect(await countQueries(() => pageMeasureExceptions(viewer, lastMonth, { limit: 10, departmentId: coo.id }))).toBe(1);
  });

  it("flags it in the review pack beside its status, and not when the measure has special-cause signals switched off", async () => {
    const pack = await getReviewPack(coo, lastMonth, monthAsAt(lastMonth, today));
    expect(pack.exceptions.find((m) => m.id === measureId)).toMatchObject({ status: "off_target", specialCause: "concerning" });
    await db.execute(sql`update measures set spc_signals = false where id = ${measureId}`);
    try {
      const off = await getReviewPack(coo, lastMonth, monthAsAt(lastMonth, today));
      expect(off.exceptions.find((m) => m.id === measureId)!.specialCause).toBeNull();
      const page = await pageMeasureExceptions(viewer, lastMonth, { limit: 500, departmentId: coo.id });
      expect(page.items.find((m) => m.id === measureId)!.specialCause).toBeNull();
    } finally {
      await db.execute(sql`update measures set spc_signals = true where id = ${measureId}`);
    }
  });

  it("restarts the series at a break: after it the fall has too few figures for limits", async () => {
    await db.execute(sql`insert into measure_series_breaks (measure_id, period, reason) values (${measureId}, ${monthsBack(2)}::date, 'New definition')`);
    try {
      const pack = await getReviewPack(coo, lastMonth, monthAsAt(lastMonth, today));
      expect(pack.exceptions.find((m) => m.id === measureId)!.specialCause).toBeNull();
    } finally {
      await db.execute(sql`delete from measure_series_breaks where measure_id = ${measureId}`);
    }
  });
});
