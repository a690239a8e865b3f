import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

/*
 * Writes only initiatives it records itself, with a unique title each run, so that a retry starts
 * from the same seeded state: the M&D lead records one with a milestone, rates it amber and moves
 * the milestone's forecast into the future (never due, so nothing becomes overdue); the P&CS lead
 * records an ongoing one (not rated, no milestones). Other specs read initiatives only through
 * counts they match with a pattern, or by the titles of seeded ones.
 */
const INITIATIVE = "M&D – Target Operating Model";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const shown = (d: Date) => `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function openInitiative(page: Page) {
  await page.goto("/initiatives");
  await page.getByRole("link", { name: INITIATIVE, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: INITIATIVE })).toBeVisible();
  return page.url();
}

test.describe("Government Plan initiatives", () => {
  test("the M&D lead records a monthly update (amber needs a reason) and moves a milestone forecast with a reason", async ({ page }) => {
    await signInAs(page, "leadMd");
    // An initiative and a milestone of this run's own.
    const title = `M&D – Service desk tool replacement ${Date.now()}`;
    await page.goto("/initiatives/new");
    const create = page.getByRole("form", { name: "Record a new initiative" });
    await create.getByLabel("CSP reference").fill("GP20-OI3-09");
    await create.getByLabel("Title", { exact: true }).fill(title);
    await create.getByLabel("Type", { exact: true }).selectOption("project");
    await create.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await create.getByRole("button", { name: "Record initiative" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    const planned = new Date();
    planned.setDate(1);
    planned.setMonth(planned.getMonth() + 6);
    planned.setDate(15);
    await page.locator("summary", { hasText: "Add a milestone" }).click();
    const add = page.getByRole("form", { name: "Add a milestone" });
    await add.getByLabel("Milestone", { exact: true }).fill("New service desk tool live");
    await add.getByLabel("Planned date").fill(iso(planned));
    await add.getByRole("button", { name: "Add milestone" }).click();
    await expect(add.getByText("Milestone added")).toBeVisible();
    await expect(page.getByRole("table", { name: /^Milestones as of/ })).toContainText("New service desk tool live");
    const month = new Date().toLocaleString("en-GB", { month: "long", year: "numeric" });

    const update = page.getByRole("form", { name: `Monthly update for ${month}` });
    await update.getByLabel(/Amber – at risk/).check();
    await update.getByLabel("Reason for the rating").fill("");
    await update.getByRole("button", { name: "Save monthly update" }).click();
    const summary = update.getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: "Say why the initiative is amber" })).toHaveAttribute("href", "#update-reason");
    await expect(update.getByLabel("Reason for the rating")).toHaveAttribute("aria-invalid", "true");
    await expect(update.getByLabel("Reason for the rating")).toHaveAccessibleDescription(/Error: Say why the initiative is amber/);

    const reason = `Two posts still vacant after the second campaign ${Date.now()}`;
    await update.getByLabel("Reason for the rating").fill(reason);
    await update.getByLabel("Commentary (optional)").fill("Third campaign launched with the recruitment partner.");
    await update.getByRole("button", { name: "Save monthly update" }).click();
    await expect(update.getByText(`Update for ${month} saved`)).toBeVisible();
    const history = page.getByRole("table", { name: "RAG history, newest first" });
    const newest = history.getByRole("row").nth(1);
    await expect(newest.getByRole("rowheader")).toHaveText(month);
    await expect(newest).toContainText("Amber – at risk");
    await expect(newest).toContainText(reason);
    await expect(newest).toContainText("Morgan Falle");

    // Move the first milestone's forecast, with a reason, and see it in the history.
    const target = new Date();
    target.setDate(1);
    target.setMonth(target.getMonth() + 14);
    target.setDate(15);
    await page.locator("summary", { hasText: /^Update milestone: / }).first().click();
    const edit = page.getByRole("form", { name: /^Edit milestone: / }).first();
    await edit.getByLabel("Forecast date").fill(iso(target));
    await edit.getByRole("button", { name: "Save milestone" }).click();
    await expect(edit.getByRole("alert").getByRole("link", { name: "Say why the forecast date changes" })).toHaveAttribute(
      "href",
      `#${await edit.getByLabel("Reason for the change").getAttribute("id")}`,
    );
    await expect(edit.getByLabel("Reason for the change")).toHaveAccessibleDescription(/Error: Say why the forecast date changes/);
    const why = `Recruitment partner contract extended ${Date.now()}`;
    await edit.getByLabel("Reason for the change").fill(why);
    await edit.getByRole("button", { name: "Save milestone" }).click();
    await expect(edit.getByText("Milestone saved")).toBeVisible();
    const changes = page.getByRole("table", { name: "Forecast changes, newest first" });
    const change = changes.getByRole("row").filter({ hasText: why });
    await expect(change).toContainText(`→ ${shown(target)}`);
    await expect(change).toContainText("Morgan Falle");
    await expect(page.getByRole("table", { name: /^Milestones as of/ })).toContainText(shown(target));
  });

  test("the viewer reads an initiative without forms; the CLS lead gets 404 on it", async ({ page, browser }) => {
    await signInAs(page, "viewer");
    const url = await openInitiative(page);
    await expect(page.getByRole("heading", { level: 2, name: "Milestones" })).toBeVisible();
    await expect(page.getByRole("form")).toHaveCount(0);
    await expect(page.getByText("Save monthly update")).toHaveCount(0);

    const other = await browser.newPage();
    await signInAs(other, "leadCls");
    expect((await other.goto(url))?.status()).toBe(404);
    await other.goto("/initiatives");
    await expect(other.getByRole("link", { name: INITIATIVE, exact: true })).toHaveCount(0);
    await other.close();
  });

  test("filters work without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Sign in with script on, then browse without it.
    const scripted = await browser.newContext();
    const signer = await scripted.newPage();
    await signInAs(signer, "sltCoo");
    await context.addCookies(await scripted.cookies());
    await scripted.close();
    await page.goto("/initiatives");
    await page.getByLabel("RAG", { exact: true }).selectOption("red");
    await page.getByRole("button", { name: "Show initiatives" }).click();
    await expect(page).toHaveURL(/rag=red/);
    const rows = page.getByRole("table", { name: /^Initiatives:/ }).getByRole("row");
    expect(await rows.count()).toBeGreaterThan(1);
    for (const cell of await page.getByRole("table", { name: /^Initiatives:/ }).locator("tbody tr td:nth-child(4)").all()) {
      await expect(cell).toContainText("Red – off track");
    }
    await context.close();
  });

  test("sorts by a column header link (aria-sort), keeps the filters, and lists units once a department is chosen", async ({ page }) => {
    await signInAs(page, "viewer");
    await page.goto("/initiatives?type=project");
    // The viewer sees every department: units are offered for one department at a time.
    await expect(page.getByLabel("Lead unit", { exact: true })).toBeDisabled();
    const table = page.getByRole("table", { name: /^Initiatives:/ });
    await table.getByRole("link", { name: /^Target date/ }).click();
    await expect(page).toHaveURL(/sort=target/);
    await expect(page).toHaveURL(/type=project/);
    await expect(table.getByRole("columnheader", { name: /^Target date/ })).toHaveAttribute("aria-sort", "ascending");
    await table.getByRole("link", { name: /^Target date/ }).click();
    await expect(page).toHaveURL(/dir=desc/);
    await expect(table.getByRole("columnheader", { name: /^Target date/ })).toHaveAttribute("aria-sort", "descending");

    await page.getByLabel("Department", { exact: true }).selectOption("coo");
    await page.getByRole("button", { name: "Show initiatives" }).click();
    await expect(page).toHaveURL(/department=coo/);
    await expect(page.getByLabel("Lead unit", { exact: true }).locator("option", { hasText: "Modernisation and Digital" })).toHaveCount(1);
  });

  test("at 1280 px no column runs into the next: the type and the RAG stay in their cells (issue 19)", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAs(page, "viewer");
    await page.goto("/initiatives?type=programme");
    const table = page.getByRole("table", { name: /^Initiatives:/ });
    await expect(table.getByRole("cell", { name: "Programme", exact: true }).first()).toBeVisible();
    // After the row header: the lead unit, the type, the RAG.
    const overflowing = await table.locator("tbody tr").evaluateAll((rows) =>
      rows.flatMap((tr) =>
        [...tr.querySelectorAll("td")].slice(1, 3).filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => `${tr.querySelector("th")?.textContent}: ${td.textContent}`),
      ),
    );
    expect(overflowing).toEqual([]);
  });

  test("the timeline shows milestone states in words and symbols, with a table alternative", async ({ page }) => {
    await signInAs(page, "sltCoo");
    const year = new Date().getFullYear();
    await page.goto(`/initiatives/timeline?department=coo&year=${year}`);
    await expect(page.getByRole("heading", { level: 1, name: `Chief Operating Office: initiatives timeline, ${year}` })).toBeVisible();
    await expect(page.getByRole("list", { name: "Key to milestone states" })).toContainText("Achieved");
    await expect(page.getByRole("table", { name: `Initiatives and their milestones by month, ${year}` })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: `Milestones in ${year}, as a list` })).toBeVisible();
    expect((await page.goto(`/initiatives/timeline?department=nowhere&year=${year}`))?.status()).toBe(404);
  });

  test("the P&CS lead records an ongoing initiative: the success criterion is required, then it shows on its page", async ({ page }) => {
    await signInAs(page, "leadPcs");
    await page.goto("/initiatives");
    await page.getByRole("link", { name: "New initiative" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New initiative" })).toBeVisible();
    await expectNoViolations(page);

    const title = `P&CS – Employee wellbeing service ${Date.now()}`;
    const form = page.getByRole("form", { name: "Record a new initiative" });
    await form.getByLabel("CSP reference").fill("GP20-OI3-10");
    await form.getByLabel("Title", { exact: true }).fill(title);
    await form.getByLabel("Description of deliverables").fill("An occupational health and wellbeing service for every employee.");
    // The P&CS lead may lead only from P&CS: it is the one choice, already chosen.
    await expect(form.getByLabel("Lead unit", { exact: true })).toHaveValue(/\d+/);
    await form.getByLabel("Type", { exact: true }).selectOption("bau");
    await form.getByLabel("Target delivery, as the plan words it (optional)").fill("Ongoing");
    await form.getByLabel("Live HR cases in case management").check();
    await form.getByLabel("Ongoing item").check();
    await form.getByLabel("Status", { exact: true }).selectOption("ongoing");
    await form.getByRole("button", { name: "Record initiative" }).click();
    const criterion = form.getByLabel("Completion or success criterion");
    await expect(form.getByText(/^An ongoing item needs its completion or success criterion/).first()).toBeVisible();
    // The error summary takes focus and links to the field.
    const summary = form.getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: /^An ongoing item needs its completion or success criterion/ })).toHaveAttribute("href", "#successCriterion");
    await expect(criterion).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Title", { exact: true })).toHaveValue(title);
    await expectNoViolations(page);

    await criterion.fill("Average sickness absence below 8 days per employee for four quarters running.");
    await form.getByRole("button", { name: "Record initiative" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Ongoing: how we know it is complete or succeeding" })).toBeVisible();
    await expect(page.getByText("Average sickness absence below 8 days per employee for four quarters running.")).toBeVisible();
    await expect(page.getByText("No milestones recorded.")).toBeVisible();
    await expect(page.getByRole("table", { name: /^Catalogued measures impacted/ })).toContainText("Live HR cases in case management");

    await page.getByRole("link", { name: "Edit initiative" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Edit initiative: ${title}` })).toBeVisible();
    await expect(page.getByLabel("Live HR cases in case management")).toBeChecked();
    await expectNoViolations(page);
  });

  test("axe passes on the list, an initiative page and the timeline", async ({ page }) => {
    await signInAs(page, "leadMd");
    await page.goto("/initiatives");
    await expectNoViolations(page);
    await page.getByRole("link", { name: "M&D – Enhanced Capability – IT service support", exact: true }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Milestones" })).toBeVisible();
    await page.locator("summary", { hasText: /^Update milestone: / }).first().click();
    await expectNoViolations(page);
    await page.goto(`/initiatives/timeline?department=coo&year=${new Date().getFullYear()}`);
    await expectNoViolations(page);
  });
});
