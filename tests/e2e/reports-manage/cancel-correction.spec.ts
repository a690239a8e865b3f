import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

/**
 * Cancelling a correction (issue 19), on CLS's report for the quarter four back: the oldest the
 * demo publishes, which no other spec changes. A run ends where it began, published; a run stopped
 * half-way leaves a correction in progress, which the next run cancels before it starts.
 */

const CLS = "Customer and Local Services";
const now = new Date();
const index = now.getFullYear() * 4 + Math.floor(now.getMonth() / 3) - 4;
const LABEL = `Q${(index % 4) + 1} ${Math.floor(index / 4)}`;
const MISTAKE = "A correction started by mistake: this text must not survive.";

const statusBadge = (page: Page) => page.getByText(/^Status:/).locator("..");
const introduction = (page: Page) => page.locator("dt:text-is('Introduction') + dd");

async function cancelCorrection(page: Page, reason: string) {
  await page.locator("summary", { hasText: "Cancel the correction" }).click();
  const confirm = page.getByRole("form", { name: "Cancel the correction" });
  await confirm.getByLabel("Why (optional)").fill(reason);
  await confirm.getByRole("button", { name: "Yes, cancel the correction" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Correction cancelled" })).toBeVisible();
}

test("a lead starts a correction, changes the narrative and cancels it: the report is back as published", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "leadCls");
  await page.goto("/reports/manage");
  await page.getByRole("link", { name: `${LABEL} report, ${CLS}`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${CLS}: ${LABEL} report` })).toBeVisible();
  if (await statusBadge(page).getByText(/^Correction in progress/).isVisible()) await cancelCorrection(page, "Left over by an interrupted test run.");

  await expect(statusBadge(page)).toContainText(/Published rev \d+/);
  const published = (await statusBadge(page).textContent())!.match(/Published rev \d+/)![0];
  const publishedIntroduction = (await introduction(page).textContent())!;
  // Nothing to cancel while the report is as published.
  await expect(page.locator("summary", { hasText: "Cancel the correction" })).toHaveCount(0);

  await page.getByRole("button", { name: "Start a correction" }).click();
  await expect(statusBadge(page)).toContainText("Correction in progress");
  const narrative = page.getByRole("form", { name: "Narrative" });
  await narrative.getByLabel("Introduction").fill(MISTAKE);
  await narrative.getByRole("button", { name: "Save narrative" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Narrative saved" })).toBeVisible();
  await expect(page.getByTestId("report-preview")).toContainText(MISTAKE);

  // Submit is still offered, and now a way back, behind a confirmation.
  await expect(page.getByRole("button", { name: "Submit for approval" })).toBeVisible();
  await page.locator("summary", { hasText: "Cancel the correction" }).click();
  const confirm = page.getByRole("form", { name: "Cancel the correction" });
  await expect(confirm).toContainText("This cannot be undone");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  await confirm.getByLabel("Why (optional)").fill("Started by mistake: the figures were right.");
  await confirm.getByRole("button", { name: "Yes, cancel the correction" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Correction cancelled" })).toBeVisible();
  await expect(statusBadge(page)).toContainText(published);
  await expect(introduction(page)).toHaveText(publishedIntroduction);
  await expect(page.getByText(MISTAKE)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Start a correction" })).toBeVisible();
  const history = page.getByRole("list", { name: "History of the report" });
  await expect(history.getByRole("listitem").last()).toContainText("Cancelled the correction");
  await expect(history.getByRole("listitem").last()).toContainText("Started by mistake: the figures were right.");
});
