import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { startIsolatedServer, type IsolatedServer } from "../isolated-server";
import { periods } from "../security/targets";
import { ACCOUNTS, signIn } from "../support";

/**
 * The database goes away while the app runs, and comes back. The server under test reaches its own
 * database through a relay the test cuts (tests/e2e/isolated-server.ts): pages must answer 503 with
 * Retry-After (not the error page) while the database is unreachable, and work again by themselves
 * once it is back. (`npm run bench:fault` does the same to the real Postgres cluster under load.)
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

let server: IsolatedServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startIsolatedServer(57, "outage");
});

test.afterAll(async () => {
  await server?.stop();
});

test("pages answer 503 while the database is unreachable and recover by themselves", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  const request = context.request;
  await signIn(page, ACCOUNTS.sltCoo.email, undefined, /\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  await server.relay.cut();
  // The first request to meet the outage may still get the error page; from then on, 503.
  await expect
    .poll(async () => (await page.goto("/dashboard"))?.status(), { timeout: 20_000, intervals: [250, 500, 1_000] })
    .toBe(503);
  const response = await request.get("/risks");
  expect(response.status()).toBe(503);
  expect(response.headers()["retry-after"]).toBe("30");
  expect(response.headers()["cache-control"]).toBe("no-store");
  // The published reports too: every instance reads the current revision from the database, so
  // there is no copy of their own to serve while it is away (and none to go stale when it is back).
  const { quarter } = periods();
  for (const path of [`/reports/coo/${quarter}`, `/reports/coo/${quarter}/data.csv`]) expect((await request.get(path)).status(), path).toBe(503);
  await expect(page.getByRole("heading", { level: 1, name: "Sorry, Baseline is unavailable just now" })).toBeVisible();
  await expect(page.getByText("Nothing you have already saved has been lost.")).toBeVisible();
  expect((await request.get("/api/health")).status()).toBe(503);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await server.relay.open();
  // Same server process, no restart: the next probe finds Postgres and the page comes back.
  await expect
    .poll(async () => (await page.goto("/dashboard"))?.status(), { timeout: 20_000, intervals: [250, 500, 1_000] })
    .toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(/unavailable/);
  expect(server.process.exitCode).toBeNull();
  expect((await request.get("/api/health")).status()).toBe(200);
  await context.close();
});
