import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { expectedOutcome, PAGES, type Role } from "../../security/access-matrix";
import { discoverRoutes } from "../../security/discover";
import { CHECK_AS, openPage, roleSessions } from "./pages";

/*
 * axe-core (WCAG 2.2 AA) on every page of the app, as every role whose view of it differs (CHECK_AS,
 * ./pages.ts), plus a refused form, and the phone layouts (every page's width at 390 px is checked in
 * ./phone-width.spec.ts). Reads only: the refused forms save nothing.
 */

async function expectNoViolations(page: Page) {
  // Only violations in full: axe then skips recording every node that passed, which takes long on
  // big pages. (options() replaces the options, so it comes before withTags.)
  const results = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")})`)).toEqual([]);
}

// Per worker: one signed-in browser context per role, and the demo ids looked up once.
const sessions = roleSessions();
const { pageAs, urlOf } = sessions;

test.describe("accessibility (axe-core)", () => {
  // axe on a long page (the initiatives list, a report, a survey link) takes tens of seconds on a busy
  // 2-core machine: room for every page, since none of these checks is about speed.
  test.describe.configure({ timeout: 150_000 });
  test.afterAll(() => sessions.closeAll());

  test("every page of the app has a row here, with roles that may open it", () => {
    const pages = [...discoverRoutes()].filter(([, file]) => /[/\\]page\.\w+$/.test(file)).map(([pattern]) => pattern);
    expect(pages.filter((p) => !(p in CHECK_AS)), "pages without a row in CHECK_AS").toEqual([]);
    expect(Object.keys(CHECK_AS).filter((p) => !pages.includes(p)), "rows of CHECK_AS naming no page").toEqual([]);
    const refused = Object.entries(CHECK_AS).flatMap(([p, roles]) => roles.filter((r) => !PAGES[p] || expectedOutcome(PAGES[p], r) !== "ok").map((r) => `${p} as ${r}`));
    expect(refused, "roles the access matrix does not let in").toEqual([]);
  });

  for (const [pattern, roles] of Object.entries(CHECK_AS)) {
    for (const role of roles) {
      test(`${pattern} as ${role}`, async ({ browser }) => {
        const page = await pageAs(browser, role);
        await openPage(page, await urlOf(browser, pattern));
        await expectNoViolations(page);
        await page.close();
      });
    }
  }

  test("a refused form: the new-risk form submitted empty", async ({ browser }) => {
    const page = await pageAs(browser, "leadMd");
    await openPage(page, "/risks/new");
    await page.getByRole("button", { name: "Add risk" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields" });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link").first()).toBeVisible();
    await expect(page.getByLabel("Title", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expectNoViolations(page);
    await page.close();
  });

  test("a refused form: the public survey sent unanswered", async ({ browser }) => {
    const page = await pageAs(browser, "anonymous");
    await openPage(page, "/feedback/demo-customer-services");
    await page.getByRole("button", { name: "Send my answers" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeFocused();
    await expectNoViolations(page);
    await page.close();
  });

  const PHONE = { width: 390, height: 844 };
  const phonePages: [Role, string][] = [
    ["sltCoo", "/dashboard"],
    ["leadMd", "/entry"],
    ["anonymous", "/reports/[department]/[quarter]"],
    // Issue 17: wide tables scroll in their own regions; code and examples wrap.
    ["anonymous", "/api/v1/docs"],
    // Issue 19: the heat map scaled to fit with its risks as cards; the tracker as a card per unit.
    ["viewer", "/risks/heatmap"],
    ["sltCoo", "/entry/status"],
  ];
  for (const [role, pattern] of phonePages) {
    test(`phone width (390 px): ${pattern} as ${role}`, async ({ browser }) => {
      const page = await pageAs(browser, role, PHONE);
      await openPage(page, await urlOf(browser, pattern));
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(PHONE.width);
      await expectNoViolations(page);
      await page.close();
    });
  }
});
