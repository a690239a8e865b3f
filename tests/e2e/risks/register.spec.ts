import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** Opens a risk from the register by its reference. */
async function openRisk(page: Page, ref: string, query = "") {
  await page.goto(`/risks${query}`);
  const row = page.locator(`tr[data-ref="${ref}"]`);
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\/risks\/\d+$/);
}

test.describe("risk register", () => {
  test("the M&D lead re-rates COO-R03 with a note and sees the new rating, the history and the flag", async ({ page }) => {
    await signInAs(page, "leadMd");
    await openRisk(page, "COO-R03");
    await expect(page.getByRole("heading", { level: 1, name: "Cyber security" })).toBeVisible();
    await expect(page.getByText("Above appetite – escalate").first()).toBeVisible();
    // Leads review; only SLT escalates.
    await expect(page.getByRole("button", { name: "Escalate to ELT" })).toHaveCount(0);

    const review = page.getByRole("form", { name: "Monthly review" });
    await review.getByLabel("Residual likelihood").selectOption("3");
    await review.getByLabel("Residual impact").selectOption("4");
    // A note is required.
    await review.getByRole("button", { name: "Save review" }).click();
    await expect(review.getByText("Add a note: what the review found, or why the rating changed").first()).toBeVisible();
    // The summary takes focus and links to the note's field (its id is not its name).
    await expect(review.getByRole("alert")).toBeFocused();
    await expect(review.getByRole("alert").getByRole("link", { name: "Add a note: what the review found, or why the rating changed" })).toHaveAttribute(
      "href",
      `#${await review.getByLabel("Review note").getAttribute("id")}`,
    );

    const note = `Patching backlog cleared; impact reduced ${Date.now()}`;
    await review.getByLabel("Review note").fill(note);
    await review.getByRole("button", { name: "Save review" }).click();
    await expect(review.getByText(/Risk re-rated|Rating confirmed/)).toBeVisible();

    const rating = page.getByRole("region", { name: "Rating" }).or(page.locator("section", { has: page.getByRole("heading", { name: "Rating", exact: true }) }));
    await expect(rating.getByText("Residual (with controls)")).toBeVisible();
    await expect(rating.locator('[data-band="high"]', { hasText: "12" }).first()).toBeVisible();
    const history = page.getByRole("table", { name: "Reviews, newest first" });
    const newest = history.getByTestId("review").first();
    await expect(newest).toContainText(note);
    await expect(newest).toContainText("12 High");
    await expect(newest).toContainText("Morgan Falle");
    // Still above the appetite of 6: still flagged, in words.
    await expect(page.getByText("Above appetite – escalate").first()).toBeVisible();
    await expect(page.getByRole("img", { name: /Residual score at \d+ reviews/ })).toBeVisible();
  });

  test("SLT escalates a risk above appetite to the Executive Leadership Team, then de-escalates it", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await openRisk(page, "COO-R06");
    await expect(page.getByRole("heading", { level: 1, name: "End of the BREXIT transitional arrangements" })).toBeVisible();
    const deescalate = page.getByRole("form", { name: "De-escalate" });
    if (await deescalate.isVisible()) {
      // Left escalated by an interrupted earlier run.
      await deescalate.getByLabel("Reason for de-escalating").fill("Reset by the test.");
      await deescalate.getByRole("button", { name: "De-escalate" }).click();
      await expect(page.getByRole("form", { name: "Escalate to the Executive Leadership Team" })).toBeVisible();
    }
    await expect(page.getByText("Above appetite – escalate").first()).toBeVisible();

    const escalate = page.getByRole("form", { name: "Escalate to the Executive Leadership Team" });
    await escalate.getByRole("button", { name: "Escalate to ELT" }).click();
    await expect(escalate.getByText(/Add a note for the Executive Leadership Team/).first()).toBeVisible();
    const note = `Tariff exposure needs an ELT decision ${Date.now()}`;
    await escalate.getByLabel("Escalation note").fill(note);
    await escalate.getByRole("button", { name: "Escalate to ELT" }).click();
    await expect(page.getByText("Escalated to ELT").first()).toBeVisible();
    await expect(page.getByText(note)).toBeVisible();
    await expect(page.getByText(/by Jordan Le Brocq/)).toBeVisible();

    // The register shows it escalated.
    await page.goto("/risks?escalated=1");
    await expect(page.locator('tr[data-ref="COO-R06"]')).toContainText("Escalated to ELT");

    await openRisk(page, "COO-R06", "?escalated=1");
    const back = page.getByRole("form", { name: "De-escalate" });
    await back.getByLabel("Reason for de-escalating").fill("ELT agreed the contract clauses.");
    await back.getByRole("button", { name: "De-escalate" }).click();
    await expect(page.getByText("Above appetite – escalate").first()).toBeVisible();
    await expect(page.getByRole("form", { name: "Escalate to the Executive Leadership Team" })).toBeVisible();
  });

  test("the heat map counts risks per cell, switches to inherent ratings and links each cell to the list", async ({ page }) => {
    await signInAs(page, "viewer");
    await page.goto("/risks?department=coo");
    await page.getByRole("link", { name: "Heat map" }).click();
    await expect(page).toHaveURL(/\/risks\/heatmap\?department=coo$/);
    await expect(page.getByRole("table", { name: /Residual ratings of \d+ open risks, Chief Operating Office/ })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: /Impact 5\s*Severe/ })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: /Likelihood 5\s*Almost certain/ })).toBeVisible();

    await page.getByRole("link", { name: "Show inherent ratings" }).click();
    const map = page.getByRole("table", { name: /Inherent ratings of/ });
    await expect(map).toBeVisible();
    // COO-R03 is rated 5 × 5 before controls.
    const cell = map.getByRole("link", { name: /risks?: likelihood Almost certain, impact Severe/ });
    const count = Number(await cell.locator("span").first().innerText());
    expect(count).toBeGreaterThanOrEqual(1);
    await cell.click();
    await expect(page).toHaveURL(/rating=inherent.*likelihood=5.*impact=5/);
    await expect(page.getByText(/Showing one heat map cell of the inherent rating/)).toBeVisible();
    await expect(page.locator("tbody tr[data-ref]")).toHaveCount(count);
    await expect(page.locator('tr[data-ref="COO-R03"]')).toBeVisible();
  });

  test("the register sorts from a column header and searches, all in the URL", async ({ page }) => {
    await signInAs(page, "viewer");
    await page.goto("/risks?status=all");
    await page.getByRole("columnheader", { name: /^Ref/ }).getByRole("link").click();
    await expect(page).toHaveURL(/sort=ref/);
    await expect(page.getByRole("columnheader", { name: /^Ref/ })).toHaveAttribute("aria-sort", "ascending");
    await page.getByLabel("Reference or title").fill("coo-r03");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/q=coo-r03/);
    await expect(page).toHaveURL(/sort=ref/);
    await expect(page.locator("tbody tr[data-ref]")).toHaveCount(1);
    await expect(page.locator('tr[data-ref="COO-R03"]')).toBeVisible();
  });

  test("a risk sent empty is refused with an error summary: focused, in the form's order, each problem linked to its field", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/risks/new");
    const form = page.getByRole("form", { name: "Add a risk" });
    await form.getByRole("button", { name: "Add risk" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." });
    await expect(summary).toBeFocused();
    const links = summary.getByRole("link");
    await expect(links).toHaveText([
      "Enter a short title for the risk",
      "Describe the cause: what could make the risk happen",
      "Describe the event: what might happen",
      "Describe the impact: what would follow if it happened",
      "Choose a category",
      "Choose the unit that owns the risk",
      "Enter who owns the risk",
      "Choose the inherent likelihood, from 1 to 5",
      "Choose the inherent impact, from 1 to 5",
      "Choose the residual likelihood, from 1 to 5",
      "Choose the residual impact, from 1 to 5",
      "Enter the appetite (target) score, from 1 to 25",
    ]);
    await expect(links.first()).toHaveAttribute("href", "#title");
    const cause = form.getByLabel("Cause");
    await expect(summary.getByRole("link", { name: "Describe the cause: what could make the risk happen" })).toHaveAttribute("href", `#${await cause.getAttribute("id")}`);
    await expect(cause).toHaveAttribute("aria-invalid", "true");
    await expect(cause).toHaveAccessibleDescription(/What could make it happen\. Error: Describe the cause: what could make the risk happen/);
    await expectNoViolations(page);
  });

  test("a risk outside the user's department is not found", async ({ page }) => {
    await signInAs(page, "viewer");
    await openRisk(page, "COO-R01");
    const url = page.url();
    await page.context().clearCookies();
    await signInAs(page, "sltCls");
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);
    await page.goto("/risks");
    await expect(page.locator('tr[data-ref="COO-R01"]')).toHaveCount(0);
    await expect(page.locator('tr[data-ref="CLS-R01"]')).toBeVisible();
  });

  test("axe finds no violations on the register, a risk page and the heat map", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/risks");
    await expect(page.getByRole("heading", { level: 1, name: "Risk register" })).toBeVisible();
    await expectNoViolations(page);
    await openRisk(page, "COO-R02");
    await expect(page.getByRole("heading", { level: 2, name: "Rating history" })).toBeVisible();
    await expectNoViolations(page);
    await page.goto("/risks/heatmap?department=coo");
    await expectNoViolations(page);
  });

  // Issue 19: the heat map on a phone.
  test("on a phone the heat map fits the screen, and its risks follow it cell by cell", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, "viewer");
    // Inherent ratings: no review changes them (COO-R03 is 5 × 5 before controls).
    await page.goto("/risks/heatmap?department=coo&rating=inherent");
    const map = page.getByRole("table", { name: /Inherent ratings of \d+ open risks?, Chief Operating Office/ });
    // Every column in view without scrolling: impact 5 (Severe) ends inside the screen.
    const severe = await map.getByRole("columnheader", { name: /Impact 5\s*Severe/ }).boundingBox();
    expect(severe!.x + severe!.width).toBeLessThanOrEqual(390);
    const count = Number(await map.getByRole("link", { name: /risks?: likelihood Almost certain, impact Severe/ }).locator("span").first().innerText());
    expect(count).toBeGreaterThanOrEqual(1);

    // Under the map, the same cell with the same count and its first five risks as cards.
    await expect(page.getByRole("heading", { level: 2, name: "The risks in each cell" })).toBeVisible();
    const cell = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: /^Likelihood 5 Almost certain, impact 5 Severe/ }) });
    await expect(cell).toContainText(`${count} ${count === 1 ? "risk" : "risks"}`);
    await expect(cell.getByRole("listitem")).toHaveCount(Math.min(count, 5));
    if (count <= 5) await expect(cell.getByRole("link", { name: /COO-R03/ })).toBeVisible();
    else await expect(cell.getByRole("link", { name: `All ${count} risks in this cell: likelihood 5 Almost certain, impact 5 Severe` })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(390);
  });
});
