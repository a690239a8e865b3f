import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

/** YYYY-MM of the month `back` months before the current one, as <input type="month"> takes it. */
function monthInput(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/**
 * Adds a measure (target to be confirmed) to Commercial Services through the catalogue's form, as
 * whoever is signed in on `page`; leaves the page on the new measure. Commercial Services: no other
 * spec submits its months, which a new measure without figures would block.
 */
async function addMeasure(page: Page, code: string, name: string) {
  await page.goto("/admin/measures/new");
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Lead unit").selectOption({ label: "Commercial Services" });
  await page.getByLabel("Category").selectOption({ label: "Customer" });
  await page.getByLabel("Unit of measurement").selectOption({ label: "Score on a scale" });
  await page.getByLabel("Lowest score").fill("1");
  await page.getByLabel("Highest score").fill("7");
  await page.getByLabel("Decimal places shown").fill("1");
  await page.getByLabel("Higher is better").check();
  await page.getByLabel("Mean of the months").check();
  await page.getByLabel("Data source").fill("Commercial Services supplier survey");
  await page.getByLabel("To be confirmed").check();
  await page.getByLabel("Date the target is due to be agreed").fill("2026-03-31");
  await page.getByLabel("Applies from").fill(monthInput(2));
  await page.getByRole("button", { name: "Add measure" }).click();
  await expect(page).toHaveURL(/\/admin\/measures\/\d+\?saved=created$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe("measures catalogue", () => {
  test("SLT adds a measure with a target to be confirmed, then changes its target and sees the history", async ({ page }) => {
    const code = `E2E-${Date.now()}`;
    const name = `Customer effort score for IT support ${code}`;
    await signInAs(page, "sltCoo");
    await page.goto("/admin/measures");
    await expect(page.getByRole("heading", { level: 1, name: "Measures" })).toBeVisible();
    // SLT of COO manages COO measures only.
    await expect(page.getByRole("heading", { level: 2, name: "Chief Operating Office" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Customer and Local Services" })).toHaveCount(0);

    await page.getByRole("link", { name: "Add a measure" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Add a measure" })).toBeVisible();
    // The lead unit select offers only the units of the actor's department.
    const unitOptions = await page.getByLabel("Lead unit").locator("option").allTextContents();
    expect(unitOptions).toContain("Modernisation and Digital");
    expect(unitOptions).not.toContain("Customer Services");

    // An invalid form first: field-level errors, tied to their fields, and nothing saved.
    await page.getByLabel("Code", { exact: true }).fill("not a code!");
    await page.getByLabel("Unit of measurement").selectOption({ label: "Score on a scale" });
    await page.getByLabel("Lowest score").fill("7");
    await page.getByLabel("Highest score").fill("1");
    await page.getByLabel("To be confirmed").check();
    await page.getByRole("button", { name: "Add measure" }).click();

    const summary = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." });
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(page.getByLabel("Code", { exact: true })).toHaveAccessibleDescription(/Use capital letters, digits and single hyphens only/);
    await expect(page.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/Enter the measure's name/);
    await expect(page.getByLabel("Lead unit")).toHaveAccessibleDescription(/Choose the lead unit/);
    await expect(page.getByLabel("Highest score")).toHaveAccessibleDescription(/The highest score must be more than the lowest/);
    await expect(page.getByLabel("Date the target is due to be agreed")).toHaveAccessibleDescription(/Enter the date the target is due to be agreed/);
    await expect(page.getByLabel("Applies from")).toHaveAccessibleDescription(/Enter the month the target applies from/);
    await expect(page.getByRole("group", { name: "Direction" })).toHaveAccessibleDescription(/Choose whether higher or lower is better/);
    await expect(page.getByLabel("Code", { exact: true })).toHaveAttribute("aria-invalid", "true");
    // What was typed is kept.
    await expect(page.getByLabel("Lowest score")).toHaveValue("7");
    await expect(page).toHaveURL(/\/admin\/measures\/new$/);

    // Corrected and saved.
    await page.getByLabel("Code", { exact: true }).fill(code.toLowerCase());
    await page.getByLabel("Name", { exact: true }).fill(name);
    // Commercial Services: no other spec submits its months, which a new measure without figures would block.
    await page.getByLabel("Lead unit").selectOption({ label: "Commercial Services" });
    await page.getByLabel("Category").selectOption({ label: "Customer" });
    await page.getByLabel("Lowest score").fill("1");
    await page.getByLabel("Highest score").fill("7");
    await page.getByLabel("Decimal places shown").fill("1");
    await page.getByLabel("Higher is better").check();
    await page.getByLabel("Mean of the months").check();
    await page.getByLabel("Data source").fill("M&D Service Management Report");
    await page.getByLabel("Known data limitations (optional)").fill("Only customers who answer the survey are counted.");
    await page.getByLabel("Date the target is due to be agreed").fill("2026-03-31");
    await page.getByLabel("Applies from").fill(monthInput(2));
    await page.getByRole("button", { name: "Add measure" }).click();

    await expect(page).toHaveURL(/\/admin\/measures\/\d+\?saved=created$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Measure added" })).toBeVisible();
    const history = page.getByRole("table", { name: "Target history, newest first" });
    await expect(history.getByRole("row")).toHaveCount(2);
    await expect(history.getByRole("row").nth(1)).toContainText("To be confirmed, due 31 Mar 2026");
    await expect(history.getByRole("row").nth(1)).toContainText("In force");

    // The target is agreed from this month: a new row, the earlier one kept.
    await page.getByLabel("Target value").fill("5.5");
    await page.getByLabel("Applies from").fill(monthInput(0));
    await page.getByLabel("Reason for the change", { exact: true }).fill("Agreed by COO SLT");
    await page.getByRole("button", { name: "Change target" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Target changed" })).toBeVisible();
    await expect(history.getByRole("row")).toHaveCount(3);
    const [latest, earlier] = [history.getByRole("row").nth(1), history.getByRole("row").nth(2)];
    await expect(latest).toContainText("5.5 / 7");
    await expect(latest).toContainText("Agreed by COO SLT");
    await expect(latest).toContainText("Jordan Le Brocq");
    await expect(latest).toContainText("In force");
    await expect(earlier).toContainText("To be confirmed, due 31 Mar 2026");
    await expect(earlier).not.toContainText("In force");
    // The form is cleared for the next change.
    await expect(page.getByLabel("Target value")).toHaveValue("");

    // The catalogue shows the new current target.
    await page.getByRole("link", { name: "Back to measures" }).click();
    const row = page.getByRole("row").filter({ hasText: code });
    await expect(row).toContainText(name);
    await expect(row).toContainText("Score (1 to 7)");
    await expect(row).toContainText("5.5 / 7");
    await expect(row).toContainText("Active");
  });

  test("two people changing the same measure: the second save is refused and shows what is stored", async ({ page, browser }) => {
    // A measure of this run's own: a retry never finds the note an earlier attempt saved.
    const code = `E2E-CONFLICT-${Date.now()}`;
    const name = `Supplier satisfaction with contract management ${code}`;
    await signInAs(page, "sltCoo");
    await addMeasure(page, code, name);
    await page.goto("/admin/measures");
    await page.getByRole("row").filter({ hasText: code }).getByRole("link", { name: /Edit/ }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    const url = page.url();

    const second = await browser.newContext();
    const otherPage = await second.newPage();
    await signInAs(otherPage, "admin");
    await otherPage.goto(url);
    await otherPage.getByLabel("Baseline note (optional)").fill("Checked by the administrator");
    await otherPage.getByRole("button", { name: "Save changes" }).click();
    await expect(otherPage).toHaveURL(/\/admin\/measures\?saved=1$/);
    await second.close();

    await page.getByLabel("Baseline note (optional)").fill("Checked by SLT");
    await page.getByRole("button", { name: "Save changes" }).click();
    const conflict = page.getByRole("alert").filter({ hasText: "Someone else changed this measure" });
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText("Baseline note: now “Checked by the administrator”");
  });

  test("a department lead, a viewer and SLT of another department cannot open the catalogue or a measure", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/admin/measures");
    const editHref = await page.getByRole("row").filter({ hasText: "MD-INC-P1" }).getByRole("link", { name: /Edit/ }).getAttribute("href");
    expect(editHref).toMatch(/^\/admin\/measures\/\d+$/);
    await page.context().clearCookies();

    for (const who of ["leadMd", "viewer"] as const) {
      await signInAs(page, who);
      for (const path of ["/admin/measures", "/admin/measures/new", editHref!]) {
        const response = await page.goto(path);
        expect(response?.status(), `${who} ${path}`).toBe(404);
        await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      }
      await page.context().clearCookies();
    }

    // SLT of CLS manages its own measures, not COO's.
    await signInAs(page, "sltCls");
    await page.goto("/admin/measures");
    await expect(page.getByRole("heading", { level: 2, name: "Customer and Local Services" })).toBeVisible();
    await expect(page.getByText("MD-INC-P1")).toHaveCount(0);
    const response = await page.goto(editHref!);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test.describe("accessibility (axe-core)", () => {
    test("/admin/measures", async ({ page }) => {
      await signInAs(page, "sltCoo");
      await page.goto("/admin/measures");
      await expectNoViolations(page);
    });

    test("/admin/measures/new, empty and with errors", async ({ page }) => {
      await signInAs(page, "sltCoo");
      await page.goto("/admin/measures/new");
      await expectNoViolations(page);
      await page.getByRole("button", { name: "Add measure" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." })).toBeVisible();
      await expectNoViolations(page);
    });

    test("a measure's page", async ({ page }) => {
      await signInAs(page, "admin");
      await page.goto("/admin/measures");
      await page.getByRole("row").filter({ hasText: "CLS-CES" }).getByRole("link", { name: /Edit/ }).click();
      await expect(page.getByRole("heading", { level: 2, name: "Targets" })).toBeVisible();
      await expectNoViolations(page);
    });
  });
});
