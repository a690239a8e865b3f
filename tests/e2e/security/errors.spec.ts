import { expect, test } from "@playwright/test";
import { Client } from "pg";
import { startIsolatedServer, type IsolatedServer } from "../isolated-server";
import { ACCOUNTS, signIn, signInAs } from "../support";

/*
 * An error page in production shows no stack trace, SQL or message: only a reference for support.
 * The error is real: a server of its own (tests/e2e/isolated-server.ts) loses the risks table, so
 * the query behind the page fails in Postgres.
 */

const LEAKS = ["Failed query", "select ", "does not exist", "params:", "    at ", "node_modules", ".ts:", "drizzle", "postgres", "risks_gone"];

test.describe.configure({ mode: "serial", timeout: 120_000 });

let server: IsolatedServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startIsolatedServer(58, "errors");
});

test.afterAll(async () => {
  await server?.stop();
});

test("a failing signed-in page shows the error page with a reference, and nothing technical", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.admin.email, undefined, /\/dashboard$/);
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  await db.query("alter table risks rename to risks_gone");
  try {
    for (const path of ["/risks", "/risks/1"]) {
      const response = await page.goto(path);
      // A failed query is not an outage: the error page (500), not the 503 page.
      expect(response?.status(), path).toBe(500);
      // The whole document, including the React payload, never carries the detail.
      const html = (await response?.text()) ?? "";
      for (const leak of LEAKS) expect(html.toLowerCase(), `${path} contains "${leak}"`).not.toContain(leak.toLowerCase());
      await expect(page.getByRole("heading", { level: 1, name: "Sorry, something went wrong" })).toBeVisible();
      await expect(page.getByText(/Reference for support: \S+/)).toBeVisible();
      await expect(page.getByText("Nothing you saved has been lost.")).toBeVisible();
    }
  } finally {
    await db.query("alter table risks_gone rename to risks");
    await db.end();
  }
  await expect(async () => expect((await page.goto("/risks"))?.status()).toBe(200)).toPass({ timeout: 10_000 });
  await context.close();
});

test("ids no row can have (beyond Postgres' integer range, zero, signs) are not found, not errors", async ({ page }) => {
  await signInAs(page, "admin");
  const paths = ["/measures/99999999999", "/measures/0", "/measures/-1", "/risks/99999999999", "/risks/1e3", "/admin/users/99999999999",
    "/admin/measures/2147483648", "/recommendations/9999999999", "/recommendations/99999999999/edit", "/initiatives/99999999999",
    "/reports/manage/99999999999", "/measures/99999999999/data.csv"];
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
});
