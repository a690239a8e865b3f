import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

/*
 * This spec changes only recommendations it creates itself (refs E2E-…, unique per run), so a retry
 * starts from the same seeded state. No other spec reads recommendations.
 */

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

const EVIDENCE_ERROR = "Say what shows the recommendation is complete before marking it implemented";

/** Adds a CLS recommendation through the form, as the CLS lead, and leaves the page on it. */
async function addRecommendation(page: Page, ref: string, targetDate: string) {
  await page.goto("/recommendations/new");
  const create = page.getByRole("form", { name: "Add a recommendation" });
  await create.getByLabel("Source").selectOption("internal_audit");
  await create.getByLabel("Report title").fill("Internal Audit – Complaints handling follow-up");
  await create.getByLabel("Reference").fill(ref);
  await create.getByLabel("Recommendation", { exact: true }).fill("Record every complaint resolved on the front line in the feedback system.");
  await create.getByLabel("Department's answer").selectOption("accepted");
  await create.getByLabel("Response", { exact: true }).fill("Agreed; front-line teams briefed.");
  await create.getByLabel("Unit responsible").selectOption({ label: "Customer Services" });
  await create.getByLabel("Owner").fill("Customer Feedback Manager, CLS");
  await create.getByLabel("Target date (optional)").fill(targetDate);
  await create.getByRole("button", { name: "Add recommendation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Recommendation ${ref}` })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Recommendation added" })).toBeVisible();
}

test.describe("recommendations tracker", () => {
  test("the CLS lead adds a progress update, then marks a recommendation implemented only with evidence", async ({ page }) => {
    await signInAs(page, "leadCls");
    // The seeded PAC recommendation reads as the department recorded it.
    await page.goto("/recommendations");
    await expect(page.getByRole("heading", { level: 1, name: "Recommendations" })).toBeVisible();
    await page.getByRole("link", { name: "PAC-CLS-02", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Recommendation PAC-CLS-02" })).toBeVisible();
    await expect(page.getByText("Provide a departmental breakdown of customer feedback themes.")).toBeVisible();
    await expect(page.getByRole("list", { name: "Progress updates, oldest first" }).getByText("Response agreed and work started.")).toBeVisible();

    // Updates go to a recommendation of this run's own.
    await addRecommendation(page, `E2E-PROGRESS-${Date.now()}`, "2099-03-31");
    const trail = page.getByRole("list", { name: "Progress updates, oldest first" });

    // A progress update without a status change.
    const form = page.getByRole("form", { name: "Add a progress update" });
    await form.getByLabel("Progress update").fill("Feedback system enhancements delivered; thematic analysis being built.");
    await form.getByRole("button", { name: "Add update" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Progress update added" })).toBeVisible();
    await expect(trail.getByText("Feedback system enhancements delivered; thematic analysis being built.")).toBeVisible();

    // Implemented without evidence: refused on the field, nothing saved.
    await form.getByLabel("Progress update").fill("Departmental breakdown published.");
    await form.getByLabel("Status").selectOption("implemented");
    await form.getByLabel("Evidence of implementation").fill("");
    await form.getByRole("button", { name: "Add update" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields" });
    await expect(alert).toBeFocused();
    await expect(alert.getByRole("link", { name: EVIDENCE_ERROR })).toBeVisible();
    const evidence = form.getByLabel("Evidence of implementation");
    await expect(evidence).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText(EVIDENCE_ERROR, { exact: true })).toBeVisible();
    // What was typed is kept.
    await expect(form.getByLabel("Progress update")).toHaveValue("Departmental breakdown published.");
    await expect(trail.getByText("Departmental breakdown published.")).toHaveCount(0);

    // With evidence: saved, and the trail shows the change.
    await evidence.fill("Quarterly customer feedback report now breaks complaint themes down by department (from Q3).");
    await form.getByRole("button", { name: "Add update" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Progress update added" })).toBeVisible();
    const last = page.getByTestId("progress-update").last();
    await expect(last).toContainText("Status: Open → Implemented");
    await expect(last).toContainText("Departmental breakdown published.");
    await expect(last).toContainText("Robin Querée");
    await expect(page.locator("dd", { hasText: "Quarterly customer feedback report now breaks complaint themes down by department" })).toBeVisible();
    await expect(page.locator('[data-status="implemented"]').first()).toBeVisible();
  });

  test("the viewer sees the overdue view, filtered without JavaScript, and reads without forms", async ({ browser }) => {
    // The lead records a recommendation whose target date has long passed: overdue whatever the day.
    const ref = `E2E-OVERDUE-${Date.now()}`;
    const lead = await browser.newPage();
    await signInAs(lead, "leadCls");
    await addRecommendation(lead, ref, "2020-03-31");
    await lead.close();

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Sign-in needs JavaScript; reuse the session of a signed-in page.
    const signer = await browser.newPage();
    await signInAs(signer, "viewer");
    await context.addCookies(await signer.context().cookies());
    await signer.close();

    await page.goto("/recommendations");
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: /^Overdue/ }).click();
    await expect(page).toHaveURL(/\/recommendations\?view=overdue$/);
    await expect(page.getByRole("link", { name: /^Overdue/ })).toHaveAttribute("aria-current", "page");
    const rows = page.getByRole("table").getByRole("row").filter({ has: page.getByRole("rowheader") });
    await expect(rows.filter({ hasText: ref })).toContainText("Overdue");
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await expect(rows.nth(i)).toContainText("Overdue");
    await expect(page.getByTestId("recommendation-counts")).toContainText(`Showing ${n} overdue recommendation${n === 1 ? "" : "s"}.`);

    // The filter form is a plain GET form.
    await page.getByLabel("Department").selectOption("cls");
    await page.getByLabel("Source").selectOption("internal_audit");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/view=overdue/);
    await expect(page).toHaveURL(/department=cls/);
    await expect(page.getByTestId("recommendation-counts")).toContainText("overdue recommendation");
    await expect(page.getByTestId("recommendation-counts")).toContainText("in Customer and Local Services from Internal audit");
    await expect(rows.filter({ hasText: ref })).toBeVisible();
    await expect(rows.filter({ hasText: "CAG-PCS-01" })).toHaveCount(0);

    // The viewer reads a recommendation but cannot change it.
    await expect(page.getByRole("link", { name: "Add a recommendation" })).toHaveCount(0);
    await page.getByRole("link", { name: ref }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Recommendation ${ref}` })).toBeVisible();
    await expect(page.getByText(/days past its target date/)).toBeVisible();
    await expect(page.getByRole("form")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit details" })).toHaveCount(0);
    await context.close();
  });

  test("reads are scoped: SLT of COO gets 404 on a CLS recommendation; the viewer cannot add one", async ({ page }) => {
    await signInAs(page, "sltCls");
    await page.goto("/recommendations?department=cls");
    const href = await page.getByRole("link", { name: "PAC-CLS-05", exact: true }).getAttribute("href");
    expect(href).toMatch(/^\/recommendations\/\d+$/);
    await page.context().clearCookies();

    await signInAs(page, "sltCoo");
    expect((await page.goto(href!))?.status()).toBe(404);
    expect((await page.goto(`${href}/edit`))?.status()).toBe(404);
    await page.goto("/recommendations");
    await expect(page.getByRole("link", { name: "PAC-CLS-05", exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "CAG-PCS-01", exact: true })).toBeVisible();
    await page.context().clearCookies();

    await signInAs(page, "viewer");
    expect((await page.goto("/recommendations/new"))?.status()).toBe(404);
    expect((await page.goto(`${href}/edit`))?.status()).toBe(404);
    expect((await page.goto("/recommendations/abc"))?.status()).toBe(404);
  });

  test("axe passes on /recommendations, the overdue view, a recommendation page with its form, and the new form", async ({ page }) => {
    await signInAs(page, "leadCls");
    await page.goto("/recommendations");
    await expectNoViolations(page);
    await page.goto("/recommendations?view=overdue");
    await expectNoViolations(page);
    await page.goto("/recommendations");
    await page.getByRole("link", { name: "PAC-CLS-03", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Recommendation PAC-CLS-03" })).toBeVisible();
    await expectNoViolations(page);
    // With a field error showing.
    await page.getByRole("form", { name: "Add a progress update" }).getByRole("button", { name: "Add update" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields" })).toBeVisible();
    await expectNoViolations(page);
    await page.goto("/recommendations/new");
    await expectNoViolations(page);
  });
});
