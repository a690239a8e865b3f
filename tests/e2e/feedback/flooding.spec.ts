import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

/*
 * Survey flooding (issue 15): single-use links issued from the admin page and answered once; the
 * moderation queue the demo seed fills. Single-use responses go to Social Security (no other spec
 * reads its figures); moderation rejects a seeded held response of Customer Services, which changes
 * no figure.
 */
test.describe.configure({ mode: "serial" });

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

const answer = (page: Page, legend: RegExp, words: string) => page.getByRole("group", { name: legend }).getByRole("radio", { name: words, exact: true });

test("a single-use link, issued by the department's SLT, takes one response and then says it was used", async ({ page, browser }) => {
  await signInAs(page, "sltCls");
  await page.goto("/admin/feedback");
  await page.getByRole("link", { name: "Create single-use survey links" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Single-use survey links" })).toBeVisible();
  await expectNoViolations(page);
  await page.getByLabel("Service").selectOption({ label: "Social Security and Benefits (Customer and Local Services)" });
  const reference = `E2E-${Date.now()}`;
  await page.getByLabel("Interaction references").fill(`${reference}\nnot a reference`);
  await page.getByRole("button", { name: "Create the links" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields" })).toContainText("Use only letters, digits");
  await page.getByLabel("Interaction references").fill(`${reference}\n${reference}-2`);
  await page.getByRole("button", { name: "Create the links" }).click();
  await expect(page.getByRole("heading", { name: "2 single-use links for Social Security" })).toBeVisible();
  expect(await page.getByLabel("The links as CSV (reference, link, expires)").inputValue()).toMatch(new RegExp(`^reference,link,expires\\r?\\n${reference},http`));
  const url = await page.getByRole("table", { name: "Single-use survey links issued" }).getByRole("row", { name: new RegExp(`^${reference} `) }).getByRole("link").getAttribute("href");
  expect(url).toMatch(/\/feedback\/demo-social-security\?i=/);
  await expectNoViolations(page);

  const customer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await customer.goto(url!);
  await answer(customer, /How satisfied were you/, "Very satisfied").check();
  await answer(customer, /How easy was it/, "Very easy").check();
  await answer(customer, /How did dealing with us make you feel/, "Very positive").check();
  await customer.getByRole("button", { name: "Send my answers" }).click();
  await expect(customer.getByRole("heading", { level: 1, name: "Thank you for your feedback" })).toBeVisible();
  await customer.goto(url!);
  await expect(customer.getByRole("heading", { name: "Already answered" })).toBeVisible();
  await expect(customer.getByText("This link has already been used — thank you")).toBeVisible();
  await expect(customer.getByRole("button", { name: "Send my answers" })).toHaveCount(0);
  // An altered link is refused.
  await customer.goto(url!.replace(/\?i=(.)/, (_m, c: string) => `?i=${c === "A" ? "B" : "A"}`));
  await expect(customer.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await customer.context().close();
});

test("the moderation queue: administrators only, reached from the survey links page with its count, decided in bulk", async ({ page, browser }) => {
  const slt = await (await browser.newContext()).newPage();
  await signInAs(slt, "sltCls");
  await slt.goto("/admin/feedback");
  await expect(slt.getByRole("link", { name: /Moderation queue/ })).toHaveCount(0);
  await slt.context().close();

  await signInAs(page, "admin");
  await page.goto("/admin/feedback");
  await page.getByRole("link", { name: /^Moderation queue \(\d+ held responses?\)$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Survey moderation queue" })).toBeVisible();
  const table = page.getByRole("table", { name: /^Held responses, oldest first/ });
  await expect(table.getByText("Burst of responses on the link").first()).toBeVisible();
  await expectNoViolations(page);
  const rows = await table.getByRole("checkbox", { name: /^Select the response received/ }).count();
  expect(rows).toBeGreaterThan(1);

  await page.getByRole("checkbox", { name: "Select every response on this page" }).check();
  await expect(page.getByRole("button", { name: `Reject selected (${rows})` })).toBeEnabled();
  await page.getByRole("checkbox", { name: "Select every response on this page" }).uncheck();
  await table.getByRole("checkbox", { name: /^Select the response received/ }).first().check();
  await page.getByRole("button", { name: "Reject selected (1)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 response rejected: kept, never counted." })).toBeVisible();
  await expect(table.getByRole("checkbox", { name: /^Select the response received/ })).toHaveCount(rows - 1);
  await page.getByRole("link", { name: "Rejected" }).click();
  await expect(page.getByRole("table", { name: /^Rejected responses/ }).getByText(/Rejected by/).first()).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/admin/feedback/moderation");
  await expectNoViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
