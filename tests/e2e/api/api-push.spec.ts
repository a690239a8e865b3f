import { expect, test } from "@playwright/test";
import { signInAs } from "../support";

/*
 * Issue 17: a source system pushes a figure with a token issued in the UI, and the change shows on
 * the measure page and in the audit trail as the token's, made by its creator. The figure keeps the
 * value it has and only its commentary changes, to text unique to this run, so a retry writes
 * nothing another test reads.
 */

const now = new Date();
// Two months back: submitted in the demo (last month is still being entered, and other tests submit it).
const month = new Date(now.getFullYear(), now.getMonth() - 2, 1);
const period = `${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, "0")}`;
const figureUrl = `/api/v1/units/md/figures/MD-NET-SUCCESS/${period}`;

test("a token made in the UI pushes a figure, seen on the measure page and in the audit trail", async ({ page }) => {
  const stamp = Date.now();
  const name = `E2E network monitor ${stamp}`;
  const commentary = `Pushed by the network monitor (run ${stamp}).`;
  const reason = `Commentary from the monitoring system, run ${stamp}`;

  await signInAs(page, "admin");
  await page.goto("/admin/api-tokens");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Read and write").check();
  await page.getByLabel("Modernisation and Digital", { exact: true }).check();
  await page.getByRole("button", { name: "Create the token" }).click();
  const token = await page.getByLabel("Your new token").inputValue();
  expect(token).toMatch(/^bl_/);

  // The request context shares the browser's cookies; the API ignores them and reads only the token.
  const auth = { Authorization: `Bearer ${token}` };
  const current = await page.request.get(figureUrl, { headers: auth });
  expect(current.status()).toBe(200);
  const stored = (await current.json()) as { figure: { value: number | null; version: number } | null };
  const value = stored.figure?.value ?? 99.2;

  const put = await page.request.put(figureUrl, {
    headers: auth,
    data: { value, commentary, reason, intent: "submit", version: stored.figure?.version ?? 0 },
  });
  expect(put.status(), await put.text()).toBeLessThan(300);
  const body = (await put.json()) as { links: { measurePage: string } };

  // The same body again changes nothing.
  const again = await page.request.put(figureUrl, { headers: auth, data: { value, commentary, reason, intent: "submit" } });
  expect(again.status()).toBe(200);

  await page.goto(new URL(body.links.measurePage).pathname);
  await expect(page.getByText(commentary).first()).toBeVisible();

  await page.goto(`/admin/audit?type=measure_value&actor=admin%40baseline.test`);
  const row = page.getByRole("row").filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`through API token “${name}”`);
  await expect(row).toContainText("Alex Renouf");

  // The token's list shows it was used.
  await page.goto("/admin/api-tokens");
  await expect(page.getByRole("row").filter({ hasText: name })).not.toContainText("Never used");
});
