import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { format, startOfMonth, subMonths } from "date-fns";
import { isolatedBase, startIsolatedServer, type IsolatedServer } from "../isolated-server";
import { ACCOUNTS, DEMO_PASSWORD, signIn, type AccountKey } from "../support";

/**
 * Entering and submitting a month's figures (app/(app)/entry). The database is seeded with 24
 * completed months; the latest month of a few measures is left in draft and a few months have a
 * figure missing.
 *
 * Submitting and correcting change the demo's own figures: a measure of the test's own would be
 * due in every month of its unit (units cannot be added), and so would block submitting them. So
 * this spec runs on a server and database of its own (tests/e2e/isolated-server.ts), seeded afresh
 * in each worker: a retry, which runs in a new worker, starts from the demo data again, and nothing
 * written here reaches another spec. Within the spec each test has a month of its own:
 *   M&D last month (submit), P&CS eight months back (keyboard, a figure the seed left missing),
 *   M&D P3 two months back (correction), M&D last and four months back (preview, no save),
 *   M&D five months back (axe, refused save).
 */
const PORT_OFFSET = 81;
test.use({ baseURL: isolatedBase(PORT_OFFSET) });

let server: IsolatedServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startIsolatedServer(PORT_OFFSET, "submit_month");
});

test.afterAll(async () => {
  await server?.stop();
});

const now = new Date();
const monthBack = (n: number) => subMonths(startOfMonth(now), n);
const label = (n: number) => format(monthBack(n), "MMMM yyyy");
const short = (n: number) => format(monthBack(n), "MMM yyyy");
const param = (n: number) => format(monthBack(n), "yyyy-MM");

const MD = "Modernisation and Digital";
const PCS = "People and Corporate Services";
const P1 = "Incident resolution by severity – P1";
const P3 = "Incident resolution by severity – P3";
const UPTIME = "Network service average uptime";
const TOM = "% of M&D TOM vacancies filled according to the plan";
const TRIBUNAL = "Employment tribunal applications";
const OFF_TARGET = "This figure is off target: explain why and what is being done";

/** Signs in; leads may land on the dashboard or on "My updates". */
const signInAs = (page: Page, who: AccountKey) => signIn(page, ACCOUNTS[who].email, DEMO_PASSWORD, /\/(dashboard|my-updates)$/);

/** The section of one measure on the entry form. */
const measure = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

/** Opens a month of the signed-in user's own unit through the Unit/Month selector, as a person would. */
async function showMonth(page: Page, n: number) {
  await page.getByLabel("Month", { exact: true }).selectOption(param(n));
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`month=${param(n)}`));
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`· ${label(n)}$`) })).toBeVisible();
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** Presses Tab until `target` has focus (keyboard only; gives up after `max` presses). */
async function tabTo(page: Page, target: Locator, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error("never reached the element with Tab");
}

test.describe("entering a month's figures", () => {
  test("a lead submits the month: an off-target figure needs commentary; SLT then sees it on the dashboard", async ({ page }) => {
    await signInAs(page, "leadMd");
    await page.goto("/entry");
    // The lead lands on their own unit and the last completed month.
    await expect(page.getByRole("heading", { level: 2, name: `${MD} · ${label(1)}` })).toBeVisible();
    await expect(page.getByLabel("Month", { exact: true })).toHaveValue(param(1));

    const tom = measure(page, TOM);
    await expect(tom.getByText("Draft", { exact: true })).toBeVisible();
    const figure = tom.getByLabel(`${TOM}: Figure for ${short(1)}`, { exact: true });
    await figure.fill("50");
    const commentary = tom.getByLabel(`Commentary on ${TOM}`, { exact: true });
    await commentary.fill("");
    await page.getByRole("button", { name: "Submit month" }).click();

    // The summary links to the field, and the field carries its own message.
    const alert = page.getByRole("alert").filter({ hasText: "Nothing was saved" });
    await expect(alert).toBeVisible();
    await expect(alert).toBeFocused();
    const link = alert.getByRole("link", { name: `${TOM}: ${OFF_TARGET}` });
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute("href", `#${await commentary.getAttribute("id")}`);
    await expect(commentary).toHaveAttribute("aria-invalid", "true");
    await expect(commentary).toHaveAccessibleDescription(new RegExp(OFF_TARGET));
    // What was typed is kept, and nothing was submitted.
    await expect(figure).toHaveValue("50");
    await expect(tom.getByText("Draft", { exact: true })).toBeVisible();

    await commentary.fill("Recruitment paused during the restructure; four posts are out to advert.");
    await page.getByRole("button", { name: "Submit month" }).click();
    // The confirmation survives the form reloading with the stored figures, and takes focus.
    const done = page.getByRole("status").filter({ hasText: "Month submitted" });
    await expect(done).toBeVisible();
    await expect(done).toBeFocused();
    await expect(tom.getByText("Submitted", { exact: true })).toBeVisible();
    await expect(figure).toHaveValue("50");
    await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved" })).toHaveCount(0);

    // SLT of COO sees the new figure and its status on the dashboard.
    await page.context().clearCookies();
    await signInAs(page, "sltCoo");
    await page.goto("/dashboard");
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: TOM, exact: true }) });
    await expect(row).toContainText(short(1));
    await expect(row).toContainText("50.0%");
    await expect(row).toContainText("Off target");
  });

  test("correcting a submitted figure asks for a reason, and the history lists it", async ({ page }) => {
    await signInAs(page, "leadMd");
    await page.goto("/entry");
    // The M&D lead lands on M&D and the last completed month.
    await expect(page.getByRole("heading", { level: 2, name: `${MD} · ${label(1)}` })).toBeVisible();
    await showMonth(page, 2);
    const p3 = measure(page, P3);
    await expect(p3.getByText("Submitted", { exact: true })).toBeVisible();
    const reason = p3.getByLabel(`Reason for the correction of ${P3}`, { exact: true });
    await expect(reason).toHaveCount(0);

    const numerator = p3.getByLabel(`${P3}: Numerator`, { exact: true });
    const denominator = p3.getByLabel(`${P3}: Denominator`, { exact: true });
    const before = `${(Number(await numerator.inputValue()) / Number(await denominator.inputValue())) * 100}`;
    await numerator.fill(String(Number(await numerator.inputValue()) - 3));
    // Changing a submitted figure brings up the reason field.
    await expect(reason).toBeVisible();
    await page.getByRole("button", { name: "Save correction", exact: true }).click();
    await expect(page.getByRole("alert").getByRole("link", { name: `${P3}: Say why this submitted figure is being corrected` })).toBeVisible();
    await expect(reason).toHaveAccessibleDescription(/Say why this submitted figure is being corrected/);

    await reason.fill("Three late closures were re-opened by the service desk.");
    await page.getByRole("button", { name: "Save correction", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "1 figure saved" })).toBeVisible();
    // Still submitted: a correction does not take the figure back to draft.
    await expect(p3.getByText("Submitted", { exact: true })).toBeVisible();

    const history = p3.getByText(/^History of this figure \(\d+\)$/);
    await history.click();
    const entry = p3.getByRole("listitem").filter({ hasText: "Three late closures were re-opened by the service desk." });
    await expect(entry).toContainText("Morgan Falle");
    await expect(entry).toContainText("corrected, from");
    await expect(entry).toContainText(`${Number(before).toFixed(1)}% (submitted)`);
  });

  test("the status preview changes as a figure is typed", async ({ page }) => {
    await signInAs(page, "leadMd");
    await page.goto("/entry");
    // A ratio: the percentage is worked out from the numerator and denominator as they are typed.
    const p1 = measure(page, P1);
    const p1Preview = p1.locator("dd[aria-live=polite]");
    await p1.getByLabel(`${P1}: Numerator`, { exact: true }).fill("3");
    await p1.getByLabel(`${P1}: Denominator`, { exact: true }).fill("6");
    await expect(p1.getByText("3 ÷ 6 = 50.0%")).toBeVisible();
    await expect(p1Preview).toHaveText(/Off target/);
    await p1.getByLabel(`${P1}: Numerator`, { exact: true }).fill("6");
    await expect(p1.getByText("6 ÷ 6 = 100.0%")).toBeVisible();
    await expect(p1Preview).toHaveText(/On target/);
    await p1.getByLabel(`${P1}: Numerator`, { exact: true }).fill("7");
    await expect(p1Preview).toHaveText("Check the figure");

    await showMonth(page, 4);
    const uptime = measure(page, UPTIME);
    const figure = uptime.getByLabel(`${UPTIME}: Figure for ${short(4)}`, { exact: true });
    const preview = uptime.locator("dd[aria-live=polite]");
    // Target 99.9%, higher is better, within tolerance down to 5% below it.
    await figure.fill("99.95");
    await expect(preview).toHaveText(/On target/);
    await figure.fill("97");
    await expect(preview).toHaveText(/Within tolerance/);
    await figure.fill("50");
    await expect(preview).toHaveText(/Off target/);
    await expect(uptime.getByText("Required on submit: why is it off target, and what is being done?")).toBeVisible();
    await figure.fill("101");
    await expect(preview).toHaveText("Check the figure");
    await figure.fill("");
    await expect(preview).toHaveText(/No data/);
    // Nothing was saved by typing.
    await page.reload();
    await expect(figure).not.toHaveValue("");
  });

  test("a lead of another department cannot open M&D, by the selector or by the URL", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await page.goto("/entry");
    const mdOption = page.getByLabel("Unit", { exact: true }).locator("option", { hasText: MD });
    await expect(mdOption).toHaveCount(1);
    const mdId = await mdOption.getAttribute("value");
    expect(mdId).toMatch(/^\d+$/);

    await page.context().clearCookies();
    await signInAs(page, "leadCls");
    await page.goto("/entry");
    const units = page.getByLabel("Unit", { exact: true }).locator("option");
    await expect(units).toHaveText(["Customer Services (Customer and Local Services)"]);

    await page.goto(`/entry?unit=${mdId}&month=${param(1)}`);
    await expect(page.getByRole("heading", { level: 2, name: `Customer Services · ${label(1)}` })).toBeVisible();
    await expect(page.getByRole("region", { name: P1 })).toHaveCount(0);
    await expect(page.getByText(MD)).toHaveCount(0);
  });

  test("the form can be filled and submitted with the keyboard alone", async ({ page }) => {
    await signInAs(page, "leadPcs");
    await page.goto("/entry");
    // Choose the month eight back (where the seed left the tribunal count missing) with the keyboard.
    const monthSelect = page.getByLabel("Month", { exact: true });
    await tabTo(page, monthSelect);
    for (let i = 1; i < 8; i++) await page.keyboard.press("ArrowDown");
    await expect(monthSelect).toHaveValue(param(8));
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Show" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 2, name: `${PCS} · ${label(8)}` })).toBeVisible();

    const tribunal = measure(page, TRIBUNAL);
    const figure = tribunal.getByLabel(`${TRIBUNAL}: Figure for ${short(8)}`, { exact: true });
    await expect(tribunal.getByText("Not entered", { exact: true })).toBeVisible();
    await tabTo(page, figure);
    await page.keyboard.type("1");
    await tabTo(page, page.getByRole("button", { name: "Submit month" }));
    await page.keyboard.press("Enter");

    const done = page.getByRole("status").filter({ hasText: "Month submitted" });
    await expect(done).toBeVisible();
    await expect(done).toContainText("1 figure saved, 1 submitted.");
    await expect(done).toBeFocused();
    await expect(figure).toHaveValue("1");
    await expect(tribunal.getByText("Submitted", { exact: true })).toBeVisible();
  });

  test("has no axe violations, before and after a refused save", async ({ page }) => {
    await signInAs(page, "leadMd");
    await page.goto("/entry");
    await expectNoAxeViolations(page);

    await showMonth(page, 5);
    const uptime = measure(page, UPTIME);
    await uptime.getByLabel(`${UPTIME}: Figure for ${short(5)}`, { exact: true }).fill("ninety-nine");
    await page.getByRole("button", { name: /^Save (as draft|correction)$/ }).click();
    await expect(page.getByRole("alert").getByRole("link", { name: `${UPTIME}: Enter a number, like 95 or 95.5` })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
