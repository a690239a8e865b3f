import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInAs } from "../support";

const P1_NAME = "Incident resolution by severity – P1";

/** "2026-10" and "October 2026" for last month (the note form's default month). */
function lastMonth() {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return { param: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`, label: d.toLocaleString("en-GB", { month: "long", year: "numeric" }) };
}

test.describe("notes on months (issue 18)", () => {
  test("M&D's lead notes a month of one of M&D's measures, sees it on the page and in the pack, edits and deletes it", async ({ page }) => {
    const { param, label } = lastMonth();
    // Unique on every run (and retry), so that an earlier attempt's note never matches.
    const text = `Network outage on the service desk tool ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

    await signInAs(page, "leadMd");
    await page.goto("/departments/coo");
    await page.getByRole("link", { name: P1_NAME }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: P1_NAME })).toBeVisible();
    const measureUrl = page.url();

    const section = page.getByRole("region", { name: "Notes on months" });
    await expect(section).toBeVisible();
    const form = page.getByRole("form", { name: "Add a note" });
    await expect(form.getByLabel("Month")).toHaveValue(param);
    await form.getByLabel("Note", { exact: true }).fill(text);
    await form.getByRole("button", { name: "Add note" }).click();
    await expect(form.getByText("Note added")).toBeVisible();

    const note = section.getByTestId("month-note").filter({ hasText: text });
    await expect(note).toBeVisible();
    await expect(note.getByText(label, { exact: true })).toBeVisible();
    // Not ticked public: said in words.
    await expect(note.getByText("Internal", { exact: true })).toBeVisible();

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

    // The review pack of that month shows the note beside the measure's figure (or with the other measures' notes).
    await page.goto(`/reviews/coo/${param}`);
    await expect(page.getByText(text)).toBeVisible();

    // Edit it (public now), then delete it: the page is left as it was.
    await page.goto(measureUrl);
    const again = page.getByTestId("month-note").filter({ hasText: text });
    await again.getByText("Edit or delete").click();
    const edit = again.getByRole("form", { name: `Edit the note on ${label}` });
    await edit.getByLabel("Note", { exact: true }).fill(`${text} (edited)`);
    await edit.getByLabel("Public").check();
    await edit.getByRole("button", { name: "Save note" }).click();
    const edited = page.getByTestId("month-note").filter({ hasText: `${text} (edited)` });
    await expect(edited).toBeVisible();
    await expect(edited.getByText("Public: in the published report")).toBeVisible();

    // The disclosure may have stayed open across the refresh.
    const remove = edited.getByRole("button", { name: `Delete the note on ${label}` });
    if (!(await remove.isVisible())) await edited.getByText("Edit or delete").click();
    await remove.click();
    await expect(page.getByTestId("month-note").filter({ hasText: text })).toHaveCount(0);
  });

  test("a viewer reads the notes but is offered no form", async ({ page }) => {
    await signInAs(page, "viewer");
    await page.goto("/departments/coo");
    await page.getByRole("link", { name: P1_NAME }).first().click();
    await expect(page.getByRole("region", { name: "Notes on months" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a note" })).toHaveCount(0);
    await expect(page.getByText("Edit or delete")).toHaveCount(0);
  });
});
