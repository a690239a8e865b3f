import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

/*
 * Issue 18: the measure page's statistics, read-only on the demo data. The demo has no series
 * breaks, notes or target dates (they are recorded through the catalogue and annotation forms);
 * tests/unit/measure-statistics.test.ts renders those cases.
 */
const P1_NAME = "Incident resolution by severity – P1";
// A demo measure with a month missing in the middle of its history (db/seed/figures.ts: demo.gaps).
const UPTIME_NAME = "Network service average uptime";

/** A measure's id, read from the catalogue's link. */
async function measureId(page: Page, name: string): Promise<string> {
  await page.goto("/admin/measures");
  const href = await page.getByRole("link", { name: new RegExp(`${name}$`) }).first().getAttribute("href");
  const id = /\/admin\/measures\/(\d+)$/.exec(href ?? "")?.[1];
  expect(id, `link to ${name}`).toBeTruthy();
  return id!;
}

test.describe("measure statistics", () => {
  test("an SLT member reads the variation and assurance, the signals, the XmR table and chart, and the forecast", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto(`/measures/${await measureId(page, P1_NAME)}`);

    const stats = page.getByRole("region", { name: "Variation and signals" });
    await expect(stats).toBeVisible();
    // Each summary is a phrase in words (its shape or icon beside it is hidden from screen readers).
    await expect(stats.getByText(/Common-cause variation|Special-cause variation: (improving|concerning)/)).toBeVisible();
    await expect(stats.getByText(/Target consistently met|Target consistently missed|Target may be met or missed/)).toBeVisible();

    // The signals in words: a list, or a sentence saying there are none.
    await expect(stats.getByRole("heading", { level: 3, name: "Signals" })).toBeVisible();
    const list = stats.getByRole("list", { name: "Signals, oldest first" });
    const none = stats.getByText("No signals: every figure is within normal variation for its series.");
    await expect(list.or(none)).toBeVisible();
    if (await list.isVisible()) await expect(list.getByRole("listitem").first()).toHaveText(/^[A-Z][a-z]{2} \d{4}.*: .+, (improving|concerning)$/);

    await expect(stats.getByText(/^From [A-Z][a-z]{2} \d{4}: mean [\d.]+%, process limits [\d.-]+% to [\d.]+%/)).toBeVisible();

    const table = stats.getByRole("table", { name: `${P1_NAME}: each month with its mean, process limits, moving range and signals, oldest first` });
    await expect(table).toBeVisible();
    for (const column of ["Month", "Figure", "Mean", "Process limits", "Moving range", "Signal", "Notes"]) {
      await expect(table.getByRole("columnheader", { name: column, exact: true })).toBeVisible();
    }
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(20);
    // Every month with a figure names its signal in words (or says there is none).
    await expect(rows.first().locator("td").nth(4)).toHaveText(/^(None|Special cause: .+)/);
    await expect(rows.first().locator("td").nth(3)).toHaveText("—"); // the first month has no moving range

    // The chart comes after the table, with its text alternative before and after Recharts arrives.
    const chart = stats.getByRole("img", { name: /^XmR chart of Incident resolution by severity – P1 from [A-Z][a-z]{2} \d{4} to [A-Z][a-z]{2} \d{4}: \d+ figures/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator(".recharts-surface")).toBeVisible();
    await expect(stats.getByRole("list", { name: "Chart key" })).toContainText("Process limits");

    const forecast = page.getByRole("region", { name: "Forecast to target" });
    await expect(forecast).toBeVisible();
    await expect(forecast).toContainText(/No target date is set for this measure|Likely to meet the target|Unlikely to meet the target|A forecast needs at least 12 monthly figures/);
  });

  test("a missing month is a gap in both charts and a row of its own in the table", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto(`/measures/${await measureId(page, UPTIME_NAME)}`);

    const history = page.getByRole("region", { name: "Figures over time" });
    await expect(history.getByRole("list", { name: "Chart key" })).toContainText("A gap in the line: no figure for that period");

    const stats = page.getByRole("region", { name: "Variation and signals" });
    const table = stats.getByRole("table", { name: new RegExp(`^${UPTIME_NAME}: each month`) });
    const gap = table.locator("tbody tr").filter({ hasText: "No figure" });
    await expect(gap).toHaveCount(1);
    await expect(gap.locator("td").nth(3)).toHaveText("—");
    await expect(stats.getByRole("list", { name: "Chart key" })).toContainText("A gap in the line: no figure for that month");
    await expect(stats.getByRole("img", { name: /1 month without one shown as gaps/ })).toBeVisible();
  });

  test("passes axe-core with both charts loaded", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto(`/measures/${await measureId(page, P1_NAME)}`);
    await expect(page.locator(".recharts-surface")).toHaveCount(2);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });

  test("fits a phone: no sideways scroll of the page at 390 px", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, "sltCoo");
    await page.goto(`/measures/${await measureId(page, P1_NAME)}`);
    await expect(page.locator(".recharts-surface")).toHaveCount(2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
