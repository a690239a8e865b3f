import { expect, test } from "@playwright/test";
import { signInAs } from "../support";

/*
 * An error page in production shows no stack trace, SQL or message: only a reference for support.
 * The error is forced with an id beyond Postgres' integer range, which the query refuses.
 */

const LEAKS = ["Failed query", "select ", "out of range", "params:", "    at ", "node_modules", ".ts:", "drizzle", "postgres"];

test("a failing signed-in page shows the error page with a reference, and nothing technical", async ({ page }) => {
  await signInAs(page, "admin");
  const probes = ["/measures/99999999999", "/risks/99999999999", "/admin/users/99999999999"];
  let shown = 0;
  for (const path of probes) {
    const response = await page.goto(path);
    const status = response?.status() ?? 0;
    // The whole document, including the React payload, never carries the detail.
    const html = (await response?.text()) ?? "";
    for (const leak of LEAKS) expect(html.toLowerCase(), `${path} contains "${leak}"`).not.toContain(leak.toLowerCase());
    if (status !== 500) continue; // the page may learn to answer 404 for such ids: nothing to see then
    shown += 1;
    await expect(page.getByRole("heading", { level: 1, name: "Sorry, something went wrong" })).toBeVisible();
    await expect(page.getByText(/Reference for support: \S+/)).toBeVisible();
    const text = await page.locator("main").innerText();
    for (const leak of LEAKS) expect(text.toLowerCase()).not.toContain(leak.toLowerCase());
  }
  test.skip(shown === 0, "no page could be made to fail: every probe answered cleanly");
});
