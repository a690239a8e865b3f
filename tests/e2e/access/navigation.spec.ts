import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInAs, type AccountKey } from "../support";

/*
 * The main navigation (issue 19): its links grouped into menus so that the bar is one row at
 * 1024 px for every role; each menu a native <details>, so that it opens by keyboard and without
 * JavaScript (closing it on Escape, outside a click or when focus leaves is an enhancement); the
 * current page and its group marked; on a phone one "Menu" with the groups inside. Reads only.
 */

const DESKTOP = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
/** A group of the bar (its <details>); open it with its summary. */
const menu = (page: Page, label: string) =>
  mainNav(page)
    .locator("details[data-nav-menu]")
    .filter({ has: page.locator("summary", { hasText: new RegExp(`^${label}`) }) });
const summaryOf = (group: Locator) => group.locator("summary");

/** Presses Tab until `target` has focus. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`never reached ${target} with Tab`);
}

test.describe("main navigation", () => {
  for (const who of ["admin", "sltCoo", "leadMd", "viewer"] as AccountKey[]) {
    test(`at 1024 px the bar is one row for ${who}, and each menu opens on screen`, async ({ page }) => {
      await page.setViewportSize(DESKTOP);
      await signInAs(page, who);
      await page.goto("/dashboard");
      // Top-level items: links and menus. One row: the last starts as high as the first.
      const items = mainNav(page).locator(":scope > ul > li");
      expect(await items.count()).toBeGreaterThan(3);
      const first = await items.first().boundingBox();
      const last = await items.last().boundingBox();
      expect(Math.round(last!.y), "the last item is on the first one's row").toBe(Math.round(first!.y));
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(DESKTOP.width);

      const groups = mainNav(page).locator("details[data-nav-menu]");
      for (let i = 0; i < (await groups.count()); i++) {
        const group = groups.nth(i);
        await summaryOf(group).click();
        const panel = group.getByRole("list");
        await expect(panel).toBeVisible();
        const box = await panel.boundingBox();
        expect(box!.x + box!.width, `${await summaryOf(group).textContent()} opens inside the window`).toBeLessThanOrEqual(DESKTOP.width);
        await page.keyboard.press("Escape");
        await expect(group).not.toHaveAttribute("open");
      }
    });
  }

  test("a menu opens by keyboard (Enter or Space), closes on Escape, and marks the page chosen from it", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signInAs(page, "sltCoo");
    const dataEntry = menu(page, "Data entry");
    const tokens = mainNav(page).getByRole("link", { name: "API tokens" });
    await expect(tokens).toBeHidden();

    await tabTo(page, summaryOf(dataEntry));
    await page.keyboard.press("Enter");
    await expect(dataEntry).toHaveAttribute("open", "");
    await expect(tokens).toBeVisible();
    // The next Tab goes into the menu.
    await page.keyboard.press("Tab");
    await expect(mainNav(page).getByRole("link", { name: "My updates" })).toBeFocused();
    // Escape closes it and puts focus back on its summary.
    await page.keyboard.press("Escape");
    await expect(dataEntry).not.toHaveAttribute("open");
    await expect(summaryOf(dataEntry)).toBeFocused();
    await expect(tokens).toBeHidden();

    // Space opens it too; Enter on a link follows it.
    await page.keyboard.press("Space");
    await expect(dataEntry).toHaveAttribute("open", "");
    await tabTo(page, tokens);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/admin\/api-tokens$/);
    await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
    // On the new page the menu is closed; it is marked as holding the current page, and the link as the page.
    await expect(dataEntry).not.toHaveAttribute("open");
    await expect(summaryOf(dataEntry)).toHaveAttribute("aria-current", "true");
    await expect(dataEntry.locator('a[href="/admin/api-tokens"]')).toHaveAttribute("aria-current", "page");
    await expect(summaryOf(menu(page, "Performance"))).not.toHaveAttribute("aria-current");
  });

  test("one menu is open at a time, and it closes when focus or a click goes elsewhere", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signInAs(page, "sltCoo");
    const performance = menu(page, "Performance");
    const plan = menu(page, "Plan");

    await summaryOf(performance).click();
    await expect(performance).toHaveAttribute("open", "");
    await summaryOf(plan).click();
    await expect(plan).toHaveAttribute("open", "");
    await expect(performance).not.toHaveAttribute("open");

    // A click outside closes it (on the page's margin, clear of the open menu).
    await page.locator("main").click({ position: { x: 2, y: 2 } });
    await expect(plan).not.toHaveAttribute("open");

    // Tabbing on past its last link closes it (it would cover what focus reaches next).
    await summaryOf(performance).focus();
    await page.keyboard.press("Enter");
    await expect(performance).toHaveAttribute("open", "");
    await tabTo(page, summaryOf(menu(page, "Data entry")), 5);
    await expect(performance).not.toHaveAttribute("open");
  });

  test("an open menu passes axe", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signInAs(page, "sltCoo");
    await summaryOf(menu(page, "Data entry")).click();
    await expect(mainNav(page).getByRole("link", { name: "Submissions" })).toBeVisible();
    const results = await new AxeBuilder({ page })
      .include('nav[aria-label="Main"]')
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  test("the menus work without JavaScript, by mouse and by keyboard", async ({ browser, page }) => {
    await signInAs(page, "sltCoo");
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
    await context.addCookies(await page.context().cookies());
    const plain = await context.newPage();
    await plain.goto("/dashboard");
    const reporting = menu(plain, "Reporting");
    const plan = menu(plain, "Plan");

    await summaryOf(reporting).click();
    await expect(reporting).toHaveAttribute("open", "");
    await expect(mainNav(plain).getByRole("link", { name: "Feedback" })).toBeVisible();
    // One at a time, with no script (<details name>).
    await summaryOf(plan).click();
    await expect(plan).toHaveAttribute("open", "");
    await expect(reporting).not.toHaveAttribute("open");

    // By keyboard: Enter on a summary opens its menu; Tab reaches its links.
    await summaryOf(reporting).focus();
    await plain.keyboard.press("Enter");
    await expect(reporting).toHaveAttribute("open", "");
    const reports = mainNav(plain).getByRole("link", { name: "Reports", exact: true });
    await tabTo(plain, reports, 3);
    await plain.keyboard.press("Enter");
    await expect(plain).toHaveURL(/\/reports\/manage$/);
    // The page is marked in the server's HTML.
    await expect(summaryOf(menu(plain, "Reporting"))).toHaveAttribute("aria-current", "true");
    await expect(menu(plain, "Reporting").locator('a[href="/reports/manage"]')).toHaveAttribute("aria-current", "page");
    await context.close();
  });

  test("on a phone the links fold into one menu, in their groups", async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signInAs(page, "sltCoo");
    const nav = mainNav(page);
    // The bar's menus are not shown; the one "Menu" is.
    await expect(summaryOf(menu(page, "Data entry"))).toBeHidden();
    await nav.locator("summary", { hasText: "Menu" }).click();
    const dataEntry = nav.getByRole("list", { name: "Data entry" });
    await expect(dataEntry.getByRole("link")).toHaveText(["My updates", "Enter figures", "Submissions", "API tokens"]);
    await expect(nav.getByRole("list", { name: "Performance" }).getByRole("link")).toHaveText(["Departments", "Reviews", "Measures"]);
    await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(PHONE.width);

    await dataEntry.getByRole("link", { name: "Submissions" }).click();
    await expect(page).toHaveURL(/\/entry\/status$/);
    // The menu closes on the new page.
    await expect(nav.getByRole("list", { name: "Data entry" })).toBeHidden();
  });
});
