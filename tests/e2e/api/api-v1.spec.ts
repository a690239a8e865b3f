import { expect, test } from "@playwright/test";

/*
 * The API's public side against the production build (issue 17): the docs page rendered from the
 * OpenAPI document, the document itself, the token routes refusing a request without a token (a
 * browser's session is no credential there), and the published figures, equal to what the public
 * report publishes. Reads only. Writing with a token is covered by the token spec, which issues one
 * in the UI; tests/integration/api-v1.test.ts covers every status code.
 */

const now = new Date();
const q = Math.floor(now.getMonth() / 3) + 1;
const lastQuarter = q === 1 ? `${now.getFullYear() - 1}-q4` : `${now.getFullYear()}-q${q - 1}`;
const currentQuarter = `${now.getFullYear()}-q${q}`;

type OpenApi = { openapi: string; paths: Record<string, Record<string, { summary: string; operationId: string }>> };

test.describe("the API, without a token", () => {
  test("the docs page lists every endpoint of the OpenAPI document, with a curl example, and explains each error", async ({ page, request }) => {
    const res = await request.get("/api/v1/openapi.json");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^application\/json/);
    const doc = (await res.json()) as OpenApi;
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThanOrEqual(8);

    await page.goto("/api/v1/docs");
    await expect(page.getByRole("heading", { level: 1, name: "Baseline API" })).toBeVisible();
    for (const op of operations) {
      await expect(page.getByRole("heading", { level: 3, name: op.summary, exact: true })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Contents" }).getByRole("link", { name: new RegExp(`^${op.summary.replace(/[()]/g, "\\$&")} \\(`) })).toBeVisible();
    }
    const put = page.getByRole("region", { name: "Request body (JSON): Save one figure" });
    await expect(put.getByRole("rowheader", { name: "version" })).toBeVisible();
    await expect(page.getByText(/curl -X PUT "http:\/\/127\.0\.0\.1:\d+\/api\/v1\/units\/md\/figures\/MD-INC-P1\/\d{4}-\d\d"/)).toBeVisible();

    // A problem's type is an address on this page.
    await page.getByRole("navigation", { name: "Contents" }).getByRole("link", { name: "Errors" }).click();
    await expect(page).toHaveURL(/#errors$/);
    await expect(page.locator("#problem-unauthorized").getByRole("heading", { name: "401: A valid API token is needed" })).toBeVisible();
  });

  test("a unit route refuses a request without a token with 401 problem+json and the Bearer challenge", async ({ request }) => {
    for (const res of [
      await request.get("/api/v1/units/md/due"),
      await request.put("/api/v1/units/md/figures/MD-INC-P1/2025-01", { data: { numerator: 1, denominator: 2 } }),
      await request.post("/api/v1/units/md/figures", { data: { figures: [] } }),
    ]) {
      expect(res.status()).toBe(401);
      expect(res.headers()["content-type"]).toBe("application/problem+json");
      expect(res.headers()["www-authenticate"]).toBe('Bearer realm="Baseline API"');
      expect(await res.json()).toMatchObject({ type: "/api/v1/docs#problem-unauthorized", status: 401 });
    }
  });

  test("the published figures are the public report's, and a draft report has none", async ({ request }) => {
    const res = await request.get(`/api/v1/published/figures?department=coo&quarter=${lastQuarter}`);
    expect(res.status()).toBe(200);
    const api = (await res.json()) as { revision: { number: number }; measures: { code: string; value: number | null; status: string }[] };
    const published = (await (await request.get(`/reports/coo/${lastQuarter}/data.json`)).json()) as { revision: { number: number }; content: { measures: { code: string; value: number | null; status: string }[] } };
    expect(api.revision.number).toBe(published.revision.number);
    expect(api.measures.map((m) => [m.code, m.value, m.status])).toEqual(published.content.measures.map((m) => [m.code, m.value, m.status]));
    expect((await request.get(`/api/v1/published/figures?department=coo&quarter=${lastQuarter}`, { headers: { "If-None-Match": res.headers()["etag"]! } })).status()).toBe(304);

    const draft = await request.get(`/api/v1/published/figures?department=coo&quarter=${currentQuarter}`);
    expect(draft.status()).toBe(404);
    const list = (await (await request.get("/api/v1/published/reports?department=coo")).json()) as { reports: { quarter: string }[] };
    expect(list.reports.map((r) => r.quarter)).toContain(lastQuarter);
    expect(list.reports.map((r) => r.quarter)).not.toContain(currentQuarter);
  });
});
