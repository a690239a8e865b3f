import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs, type AccountKey } from "../support";

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe("accessibility (axe-core)", () => {
  for (const path of ["/", "/login", "/reports"]) {
    test(`public page ${path}`, async ({ page }) => {
      await page.goto(path);
      await expectNoViolations(page);
    });
  }

  const signedIn: [AccountKey, string][] = [
    ["sltCoo", "/dashboard"],
    ["viewer", "/dashboard"],
    ["admin", "/admin/users"],
    ["admin", "/admin/users/new"],
  ];
  for (const [who, path] of signedIn) {
    test(`${path} as ${who}`, async ({ page }) => {
      await signInAs(page, who);
      await page.goto(path);
      await expectNoViolations(page);
    });
  }

  test("the sign-in form works with the keyboard alone", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").focus();
    await page.keyboard.type("slt.cls@baseline.test");
    await page.keyboard.press("Tab");
    await page.keyboard.type("baseline-demo");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});
