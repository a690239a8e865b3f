import { parse } from "csv-parse/sync";
import { and, eq, inArray, sql } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as csvGet } from "@/app/(public)/reports/[department]/[quarter]/data.csv/route";
import { GET as jsonGet } from "@/app/(public)/reports/[department]/[quarter]/data.json/route";
import ReportPage from "@/app/(public)/reports/[department]/[quarter]/page";
import { GET as revisionCsvGet } from "@/app/(public)/reports/[department]/[quarter]/revisions/[revision]/data.csv/route";
import { GET as revisionJsonGet } from "@/app/(public)/reports/[department]/[quarter]/revisions/[revision]/data.json/route";
import RevisionPage from "@/app/(public)/reports/[department]/[quarter]/revisions/[revision]/page";
import { GET as governmentCsvGet } from "@/app/(public)/reports/government/[quarter]/data.csv/route";
import { GET as governmentJsonGet } from "@/app/(public)/reports/government/[quarter]/data.json/route";
import GovernmentPage from "@/app/(public)/reports/government/[quarter]/page";
import { measures, measureValues, orgUnits, reportRevisions, reports, users } from "@/db/schema";
import { buildReportContent } from "@/lib/reports/build";
import { CSV_COLUMNS, csvRows, lastCompletedQuarter, REPORT_SCHEMA_VERSION, previousQuarter, quarterMonthPeriods, quarterSlug, type QuarterRef, type ReportContent } from "@/lib/reports/content";
import { getGovernmentReport, getPublishedReport, getPublishedReportIndex, readPublishedReport } from "@/lib/reports/published";
import { listPublishedReports } from "@/lib/reports/queries";
import { setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();
const now = new Date();
const last = lastCompletedQuarter(now);
const current: QuarterRef = { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 };
/** Far-away quarters for this file's own reports, so that no other test's rows are touched. */
const FIXTURE_PUBLISHED: QuarterRef = { year: 2004, quarter: 1 };
const FIXTURE_UNPUBLISHED: QuarterRef[] = [
  { year: 2004, quarter: 2 },
  { year: 2004, quarter: 3 },
  { year: 2004, quarter: 4 },
];

let cooId: number;
let clsId: number;
let sltCooId: number;

const params = (department: string, q: QuarterRef | string) => ({
  params: Promise.resolve({ department, quarter: typeof q === "string" ? q : quarterSlug(q) }),
});
const revisionParams = (department: string, q: QuarterRef | string, revision: number | string) => ({
  params: Promise.resolve({ department, quarter: typeof q === "string" ? q : quarterSlug(q), revision: String(revision) }),
});
const request = new Request("http://localhost/reports");
const rowsOf = async (res: Response) => parse(await res.text()) as string[][];

async function expectNotFound(promise: Promise<unknown>) {
  await expect(promise).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_HTTP_ERROR_FALLBACK;404") });
}

beforeAll(async () => {
  const depts = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits).where(eq(orgUnits.kind, "department"));
  cooId = depts.find((d) => d.slug === "coo")!.id;
  clsId = depts.find((d) => d.slug === "cls")!.id;
  sltCooId = (await db.select({ id: users.id }).from(users).where(eq(users.email, "slt.coo@baseline.test")))[0]!.id;

  // A report published twice (a correction) and, in other quarters, reports at every unpublished stage.
  const seeded = (await readPublishedReport(db, "coo", last))!.content;
  const fixture: ReportContent = { ...seeded, year: FIXTURE_PUBLISHED.year, quarter: FIXTURE_PUBLISHED.quarter };
  const corrected: ReportContent = {
    ...fixture,
    measures: fixture.measures.map((m, i) => (i === 0 ? { ...m, value: 12.3456, history: m.history.map((h, j) => (j === 4 ? { ...h, value: 12.3456 } : h)) } : m)),
  };
  await db.transaction(async (tx) => {
    const [published] = await tx.insert(reports).values({ departmentId: cooId, ...FIXTURE_PUBLISHED, status: "published", introduction: "SECRET DRAFT WORDING" }).returning({ id: reports.id });
    await tx.insert(reportRevisions).values([
      { reportId: published!.id, revision: 1, content: fixture, publishedById: sltCooId, publishedAt: new Date("2004-04-09T10:00:00Z") },
      { reportId: published!.id, revision: 2, content: corrected, correctionNote: "The Q1 2004 figure for the first measure was corrected.", publishedById: sltCooId, publishedAt: new Date("2004-04-20T10:00:00Z") },
    ]);
    // CLS has only a draft in the published quarter: it must stay out of the cross-government report.
    await tx.insert(reports).values({ departmentId: clsId, ...FIXTURE_PUBLISHED, status: "approved", introduction: "SECRET DRAFT WORDING" });
    const statuses = ["draft", "submitted", "approved"] as const;
    await tx.insert(reports).values(FIXTURE_UNPUBLISHED.map((q, i) => ({ departmentId: cooId, ...q, status: statuses[i]!, introduction: "SECRET DRAFT WORDING" })));
  });
});

describe("the demo reports", () => {
  it("publish the last four completed quarters of both departments as revision 1 by their SLT member, and keep this quarter a draft", async () => {
    const rows = await db
      .select({ slug: orgUnits.slug, year: reports.year, quarter: reports.quarter, status: reports.status, revision: reportRevisions.revision, by: users.email, at: reportRevisions.publishedAt })
      .from(reports)
      .innerJoin(orgUnits, eq(orgUnits.id, reports.departmentId))
      .leftJoin(reportRevisions, eq(reportRevisions.reportId, reports.id))
      .leftJoin(users, eq(users.id, reportRevisions.publishedById))
      .where(sql`${reports.year} > 2010`);
    const quarters = [last];
    while (quarters.length < 4) quarters.unshift(previousQuarter(quarters[0]!));
    for (const slug of ["coo", "cls"]) {
      const mine = rows.filter((r) => r.slug === slug);
      expect(mine.filter((r) => r.revision === 1).map((r) => `${r.year}-q${r.quarter}`).sort()).toEqual(quarters.map(quarterSlug).sort());
      for (const r of mine.filter((r) => r.revision === 1)) {
        expect(r.by).toBe(`slt.${slug}@baseline.test`);
        expect(r.status).toBe("published");
        expect(r.at!.getTime()).toBeLessThan(now.getTime());
      }
      const draft = mine.find((r) => r.year === current.year && r.quarter === current.quarter);
      expect(draft).toMatchObject({ status: "draft", revision: null });
    }
  });

  it("have a narrative written for each department (no placeholder text)", async () => {
    const report = (await getPublishedReport("cls", quarterSlug(last)))!;
    expect(report.content.narrative.introduction).toMatch(/Customer and Local Services/);
    expect(Object.values(report.content.narrative).join(" ")).not.toMatch(/lorem|ipsum|TODO/i);
    expect(report.content.measures.length).toBeGreaterThan(0);
  });
});

describe("public reads come only from published revisions", () => {
  it("answer 404 for a report at every unpublished stage: page, CSV and JSON", async () => {
    for (const q of [...FIXTURE_UNPUBLISHED, current]) {
      expect(await getPublishedReport("coo", quarterSlug(q))).toBeNull();
      await expectNotFound(ReportPage(params("coo", q)));
      expect((await csvGet(request, params("coo", q))).status).toBe(404);
      expect((await jsonGet(request, params("coo", q))).status).toBe(404);
      await expectNotFound(RevisionPage(revisionParams("coo", q, 1)));
      expect((await revisionCsvGet(request, revisionParams("coo", q, 1))).status).toBe(404);
      expect((await revisionJsonGet(request, revisionParams("coo", q, 1))).status).toBe(404);
    }
  });

  it("leave unpublished reports off the list and out of the cross-government report", async () => {
    const index = await getPublishedReportIndex({ department: "", quarter: "", page: 1 });
    const listed = index.rows.map((r) => `${r.departmentSlug}:${r.year}-q${r.quarter}`);
    expect(listed).toContain(`coo:${quarterSlug(last)}`);
    expect(listed).toContain("coo:2004-q1");
    for (const q of [...FIXTURE_UNPUBLISHED, current]) expect(listed).not.toContain(`coo:${quarterSlug(q)}`);
    expect(listed).not.toContain("cls:2004-q1");
    // Every published department report; the cross-government report is not a row of the index.
    expect(listed).toHaveLength((await listPublishedReports()).filter((r) => r.departmentSlug !== "government").length);
    expect(index.total).toBe(listed.length);

    for (const q of FIXTURE_UNPUBLISHED) {
      expect(await getGovernmentReport(quarterSlug(q))).toBeNull();
      await expectNotFound(GovernmentPage({ params: Promise.resolve({ quarter: quarterSlug(q) }) }));
      expect((await governmentCsvGet(request, { params: Promise.resolve({ quarter: quarterSlug(q) }) })).status).toBe(404);
    }
  });

  it("never show the draft narrative stored on the report row", async () => {
    const json = await (await jsonGet(request, params("coo", FIXTURE_PUBLISHED))).text();
    expect(json).not.toContain("SECRET DRAFT WORDING");
    const gov = await (await governmentJsonGet(request, { params: Promise.resolve({ quarter: "2004-q1" }) })).text();
    expect(gov).not.toContain("SECRET DRAFT WORDING");
  });

  it("answer 404 for unknown departments, malformed quarters and revisions that do not exist", async () => {
    await expectNotFound(ReportPage(params("nope", last)));
    await expectNotFound(ReportPage(params("coo", "2026-Q5")));
    await expectNotFound(ReportPage(params("government", last)));
    await expectNotFound(RevisionPage(revisionParams("coo", FIXTURE_PUBLISHED, 3)));
    await expectNotFound(RevisionPage(revisionParams("coo", FIXTURE_PUBLISHED, "1abc")));
    expect((await revisionCsvGet(request, revisionParams("coo", FIXTURE_PUBLISHED, 0))).status).toBe(404);
  });

  it("keep showing the published figures after the figures change", async () => {
    const report = (await getPublishedReport("coo", quarterSlug(last)))!;
    const measure = report.content.measures.find((m) => m.value !== null && m.frequency === "monthly")!;
    const [row] = await db.select({ id: measures.id }).from(measures).where(eq(measures.code, measure.code));
    const months = quarterMonthPeriods(last);
    const before = await db
      .select({ id: measureValues.id, value: measureValues.value })
      .from(measureValues)
      .where(and(eq(measureValues.measureId, row!.id), inArray(measureValues.period, months)));
    const csvBefore = await (await csvGet(request, params("coo", last))).text();
    try {
      expect(before.length).toBeGreaterThan(0);
      await db
        .update(measureValues)
        .set({ value: sql`${measureValues.value} + 1000` })
        .where(inArray(measureValues.id, before.map((b) => b.id)));
      const rebuilt = await buildReportContent(db, cooId, last, report.content.narrative);
      expect(rebuilt!.measures.find((m) => m.code === measure.code)!.value).not.toBe(measure.value);

      const after = (await getPublishedReport("coo", quarterSlug(last)))!;
      expect(after.content.measures.find((m) => m.code === measure.code)!.value).toBe(measure.value);
      expect(await (await csvGet(request, params("coo", last))).text()).toBe(csvBefore);
    } finally {
      for (const b of before) await db.update(measureValues).set({ value: b.value }).where(eq(measureValues.id, b.id));
    }
  });
});

describe("revisions", () => {
  it("show the latest revision at the report's address and each revision at its own", async () => {
    const latest = (await getPublishedReport("coo", "2004-q1"))!;
    expect(latest.revision).toEqual({ number: 2, publishedAt: "2004-04-20T10:00:00.000Z", correctionNote: "The Q1 2004 figure for the first measure was corrected." });
    expect(latest.latest).toBe(2);
    expect(latest.content.measures[0]!.value).toBe(12.3456);
    expect(latest.revisions.map((r) => [r.number, r.correctionNote])).toEqual([
      [1, null],
      [2, "The Q1 2004 figure for the first measure was corrected."],
    ]);

    const first = (await getPublishedReport("coo", "2004-q1", 1))!;
    expect(first.revision.number).toBe(1);
    expect(first.latest).toBe(2);
    expect(first.content.measures[0]!.value).not.toBe(12.3456);
    expect(first.revisions).toHaveLength(2);
  });

  it("give each revision's downloads its own figures and revision number", async () => {
    const [, ...latestRows] = await rowsOf(await csvGet(request, params("coo", "2004-q1")));
    expect(new Set(latestRows.map((r) => r[2]))).toEqual(new Set(["2"]));
    expect(latestRows[4]![7]).toBe("12.3456");
    const [, ...firstRows] = await rowsOf(await revisionCsvGet(request, revisionParams("coo", "2004-q1", 1)));
    expect(new Set(firstRows.map((r) => r[2]))).toEqual(new Set(["1"]));
    expect(firstRows[4]![7]).not.toBe("12.3456");

    const res = await revisionJsonGet(request, revisionParams("coo", "2004-q1", 1));
    expect(res.headers.get("content-disposition")).toContain("coo-2004-q1-revision-1.json");
    const doc = (await res.json()) as { revision: { number: number }; content: ReportContent };
    expect(doc.revision.number).toBe(1);
    expect(doc.content).toEqual((await getPublishedReport("coo", "2004-q1", 1))!.content);
  });
});

describe("downloads", () => {
  it("CSV: CSV_COLUMNS as the header, and rows that match the published content", async () => {
    const report = (await getPublishedReport("coo", quarterSlug(last)))!;
    const res = await csvGet(request, params("coo", last));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="coo-${quarterSlug(last)}.csv"`);
    const [header, ...rows] = await rowsOf(res);
    expect(header).toEqual(CSV_COLUMNS.map((c) => c.name));
    expect(rows).toEqual(csvRows(report.content, 1).map((r) => r.map((v) => (v === null ? "" : String(v)))));
    const rowType = header!.indexOf("row_type");
    expect(rows.filter((r) => r[rowType] === "measure").length).toBe(report.content.measures.length * 5);
    expect(rows.filter((r) => r[rowType] === "service_area").length).toBe(report.content.resources!.serviceAreas.length);
  });

  it("JSON: the frozen content plus the revision's metadata", async () => {
    const [stored] = await db
      .select({ content: reportRevisions.content, publishedAt: reportRevisions.publishedAt })
      .from(reportRevisions)
      .innerJoin(reports, eq(reports.id, reportRevisions.reportId))
      .where(and(eq(reports.departmentId, cooId), eq(reports.year, last.year), eq(reports.quarter, last.quarter)));
    const res = await jsonGet(request, params("coo", last));
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toEqual({
      department: { slug: "coo", name: "Chief Operating Office" },
      quarter: quarterSlug(last),
      revision: { number: 1, publishedAt: stored!.publishedAt.toISOString(), correctionNote: null },
      content: stored!.content,
    });
  });
});

describe("the cross-government report", () => {
  it("combines every department's latest published revision for the quarter", async () => {
    const gov = (await getGovernmentReport(quarterSlug(last)))!;
    expect(gov.departments.map((d) => d.content.department.slug)).toEqual(["coo", "cls"]);
    const res = await governmentCsvGet(request, { params: Promise.resolve({ quarter: quarterSlug(last) }) });
    const [header, ...rows] = await rowsOf(res);
    expect(header).toEqual(CSV_COLUMNS.map((c) => c.name));
    const expected = gov.departments.flatMap((d) => csvRows(d.content, d.revision.number)).map((r) => r.map((v) => (v === null ? "" : String(v))));
    expect(rows).toEqual(expected);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(["coo", "cls"]));
  });

  it("takes only published reports, at their latest revision", async () => {
    const gov = (await getGovernmentReport("2004-q1"))!;
    expect(gov.departments).toHaveLength(1);
    expect(gov.departments[0]!.content.department.slug).toBe("coo");
    expect(gov.departments[0]!.revision.number).toBe(2);
    expect(gov.departments[0]!.content.measures[0]!.value).toBe(12.3456);
    const doc = (await (await governmentJsonGet(request, { params: Promise.resolve({ quarter: "2004-q1" }) })).json()) as { quarter: string; departments: { revision: { number: number } }[] };
    expect(doc.quarter).toBe("2004-q1");
    expect(doc.departments.map((d) => d.revision.number)).toEqual([2]);
  });
});

describe("a quarter with months missing", () => {
  // Q2 2003, COO: a 'mean' or 'ratio' measure and a 'sum' measure with April and May only.
  const Q: QuarterRef = { year: 2003, quarter: 2 };
  const MONTHS = ["2003-04-01", "2003-05-01"];
  let partial: { id: number; code: string; rule: string }[];
  let reportId: number;

  beforeAll(async () => {
    const { rows } = await db.execute<{ id: number; code: string; rule: string }>(sql`
      with recursive t(id) as (select id from org_units where id = ${cooId} union all select o.id from org_units o join t on o.parent_id = t.id)
      select distinct on (m.quarter_rule = 'sum') m.id, m.code, m.quarter_rule as rule from measures m
      where m.unit_id in (select id from t) and m.is_public and m.active and m.frequency = 'monthly' and m.quarter_rule in ('mean', 'ratio', 'sum')
      order by m.quarter_rule = 'sum', m.id`);
    partial = rows;
    expect(partial.map((m) => m.rule === "sum")).toEqual([false, true]);
    for (const m of partial) {
      await db.insert(measureValues).values(
        MONTHS.map((period) => ({
          measureId: m.id,
          periodType: "month" as const,
          period,
          value: "40",
          ...(m.rule === "ratio" ? { numerator: "40", denominator: "100" } : {}),
          status: "submitted" as const,
        })),
      );
    }
    const content = (await buildReportContent(db, cooId, Q, { introduction: "I", highlights: "H", concerns: "C" }, new Date(2003, 6, 9)))!;
    const [report] = await db.insert(reports).values({ departmentId: cooId, ...Q, status: "published" }).returning({ id: reports.id });
    reportId = report!.id;
    await db.insert(reportRevisions).values({ reportId, revision: 1, content, publishedById: sltCooId, publishedAt: new Date("2003-07-09T10:00:00Z") });
  });

  afterAll(async () => {
    await db.delete(measureValues).where(and(inArray(measureValues.measureId, partial.map((m) => m.id)), inArray(measureValues.period, MONTHS)));
    // Revisions are append-only (a trigger refuses deletes); replica mode skips triggers for this cleanup only.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.delete(reportRevisions).where(eq(reportRevisions.reportId, reportId));
      await tx.delete(reports).where(eq(reports.id, reportId));
    });
  });

  it("publishes a mean or ratio of 2 of 3 months as provisional and withholds a sum, in the content, the CSV and the JSON", async () => {
    const [average, sum] = partial as [(typeof partial)[number], (typeof partial)[number]];
    const report = (await getPublishedReport("coo", quarterSlug(Q)))!;
    const of = (code: string) => report.content.measures.find((m) => m.code === code)!;
    expect(of(average.code)).toMatchObject({ value: 40, monthsReported: 2, monthsRequired: 3, figureStatus: "provisional" });
    expect(of(average.code).status).not.toBe("no_data");
    expect(of(sum.code)).toMatchObject({ value: null, status: "no_data", monthsReported: 2, monthsRequired: 3, figureStatus: "withheld" });
    expect(report.content.schemaVersion).toBe(REPORT_SCHEMA_VERSION);

    const [header, ...rows] = await rowsOf(await csvGet(request, params("coo", Q)));
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    const q2 = (code: string) => rows.find((r) => col(r, "measure_code") === code && col(r, "quarter") === "2003-Q2")!;
    expect(["value", "months_reported", "months_required", "figure_status"].map((c) => col(q2(average.code), c))).toEqual(["40", "2", "3", "provisional"]);
    expect(["value", "status", "months_reported", "months_required", "figure_status"].map((c) => col(q2(sum.code), c))).toEqual(["", "no_data", "2", "3", "withheld"]);

    const doc = (await (await jsonGet(request, params("coo", Q))).json()) as { content: ReportContent };
    const json = (code: string) => doc.content.measures.find((m) => m.code === code)!;
    expect(json(average.code)).toMatchObject({ monthsReported: 2, monthsRequired: 3, figureStatus: "provisional" });
    expect(json(sum.code)).toMatchObject({ value: null, monthsReported: 2, figureStatus: "withheld" });

    const html = renderToStaticMarkup(await ReportPage(params("coo", Q)));
    expect(html).toContain("Provisional: built from 2 of 3 months");
    expect(html).toContain("Withheld: only 2 of 3 months were reported");
    expect(html).toContain("months_reported");
  });

  it("reads a revision published before the months were recorded (schema version 1) with those columns empty", async () => {
    const v1 = (await readPublishedReport(db, "coo", last))!.content;
    const NEW_IN_2 = ["monthsReported", "monthsRequired", "figureStatus", "asAt", "resources"];
    const strip = (o: object) => Object.fromEntries(Object.entries(o).filter(([k]) => !NEW_IN_2.includes(k)));
    const stripped = { ...strip(v1), schemaVersion: 1, measures: v1.measures.map((m) => ({ ...strip(m), history: m.history.map(strip) })) };
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.insert(reportRevisions).values({ reportId, revision: 2, content: stripped, correctionNote: "An old revision", publishedById: sltCooId, publishedAt: new Date("2003-07-20T10:00:00Z") });
    });
    const report = (await getPublishedReport("coo", quarterSlug(Q)))!;
    expect(report.revision.number).toBe(2);
    expect(report.content.schemaVersion).toBe(1);
    expect(report.content.measures[0]).toMatchObject({ monthsReported: null, figureStatus: null });
    const [header, ...rows] = await rowsOf(await csvGet(request, params("coo", Q)));
    const at = (name: string) => header!.indexOf(name);
    expect(rows.every((r) => r[at("months_reported")] === "" && r[at("figure_status")] === "")).toBe(true);
    expect(rows[0]![at("measure_code")]).toBe(v1.measures[0]!.code);
  });
});
