import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { format } from "date-fns";
import { signInAs } from "../support";

/*
 * Customer feedback. These tests add survey responses to CLS Customer Services for the current
 * month (no other spec reads that month's CLS-CSAT) and pause Local Services' link for a moment;
 * they run one after another so that each sees its own change. A retry runs them all again: the
 * comment they tag carries a word unique to the run, and a link left paused by an interrupted
 * run is resumed first.
 */
test.describe.configure({ mode: "serial" });

const SURVEY = "/feedback/demo-customer-services";
const MONTH = format(new Date(), "MMM yyyy");
/** Letters only (digits would read as a phone number and be masked), unique to this run. */
const RUN = Date.now()
  .toString(36)
  .replace(/\d/g, (d) => "abcdefghij"[Number(d)]!);
const COMMENT = `Nobody rang back about case ${RUN}. Write to sam.example@example.je or 07797 900123.`;

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

const group = (page: Page, legend: RegExp) => page.getByRole("group", { name: legend });
const answer = (page: Page, legend: RegExp, words: string) => group(page, legend).getByRole("radio", { name: words, exact: true });

async function noScriptPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return context.newPage();
}

/** The id of CLS-CSAT, from the CLS dashboard's link to it. */
async function csatMeasureUrl(page: Page): Promise<string> {
  await page.goto("/departments/cls");
  const href = await page.getByRole("link", { name: /^Customer satisfaction \(CSAT\)$/ }).first().getAttribute("href");
  expect(href).toMatch(/^\/measures\/\d+$/);
  return href!;
}

/** This month's row of the CSAT figures table: [figure, numerator, denominator]. */
async function csatThisMonth(page: Page, url: string) {
  await page.goto(url);
  const row = page.getByRole("table", { name: /every submitted figure/ }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: MONTH, exact: true }) });
  const cells = await row.getByRole("cell").allInnerTexts();
  return { figure: cells[0]!, numerator: Number(cells[1]), denominator: Number(cells[2]) };
}

test("a customer without JavaScript answers the survey, and this month's CSAT changes on the measure page", async ({ page, browser }) => {
  await signInAs(page, "sltCls");
  const url = await csatMeasureUrl(page);
  const before = await csatThisMonth(page, url);
  expect(before.denominator).toBeGreaterThan(0);

  const customer = await noScriptPage(browser);
  await customer.goto(SURVEY);
  await expect(customer.getByRole("heading", { level: 1, name: "Rate our service" })).toBeVisible();
  await answer(customer, /How satisfied were you/, "Very dissatisfied").check();
  await answer(customer, /How easy was it/, "Very difficult").check();
  await answer(customer, /How did dealing with us make you feel/, "Very negative").check();
  await customer.getByLabel(/Is there anything you would like to tell us/).fill(COMMENT);
  await group(customer, /How did you contact us/).getByRole("radio", { name: "By email" }).check();
  await customer.getByRole("button", { name: "Send my answers" }).click();
  await expect(customer).toHaveURL(/\/feedback\/demo-customer-services\/thanks$/);
  await expect(customer.getByRole("heading", { level: 1, name: "Thank you for your feedback" })).toBeVisible();
  await customer.context().close();

  const after = await csatThisMonth(page, url);
  expect(after.denominator).toBe(before.denominator + 1);
  expect(after.numerator).toBe(before.numerator);
  expect(after.figure).not.toBe(before.figure);
  await expect(page.getByText(new RegExp(`Calculated from ${after.denominator} customer survey responses, \\d+ verified\\.`)).first()).toBeVisible();
  // The figure names the responses it counts and how many are verified (issue 15).
  await expect(page.getByText(new RegExp(`\\(${after.denominator} responses, \\d+ verified\\)`)).first()).toBeVisible();
  await expect(page.getByRole("table", { name: /changes to submitted figures/ }).getByRole("row").nth(1)).toContainText("Calculated from the customer survey");

  // The comment was stored without the personal details.
  await page.goto("/feedback/comments");
  const comment = page.getByText(`Nobody rang back about case ${RUN}.`).first();
  await expect(comment).toContainText("Write to [email address removed] or [phone number removed].");
});

test("refused answers are explained and kept: a missing answer without JavaScript, an out-of-range one with it", async ({ browser }) => {
  const customer = await noScriptPage(browser);
  await customer.goto(SURVEY);
  await answer(customer, /How satisfied were you/, "Satisfied").check();
  await answer(customer, /How easy was it/, "Easy").check();
  await customer.getByLabel(/Is there anything you would like to tell us/).fill("Half answered");
  await customer.getByRole("button", { name: "Send my answers" }).click();
  const summary = customer.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary.getByRole("link", { name: "Choose how dealing with us made you feel" })).toHaveAttribute("href", "#csi-1");
  await expect(group(customer, /How did dealing with us make you feel/)).toHaveAccessibleDescription(/Choose how dealing with us made you feel/);
  await expect(answer(customer, /How satisfied were you/, "Satisfied")).toBeChecked();
  await expect(answer(customer, /How easy was it/, "Easy")).toBeChecked();
  await expect(customer.getByLabel(/Is there anything you would like to tell us/)).toHaveValue("Half answered");
  await customer.context().close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(SURVEY);
  await page.waitForLoadState("networkidle"); // hydrated: React would put back a value changed before
  const verySatisfied = answer(page, /How satisfied were you/, "Very satisfied");
  await verySatisfied.check();
  await answer(page, /How easy was it/, "Very easy").check();
  await answer(page, /How did dealing with us make you feel/, "Positive").check();
  // A tampered form: an answer off the scale.
  await verySatisfied.evaluate((el: HTMLInputElement) => (el.value = "9"));
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Choose one of the five answers, from very dissatisfied to very satisfied");
  await expect(answer(page, /How easy was it/, "Very easy")).toBeChecked();
  await expect(answer(page, /How did dealing with us make you feel/, "Positive")).toBeChecked();
  await expect(page).toHaveURL(new RegExp(`${SURVEY}$`));
  await context.close();
});

test("a paused link turns answers away with a clear message, keeping them; resumed, it takes them", async ({ page, browser }) => {
  await signInAs(page, "sltCls");
  await page.goto("/admin/feedback");
  const local = page.getByRole("region", { name: "Local Services (Customer and Local Services)" });
  const resume = local.getByRole("button", { name: "Resume the survey for Local Services" });
  const pause = local.getByRole("button", { name: "Pause the survey for Local Services" });
  await expect(resume.or(pause)).toBeVisible();
  if (await resume.isVisible()) {
    // Left paused by an interrupted earlier run.
    await resume.click();
    await expect(pause).toBeVisible();
  }

  const customer = await noScriptPage(browser);
  await customer.goto("/feedback/demo-local-services");
  await answer(customer, /How satisfied were you/, "Very satisfied").check();
  await answer(customer, /How easy was it/, "Very easy").check();
  await answer(customer, /How did dealing with us make you feel/, "Very positive").check();

  await pause.click();
  await expect(resume).toBeVisible();
  await expect(local).toContainText("Paused");

  await customer.getByRole("button", { name: "Send my answers" }).click();
  await expect(customer.getByRole("alert")).toContainText("This survey is paused, so your answers could not be sent.");
  await expect(answer(customer, /How satisfied were you/, "Very satisfied")).toBeChecked();
  await customer.goto("/feedback/demo-local-services");
  await expect(customer.getByRole("heading", { name: "This survey is paused" })).toBeVisible();
  await expect(customer.getByRole("button", { name: "Send my answers" })).toHaveCount(0);

  await resume.click();
  await expect(pause).toBeVisible();
  await expect(local).toContainText("Taking responses");
  await customer.goto("/feedback/demo-local-services");
  await expect(customer.getByRole("button", { name: "Send my answers" })).toBeVisible();
  await customer.context().close();
});

test("survey links: the snippet is plain HTML with inline styles, and pages pass axe", async ({ page, browser }) => {
  await signInAs(page, "sltCls");
  await page.goto("/admin/feedback");
  await expect(page.getByRole("heading", { level: 1, name: "Customer survey links" })).toBeVisible();
  const cs = page.getByRole("region", { name: "Customer Services (Customer and Local Services)" });
  const snippet = await cs.getByLabel("Button for email signatures (HTML)").inputValue();
  expect(snippet).toMatch(/^<table role="presentation"/);
  expect(snippet).toContain('href="http://127.0.0.1:');
  expect(snippet).toContain("/feedback/demo-customer-services");
  expect(snippet).not.toMatch(/class=/);
  await expect(cs.getByRole("link", { name: "Click here to rate our service" })).toHaveAttribute("href", /\/feedback\/demo-customer-services$/);
  await expect(page.getByRole("region", { name: /Local Services/ }).getByText(/Low sample: \d+ of the 30 needed/).first()).toBeVisible();
  await expectNoViolations(page);

  const anon = await (await browser.newContext()).newPage();
  await anon.goto(SURVEY);
  await expectNoViolations(anon);
  await anon.goto(`${SURVEY}/thanks`);
  await expectNoViolations(anon);
  await anon.setViewportSize({ width: 390, height: 844 });
  await anon.goto(SURVEY);
  await expectNoViolations(anon);
  expect(await anon.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await anon.context().close();
});

test("phone survey: keyboard only, saved with Enter, ready for the next call", async ({ page }) => {
  await signInAs(page, "leadCls");
  await page.goto("/feedback/phone");
  await expect(page.getByRole("heading", { level: 1, name: "Phone survey" })).toBeVisible();
  await expect(page.getByText("Customer Services (Customer and Local Services)")).toBeVisible();
  const first = answer(page, /How satisfied were you/, "Very dissatisfied");
  await expect(first).toBeFocused();
  await expectNoViolations(page);

  for (let call = 1; call <= 2; call++) {
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown"); // Very satisfied
    await page.keyboard.press("Tab");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown"); // Easy
    await page.keyboard.press("Tab");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown"); // Positive
    if (call === 1) {
      await page.keyboard.press("Tab");
      await expect(page.getByLabel(/Customer's comment/)).toBeFocused();
      await page.keyboard.type("Helpful advisor, sorted in one call");
    }
    await page.keyboard.press("Enter");
    const status = page.getByRole("status").filter({ hasText: "Response saved." });
    await expect(status).toContainText("Ready for the next call.");
    await expect(first).toBeFocused();
    await expect(answer(page, /How satisfied were you/, "Very satisfied")).not.toBeChecked();
    await expect(page.getByLabel(/Customer's comment/)).toHaveValue("");
  }
});

test("themes: the SLT reads the top themes with their change and examples, and tags a comment", async ({ page }) => {
  await signInAs(page, "sltCls");
  await page.goto("/feedback/themes");
  await expect(page.getByRole("heading", { level: 1, name: "Customer feedback" })).toBeVisible();
  const top = page.getByRole("table", { name: /Comments by theme/ });
  await expect(top.getByRole("rowheader", { name: "Consistency of information" })).toBeVisible();
  await expect(top.getByRole("row").nth(1)).toContainText(/(up|down|no change|new this month)/);
  await expect(page.getByRole("heading", { level: 3, name: "Quality of service" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Local Services: survey figures, newest first" })).toContainText(/Low sample/);
  await expectNoViolations(page);

  await page.goto("/feedback/comments");
  // The comment sent in the first test: untagged and newest, so on the first page.
  const firstComment = page.getByRole("listitem").filter({ hasText: `Nobody rang back about case ${RUN}.` });
  await expect(firstComment.getByRole("group")).toHaveAccessibleName(new RegExp(`^Themes of the comment “Nobody rang back about case ${RUN}\\.`));
  await firstComment.getByRole("checkbox", { name: "Quality of service" }).check();
  await firstComment.getByRole("button", { name: "Save themes" }).click();
  await expect(firstComment.getByRole("status")).toHaveText("Themes saved");
  await expectNoViolations(page);
});

test("who may use the feedback pages", async ({ page }) => {
  await signInAs(page, "viewer");
  for (const path of ["/feedback/phone", "/feedback/themes", "/feedback/comments", "/admin/feedback"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  await page.context().clearCookies();
  await signInAs(page, "sltCoo");
  await page.goto("/admin/feedback");
  await expect(page.getByRole("region", { name: /Modernisation and Digital/ })).toBeVisible();
  await expect(page.getByRole("region", { name: /Customer Services/ })).toHaveCount(0);
  await page.context().clearCookies();
  await signInAs(page, "leadCls");
  expect((await page.goto("/admin/feedback"))?.status()).toBe(404);
  await page.goto("/feedback/comments");
  await expect(page.getByText(/Local Services ·/)).toHaveCount(0);
});
