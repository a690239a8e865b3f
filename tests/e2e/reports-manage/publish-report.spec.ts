import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signInAs } from "../support";

/**
 * Building, approving, publishing and correcting a quarterly report (app/(app)/reports/manage).
 *
 * The demo seed publishes the last four completed quarters of each department and leaves a draft
 * for the current one, so this spec builds COO's report for the newest quarter without one, which
 * the start form offers first: five back from the current one on the demo data, which nobody else
 * reads. A quarter can have one report only, so a retry builds the quarter before (six back), and
 * so on: each run writes a report of its own. To correct a figure it changes one month of M&D's
 * "Network service average uptime" in that quarter (13+ months back), which no other spec on this
 * server changes (the entry specs run on servers of their own); a month without a figure is skipped,
 * so the statistics spec's gap in that measure stays the only one.
 */

const COO = "Chief Operating Office";
const MD = "Modernisation and Digital";
const UPTIME = "Network service average uptime";

/** What the spec needs of the quarter it reports on, from its slug ("2025-q3"). */
function quarterOf(slug: string) {
  const [year, quarter] = slug.split("-q").map(Number) as [number, number];
  const label = `Q${quarter} ${year}`;
  return {
    slug,
    label,
    publicPath: `/reports/coo/${slug}`,
    months: [0, 1, 2].map((i) => new Date(year, (quarter - 1) * 3 + i, 1)),
    introduction: `The Chief Operating Office in ${label}: the e2e narrative.`,
  };
}
const monthParam = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
const monthShort = (d: Date) => d.toLocaleString("en-GB", { month: "short", year: "numeric" });

const NOTE = "The network uptime for one month was corrected after a late outage report.";

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/**
 * The public report page as an anonymous visitor reads it, in a context of its own. It must answer
 * 200: a 404 here means publishing did not reach the public, which is what this spec guards.
 */
async function readPublic(browser: Browser, path: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(path);
  expect(response?.status(), `${path} as an anonymous visitor`).toBe(200);
  return page;
}

const statusBadge = (page: Page) => page.getByText(/^Status:/).locator("..");

test.describe("quarterly report workflow", () => {
  test("SLT of COO builds, approves and publishes a quarter's report; a corrected figure reaches the public only with a correction revision", async ({ page, browser }) => {
    // Room for a busy machine: two axe runs over the long report preview took ~28 s each under load.
    test.setTimeout(360_000);
    await signInAs(page, "sltCoo");
    await page.goto("/reports/manage");
    await expect(page.getByRole("heading", { level: 1, name: "Manage quarterly reports" })).toBeVisible();
    // SLT of COO sees only COO.
    await expect(page.getByRole("heading", { level: 2, name: COO })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Customer and Local Services" })).toHaveCount(0);
    await expectNoViolations(page);

    // Start the report for the quarter the select offers first: the newest without a report.
    const start = page.getByRole("form", { name: `Start a report for ${COO}` });
    const quarter = quarterOf(await start.getByLabel("Quarter").inputValue());
    await start.getByLabel("Quarter").selectOption(quarter.slug);
    await start.getByRole("button", { name: "Start the report" }).click();
    await expect(page).toHaveURL(/\/reports\/manage\/\d+$/);
    const reportUrl = page.url();
    await expect(page.getByRole("heading", { level: 1, name: `${COO}: ${quarter.label} report` })).toBeVisible();
    await expect(statusBadge(page)).toContainText("Draft");
    await expect(page.getByRole("heading", { level: 2, name: "Preview from the current figures" })).toBeVisible();
    await expect(page.getByTestId("report-preview")).toContainText(UPTIME);
    await expectNoViolations(page);

    // A second start for the same quarter is no longer offered.
    await page.goto("/reports/manage");
    await expect(page.getByRole("form", { name: `Start a report for ${COO}` }).getByRole("option", { name: quarter.label, exact: true })).toHaveCount(0);
    await page.getByRole("link", { name: new RegExp(`^${quarter.label} report, ${COO}$`) }).click();
    await expect(page).toHaveURL(reportUrl);

    // Submitting before the narrative is written is refused, with the reasons.
    await page.getByRole("button", { name: "Submit for approval" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "cannot be submitted yet" })).toBeVisible();

    const narrative = page.getByRole("form", { name: "Narrative" });
    await narrative.getByLabel("Introduction").fill(quarter.introduction);
    await narrative.getByLabel("Highlights").fill("Service desk incidents resolved within target all quarter.");
    await narrative.getByLabel("Areas of concern and what is being done").fill("P1 incident resolution: a recovery plan is in place.");
    await narrative.getByRole("button", { name: "Save narrative" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Narrative saved" })).toBeVisible();
    await expect(page.getByTestId("report-preview")).toContainText(quarter.introduction);

    await page.getByRole("button", { name: "Submit for approval" }).click();
    await expect(statusBadge(page)).toContainText("Submitted for approval");
    // The narrative is locked while it is with the SLT.
    await expect(page.getByRole("form", { name: "Narrative" })).toHaveCount(0);
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(statusBadge(page)).toContainText("Approved");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Published as revision 1" })).toBeVisible();
    await expect(statusBadge(page)).toContainText("Published rev 1");
    await expect(page.getByText(`None: the figures for ${quarter.label} are as published.`)).toBeVisible();
    const history = page.getByRole("list", { name: "History of the report" });
    for (const step of ["Started the report", "Edited the narrative", "Submitted it for approval", "Approved it", "Published it"]) {
      await expect(history.getByText(step)).toBeVisible();
    }
    await expect(history).toContainText("Jordan Le Brocq");

    // An anonymous visitor reads it.
    const visitor = await readPublic(browser, quarter.publicPath);
    await expect(visitor.getByText(quarter.introduction)).toBeVisible();
    await visitor.context().close();

    // A lead corrects one month's figure of the quarter.
    const leadContext = await browser.newContext();
    const lead = await leadContext.newPage();
    await signInAs(lead, "leadMd");
    let corrected = false;
    for (const month of quarter.months) {
      await lead.goto(`/entry?month=${monthParam(month)}`);
      await expect(lead.getByRole("heading", { level: 2, name: new RegExp(`^${MD} · `) })).toBeVisible();
      const uptime = lead.getByRole("region", { name: UPTIME, exact: true });
      const figure = uptime.getByLabel(`${UPTIME}: Figure for ${monthShort(month)}`, { exact: true });
      if ((await figure.inputValue()) === "") continue; // the seed leaves a gap now and then
      await figure.fill("98");
      await uptime.getByLabel(`Reason for the correction of ${UPTIME}`, { exact: true }).fill("A late outage report lowered the month's uptime.");
      await lead.getByRole("button", { name: "Save correction", exact: true }).click();
      await expect(lead.getByRole("status").filter({ hasText: "1 figure saved" })).toBeVisible();
      corrected = true;
      break;
    }
    expect(corrected).toBe(true);

    // The published report keeps the published figure; the report page says what changed.
    await lead.goto(reportUrl);
    const changed = lead.getByRole("table", { name: "Figures changed since revision 1" }).getByRole("row").filter({ has: lead.getByRole("rowheader", { name: UPTIME }) });
    await expect(changed).toBeVisible();
    const publishedValue = ((await changed.getByRole("cell").nth(0).textContent()) ?? "").replace(/ \(.*\)$/, "");
    const currentValue = ((await changed.getByRole("cell").nth(1).textContent()) ?? "").replace(/ \(.*\)$/, "");
    expect(publishedValue).toMatch(/^\d+\.\d{2}%$/);
    expect(currentValue).not.toBe(publishedValue);
    const frozen = lead.getByTestId("report-published");
    await frozen.getByText("Show revision 1 as the public reads it").click();
    await expect(frozen).toContainText(publishedValue);
    await expect(lead.getByTestId("report-preview")).toContainText(currentValue);
    const before = await readPublic(browser, quarter.publicPath);
    await expect(before.locator("main")).toContainText(publishedValue);
    await before.context().close();

    // The lead starts a correction and submits it; revision 1 stays public meanwhile.
    await lead.getByRole("button", { name: "Start a correction" }).click();
    await expect(statusBadge(lead)).toContainText("Correction in progress");
    await expect(lead.getByText("Revision 1 stays public meanwhile.")).toBeVisible();
    await lead.getByRole("button", { name: "Submit for approval" }).click();
    await expect(statusBadge(lead)).toContainText("Correction in progress: submitted for approval");
    // A lead cannot approve.
    await expect(lead.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
    await expect(lead.getByText("Waiting for approval by the department's Senior Leadership Team.")).toBeVisible();
    await leadContext.close();

    // The SLT approves and publishes the correction, which needs its public note.
    await page.goto(reportUrl);
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(statusBadge(page)).toContainText("Correction in progress: approved");
    const publishCorrection = page.getByRole("button", { name: "Publish correction as revision 2" });
    await publishCorrection.click();
    const note = page.getByLabel("Correction note (published)");
    await expect(note).toHaveAttribute("aria-invalid", "true");
    await expect(note).toHaveAccessibleDescription(/Say what was corrected/);
    await note.fill(NOTE);
    await publishCorrection.click();
    await expect(page.getByRole("status").filter({ hasText: "Published as revision 2" })).toBeVisible();
    await expect(statusBadge(page)).toContainText("Published rev 2");
    await expect(page.getByText(`None: the figures for ${quarter.label} are as published.`)).toBeVisible();
    const revisions = page.getByRole("table", { name: "Published revisions" });
    await expect(revisions.getByRole("row")).toHaveCount(3);
    await expect(revisions).toContainText(NOTE);
    await expect(revisions).toContainText("First publication");
    const latest = page.getByTestId("report-published");
    await latest.getByText("Show revision 2 as the public reads it").click();
    await expect(latest).toContainText(currentValue);
    await expectNoViolations(page);

    const after = await readPublic(browser, quarter.publicPath);
    await expect(after.locator("main")).toContainText(currentValue);
    await expect(after.locator("main")).toContainText(NOTE);
    // Issue 17: the correction reaches COO's Atom feed with its note, above the first publication.
    const feed = await after.request.get("/reports/coo/feed.xml");
    expect(feed.status()).toBe(200);
    const xml = await feed.text();
    const correctionEntry = xml.indexOf(`<![CDATA[COO: ${quarter.label} report corrected (revision 2)]]>`);
    expect(correctionEntry).toBeGreaterThan(-1);
    expect(xml).toContain(`<![CDATA[${NOTE}]]>`);
    expect(xml.indexOf(`/reports/coo/${quarter.slug}/revisions/1</id>`)).toBeGreaterThan(correctionEntry);
    await after.context().close();
  });

  test("a lead of another department cannot open COO's reports, and a viewer cannot manage reports", async ({ page }) => {
    await signInAs(page, "leadCls");
    await page.goto("/reports/manage");
    await expect(page.getByRole("heading", { level: 2, name: "Customer and Local Services" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: COO })).toHaveCount(0);
    await page.context().clearCookies();
    await signInAs(page, "viewer");
    const response = await page.goto("/reports/manage");
    expect(response?.status()).toBe(404);
  });
});
