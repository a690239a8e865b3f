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

  test("repeated failures for an account make the next attempt wait, and the page says how long", async ({ page }) => {
    // An address of this run's own: the delay is kept in Postgres for a day, so a retry would find
    // this run's failures already counted against a fixed address.
    const email = `throttle-target-${Date.now()}@baseline.test`;
    await page.goto("/login");
    const attempt = async (password: string) => {
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      // A refused attempt clears the password (so the message below is this attempt's).
      await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    };
    // Five failures cost nothing.
    for (let i = 0; i < 5; i++) {
      await attempt(`wrong-${i}`);
      await expect(page.getByRole("alert").filter({ hasText: "not right" })).toBeVisible();
    }
    // Then each failure doubles the wait before the next attempt (1 s, 2 s, 4 s …): one soon enough is told to wait.
    let shown = "";
    for (let i = 5; i < 14 && !shown; i++) {
      await attempt(`wrong-${i}`);
      const alert = page.getByRole("alert").filter({ hasText: /not right|Please wait/ });
      await expect(alert).toBeVisible();
      const text = (await alert.textContent()) ?? "";
      if (/Please wait/.test(text)) shown = text;
    }
    expect(shown).toMatch(/Please wait \d+ seconds? before trying again\./);
  });

  test("signing out ends the session on the server: the old cookie, replayed, is sent to sign in", async ({ page, browser }) => {
    await signIn(page, ACCOUNTS.leadMd.email);
    const cookie = (await page.context().cookies()).filter((c) => c.name.endsWith("next-auth.session-token"));
    expect(cookie).toHaveLength(1);
    await page.getByRole("button", { name: /sign out/i }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard/);

    // The probe of issue 15: the cookie from before signing out, put back into a browser, reads nothing.
    const replay = await browser.newContext();
    await replay.addCookies(cookie);
    const replayed = await replay.newPage();
    await replayed.goto("/dashboard");
    await expect(replayed).toHaveURL(/\/login\?callbackUrl=%2Fdashboard/);
    await replay.close();
  });
});
