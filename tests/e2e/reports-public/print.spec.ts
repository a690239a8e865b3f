import { expect, test, type Locator } from "@playwright/test";
import { signInAs } from "../support";

/*
 * On paper (issue 19): a measure's code, printed under its name, is smaller than the name, in the
 * public report and in the SLT's review pack. Reads only.
 */

const now = new Date();
const last = now.getMonth() < 3 ? { year: now.getFullYear() - 1, quarter: 4 } : { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) };
const lastMonth = new Date(now.getFullYear(), now.getMonth() - 1, 1);
const monthParam = `${lastMonth.getFullYear()}-${String(lastMonth.getMonth() + 1).padStart(2, "0")}`;

const fontSize = (l: Locator) => l.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test("the public report prints each measure's code smaller than its name", async ({ page }) => {
  await page.goto(`/reports/coo/${last.year}-q${last.quarter}`);
  await page.emulateMedia({ media: "print" });

  // The table of measures: the name is the row's link, the code the line under it.
  const row = page.getByRole("table", { name: `Measures at a glance, Q${last.quarter} ${last.year}` }).getByRole("rowheader").first();
  const name = row.getByRole("link");
  const code = row.locator("span").filter({ hasText: /^[A-Z]+(-[A-Z0-9]+)+ · / });
  await expect(code).toHaveCount(1);
  expect(await fontSize(code)).toBeLessThan(await fontSize(name));

  // Each measure's section: its heading, then its code.
  const section = page.getByTestId("report-measure").first();
  const heading = section.getByRole("heading").first();
  const codeLine = section.locator("p").filter({ hasText: /^[A-Z]+(-[A-Z0-9]+)+ · / });
  expect(await fontSize(codeLine)).toBeLessThan(await fontSize(heading));
});

test("the review pack prints each exception's code smaller than its name", async ({ page }) => {
  await signInAs(page, "sltCoo");
  await page.goto(`/reviews/coo/${monthParam}`);
  await expect(page.getByRole("heading", { level: 2, name: "1. Exceptions" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  const row = page.getByRole("table", { name: /^Exceptions for / }).getByRole("rowheader").first();
  const code = row.locator("span").first();
  await expect(code).toContainText(" · ");
  expect(await fontSize(code)).toBeLessThan(await fontSize(row));
});
