import { parse } from "csv-parse/sync";
import { eq, inArray, sql } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as csvGet } from "@/app/(public)/reports/[department]/[quarter]/data.csv/route";
import { GET as jsonGet } from "@/app/(public)/reports/[department]/[quarter]/data.json/route";
import ReportPage from "@/app/(public)/reports/[department]/[quarter]/page";
import { GET as revisionCsvGet } from "@/app/(public)/reports/[department]/[quarter]/revisions/[revision]/data.csv/route";
import RevisionPage from "@/app/(public)/reports/[department]/[quarter]/revisions/[revision]/page";
import { GET as governmentCsvGet } from "@/app/(public)/reports/government/[quarter]/data.csv/route";
import { orgUnits, reportRevisions, reports } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { createReport, saveNarrative, takeReportStep } from "@/lib/reports/manage";
import { clearRevisionContentCache, getPublishedReport } from "@/lib/reports/published";
import type { ReportStep } from "@/lib/reports/workflow";
import { countQueries, demoUsers, setUpTestDb } from "../support/harness";

/*
 * A revision published through the workflow (lib/reports/manage.ts) is what the public page and its
 * downloads serve from the next request: nothing is cached by report, only content by immutable
 * revision id, so there is nothing to go stale on this or any other instance. The downloads carry
 * an ETag of the revision: a cache asking again gets 304 until a new revision changes it.
 */

const { db } = setUpTestDb();
/** A quarter long past that no other test file uses; its rows are removed afterwards. */
const Q = "2000-q3";

let sltCoo: SessionUser;
let cooId: number;
let id: number;

const params = { params: Promise.resolve({ department: "coo", quarter: Q }) };
const revisionParams = (n: number) => ({ params: Promise.resolve({ department: "coo", quarter: Q, revision: String(n) }) });
const governmentParams = { params: Promise.resolve({ quarter: Q }) };
const get = (ifNoneMatch?: string) => new Request(`http://localhost/reports/coo/${Q}/data.csv`, { headers: ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {} });
const html = async () => renderToStaticMarkup(await ReportPage(params));
const revisionColumn = async (res: Response) => new Set((parse(await res.text()) as string[][]).slice(1).map((r) => r[2]));

async function step(name: ReportStep, correctionNote = "") {
  const [{ version } = { version: 0 }] = await db.select({ version: reports.version }).from(reports).where(eq(reports.id, id));
  return takeReportStep(sltCoo, { id, version, step: name, reason: "", correctionNote });
}

async function publishWith(introduction: string, correctionNote = "") {
  const [{ version } = { version: 0 }] = await db.select({ version: reports.version }).from(reports).where(eq(reports.id, id));
  await saveNarrative(sltCoo, { id, version, introduction, highlights: "Highlights.", concerns: "Concerns." });
  for (const s of ["submit", "approve"] as const) await step(s);
  return step("publish", correctionNote);
}

beforeAll(async () => {
  sltCoo = (await demoUsers()).sltCoo;
  [{ id: cooId }] = (await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"))) as [{ id: number }];
  ({ id } = await createReport(sltCoo, { departmentId: cooId, quarter: Q }));
  expect((await publishWith("The first wording.")).revision).toBe(1);
});

afterAll(async () => {
  // Revisions are append-only (a trigger refuses deletes); replica mode skips triggers for this cleanup only.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    const ids = (await tx.select({ id: reports.id }).from(reports).where(sql`${reports.year} = 2000`)).map((r) => r.id);
    if (ids.length === 0) return;
    await tx.delete(reportRevisions).where(inArray(reportRevisions.reportId, ids));
    await tx.delete(reports).where(inArray(reports.id, ids));
  });
});

describe("a published revision is served at once, everywhere", () => {
  let firstTag: string;
  let secondTag: string;

  it("serves revision 1 on the page and in the downloads, with the revision's ETag", async () => {
    expect(await html()).toContain("The first wording.");
    const csv = await csvGet(get(), params);
    expect(csv.status).toBe(200);
    firstTag = csv.headers.get("etag")!;
    expect(firstTag).toMatch(/^"rev-\d+\.[^"]+"$/);
    expect(csv.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    expect(await revisionColumn(csv)).toEqual(new Set(["1"]));
    // The same revision under its own address: the same tag.
    expect((await revisionCsvGet(get(), revisionParams(1))).headers.get("etag")).toBe(firstTag);
  });

  it("answers 304 without a body while the revision is current", async () => {
    for (const header of [firstTag, `W/${firstTag}`, `"something-else", ${firstTag}`]) {
      const res = await csvGet(get(header), params);
      expect(res.status, header).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(firstTag);
      expect(res.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    }
  });

  it("serves a correction from the next request: page, CSV, JSON and the cross-government report; the old tag gets the new file", async () => {
    const governmentBefore = (await governmentCsvGet(get(), governmentParams)).headers.get("etag");
    expect(governmentBefore).toBeTruthy();
    // Read (and kept in memory) before the correction, as a busy instance would have.
    expect((await getPublishedReport("coo", Q))?.revision.number).toBe(1);

    expect((await step("reopen")).status).toBe("draft");
    // Reopened for correction: revision 1 stays public.
    expect((await csvGet(get(firstTag), params)).status).toBe(304);
    const published = await publishWith("The corrected wording.", "The introduction was corrected.");
    expect(published.revision).toBe(2);

    const page = await html();
    expect(page).toContain("The corrected wording.");
    expect(page).toContain("The introduction was corrected.");
    expect(page).not.toContain("The first wording.");

    const csv = await csvGet(get(firstTag), params);
    expect(csv.status).toBe(200);
    secondTag = csv.headers.get("etag")!;
    expect(secondTag).not.toBe(firstTag);
    expect(await revisionColumn(csv)).toEqual(new Set(["2"]));
    const json = (await (await jsonGet(get(), params)).json()) as { revision: { number: number; correctionNote: string } };
    expect(json.revision).toMatchObject({ number: 2, correctionNote: "The introduction was corrected." });
    expect((await csvGet(get(secondTag), params)).status).toBe(304);

    const government = await governmentCsvGet(get(governmentBefore!), governmentParams);
    expect(government.status).toBe(200);
    expect(government.headers.get("etag")).not.toBe(governmentBefore);
    expect(await revisionColumn(government)).toContain("2");

    // Revision 1 is still readable at its address, now marked as superseded; its tag has not changed.
    const earlier = renderToStaticMarkup(await RevisionPage(revisionParams(1)));
    expect(earlier).toContain("The first wording.");
    expect(earlier).toContain("This is an earlier revision.");
    expect((await revisionCsvGet(get(firstTag), revisionParams(1))).status).toBe(304);
  });

  it("reads the current revision with one query once its content is in memory, two before", async () => {
    clearRevisionContentCache();
    expect(await countQueries(() => getPublishedReport("coo", Q))).toBe(2);
    expect(await countQueries(() => getPublishedReport("coo", Q))).toBe(1);
    expect(await countQueries(() => csvGet(get(secondTag), params))).toBe(1);
  });
});
