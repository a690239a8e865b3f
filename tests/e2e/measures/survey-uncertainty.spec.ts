import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { signInAs } from "../support";

/*
 * Issue 18: survey-based figures carry n and a 95% interval — on the department page, the measure
 * page and the published report and its CSV — from the demo customer survey of CLS. Reads only.
 */

const CSAT = "Customer satisfaction (CSAT)";
const now = new Date();
const currentQuarter = { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 };
const last = currentQuarter.quarter === 1 ? { year: currentQuarter.year - 1, quarter: 4 } : { year: currentQuarter.year, quarter: currentQuarter.quarter - 1 };
const lastSlug = `${last.year}-q${last.quarter}`;

// Exact: an overdue item's rowheader may name a measure within longer text.
const rowOf = (page: Page, name: string) => page.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });

test.describe("survey uncertainty", () => {
  test("the department page gives CSAT's responses and 95% interval beside the figure, and its page says how sure it is", async ({ page }) => {
    await signInAs(page, "sltCls");
    await page.goto("/departments/cls");
    const csat = rowOf(page, CSAT);
    await expect(csat).toContainText(/\(n = [\d,]+, 95% CI [\d.]+–[\d.]+%\)/);
    // Measures that are not estimated from a sample show none.
    await expect(rowOf(page, "Calls answered")).not.toContainText("95% CI");

    await csat.getByRole("link", { name: CSAT }).click();
    await expect(page.getByRole("heading", { level: 1, name: CSAT })).toBeVisible();
    const block = page.getByTestId("sample-uncertainty");
    await expect(block.getByRole("heading", { name: "Sample size and uncertainty" })).toBeVisible();
    await expect(block).toContainText(/Based on [\d,]+ responses?; 95% interval [\d.]+% to [\d.]+%\./);
    await expect(block).toContainText("Wilson score interval for a proportion");
    // The changes are labelled in words (or say there is nothing to compare with).
    const changes = block.getByRole("definition");
    await expect(changes.first()).toContainText(/Significant|Within normal variation|No sample for/);
    await block.getByText(/Sample size and 95% interval for each month/).click();
    await expect(block.getByRole("table", { name: `${CSAT}: responses and 95% interval, newest first` })).toBeVisible();

    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });

  test("the published report gives CSAT's n and 95% interval, and its CSV the n, lower and upper columns", async ({ page }) => {
    await page.goto(`/reports/cls/${lastSlug}`);
    const measure = page.getByTestId("report-measure").filter({ has: page.getByRole("heading", { name: CSAT }) });
    await expect(measure).toContainText(/n = [\d,]+, 95% CI [\d.]+–[\d.]+%|responses?: fewer than the \d+ needed to publish a figure/);
    await expect(page.getByText("Figures from a customer survey or another sample say how many responses they are based on")).toBeVisible();

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: /Measures as CSV/ }).click();
    const rows = parse(await readFile((await (await downloading).path())!, "utf8"), { columns: true }) as Record<string, string>[];
    const csat = rows.filter((r) => r.measure_code === "CLS-CSAT");
    expect(csat).toHaveLength(5);
    const latest = csat.find((r) => r.quarter === `${last.year}-Q${last.quarter}`)!;
    expect(Number(latest.n)).toBeGreaterThan(0);
    if (latest.value !== "") expect(Number(latest.lower)).toBeLessThanOrEqual(Number(latest.value));
    // Measures without a sample leave them empty.
    expect(rows.filter((r) => r.measure_code === "CLS-CALLS-ANSWERED").every((r) => r.n === "" && r.lower === "" && r.upper === "")).toBe(true);
  });
});
