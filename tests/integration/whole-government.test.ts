import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { orgUnits, reportRevisions, reports, reviewActions, reviewMeetings } from "@/db/schema";
import { listDepartmentSummaries } from "@/lib/measures/department";
import { getUnitScope, listDepartmentUnitsUserMay, listViewableDepartments } from "@/lib/org/queries";
import { PAGE_SIZE, pageWindow } from "@/lib/paging/page";
import { pageSliceSql } from "@/lib/paging/page-sql";
import { containsSql } from "@/lib/paging/search";
import { listManagedReports } from "@/lib/reports/manage";
import { listPublishedQuarters, listPublishedReportPage } from "@/lib/reports/queries";
import { getDepartmentReviews, listReviewDepartments } from "@/lib/reviews/queries";
import { inRollback } from "../support/rollback";
import { countQueries, demoUsers, setUpTestDb } from "../support/harness";

/*
 * Whole-government lists at many departments: each page holds at most PAGE_SIZE departments, its
 * total counts every department in scope, the pages together list each exactly once, a page past
 * the end shows the last, the scope holds, and the query count does not grow with the page or the
 * number of departments. EXTRA departments are added for this file and removed after it.
 */

vi.mock("next/cache", () => import("../support/mocks/next-cache"));

const { db } = setUpTestDb();
const run = randomUUID().slice(0, 8);
const EXTRA = 2 * PAGE_SIZE + 20;
const today = new Date().toISOString().slice(0, 10);
const users = {} as Awaited<ReturnType<typeof demoUsers>>;
let extraIds: number[] = [];
let meetingIds: number[] = [];
let reportIds: number[] = [];
/** Open and overdue actions added to the extra departments. */
const added = { open: 0, overdue: 0 };

beforeAll(async () => {
  Object.assign(users, await demoUsers());
  const rows = Array.from({ length: EXTRA }, (_, i) => ({
    slug: `wg-${run}-${String(i).padStart(3, "0")}`,
    name: `Whole gov ${run} ${String(i).padStart(3, "0")}`,
    shortName: `WG${i}`,
    kind: "department" as const,
    sortOrder: 1000 + i,
  }));
  extraIds = (await db.insert(orgUnits).values(rows).returning({ id: orgUnits.id })).map((r) => r.id);
  // Every third department has held a meeting with one open action overdue and one open not yet due.
  const withMeeting = extraIds.filter((_, i) => i % 3 === 0);
  meetingIds = (
    await db.insert(reviewMeetings).values(withMeeting.map((departmentId) => ({ departmentId, period: "2020-01-01", status: "held" as const, heldOn: "2020-01-20" }))).returning({ id: reviewMeetings.id })
  ).map((r) => r.id);
  await db.insert(reviewActions).values(
    meetingIds.flatMap((meetingId) => [
      { meetingId, description: "Overdue", ownerName: "A", dueDate: "2020-02-01" },
      { meetingId, description: "Not yet due", ownerName: "B", dueDate: "2099-01-01" },
    ]),
  );
  added.open = 2 * meetingIds.length;
  added.overdue = meetingIds.length;
  reportIds = (await db.insert(reports).values(extraIds.slice(0, 5).map((departmentId) => ({ departmentId, year: 2001, quarter: 2 }))).returning({ id: reports.id })).map((r) => r.id);
});

afterAll(async () => {
  if (meetingIds.length) await db.delete(reviewActions).where(inArray(reviewActions.meetingId, meetingIds));
  if (meetingIds.length) await db.delete(reviewMeetings).where(inArray(reviewMeetings.id, meetingIds));
  if (reportIds.length) await db.delete(reports).where(inArray(reports.id, reportIds));
  if (extraIds.length) await db.delete(orgUnits).where(inArray(orgUnits.id, extraIds));
});

/** Every page of a paged list, from page 1 to the last, and the page past the end. */
async function allPages<T>(read: (page: number) => Promise<{ total: number; rows: T[] }>) {
  const first = await read(1);
  const pages = [first.rows];
  const last = pageWindow(first.total, 1).pages;
  for (let p = 2; p <= last; p++) pages.push((await read(p)).rows);
  return { total: first.total, pages, pastTheEnd: (await read(last + 7)).rows };
}

describe("paging in SQL agrees with pageWindow", () => {
  it("keeps the rows pageWindow shows, for any total and requested page", async () => {
    for (const total of [0, 1, 49, 50, 51, 100, 101, 173]) {
      for (const requested of [1, 2, 3, 4, 99]) {
        const { rows } = await db.execute<{ rn: number }>(sql`
          select rn::int as rn from (select n as rn, ${total}::int as total from generate_series(1, ${total}::int) n) x
          where ${pageSliceSql(sql`rn`, sql`total`, requested)} order by rn`);
        const w = pageWindow(total, requested);
        expect(rows.map((r) => r.rn), `${total} rows, page ${requested}`).toEqual(Array.from({ length: w.to - w.from + (total ? 1 : 0) }, (_, i) => w.from + i));
      }
    }
  });

  it("searches literally: % and _ are not wildcards", async () => {
    const { rows } = await db.execute<{ hit: boolean }>(sql`
      select ${containsSql(sql`'50% done'`, "50%")} as a, ${containsSql(sql`'5000 done'`, "50%")} as b, ${containsSql(sql`'a_b'`, "_")} as c, ${containsSql(sql`'ab'`, "_")} as d`);
    expect(rows[0]).toEqual({ a: true, b: false, c: true, d: false });
  });
});

describe("/departments at many departments", () => {
  it("pages the departments in scope: bounded pages, the total, each department once, the last page past the end", async () => {
    const { total, pages, pastTheEnd } = await allPages((page) => listDepartmentSummaries(users.viewer, { page }));
    expect(total).toBe(EXTRA + 2);
    for (const rows of pages) expect(rows.length).toBeLessThanOrEqual(PAGE_SIZE);
    const slugs = pages.flat().map((d) => d.slug);
    expect(new Set(slugs).size).toBe(total);
    expect(slugs).toEqual(expect.arrayContaining(["coo", "cls"]));
    expect(pastTheEnd).toEqual(pages.at(-1));
    for (const d of pages.flat()) expect(Object.values(d.counts).reduce((s, n) => s + n, 0)).toBe(d.measureCount);
  });

  it("keeps SLT to their department, and searches by name", async () => {
    expect(await listDepartmentSummaries(users.sltCoo)).toMatchObject({ total: 1, rows: [{ slug: "coo" }] });
    const found = await listDepartmentSummaries(users.viewer, { search: `gov ${run} 01` });
    expect(found.total).toBe(10);
    expect(found.rows.every((d) => d.name.includes(`${run} 01`))).toBe(true);
    expect((await listDepartmentSummaries(users.sltCoo, { search: "Customer" })).total).toBe(0);
  });

  it("reads a page in one query, whichever page and however many departments", async () => {
    expect(await countQueries(() => listDepartmentSummaries(users.viewer))).toBe(1);
    expect(await countQueries(() => listDepartmentSummaries(users.viewer, { page: 3 }))).toBe(1);
  });
});

describe("/reviews at many departments", () => {
  it("lists one row per department, paged, with totals over every department in scope", async () => {
    const { total, pages, pastTheEnd } = await allPages((page) => listReviewDepartments(users.admin, { today, page }));
    expect(total).toBe(EXTRA + 2);
    for (const rows of pages) expect(rows.length).toBeLessThanOrEqual(PAGE_SIZE);
    expect(pastTheEnd).toEqual(pages.at(-1));
    const rows = pages.flat();
    expect(new Set(rows.map((d) => d.id)).size).toBe(total);
    const first = await listReviewDepartments(users.admin, { today });
    // The totals are the sum of the rows over all pages, not only the page shown.
    expect(first.openActions).toBe(rows.reduce((n, d) => n + d.openActions, 0));
    expect(first.overdueActions).toBe(rows.reduce((n, d) => n + d.overdueActions, 0));
    const extra = rows.filter((d) => extraIds.includes(d.id));
    expect(extra.reduce((n, d) => n + d.openActions, 0)).toBe(added.open);
    expect(extra.reduce((n, d) => n + d.overdueActions, 0)).toBe(added.overdue);
    expect(extra.filter((d) => d.meetings === 1).every((d) => d.latestMeeting === "2020-01-01")).toBe(true);
  });

  it("agrees with the department's own list of open actions", async () => {
    const { rows } = await listReviewDepartments(users.admin, { today });
    const coo = rows.find((d) => d.slug === "coo")!;
    const own = await getDepartmentReviews(users.admin, coo.id);
    expect(own.openActions).toHaveLength(coo.openActions);
    expect(own.openActions.filter((a) => a.dueDate !== null && a.dueDate < today)).toHaveLength(coo.overdueActions);
    expect(own.meetingTotal).toBe(coo.meetings);
  });

  it("keeps SLT to their department, even when asking for another one's", async () => {
    const mine = await listReviewDepartments(users.sltCoo, { today });
    expect(mine.rows.map((d) => d.slug)).toEqual(["coo"]);
    expect(mine.openActions).toBe(mine.rows[0]!.openActions);
    const other = await getDepartmentReviews(users.sltCoo, extraIds[0]!);
    expect(other).toEqual({ meetingTotal: 0, meetings: [], openActions: [] });
  });

  it("reads the index in one query and a department in two, whatever the number of departments", async () => {
    expect(await countQueries(() => listReviewDepartments(users.admin, { today, page: 2 }))).toBe(1);
    expect(await countQueries(() => getDepartmentReviews(users.admin, extraIds[0]!))).toBe(2);
  });
});

describe("/reports/manage at many departments", () => {
  it("pages the departments with their reports; SLT see their own; one query a page", async () => {
    const { total, pages, pastTheEnd } = await allPages((page) => listManagedReports(users.admin, { page }));
    expect(total).toBe(EXTRA + 2);
    for (const rows of pages) expect(rows.length).toBeLessThanOrEqual(PAGE_SIZE);
    expect(pastTheEnd).toEqual(pages.at(-1));
    expect(new Set(pages.flat().map((d) => d.id)).size).toBe(total);
    const withReport = pages.flat().filter((d) => extraIds.slice(0, 5).includes(d.id));
    expect(withReport.map((d) => d.reports.map((r) => `${r.year}-q${r.quarter}:${r.status}`))).toEqual(Array(5).fill(["2001-q2:draft"]));
    expect((await listManagedReports(users.sltCoo, { page: 9 })).rows.map((d) => d.slug)).toEqual(["coo"]);
    expect(await countQueries(() => listManagedReports(users.admin, { page: 3 }))).toBe(1);
  });
});

describe("the public /reports index at many departments", () => {
  it("pages published department reports, newest quarter first, filtered by department and quarter", async () => {
    await inRollback(db, async (tx) => {
      // Published reports of every extra department for one far-away quarter (revisions cannot be deleted: rolled back).
      const ids = (await tx.insert(reports).values(extraIds.map((departmentId) => ({ departmentId, year: 2003, quarter: 4, status: "published" as const }))).returning({ id: reports.id })).map((r) => r.id);
      await tx.insert(reportRevisions).values(ids.map((reportId) => ({ reportId, revision: 1, content: {} })));
      const quarter = { year: 2003, quarter: 4 };

      const q = (await listPublishedQuarters(tx)).find((p) => p.year === 2003 && p.quarter === 4);
      expect(q?.departments).toBe(EXTRA);

      const read = (page: number) => listPublishedReportPage({ department: null, quarter, page }, tx);
      const first = await read(1);
      expect(first.total).toBe(EXTRA);
      expect(first.rows).toHaveLength(PAGE_SIZE);
      const last = await read(pageWindow(EXTRA, 1).pages);
      expect(last.rows).toHaveLength(EXTRA - 2 * PAGE_SIZE);
      expect((await read(99)).rows).toEqual(last.rows);
      const all = [first, await read(2), last].flatMap((p) => p.rows.map((r) => r.reportId));
      expect(new Set(all)).toEqual(new Set(ids));

      const one = await listPublishedReportPage({ department: `wg-${run}-007`, quarter: null, page: 1 }, tx);
      expect(one).toMatchObject({ total: 1, rows: [{ departmentSlug: `wg-${run}-007`, year: 2003, quarter: 4, revision: 1 }] });
      // Unfiltered, the newest quarter comes first, and the page stays bounded.
      const everything = await listPublishedReportPage({ department: null, quarter: null, page: 1 }, tx);
      expect(everything.rows.length).toBeLessThanOrEqual(PAGE_SIZE);
      const keys = everything.rows.map((r) => r.year * 10 + r.quarter);
      expect(keys).toEqual([...keys].sort((a, b) => b - a));
    });
  });
});

describe("department and unit selects", () => {
  it("list one option per department in scope, and units of one department only", async () => {
    const all = await listViewableDepartments(users.viewer);
    expect(all).toHaveLength(EXTRA + 2);
    expect((await listViewableDepartments(users.sltCoo)).map((d) => d.slug)).toEqual(["coo"]);
    const coo = all.find((d) => d.slug === "coo")!;
    const units = await listDepartmentUnitsUserMay(users.viewer, "unit:view", coo.id);
    expect(units.length).toBeGreaterThan(1);
    for (const u of units) expect((await getUnitScope(u.id))!.departmentId).toBe(coo.id);
    expect(await listDepartmentUnitsUserMay(users.sltCoo, "unit:view", all.find((d) => d.slug === "cls")!.id)).toEqual([]);
  });
});
