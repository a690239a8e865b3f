import { expect, test, type Locator, type Page } from "@playwright/test";
import { format, startOfMonth, subMonths } from "date-fns";
import { isolatedBase, startIsolatedServer, type IsolatedServer } from "../isolated-server";
import { periods } from "../security/targets";
import { ACCOUNTS, DEMO_PASSWORD } from "../support";

/*
 * Keyboard-only journeys: after the first page.goto, only keys (Tab, Shift+Tab, Enter, arrows,
 * typing). At every Tab stop the focus must be visible: a ring (outline or box-shadow) on the
 * focused element, which is on screen and not hidden under anything else (WCAG 2.2: 2.4.7 Focus
 * Visible, 2.4.11 Focus Not Obscured).
 *
 * Data: the entry journey saves a draft figure for CLS Customer Services' "Sampled complaints
 * handled in line with policy" nineteen months back, a month the seed leaves without that figure;
 * the rest reads only. A second run would find that draft, so the spec runs on a server and
 * database of its own (tests/e2e/isolated-server.ts), seeded afresh in each worker: a retry, which
 * runs in a new worker, starts from the demo data again.
 */
const PORT_OFFSET = 83;
test.use({ baseURL: isolatedBase(PORT_OFFSET) });

let server: IsolatedServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The sign-in page as the suite's server shows it (scripts/e2e-server.ts): with the demo accounts.
  server = await startIsolatedServer(PORT_OFFSET, "keyboard", { BASELINE_SHOW_DEMO_ACCOUNTS: "1" });
});

test.afterAll(async () => {
  await server?.stop();
});

const DOCUMENT = "Skip to main content";

/** What has focus, and why a sighted keyboard user could not see it (null when they can). */
function focusProblem(page: Page): Promise<{ focused: string; problem: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { focused: "nothing (body)", problem: "focus lost" };
    const focused = `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 60)}"`;
    const style = getComputedStyle(el);
    const transparent = (c: string) => c === "transparent" || /^rgba\(.*,\s*0\)$/.test(c);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && !transparent(style.outlineColor)) || style.boxShadow !== "none";
    if (!ring) return { focused, problem: "no focus ring" };
    // Each of its boxes (a link may wrap onto two lines) cut to the window, and what is drawn at its centre.
    const hits = [...el.getClientRects()].flatMap((r) => {
      const left = Math.max(r.left, 0);
      const right = Math.min(r.right, window.innerWidth);
      const top = Math.max(r.top, 0);
      const bottom = Math.min(r.bottom, window.innerHeight);
      return right > left && bottom > top ? [document.elementFromPoint((left + right) / 2, (top + bottom) / 2)] : [];
    });
    if (hits.length === 0) return { focused, problem: "off screen" };
    if (hits.some((hit) => hit && (hit === el || el.contains(hit)))) return { focused, problem: null };
    return { focused, problem: `hidden under ${hits[0]?.outerHTML.slice(0, 100) ?? "nothing"}` };
  });
}

async function expectFocusVisible(page: Page) {
  const { focused, problem } = await focusProblem(page);
  expect(problem, `focus on ${focused}`).toBeNull();
}

/** Presses `key` (Tab or Shift+Tab) until `target` has focus, checking that every stop on the way shows its focus. */
async function keyTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab" = "Tab", max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    await expectFocusVisible(page);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`never reached ${target} with ${key}`);
}

/** The skip link is the first Tab stop of a freshly loaded page, and moves focus to the main content. */
async function useSkipLink(page: Page) {
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: DOCUMENT })).toBeFocused();
  await expectFocusVisible(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
}

test.describe("keyboard only", () => {
  test("data entry: a lead signs in, saves a figure with commentary and corrects a refused one", async ({ page }) => {
    const month = subMonths(startOfMonth(new Date()), 19);
    const MEASURE = "Sampled complaints handled in line with policy";

    await page.goto("/login");
    await useSkipLink(page);
    await keyTo(page, page.getByLabel("Email address"));
    await page.keyboard.type(ACCOUNTS.leadCls.email);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/my-updates$/, { timeout: 20_000 });

    // "Enter figures" is in the navigation's "Data entry" menu: Enter opens it, Tab reaches the link.
    const nav = page.getByRole("navigation", { name: "Main" });
    await keyTo(page, nav.locator("summary", { hasText: "Data entry" }));
    await page.keyboard.press("Enter");
    await keyTo(page, nav.getByRole("link", { name: "Enter figures" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "Enter figures" })).toBeVisible();

    // The month: arrow keys on the closed list (newest first), then "Show".
    const monthSelect = page.getByLabel("Month", { exact: true });
    await keyTo(page, monthSelect);
    for (let i = 1; i < 19; i++) await page.keyboard.press("ArrowDown");
    await expect(monthSelect).toHaveValue(format(month, "yyyy-MM"));
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Show" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 2, name: `Customer Services · ${format(month, "MMMM yyyy")}` })).toBeVisible();

    // A new page: the skip link comes first here too.
    await useSkipLink(page);
    const section = page.getByRole("region", { name: MEASURE, exact: true });
    await expect(section.getByText("Not entered", { exact: true })).toBeVisible();
    const numerator = section.getByLabel(`${MEASURE}: Numerator`, { exact: true });
    await keyTo(page, numerator);
    await page.keyboard.type("1O"); // a letter O for a zero
    await page.keyboard.press("Tab");
    await page.keyboard.type("20");
    await page.keyboard.press("Tab");
    await expect(section.getByLabel(`Commentary on ${MEASURE}`, { exact: true })).toBeFocused();
    await page.keyboard.type("Two files were sampled late after the audit.");
    // On the way down, no field is hidden under the bar of buttons stuck to the bottom of the window.
    const saveDraft = page.getByRole("button", { name: "Save as draft" });
    await keyTo(page, saveDraft);
    await page.keyboard.press("Enter");

    // Refused: focus moves to the summary, whose link leads to the field, which describes its error.
    const summary = page.getByRole("alert").filter({ hasText: "Nothing was saved" });
    await expect(summary).toBeFocused();
    await expectFocusVisible(page);
    await expect(numerator).toHaveAttribute("aria-invalid", "true");
    await expect(numerator).toHaveAccessibleDescription(/Enter a number/);
    await page.keyboard.press("Tab");
    await expect(summary.getByRole("link", { name: new RegExp(`^${MEASURE}: Enter a number`) })).toBeFocused();
    await expectFocusVisible(page);
    await page.keyboard.press("Enter");
    await expect(numerator).toBeFocused();
    await expectFocusVisible(page);
    // The field's label and message are in view above it, not scrolled off the top.
    await expect(section.locator(`label[for="${await numerator.getAttribute("id")}"]`)).toBeInViewport();
    await expect(section.getByText(/^Error: Enter a number/)).toBeInViewport();

    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("18");
    await keyTo(page, saveDraft);
    await page.keyboard.press("Enter");

    // Saved: the confirmation takes focus, and shows it.
    const saved = page.getByRole("status").filter({ hasText: "Figures saved" });
    await expect(saved).toBeFocused();
    await expect(saved).toContainText("1 figure saved.");
    await expectFocusVisible(page);
    await expect(numerator).toHaveValue("18");
    await expect(section.getByText("18 ÷ 20 = 90.0%")).toBeVisible();
    await expect(section.getByText("Draft", { exact: true })).toBeVisible();
    await expect(section.getByLabel(`Commentary on ${MEASURE}`, { exact: true })).toHaveValue("Two files were sampled late after the audit.");
  });

  test("public report: from the list to a department's report, a chart's data table and the CSV", async ({ page }) => {
    const { quarter } = periods();
    const [year, q] = quarter.split("-q");

    await page.goto("/reports");
    await useSkipLink(page);
    await keyTo(page, page.getByRole("link", { name: `Quarter ${q} ${year} report, Chief Operating Office` }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/reports/coo/${quarter}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Quarterly performance report: Q${q} ${year}` })).toBeVisible();

    // A chart's figures, in its table: a named region that takes focus, so that it can be scrolled.
    const firstMeasure = page.getByTestId("report-measure").first();
    const table = firstMeasure.getByRole("region", { name: /: figures for the last five quarters$/ });
    await keyTo(page, table);
    await expect(table.getByRole("table")).toBeVisible();
    await expect(table.getByRole("row")).toHaveCount(6);

    // Back up to the skip link of this page, which works here too.
    const skip = page.getByRole("link", { name: DOCUMENT });
    await keyTo(page, skip, "Shift+Tab");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();

    // "Download the data" jumps to the downloads: the next Tab is the CSV link, and Enter downloads it.
    await keyTo(page, page.getByRole("link", { name: "Download the data (CSV, JSON)" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#data$/);
    await page.keyboard.press("Tab");
    const csv = page.getByRole("link", { name: /^Measures as CSV/ });
    await expect(csv).toBeFocused();
    await expectFocusVisible(page);
    const download = page.waitForEvent("download");
    await page.keyboard.press("Enter");
    expect((await download).suggestedFilename()).toBe(`coo-${quarter}.csv`);
  });

  test("public survey: an unanswered survey moves focus to its problems, each leading to its question", async ({ page }) => {
    await page.goto("/feedback/demo-customer-services");
    await useSkipLink(page);
    await keyTo(page, page.getByRole("button", { name: "Send my answers" }));
    await page.keyboard.press("Enter");

    // Refused (nothing is saved): focus on the summary, not lost with the re-drawn form.
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeFocused();
    await expectFocusVisible(page);
    await page.keyboard.press("Tab");
    await expect(summary.getByRole("link").first()).toBeFocused();
    await page.keyboard.press("Enter");
    const question = page.getByRole("group", { name: /How satisfied were you/ });
    await expect(question.getByRole("radio").first()).toBeFocused();
    await expectFocusVisible(page);
    await expect(question.locator("legend")).toBeInViewport();
  });
});
