import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { format, startOfMonth, subMonths } from "date-fns";
import { ACCOUNTS, DEMO_PASSWORD, signIn, type AccountKey } from "../support";

// Leads may land on /my-updates rather than /dashboard after signing in.
const LANDING = /\/(dashboard|my-updates)$/;
const as = (page: Page, who: AccountKey) => signIn(page, ACCOUNTS[who].email, DEMO_PASSWORD, LANDING);

const lastMonth = subMonths(startOfMonth(new Date()), 1);
const LAST_MONTH = format(lastMonth, "MMMM yyyy");
const LAST_MONTH_PARAM = format(lastMonth, "yyyy-MM");
const COO_UNITS = ["People and Corporate Services", "Modernisation and Digital", "Commercial Services"];

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe("submission tracker", () => {
  test("SLT of COO sees the COO units with their states in words, and drills into a unit and month", async ({ page }) => {
    await as(page, "sltCoo");
    await page.goto("/entry/status");
    await expect(page.getByRole("heading", { level: 1, name: "Submission tracker" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Chief Operating Office" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Customer and Local Services" })).toHaveCount(0);
    for (const name of COO_UNITS) await expect(page.getByRole("rowheader", { name })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Customer Services" })).toHaveCount(0);
    // Six months by default, ending with the last completed one.
    await expect(page.getByRole("columnheader", { name: new RegExp(`^${format(lastMonth, "MMM yyyy")}`) })).toBeVisible();
    await expect(page.getByRole("columnheader")).toHaveCount(7);

    // The seed leaves last month's Commercial Services audit-actions figure in draft: draft before the due
    // date, late after it. (The entry specs that submit months run on servers of their own.)
    const cell = page.getByRole("link", { name: new RegExp(`^Commercial Services, ${LAST_MONTH}: \\d+ of \\d+ submitted · \\d+ (late|draft)`) });
    await expect(cell).toBeVisible();
    await cell.click();
    await expect(page.getByRole("heading", { level: 2, name: `Commercial Services, ${LAST_MONTH}` })).toBeVisible();
    const detail = page.locator("#detail");
    const p1 = detail.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /Open internal audit actions for Commercial Services/ }) });
    await expect(p1).toContainText(/Late|Draft/);
    await expect(p1).toContainText("Draft saved, not submitted");
    await expect(detail.getByRole("row").filter({ hasText: "Submitted" }).first()).toBeVisible();
    await expect(detail.getByRole("link", { name: `Enter figures for Commercial Services, ${LAST_MONTH}` })).toHaveAttribute(
      "href",
      new RegExp(`^/entry\\?unit=\\d+&month=${LAST_MONTH_PARAM}$`),
    );
    await expectNoViolations(page);
  });

  test("a month range can be chosen", async ({ page }) => {
    await as(page, "sltCoo");
    await page.goto("/entry/status");
    const from = format(subMonths(lastMonth, 2), "MMMM yyyy");
    await page.getByLabel("From").selectOption({ label: from });
    await page.getByLabel("To", { exact: true }).selectOption({ label: LAST_MONTH });
    await page.getByRole("button", { name: "Show months" }).click();
    await expect(page).toHaveURL(/from=\d{4}-\d{2}&to=\d{4}-\d{2}/);
    await expect(page.getByRole("columnheader")).toHaveCount(4);
  });

  test("SLT of COO cannot open another department's unit", async ({ page }) => {
    await as(page, "admin");
    await page.goto("/entry/status?department=cls");
    const href = await page.getByRole("link", { name: new RegExp(`^Customer Services, ${LAST_MONTH}:`) }).getAttribute("href");
    expect(href).toMatch(/unit=\d+/);
    await page.context().clearCookies();

    await as(page, "sltCoo");
    const response = await page.goto(href!);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("Customer Services")).toHaveCount(0);
  });

  test("the viewer reads the tracker but is offered no entry links", async ({ page }) => {
    await as(page, "viewer");
    await page.goto("/entry/status");
    // Whoever sees every department gets one row per department, each opening its units.
    await expect(page.getByRole("heading", { level: 2, name: "Departments" })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Customer and Local Services" })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Modernisation and Digital" })).toHaveCount(0);
    const coo = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Chief Operating Office" }) });
    await expect(coo).toContainText(/\d+ of \d+ submitted/);
    await coo.getByRole("link", { name: "Chief Operating Office" }).click();
    await expect(page).toHaveURL(/department=coo/);
    await expect(page.getByRole("heading", { level: 2, name: "Chief Operating Office" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Customer and Local Services" })).toHaveCount(0);
    await page.getByRole("link", { name: new RegExp(`^Modernisation and Digital, ${LAST_MONTH}:`) }).click();
    await expect(page.getByRole("heading", { level: 2, name: `Modernisation and Digital, ${LAST_MONTH}` })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Enter/ })).toHaveCount(0);
  });

  // Issue 19: the tracker on a phone.
  test("on a phone each unit is a card with its latest month first, the earlier months a tap away", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await as(page, "sltCoo");
    await page.goto("/entry/status");
    const cards = page.getByRole("list", { name: "Chief Operating Office: figures submitted by unit, latest month first" });
    for (const name of COO_UNITS) await expect(cards.getByRole("heading", { level: 3, name })).toBeVisible();
    // No grid: its months would run off the screen.
    await expect(page.getByRole("columnheader")).toHaveCount(0);

    const card = cards.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: "Commercial Services" }) });
    const latest = card.getByRole("link", { name: new RegExp(`^Commercial Services, ${LAST_MONTH}: \\d+ of \\d+ submitted`) });
    await expect(latest).toBeVisible();
    const before = format(subMonths(lastMonth, 1), "MMMM yyyy");
    const earlier = card.getByRole("link", { name: new RegExp(`^Commercial Services, ${before}: `) });
    await expect(earlier).toBeHidden();
    await card.locator("summary").click();
    await expect(earlier).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(390);

    await latest.click();
    await expect(page.getByRole("heading", { level: 2, name: `Commercial Services, ${LAST_MONTH}` })).toBeVisible();
    // The unit's measures, one a row of text on a phone.
    await expect(page.locator("#detail").getByRole("listitem").filter({ hasText: "Open internal audit actions for Commercial Services" })).toBeVisible();
  });
});

test.describe("my updates", () => {
  test("the P&CS lead sees the figures they owe, with links to enter them", async ({ page }) => {
    await as(page, "leadPcs");
    await page.goto("/my-updates");
    await expect(page.getByRole("heading", { level: 1, name: "My updates" })).toBeVisible();
    const group = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: `${LAST_MONTH} · People and Corporate Services` }) });
    // The seed leaves last month's P&CS TOM figure in draft (no other spec submits P&CS's last month).
    await expect(group).toContainText("% of P&CS TOM vacancies filled");
    await expect(group).toContainText(/Late|Draft/);
    await expect(group.getByRole("link", { name: `Enter figures for People and Corporate Services, ${LAST_MONTH}` })).toHaveAttribute(
      "href",
      new RegExp(`^/entry\\?unit=\\d+&month=${LAST_MONTH_PARAM}$`),
    );
    // Only the lead's own unit.
    await expect(page.getByRole("heading", { level: 3, name: /Modernisation and Digital/ })).toHaveCount(0);
    // Everything else the lead owes has a section of its own (the heading also says how many are due).
    for (const section of [/^SLT actions/, /^Figures/, /^Initiative updates/, /^Milestones past their date/, /^Risk reviews/, /^Recommendations/]) {
      await expect(page.getByRole("heading", { level: 2, name: section })).toBeVisible();
    }
    await expectNoViolations(page);
  });

  test("the viewer is told they owe no figures", async ({ page }) => {
    await as(page, "viewer");
    await page.goto("/my-updates");
    await expect(page.getByText("Your role does not enter figures")).toBeVisible();
    // A viewer owes only what is assigned to them by name: nothing in the demo data.
    await expect(page.getByText("Nothing is assigned to you at the moment.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: /^Initiative updates/ })).toHaveCount(0);
  });
});

test.describe("outbox and settings", () => {
  test("only administrators can open the outbox and the settings", async ({ page }) => {
    for (const who of ["viewer", "sltCoo", "leadMd"] as const) {
      await as(page, who);
      for (const path of ["/admin/outbox", "/admin/settings"]) {
        const response = await page.goto(path);
        expect(response?.status(), `${who} ${path}`).toBe(404);
        await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      }
      await page.context().clearCookies();
    }
  });

  test("the administrator reads the outbox and is refused a due day out of range", async ({ page }) => {
    await as(page, "admin");
    await page.goto("/admin/outbox");
    await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
    await expectNoViolations(page);

    await page.goto("/admin/settings");
    const field = page.getByLabel("Figures are due on working day");
    await expect(field).toHaveValue(/^\d+$/);
    await field.fill("25");
    await page.getByRole("button", { name: "Save setting" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: "Enter a whole number from 1 to 20" })).toHaveAttribute("href", `#${await field.getAttribute("id")}`);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    // The field error is tied to the field (aria-describedby).
    await expect(field).toHaveAccessibleDescription(/Error: Enter a whole number from 1 to 20/);
    await expectNoViolations(page);
  });
});
