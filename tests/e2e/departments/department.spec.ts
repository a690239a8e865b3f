import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { format, parseISO } from "date-fns";
import { signInAs } from "../support";

const COO = "Chief Operating Office";
const CLS = "Customer and Local Services";
const STATUS_WORDS = /On target|Within tolerance|Off target|No target|No data/;
const TREND_WORDS = /Improving|Worsening|Stable|No comparison/;

/** The table row of a measure, by (part of) its row header. */
const rowOf = (page: Page, name: RegExp) => page.getByRole("row").filter({ has: page.getByRole("rowheader", { name }) });

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe("department dashboard", () => {
  test("SLT of COO sees its units, the P1–P4 group together, and statuses and trends in words", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/departments/coo");
    await expect(page.getByRole("heading", { level: 1, name: COO })).toBeVisible();
    for (const unit of ["People and Corporate Services", "Modernisation and Digital", "Commercial Services"]) {
      await expect(page.getByRole("heading", { level: 2, name: unit })).toBeVisible();
    }

    // One block for the grouped measure, a row per severity, in order.
    const group = page.getByRole("rowgroup", { name: "Incident resolution by severity" });
    await expect(group).toHaveCount(1);
    // The group's own header row, then one row per severity, in order.
    await expect(group.getByRole("rowheader").first()).toHaveText("Incident resolution by severity");
    const severities = group.getByRole("rowheader", { name: /severity – P\d/ });
    await expect(severities).toHaveCount(4);
    for (const [i, p] of ["P1", "P2", "P3", "P4"].entries()) {
      await expect(severities.nth(i)).toContainText(p);
    }

    const p2 = rowOf(page, /severity – P2/);
    await expect(p2).toContainText(STATUS_WORDS);
    await expect(p2).toContainText(TREND_WORDS);
    // The sparkline's text alternative, and the measure's name as the way to its own page.
    await expect(p2).toContainText(/Last 12 months, \w{3} \d{4} to \w{3} \d{4}: .+\. \d+ of \d+ on target\./);
    await expect(p2.getByRole("link", { name: "Incident resolution by severity – P2" })).toHaveAttribute("href", /^\/measures\/\d+$/);
  });

  test("the month selector changes the figures shown", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/departments/coo");
    const p2 = rowOf(page, /severity – P2/);
    const before = await p2.innerText();

    const month = page.getByRole("combobox", { name: "Month" });
    const value = await month.locator("option").nth(4).getAttribute("value");
    await month.selectOption(value!);
    await page.getByRole("button", { name: "Show month" }).click();
    await expect(page).toHaveURL(new RegExp(`/departments/coo\\?month=${value}$`));
    await expect(page.getByRole("combobox", { name: "Month" })).toHaveValue(value!);

    // The 12 months shown end at the chosen month (a monthly figure is the chosen month's: the page says which).
    const label = format(parseISO(`${value}-01`), "MMM yyyy");
    await expect(p2).toContainText(`to ${label}:`);
    expect(await p2.innerText()).not.toEqual(before);
    await expect(page.getByText(`submitted figure for ${format(parseISO(`${value}-01`), "MMMM yyyy")}`)).toBeVisible();
  });

  test("says what the page is built from, and refuses a month not yet started", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/departments/coo");
    await expect(page.getByTestId("as-at")).toHaveText(/^As at \d{1,2} \w+ \d{4}$/);
    await expect(page.getByRole("heading", { level: 2, name: "Initiatives, risks and what is overdue" })).toBeVisible();
    const thisMonth = new Date().toLocaleString("en-GB", { month: "long", year: "numeric" });
    for (const path of ["/departments/coo?month=2099-01", "/dashboard?month=2099-01"]) {
      await page.goto(path);
      await expect(page.getByText(`January 2099 has not started yet. Choose a month up to ${thisMonth}.`)).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(0);
    }
    await page.goto("/dashboard?month=2025-08");
    await expect(page.getByTestId("as-at")).toHaveText("As at 31 August 2025");
  });

  test("shows the first initiatives, risks and overdue items, and all of them a page at a time", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/departments/coo");
    const section = page.getByRole("region", { name: "Initiatives, risks and what is overdue" });
    await expect(section).toBeVisible();
    // At most ten on the page itself; "See all" appears only when there are more.
    expect(await section.locator("tbody tr").count()).toBeLessThanOrEqual(10);

    await page.goto("/departments/coo?list=others");
    await expect(page.getByRole("heading", { level: 2, name: /^Initiatives, risks and what is overdue, as at \d{1,2} \w+ \d{4}$/ })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText(/^\d+ items?/);
    await page.getByRole("link", { name: `Back to ${COO}` }).click();
    await expect(page).toHaveURL(/\/departments\/coo\?month=\d{4}-\d{2}$/);
    await expect(page.getByRole("list", { name: new RegExp(`^${COO}: measures by status in`) })).toBeVisible();
  });

  test("SLT of COO cannot open another department's dashboard", async ({ page }) => {
    await signInAs(page, "sltCoo");
    const response = await page.goto("/departments/cls");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

    await page.goto("/departments");
    await expect(page.getByRole("link", { name: COO })).toBeVisible();
    await expect(page.getByRole("link", { name: CLS })).toHaveCount(0);
  });

  test("the viewer sees every department", async ({ page }) => {
    await signInAs(page, "viewer");
    await page.goto("/departments");
    for (const name of [COO, CLS]) {
      await expect(page.getByRole("list", { name: new RegExp(`^${name}: measures by status in`) })).toContainText(STATUS_WORDS);
    }
    for (const name of [COO, CLS]) {
      await page.goto("/departments");
      await page.getByRole("link", { name }).click();
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    }
    await expect(rowOf(page, /^Customer satisfaction \(CSAT\)/)).toContainText(STATUS_WORDS);
  });

  for (const path of ["/departments", "/departments/coo"]) {
    test(`axe finds no violations on ${path}`, async ({ page }) => {
      await signInAs(page, "sltCoo");
      await page.goto(path);
      await expectNoViolations(page);
    });
  }

  test("axe finds no violations on /departments/coo on a phone", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, "sltCoo");
    await page.goto("/departments/coo");
    // One table at every width: on a phone it scrolls sideways in its own labelled region.
    await expect(page.getByRole("rowgroup", { name: "Incident resolution by severity" })).toBeVisible();
    await expectNoViolations(page);
  });
});
