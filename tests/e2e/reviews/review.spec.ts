import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

const COO = "Chief Operating Office";

/** "2026-10", "October 2026" and "31 October 2026" (its last day) for the month `back` months before the current one. */
function monthBack(back: number) {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  const param = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  const label = d.toLocaleString("en-GB", { month: "long", year: "numeric" });
  const lastDay = new Date(d.getFullYear(), d.getMonth() + 1, 0).toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  return { param, label, lastDay };
}
const lastMonth = () => monthBack(1);

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe("monthly review", () => {
  test("SLT of COO follows last month's pack, records the meeting and an action, and closes it", async ({ page }) => {
    const { param, label, lastDay } = lastMonth();
    await signInAs(page, "sltCoo");
    await page.goto("/reviews");
    await expect(page.getByRole("heading", { level: 1, name: "Monthly reviews" })).toBeVisible();
    // The seeded meeting's open actions are listed, with the meeting they came from.
    await expect(page.getByRole("table", { name: "All open actions" }).getByRole("rowheader", { name: /Confirm the targets still marked/ })).toBeVisible();
    await page.getByRole("link", { name: `${COO}: ${label} pack` }).click();
    await expect(page).toHaveURL(new RegExp(`/reviews/coo/${param}$`));
    await expect(page.getByRole("heading", { level: 1, name: `${COO}: monthly review, ${label}` })).toBeVisible();
    for (const name of ["1. Exceptions", "2. Open actions from earlier meetings", "3. Risks above tolerance", "4. Initiatives at red or amber", "5. Milestones due or missed", "6. Resources beyond tolerance", "7. Actions agreed at this meeting"]) {
      await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
    }
    // Last month's pack is as at its last day; this month's as at today, carrying the seeded meeting's open actions.
    await expect(page.getByText(`As at ${lastDay}.`)).toBeVisible();
    const current = monthBack(0);
    await page.goto(`/reviews/coo/${current.param}`);
    await expect(page.getByText(/As at today, \d{1,2} \w+ \d{4}\./)).toBeVisible();
    const carried = page.getByRole("list", { name: "Open actions from earlier meetings" });
    await expect(carried.getByText(/^Confirm the targets still marked/)).toBeVisible();
    await expect(carried.getByText(/^Report back on the recovery plan/)).toBeVisible();
    await expect(carried.getByText(/Circulate the updated risk register/)).toHaveCount(0);
    await page.goto(`/reviews/coo/${param}`);

    // Record the meeting.
    const meetingForm = page.getByRole("form", { name: "Record the meeting" });
    await meetingForm.getByLabel("Held on").fill(`${new Date().getFullYear()}-${String(new Date().getMonth() + 1).padStart(2, "0")}-05`);
    await meetingForm.getByLabel("Attendees").fill("Director General (chair); Director of M&D; Head of Performance");
    await meetingForm.getByLabel("Decisions").fill("Recovery plans requested for P1 incidents.");
    await page.getByRole("button", { name: "Save meeting record" }).click();
    await expect(page.getByText("Meeting record saved")).toBeVisible();
    await expect(page.locator("dd", { hasText: "Director General (chair); Director of M&D; Head of Performance" })).toBeVisible();

    // Add an action linked to a measure.
    const description = `Review the P1 incident backlog ${Date.now()}`;
    const addForm = page.getByRole("form", { name: "Add an action" });
    await addForm.getByLabel("Action", { exact: true }).fill(description);
    // The owner is a person of the department, chosen from a list (the M&D lead, Morgan Falle).
    await addForm.getByLabel("Owner", { exact: true }).selectOption({ label: "Morgan Falle – lead, Modernisation and Digital" });
    await addForm.getByLabel("Due date", { exact: true }).fill("2099-01-31");
    const link = addForm.getByLabel("Linked to (optional)");
    const firstMeasure = await link.locator('option[value^="measure:"]').first().getAttribute("value");
    await link.selectOption(firstMeasure!);
    await addForm.getByRole("button", { name: "Add action" }).click();
    await expect(page.getByText("Action added")).toBeVisible();
    const item = page.getByRole("list", { name: "Actions agreed at this meeting" }).getByTestId("review-action").filter({ hasText: description });
    await expect(item).toBeVisible();
    await expect(item.getByText("Linked measure")).toBeVisible();
    await expect(item.locator('a[href^="/measures/"]')).toHaveCount(1);
    await expect(item.getByText(/Action agreed/)).toBeVisible();

    // Closing needs a note.
    await item.getByText("Update this action").click();
    await item.getByLabel("Status").selectOption("done");
    await item.getByRole("button", { name: "Save action" }).click();
    await expect(item.getByRole("alert").getByRole("link", { name: "Say what was done, or why the action was dropped" })).toBeVisible();
    await expect(item.getByLabel("Closing note")).toHaveAccessibleDescription(/Error: Say what was done, or why the action was dropped/);
    await item.getByLabel("Closing note").fill("Backlog reviewed; plan agreed.");
    await item.getByRole("button", { name: "Save action" }).click();
    await expect(item.getByText(/Changed status open → done/)).toBeVisible();
    await expect(item.getByText("Backlog reviewed; plan agreed.").first()).toBeVisible();

    // Printing hides the forms.
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "Save meeting record" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Print this pack" })).toBeHidden();
    await expect(page.getByRole("heading", { level: 2, name: "1. Exceptions" })).toBeVisible();
  });

  test("the viewer reads a pack but sees no forms", async ({ page }) => {
    const { param } = lastMonth();
    await signInAs(page, "viewer");
    await page.goto(`/reviews/coo/${param}`);
    await expect(page.getByRole("heading", { level: 2, name: "1. Exceptions" })).toBeVisible();
    await expect(page.getByRole("form")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save meeting record" })).toHaveCount(0);
    await expect(page.getByText("Update this action")).toHaveCount(0);
  });

  test("SLT of CLS gets 404 on a COO pack", async ({ page }) => {
    const { param } = lastMonth();
    await signInAs(page, "sltCls");
    const response = await page.goto(`/reviews/coo/${param}`);
    expect(response?.status()).toBe(404);
    expect((await page.goto(`/reviews/cls/${param}`))?.status()).toBe(200);
    expect((await page.goto(`/reviews/cls/2026-13`))?.status()).toBe(404);
  });

  test("a month not yet started is refused: no pack, no forms, a way back", async ({ page }) => {
    const current = monthBack(0);
    await signInAs(page, "sltCoo");
    await page.goto("/reviews/coo/2099-01");
    await expect(page.getByText(`January 2099 has not started yet. Choose a month up to ${current.label}.`)).toBeVisible();
    await expect(page.getByRole("form")).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 2, name: "1. Exceptions" })).toHaveCount(0);
    // This month's pack has no link on to the next.
    await page.getByRole("link", { name: `Open the ${current.label} pack` }).click();
    await expect(page).toHaveURL(new RegExp(`/reviews/coo/${current.param}$`));
    await expect(page.getByRole("navigation", { name: "Other months" }).getByRole("link")).toHaveCount(1);
  });

  test("axe passes on /reviews and a pack", async ({ page }) => {
    const { param } = lastMonth();
    await signInAs(page, "sltCoo");
    await page.goto("/reviews");
    await expectNoViolations(page);
    await page.goto(`/reviews/coo/${param}`);
    await expectNoViolations(page);
  });
});
