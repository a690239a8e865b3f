import { expect, test } from "@playwright/test";
import { ACCOUNTS, signIn, type AccountKey } from "../support";

test.describe("sign-in", () => {
  for (const key of Object.keys(ACCOUNTS) as AccountKey[]) {
    test(`${ACCOUNTS[key].email} signs in and sees their name and role`, async ({ page }) => {
      await signIn(page, ACCOUNTS[key].email);
      // Leads land on what they owe; everyone else on the dashboard.
      await expect(page).toHaveURL(key.startsWith("lead") ? /\/my-updates$/ : /\/dashboard$/);
      await page.goto("/dashboard");
      const header = page.getByRole("banner");
      await expect(header).toContainText(ACCOUNTS[key].name);
      await expect(header).toContainText(ACCOUNTS[key].role);
      await expect(page.getByRole("heading", { level: 1, name: "Performance dashboard" })).toBeVisible();
      // Only administrators are offered administration.
      const usersLink = page.getByRole("navigation").getByRole("link", { name: "Admin" });
      if (key === "admin") await expect(usersLink).toBeVisible();
      else await expect(usersLink).toHaveCount(0);
    });
  }

  test("a wrong password and an unknown account get the same message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill(ACCOUNTS.viewer.email);
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const alert = page.getByRole("alert").filter({ hasText: /\w/ });
    await expect(alert).toBeVisible();
    const wrongPassword = await alert.textContent();
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");

    await page.getByLabel("Email address").fill("nobody-here@baseline.test");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toHaveText(wrongPassword ?? "");
    await expect(page).toHaveURL(/\/login/);
  });

  test("repeated failures for an account are throttled", async ({ page }) => {
    const email = "throttle-target@baseline.test";
    await page.goto("/login");
    for (let i = 0; i < 10; i++) {
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(`wrong-${i}`);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      // A refused attempt clears the password and says so.
      await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
      await expect(page.getByRole("alert").filter({ hasText: "not right" })).toBeVisible();
    }
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("another-try");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: /too many/i })).toBeVisible();
  });

  test("signing out ends the session", async ({ page }) => {
    await signIn(page, ACCOUNTS.leadMd.email);
    await page.getByRole("button", { name: /sign out/i }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard/);
  });
});
