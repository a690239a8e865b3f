import { expect, test } from "@playwright/test";
import { signIn, signInAs } from "../support";

test.describe("user administration", () => {
  test("an administrator adds a user, who signs in; disabling them ends their session at once", async ({ page, browser }) => {
    const email = `analyst.${Date.now()}@baseline.test`;
    await signInAs(page, "admin");
    await page.goto("/admin/users/new");
    await page.getByLabel("Full name").fill("Jamie Pallot");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Temporary password").fill("short");
    await page.getByLabel("Role").selectOption("LEAD");
    await page.getByRole("button", { name: "Create account" }).click();
    // Field-level errors, listed in the focused summary with links to the fields; nothing created.
    const summary = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveText(["Use at least 12 characters", "Choose the unit this lead works for"]);
    await expect(summary.getByRole("link", { name: "Use at least 12 characters" })).toHaveAttribute("href", "#password");
    await expect(page.getByLabel("Temporary password")).toHaveAccessibleDescription(/Error: Use at least 12 characters/);
    await expect(page.getByLabel("Department or unit")).toHaveAccessibleDescription(/Error: Choose the unit this lead works for/);

    await page.getByLabel("Temporary password").fill("a-long-temporary-passphrase");
    await page.getByLabel("Department or unit").selectOption({ label: "— Modernisation and Digital" });
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/admin\/users\?saved=1$/);
    const row = page.getByRole("row").filter({ hasText: email });
    await expect(row).toContainText("Department lead");
    await expect(row).toContainText("Modernisation and Digital");

    // The new user signs in in their own browser.
    const other = await browser.newContext();
    const theirPage = await other.newPage();
    await signIn(theirPage, email, "a-long-temporary-passphrase");
    await expect(theirPage.getByRole("banner")).toContainText("Jamie Pallot");

    // The administrator disables the account.
    await row.getByRole("link", { name: /Edit/ }).click();
    await page.getByLabel("Account active (can sign in)").uncheck();
    await page.getByLabel("Reason for the change (optional)").fill("Left the department");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(/\/admin\/users\?saved=1$/);
    await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Disabled");

    // Their very next request is signed out.
    await theirPage.goto("/dashboard");
    await expect(theirPage).toHaveURL(/\/login/);
    await other.close();
  });

  test("a server action is refused on the server when the caller lost the right to use it", async ({ page }) => {
    // An administrator opens the edit form; the session is then replaced by a lead's, and the stale form is submitted.
    await signInAs(page, "admin");
    await page.goto("/admin/users");
    await page.getByRole("row").filter({ hasText: "viewer@baseline.test" }).getByRole("link", { name: /Edit/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Taylor Mauger");

    const leadPage = await page.context().newPage();
    await leadPage.context().clearCookies();
    await signIn(leadPage, "lead.md@baseline.test");
    await leadPage.close();

    await page.getByLabel("Role").selectOption("ADMIN");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "You do not have permission" })).toBeVisible();

    // Nothing changed: the viewer is still a viewer.
    await page.context().clearCookies();
    await signInAs(page, "admin");
    await page.goto("/admin/users");
    await expect(page.getByRole("row").filter({ hasText: "viewer@baseline.test" })).toContainText("Viewer");
  });

  test("two administrators editing the same user: the second save is refused", async ({ page, browser }) => {
    await signInAs(page, "admin");
    await page.goto("/admin/users");
    await page.getByRole("row").filter({ hasText: "lead.pcs@baseline.test" }).getByRole("link", { name: /Edit/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Casey de Gruchy" })).toBeVisible();
    const url = page.url();

    const second = await browser.newContext();
    const otherPage = await second.newPage();
    await signInAs(otherPage, "admin");
    await otherPage.goto(url);

    await page.getByLabel("Reason for the change (optional)").fill("Confirming scope");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(/saved=1/);

    await otherPage.getByLabel("Role").selectOption("VIEWER");
    await otherPage.getByRole("button", { name: "Save changes" }).click();
    await expect(otherPage.getByRole("alert").filter({ hasText: "Someone else changed this user" })).toBeVisible();
    await second.close();

    await page.goto("/admin/users");
    await expect(page.getByRole("row").filter({ hasText: "lead.pcs@baseline.test" })).toContainText("Department lead");
  });
});
