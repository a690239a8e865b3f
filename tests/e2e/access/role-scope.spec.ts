import { expect, test } from "@playwright/test";
import { signInAs } from "../support";

const COO = "Chief Operating Office";
const CLS = "Customer and Local Services";

test.describe("what each role can see", () => {
  test("protected pages redirect to sign-in without a session", async ({ page }) => {
    for (const path of ["/dashboard", "/admin/users", "/admin/users/new"]) {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/login\\?callbackUrl=${encodeURIComponent(path).replace(/\//g, "%2F")}`));
    }
  });

  test("after sign-in the user returns to the page they asked for", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/callbackUrl/);
    await page.getByLabel("Email address").fill("admin@baseline.test");
    await page.getByLabel("Password", { exact: true }).fill("baseline-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
  });

  test("SLT of COO sees COO only", async ({ page }) => {
    await signInAs(page, "sltCoo");
    await expect(page.getByRole("heading", { level: 2, name: COO })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: CLS })).toHaveCount(0);
    // The scorecard lists COO's units, and no CLS unit.
    await expect(page.getByRole("rowheader", { name: "Modernisation and Digital", exact: true })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Customer Services", exact: true })).toHaveCount(0);
  });

  test("the CLS lead sees CLS only", async ({ page }) => {
    await signInAs(page, "leadCls");
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { level: 2, name: CLS })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: COO })).toHaveCount(0);
    await expect(page.getByRole("rowheader", { name: "Customer Services", exact: true })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Modernisation and Digital", exact: true })).toHaveCount(0);
  });

  test("the viewer and the administrator see every department", async ({ page }) => {
    for (const who of ["viewer", "admin"] as const) {
      await signInAs(page, who);
      // One row per department, each opening its scorecard by unit.
      await expect(page.getByRole("heading", { level: 2, name: "Departments" })).toBeVisible();
      await expect(page.getByRole("rowheader", { name: COO, exact: true })).toBeVisible();
      await expect(page.getByRole("rowheader", { name: CLS, exact: true })).toBeVisible();
      await expect(page.getByRole("rowheader", { name: "Modernisation and Digital", exact: true })).toHaveCount(0);
      await page.getByRole("link", { name: CLS, exact: true }).click();
      await expect(page).toHaveURL(/department=cls/);
      await expect(page.getByRole("heading", { level: 2, name: CLS })).toBeVisible();
      await expect(page.getByRole("rowheader", { name: "Customer Services", exact: true })).toBeVisible();
      await page.context().clearCookies();
    }
  });

  test("dashboard rows show a status in words, not colour alone", async ({ page }) => {
    await signInAs(page, "sltCoo");
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /P2$/ }) });
    await expect(row).toContainText(/On target|Within tolerance|Off target|No target|No data/);
  });

  test("non-administrators cannot open user management", async ({ page }) => {
    for (const who of ["sltCoo", "leadMd", "viewer"] as const) {
      await signInAs(page, who);
      const response = await page.goto("/admin/users");
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.getByText("admin@baseline.test")).toHaveCount(0);
      await page.context().clearCookies();
    }
  });
});
