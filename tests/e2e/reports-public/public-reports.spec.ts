import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { signInAs } from "../support";

/*
 * The public side of the quarterly reports, read by an anonymous visitor from the demo data: each
 * department has published reports for the last four completed quarters and a draft for this one.
 * Reads only; nothing here changes data.
 */

const now = new Date();
const currentQuarter = { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 };
const last = currentQuarter.quarter === 1 ? { year: currentQuarter.year - 1, quarter: 4 } : { year: currentQuarter.year, quarter: currentQuarter.quarter - 1 };
const lastSlug = `${last.year}-q${last.quarter}`;
const currentSlug = `${currentQuarter.year}-q${currentQuarter.quarter}`;
const CSV_HEADER = "department,report_quarter,revision,measure_code,measure_name,unit,quarter,value,target,baseline,value_type,status,data_source,months_reported,months_required,figure_status,row_type,resource_name,resources_month,budget_pence,outturn_to_date_pence,forecast_pence,resource_status,series_break,n,lower,upper";

test.describe("published reports, without signing in", () => {
  test("a visitor reads a COO quarter report, with statuses in words and chart data tables, and downloads its CSV and JSON", async ({ page }) => {
    await page.goto("/reports");
    await expect(page.getByRole("heading", { level: 1, name: "Published performance reports" })).toBeVisible();
    await page.getByRole("link", { name: `Quarter ${last.quarter} ${last.year} report, Chief Operating Office` }).click();
    await expect(page).toHaveURL(new RegExp(`/reports/coo/${lastSlug}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Quarterly performance report: Q${last.quarter} ${last.year}` })).toBeVisible();
    await expect(page.getByTestId("report-revision")).toContainText("Revision 1 (as first published)");

    // Landmarks and the report's sections.
    await expect(page.getByRole("main")).toBeVisible();
    for (const name of ["Summary", "Introduction", "Highlights", "Areas of concern and what is being done", "Performance measures", "Government Plan initiatives", "Risks", "Audit and scrutiny recommendations", "Resources"]) {
      await expect(page.getByRole("heading", { level: 2, name, exact: true })).toBeVisible();
    }

    // Statuses and trends in words, not colour alone.
    const glance = page.getByRole("table", { name: `Measures at a glance, Q${last.quarter} ${last.year}` });
    await expect(glance).toBeVisible();
    await expect(glance.locator("[data-status]").first()).toHaveText(/^\W*(On target|Within tolerance|Off target|No target|No data)$/);
    await expect(glance.locator("[data-trend]").first()).toHaveText(/^\W*(Improving|Worsening|Stable|No comparison)$/);

    // Each chart has a name and a data table of its five quarters.
    const measure = page.getByTestId("report-measure").first();
    await expect(measure.getByRole("img", { name: /^Chart of / })).toBeVisible();
    const history = measure.getByRole("table", { name: /figures for the last five quarters$/ });
    await expect(history.getByRole("row")).toHaveCount(6);
    await expect(history.getByRole("rowheader", { name: `Q${last.quarter} ${last.year}` })).toBeVisible();

    // The CSV's columns are documented on the page.
    await expect(page.getByRole("table", { name: /CSV columns/ }).getByRole("rowheader", { name: "measure_code" })).toBeVisible();

    const csvDownload = page.waitForEvent("download");
    await page.getByRole("link", { name: /Measures as CSV/ }).click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe(`coo-${lastSlug}.csv`);
    const lines = (await readFile((await csv.path())!, "utf8")).trim().split("\n");
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines[1]).toMatch(new RegExp(`^coo,${last.year}-Q${last.quarter},1,[A-Z0-9-]+,`));

    const jsonDownload = page.waitForEvent("download");
    await page.getByRole("link", { name: "Whole report as JSON" }).click();
    const json = JSON.parse(await readFile((await (await jsonDownload).path())!, "utf8")) as {
      quarter: string;
      revision: { number: number; correctionNote: string | null };
      content: { department: { slug: string }; measures: unknown[] };
    };
    expect(json.quarter).toBe(lastSlug);
    expect(json.revision).toMatchObject({ number: 1, correctionNote: null });
    expect(json.content.department.slug).toBe("coo");
    // One CSV row per measure per quarter (the report's quarter and the four before it), then the
    // resources section's rows, told apart by row_type.
    const rowType = CSV_HEADER.split(",").indexOf("row_type");
    const types = (parse(lines.slice(1).join("\n")) as string[][]).map((r) => r[rowType]);
    expect(json.content.measures.length * 5).toBe(types.filter((t) => t === "measure").length);
    expect(types).toContain("service_area_total");
  });

  test("an earlier revision has its own address, and the report lists its revisions", async ({ page }) => {
    await page.goto(`/reports/coo/${lastSlug}`);
    const revisions = page.getByTestId("report-revisions");
    await expect(revisions.getByText("current version")).toBeVisible();
    await revisions.getByRole("link", { name: "Revision 1" }).click();
    await expect(page).toHaveURL(new RegExp(`/reports/coo/${lastSlug}/revisions/1$`));
    await expect(page.getByText("Revision 1 (this page)")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Q${last.quarter} ${last.year}`);
    const res = await page.request.get(`/reports/coo/${lastSlug}/revisions/1/data.csv`);
    expect(res.status()).toBe(200);
    expect((await res.text()).split("\n")[0]).toBe(CSV_HEADER);
  });

  test("the cross-government report combines both departments' published reports", async ({ page }) => {
    await page.goto("/reports");
    await page.getByRole("link", { name: `Quarter ${last.quarter} ${last.year} cross-government report` }).click();
    await expect(page).toHaveURL(new RegExp(`/reports/government/${lastSlug}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Cross-government performance report: Q${last.quarter} ${last.year}` })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Chief Operating Office" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Customer and Local Services" })).toBeVisible();
    await expect(page.getByRole("img", { name: /^Measures by status for each department/ })).toBeVisible();
    const byStatus = page.getByRole("table", { name: `Measures by status, by department, Q${last.quarter} ${last.year}` });
    await expect(byStatus.getByRole("rowheader", { name: "All departments" })).toBeVisible();
    const csv = await (await page.request.get(`/reports/government/${lastSlug}/data.csv`)).text();
    const departments = new Set(csv.trim().split("\n").slice(1).map((l) => l.split(",")[0]));
    expect([...departments].sort()).toEqual(["cls", "coo"]);
  });

  // CLS's draft: the SLT workflow specs publish COO reports.
  test("this quarter's draft is not public: page and downloads answer 404", async ({ page }) => {
    const res = await page.goto(`/reports/cls/${currentSlug}`);
    expect(res?.status()).toBe(404);
    for (const path of [`/reports/cls/${currentSlug}/data.csv`, `/reports/cls/${currentSlug}/data.json`, `/reports/cls/${currentSlug}/revisions/1`]) {
      expect((await page.request.get(path)).status(), path).toBe(404);
    }
    await page.goto("/reports");
    await expect(page.getByRole("link", { name: `Quarter ${currentQuarter.quarter} ${currentQuarter.year} report, Customer and Local Services` })).toHaveCount(0);
  });

  test("addresses that are not published reports answer 404 and are never cached", async ({ request }) => {
    const invented = `/reports/no-such-department-${Date.now()}/${lastSlug}`;
    for (const path of [invented, `${invented}/data.csv`, `/reports/coo/${lastSlug}/revisions/999`, "/reports/government/2001-q1", `/reports/government/${lastSlug}/revisions/1`]) {
      for (let i = 0; i < 2; i++) {
        const res = await request.get(path);
        expect(res.status(), path).toBe(404);
        expect(res.headers()["cache-control"], path).toContain("no-store");
        expect(res.headers()["x-nextjs-cache"], path).toBeUndefined();
      }
    }
    // A published report is rendered per request as well (the current revision is read from the
    // database on every instance), never from Next's page cache.
    const published = await request.get(`/reports/coo/${lastSlug}`);
    expect(published.status()).toBe(200);
    expect(published.headers()["x-nextjs-cache"]).toBeUndefined();
    expect(published.headers()["cache-control"]).not.toContain("s-maxage");
  });

  test("downloads carry the revision's ETag: asked again with it, they answer 304 without a body", async ({ request }) => {
    const path = `/reports/coo/${lastSlug}/data.csv`;
    const first = await request.get(path);
    expect(first.status()).toBe(200);
    const etag = first.headers()["etag"];
    expect(etag).toMatch(/^"rev-\d+\.[^"]+"$/);
    expect(first.headers()["cache-control"]).toBe("public, max-age=0, must-revalidate");
    const again = await request.get(path, { headers: { "If-None-Match": etag! } });
    expect(again.status()).toBe(304);
    expect((await again.body()).length).toBe(0);
    const stale = await request.get(path, { headers: { "If-None-Match": '"rev-0.old"' } });
    expect(stale.status()).toBe(200);
    expect(stale.headers()["etag"]).toBe(etag);
  });

  test("a report reads on a phone without sideways scrolling of the page", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/reports/cls/${lastSlug}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByTestId("report-measure").first().getByRole("img")).toBeVisible();
  });

  // Issue 19: read on phones, so sent as HTML and CSS (server/script-free.ts).
  test("a visitor who is not signed in gets the public pages without framework JavaScript; printing still works", async ({ page }) => {
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    for (const path of ["/", "/reports", `/reports/coo/${lastSlug}`, `/reports/coo/${lastSlug}/revisions/1`, `/reports/government/${lastSlug}`, "/feedback/demo-customer-services"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
      // No Next chunk, RSC payload or bootstrap in the document: only its own few lines (components/layout/document-script.tsx).
      const inline = await page.evaluate(() => [...document.scripts].map((s) => (s.src ? `src ${s.src}` : s.text.slice(0, 40))));
      expect(inline.filter((s) => s.startsWith("src ") || /__next_|TURBOPACK/.test(s)), path).toEqual([]);
    }
    await page.waitForLoadState("networkidle");
    expect(scripts).toEqual([]);

    await page.goto(`/reports/coo/${lastSlug}`);
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute("data-printed", "");
    });
    await page.getByRole("button", { name: "Print or save as PDF" }).click();
    await expect(page.locator("body")).toHaveAttribute("data-printed", "");
  });

  test("a signed-in visitor gets the report with the app's scripts (their header signs out), and printing works there too", async ({ page }) => {
    await signInAs(page, "viewer");
    await page.goto(`/reports/coo/${lastSlug}`);
    await expect.poll(() => page.evaluate(() => Object.keys(document).some((k) => k.startsWith("__reactContainer")))).toBe(true);
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute("data-printed", "");
    });
    await page.getByRole("button", { name: "Print or save as PDF" }).click();
    await expect(page.locator("body")).toHaveAttribute("data-printed", "");
  });

  test("every page has the favicon, the header's mark", async ({ page, request }) => {
    await page.goto("/reports");
    const icon = page.locator('head link[rel="icon"]').first();
    const href = await icon.getAttribute("href");
    expect(href).toMatch(/^\/(icon\.svg|favicon\.ico)/);
    for (const path of [href!, "/favicon.ico"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()["content-type"], path).toMatch(/^image\//);
    }
  });

  // axe-core on these pages (report, earlier revision, cross-government, and a report at phone
  // width): tests/e2e/a11y/axe.spec.ts, which checks every page of the app from one table.
});
