import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

const P1_NAME = "Incident resolution by severity – P1";

/** The id of the P1 measure, read from the catalogue's link (the dashboard does not link measures yet). */
async function p1Id(page: Page): Promise<string> {
  await page.goto("/admin/measures");
  // The card link (phone) and the table's "Edit …" link both end with the name and lead to the same id.
  const href = await page.getByRole("link", { name: new RegExp(`${P1_NAME}$`) }).first().getAttribute("href");
  const id = /\/admin\/measures\/(\d+)$/.exec(href ?? "")?.[1];
  expect(id, `link to ${P1_NAME}`).toBeTruthy();
  return id!;
}

test.describe("measure page", () => {
  test("an SLT member reads the history, the table, the definition and downloads the CSV", async ({ page }) => {
    await signInAs(page, "sltCoo");
    const id = await p1Id(page);
    await page.goto(`/measures/${id}`);

    await expect(page.getByRole("heading", { level: 1, name: P1_NAME })).toBeVisible();

    // The chart region carries its text alternative before and after Recharts arrives.
    const chart = page.getByRole("img", { name: /^Chart of Incident resolution by severity – P1 from .+ figures/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator(".recharts-surface")).toBeVisible();
    await expect(chart).toHaveAttribute("aria-label", /Baseline 83\.0%/);

    const table = page.getByRole("table", { name: `${P1_NAME}: every submitted figure, newest first` });
    await expect(table).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "Target" })).toBeVisible();
    expect(await table.locator("tbody tr").count()).toBeGreaterThan(12);
    await expect(table.locator("tbody tr").first().getByText(/On target|Within tolerance|Off target/)).toBeVisible();

    await expect(page.getByText("Target now")).toBeVisible();
    await expect(page.getByText("Against the same period last year")).toBeVisible();
    const about = page.getByRole("region", { name: "About this measure" });
    await expect(about.getByText("Definition")).toBeVisible();
    await expect(about.getByText("M&D Service Management Report")).toBeVisible();
    await expect(about.getByText(/Very small volumes/)).toBeVisible();
    await expect(about.getByText("83.0% (Aug", { exact: false })).toBeVisible();
    await expect(page.getByRole("table", { name: "Target history, newest first" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Recent commentary" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Change history" })).toBeVisible();

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the figures (CSV)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("baseline-md-inc-p1.csv");
    const lines = (await readFile((await download.path())!, "utf8")).trim().split("\n");
    expect(lines[0]).toBe("period,value,numerator,denominator,target,status,commentary");
    expect(lines.length).toBe((await table.locator("tbody tr").count()) + 1);
    expect(lines[1]).toMatch(/^\d{4}-\d{2},\d+(\.\d+)?,\d+,\d+,90,(on_target|within_tolerance|off_target),/);
  });

  test("another department's SLT member gets 404 for the page and its CSV", async ({ page, browser }) => {
    const admin = await browser.newPage();
    await signInAs(admin, "admin");
    const id = await p1Id(admin);
    await admin.close();

    await signInAs(page, "sltCls");
    const response = await page.goto(`/measures/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: P1_NAME })).toHaveCount(0);
    const csv = await page.request.get(`/measures/${id}/data.csv`);
    expect(csv.status()).toBe(404);
    expect(await csv.text()).not.toContain("period,value");
  });

  test("passes axe-core with the chart loaded", async ({ page }) => {
    await signInAs(page, "sltCoo");
    const id = await p1Id(page);
    await page.goto(`/measures/${id}`);
    // The history chart and the XmR chart (issue 18).
    await expect(page.locator(".recharts-surface")).toHaveCount(2);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
});
