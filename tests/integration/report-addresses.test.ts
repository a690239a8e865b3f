import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as csvGet } from "@/app/(public)/reports/[department]/[quarter]/data.csv/route";
import { GET as jsonGet } from "@/app/(public)/reports/[department]/[quarter]/data.json/route";
import ReportPage from "@/app/(public)/reports/[department]/[quarter]/page";
import { GET as revisionCsvGet } from "@/app/(public)/reports/[department]/[quarter]/revisions/[revision]/data.csv/route";
import { GET as revisionJsonGet } from "@/app/(public)/reports/[department]/[quarter]/revisions/[revision]/data.json/route";
import RevisionPage from "@/app/(public)/reports/[department]/[quarter]/revisions/[revision]/page";
import { GET as governmentCsvGet } from "@/app/(public)/reports/government/[quarter]/data.csv/route";
import { GET as governmentJsonGet } from "@/app/(public)/reports/government/[quarter]/data.json/route";
import GovernmentPage from "@/app/(public)/reports/government/[quarter]/page";
import { lastCompletedQuarter, quarterSlug } from "@/lib/reports/content";
import { inventedReportAddresses, type ReportAddress } from "../security/report-addresses";
import { setUpTestDb } from "../support/harness";

/**
 * Issue 15 item 6: only published reports have an address. Every invented variant of a published
 * one (tests/security/report-addresses.ts) resolves to "not found" in the pages and downloads alike,
 * and the routes are per request with nothing that would make Next keep a file per address.
 */
setUpTestDb();
const published = quarterSlug(lastCompletedQuarter(new Date())); // the demo data publishes it for coo and cls
const request = new Request("http://localhost/reports");
const invented = inventedReportAddresses(published);

const isNotFound = (err: unknown) => String((err as { digest?: string })?.digest ?? "").includes("NEXT_HTTP_ERROR_FALLBACK;404");

async function pageAnswer(a: ReportAddress): Promise<200 | 404> {
  try {
    if (a.revision === undefined) await ReportPage({ params: Promise.resolve({ department: a.department, quarter: a.quarter }) });
    else await RevisionPage({ params: Promise.resolve({ department: a.department, quarter: a.quarter, revision: a.revision }) });
    return 200;
  } catch (err) {
    if (isNotFound(err)) return 404;
    throw err;
  }
}

async function downloadAnswers(a: ReportAddress): Promise<number[]> {
  if (a.revision === undefined) {
    const ctx = { params: Promise.resolve({ department: a.department, quarter: a.quarter }) };
    return [(await csvGet(request, ctx)).status, (await jsonGet(request, ctx)).status];
  }
  const ctx = { params: Promise.resolve({ department: a.department, quarter: a.quarter, revision: a.revision }) };
  return [(await revisionCsvGet(request, ctx)).status, (await revisionJsonGet(request, ctx)).status];
}

describe("report addresses", () => {
  it(`has at least 30 invented variants of ${published} to try`, () => {
    expect(invented.length).toBeGreaterThanOrEqual(30);
  });

  it("a published report answers in every shape: page, revision 1, downloads, cross-government", async () => {
    for (const a of [{ department: "coo", quarter: published }, { department: "cls", quarter: published }, { department: "coo", quarter: published, revision: "1" }]) {
      expect(await pageAnswer(a), JSON.stringify(a)).toBe(200);
      expect(await downloadAnswers(a), JSON.stringify(a)).toEqual([200, 200]);
    }
    await GovernmentPage({ params: Promise.resolve({ quarter: published }) });
    const ctx = { params: Promise.resolve({ quarter: published }) };
    expect([(await governmentCsvGet(request, ctx)).status, (await governmentJsonGet(request, ctx)).status]).toEqual([200, 200]);
  });

  it.each(invented.map((a) => [JSON.stringify(a), a] as const))("%s is not found, page and downloads", async (_, a) => {
    expect(await pageAnswer(a)).toBe(404);
    expect(await downloadAnswers(a)).toEqual([404, 404]);
  });

  it("the cross-government report of an invented quarter is not found either", async () => {
    for (const { quarter } of invented.filter((a) => a.department === "coo" && a.revision === undefined)) {
      const ctx = { params: Promise.resolve({ quarter }) };
      await expect(GovernmentPage(ctx), quarter).rejects.toSatisfy(isNotFound);
      expect([(await governmentCsvGet(request, ctx)).status, (await governmentJsonGet(request, ctx)).status], quarter).toEqual([404, 404]);
    }
  });

  it("every report route is rendered per request: no static params, no revalidate, nothing for Next to keep by address", () => {
    const dir = path.join(process.cwd(), "app", "(public)", "reports");
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /(page\.tsx|route\.ts)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      expect(source, file).not.toMatch(/generateStaticParams|export const revalidate|force-static|dynamicParams|unstable_cache|"use cache"/);
      if (file.endsWith("page.tsx")) expect(source, file).toMatch(/export const dynamic = "force-dynamic"/);
    }
  });
});
