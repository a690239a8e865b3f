import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInAs } from "../support";

test.describe("golden thread", () => {
  test("SLT follows COO's plan from the CSP priority to a measure and back up", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/departments/coo");
    await page.getByRole("link", { name: "Plan: from strategy to figures" }).click();
    await expect(page).toHaveURL(/\/departments\/coo\/plan$/);
    await expect(page.getByRole("heading", { level: 1, name: "Chief Operating Office: from strategy to figures" })).toBeVisible();

    // Priority → key objective → initiative → measure, each with its status in words.
    const priority = page.getByRole("region", { name: /OI3 A modern, innovative public sector/ });
    await expect(priority.getByText("CSP-MG Modernising Government ›")).toBeVisible();
    await expect(priority.getByRole("heading", { level: 3, name: "Case Management" })).toBeVisible();
    const initiative = priority.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 4, name: /GP20-OI3-10 · P&CS – Enhanced Capabilities: Stabilise \(Case Management\)/ }) });
    await expect(initiative.getByText(/Green – on track|Amber – at risk|Red – off track/)).toBeVisible();
    await expect(initiative.getByText(/On target|Within tolerance|Off target|No target|No data/).first()).toBeVisible();

    // The gaps the PAC asked about are counted and listed.
    const gaps = page.getByRole("region", { name: "Where the thread breaks" });
    await expect(gaps).toContainText(/\d+ key objectives with no initiative/);
    await expect(gaps).toContainText(/\d+ initiatives with no catalogued measure linked/);

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

    // Down to the measure, whose page names what it serves.
    await initiative.getByRole("link", { name: "Live HR cases in case management" }).click();
    await expect(page).toHaveURL(/\/measures\/\d+$/);
    const serves = page.getByRole("definition").filter({ hasText: "GP20-OI3-10" });
    await expect(serves).toContainText("Key objective: Case Management");
    await expect(serves).toContainText("Priority: OI3 A modern, innovative public sector");
  });

  test("a CLS lead cannot open COO's plan", async ({ page }) => {
    await signInAs(page, "leadCls");
    const response = await page.goto("/departments/coo/plan");
    expect(response?.status()).toBe(404);
  });
});
