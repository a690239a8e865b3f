import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support";

/** Creates a token through the form as whoever is signed in on `page`; returns the token shown. */
async function createToken(page: Page, name: string): Promise<string> {
  await page.goto("/admin/api-tokens");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Read and write").check();
  await page.getByLabel("Modernisation and Digital", { exact: true }).check();
  await page.getByRole("button", { name: "Create the token" }).click();
  const heading = page.getByRole("heading", { level: 2, name: `Token created: ${name}` });
  await expect(heading).toBeFocused();
  const token = await page.getByLabel("Your new token").inputValue();
  expect(token).toMatch(/^bl_[A-Za-z0-9_-]{43}$/);
  return token;
}

test.describe("API tokens", () => {
  test("an administrator creates a write token for M&D, sees it once, then revokes it", async ({ page }) => {
    const name = `E2E service desk ${Date.now()}`;
    await signInAs(page, "admin");
    await page.goto("/admin");
    await page.getByRole("link", { name: "API tokens" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();

    // An invalid form first: field-level errors in a focused summary, and nothing created.
    await page.getByRole("button", { name: "Create the token" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveText(["Enter a name for the token", "Choose at least one unit"]);
    await expect(page.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/Error: Enter a name for the token/);

    const token = await createToken(page, name);
    await expect(page.getByText("Copy it now: it will not be shown again.")).toBeVisible();
    const example = await page.getByLabel(/^Try it/).inputValue();
    expect(example).toContain(`Authorization: Bearer ${token}`);
    expect(example).toContain("/api/v1/");
    await expect(page.getByRole("link", { name: "API documentation" }).first()).toHaveAttribute("href", "/api/v1/docs");

    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Read and write");
    await expect(row).toContainText("Modernisation and Digital");
    await expect(row).toContainText("Never used");
    await expect(row).toContainText("Active");
    await expect(row).toContainText(token.slice(0, 9));

    // Shown once: after a reload the token is nowhere on the page.
    await page.reload();
    await expect(page.getByRole("heading", { level: 2, name: `Token created: ${name}` })).toHaveCount(0);
    expect(await page.content()).not.toContain(token);

    // Revoking asks for confirmation first.
    await row.locator("summary", { hasText: "Revoke" }).click();
    await row.getByLabel("Reason (optional)").fill("End-to-end test");
    await row.getByRole("button", { name: `Yes, revoke ${name}` }).click();
    await expect(page).toHaveURL(/\/admin\/api-tokens\?revoked=\d+$/);
    await expect(page.getByRole("status").filter({ hasText: "Token revoked" })).toBeVisible();
    const revoked = page.getByRole("row").filter({ hasText: name });
    await expect(revoked).toContainText("Revoked");
    await expect(revoked.locator("summary", { hasText: "Revoke" })).toHaveCount(0);
  });

  test("COO's SLT reaches the page from the navigation, offered only COO's units, and revokes without JavaScript", async ({ browser, page }) => {
    const name = `E2E SLT token ${Date.now()}`;
    await signInAs(page, "sltCoo");
    await page.goto("/dashboard");
    // The rest of administration stays the administrators'.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
    // API tokens sit in the "Data entry" menu, beside the other ways figures come in.
    await nav.locator("summary", { hasText: "Data entry" }).click();
    await nav.getByRole("link", { name: "API tokens" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
    await expect(page.getByLabel("Chief Operating Office (whole department)")).toBeVisible();
    await expect(page.getByLabel("Customer Services", { exact: true })).toHaveCount(0);
    await createToken(page, name);

    // The same session, without script: the revoke form is a plain POST.
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies(await page.context().cookies());
    const plain = await context.newPage();
    await plain.goto("/admin/api-tokens");
    const row = plain.getByRole("row").filter({ hasText: name });
    await row.locator("summary", { hasText: "Revoke" }).click();
    await row.getByRole("button", { name: `Yes, revoke ${name}` }).click();
    await expect(plain).toHaveURL(/\/admin\/api-tokens\?revoked=\d+$/);
    await expect(plain.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
    await context.close();
  });
});
