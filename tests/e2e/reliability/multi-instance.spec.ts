import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { startCluster, type Cluster } from "../isolated-server";
import { periods } from "../security/targets";
import { ACCOUNTS, DEMO_PASSWORD, signIn } from "../support";

/**
 * Two production servers (server/main.ts on the suite's build) on one fresh database, as a
 * deployment behind a load balancer runs them: Postgres is the only state they share
 * (tests/e2e/isolated-server.ts, startCluster). What one instance does, the other must see:
 * a published correction (within 5 s), the session, and the sign-in throttle's count.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

let cluster: Cluster;
let A: string;
let B: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startCluster([59, 60], "multi");
  [A, B] = cluster.bases as [string, string];
});

test.afterAll(async () => {
  await cluster?.stop();
});

async function pageOn(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base });
  return context.newPage();
}

/** The revision numbers in a report CSV's `revision` column. */
async function csvRevisions(request: APIRequestContext, url: string): Promise<string[]> {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  const lines = (await res.text()).trim().split("\n").slice(1);
  return [...new Set(lines.map((l) => l.split(",")[2]!))];
}

test("a correction published on A is served by B within 5 s: the page and its data.csv", async ({ browser }) => {
  const { quarter } = periods();
  const [year, q] = quarter.split("-q") as [string, string];
  const label = `Q${q} ${year}`;
  const path = `/reports/coo/${quarter}`;
  const token = `Corrected on instance A ${Date.now()}`;

  // B has served revision 1 (before, a per-instance cache kept this copy for minutes).
  const visitor = await pageOn(browser, B);
  expect((await visitor.goto(path))?.status()).toBe(200);
  await expect(visitor.getByTestId("report-revision")).toContainText("Revision 1 (as first published)");
  expect(await csvRevisions(visitor.request, `${B}${path}/data.csv`)).toEqual(["1"]);
  const oldTag = (await visitor.request.get(`${B}${path}/data.csv`)).headers()["etag"]!;
  expect(oldTag).toBeTruthy();

  // The SLT of COO corrects it on A, through the workflow's pages.
  const slt = await pageOn(browser, A);
  await signIn(slt, ACCOUNTS.sltCoo.email, undefined, /\/dashboard$/);
  await slt.goto("/reports/manage");
  await slt.getByRole("link", { name: new RegExp(`^${label} report, Chief Operating Office$`) }).click();
  await expect(slt).toHaveURL(/\/reports\/manage\/\d+$/);
  const status = slt.getByText(/^Status:/).locator("..");
  await slt.getByRole("button", { name: "Start a correction" }).click();
  await expect(status).toContainText("Correction in progress");
  const narrative = slt.getByRole("form", { name: "Narrative" });
  await narrative.getByLabel("Introduction").fill(`${token}: the introduction.`);
  await narrative.getByRole("button", { name: "Save narrative" }).click();
  await expect(slt.getByRole("status").filter({ hasText: "Narrative saved" })).toBeVisible();
  await slt.getByRole("button", { name: "Submit for approval" }).click();
  await expect(status).toContainText("Correction in progress: submitted for approval");
  await slt.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(status).toContainText("Correction in progress: approved");
  await slt.getByLabel("Correction note (published)").fill(`${token}: the note.`);
  await slt.getByRole("button", { name: "Publish correction as revision 2" }).click();
  await expect(slt.getByRole("status").filter({ hasText: "Published as revision 2" })).toBeVisible();
  const published = Date.now();

  // B serves revision 2 within 5 s of the publication: the page and the CSV.
  await expect
    .poll(async () => (await visitor.request.get(`${B}${path}`)).text().then((html) => html.includes(`${token}: the note.`)), { timeout: 5_000, intervals: [100, 250, 500] })
    .toBe(true);
  await expect.poll(() => csvRevisions(visitor.request, `${B}${path}/data.csv`), { timeout: Math.max(100, 5_000 - (Date.now() - published)), intervals: [100, 250] }).toEqual(["2"]);
  expect(Date.now() - published).toBeLessThan(5_000);

  // The CSV's ETag names the revision: the old one gets the new file, and the tag A gives now is
  // honoured by B (same revision, same build), with 304 and no body.
  const fresh = await visitor.request.get(`${B}${path}/data.csv`, { headers: { "If-None-Match": oldTag } });
  expect(fresh.status()).toBe(200);
  const tagOnA = (await visitor.request.get(`${A}${path}/data.csv`)).headers()["etag"]!;
  expect(tagOnA).not.toBe(oldTag);
  expect(fresh.headers()["etag"]).toBe(tagOnA);
  const notModified = await visitor.request.get(`${B}${path}/data.csv`, { headers: { "If-None-Match": tagOnA } });
  expect(notModified.status()).toBe(304);
  expect((await notModified.body()).length).toBe(0);

  await visitor.goto(path);
  await expect(visitor.getByTestId("report-revision")).toContainText("Corrected: revision 2");
  await expect(visitor.getByText(`${token}: the introduction.`)).toBeVisible();
  // And B's list of reports says it was corrected.
  await visitor.goto(`/reports?department=coo&quarter=${quarter}`);
  await expect(visitor.getByText("Corrected (revision 2)")).toBeVisible();
  await slt.context().close();
  await visitor.context().close();
});

test("one session: signed in on A, the same cookie reads a protected page on B", async ({ browser }) => {
  const onA = await pageOn(browser, A);
  await signIn(onA, ACCOUNTS.viewer.email, undefined, /\/dashboard$/);
  const session = (await onA.context().cookies()).filter((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toHaveLength(1);

  const onB = await pageOn(browser, B);
  await onB.context().addCookies(session);
  const res = await onB.goto("/dashboard");
  expect(res?.status()).toBe(200);
  await expect(onB).toHaveURL(`${B}/dashboard`);
  await expect(onB.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(onB.getByText(ACCOUNTS.viewer.name).first()).toBeVisible();

  // Without the cookie, B sends the visitor to sign in.
  const anonymous = await pageOn(browser, B);
  await anonymous.goto("/dashboard");
  await expect(anonymous).toHaveURL(/\/login\?callbackUrl=%2Fdashboard/);
  for (const page of [onA, onB, anonymous]) await page.context().close();
});

// Last: serial mode skips what follows a failure, and this one needs the limiter in Postgres.
test("the sign-in delay is one: failures split across A and B make the next attempt wait on either", async ({ browser }) => {
  // Needs the delay kept in Postgres (lib/auth/sign-in-delay.ts): one kept in each process's memory would count half here.
  const email = ACCOUNTS.leadPcs.email;
  const pages = [await pageOn(browser, A), await pageOn(browser, B)];
  for (const page of pages) await page.goto("/login");
  const attempt = async (page: Page, password: string) => {
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // A refused attempt clears the password and says why.
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    return ((await page.getByRole("alert").filter({ hasText: /not right|Please wait/ }).textContent()) ?? "").trim();
  };
  // Five free failures, then failures until the wait has doubled to 8 seconds or more (1 s, 2 s, 4 s, 8 s …),
  // alternating A and B; a refused attempt waits out the delay it was told before the next failure, so
  // how fast the machine is does not decide how far the delay grows.
  let waited = 0;
  for (let i = 0; i < 40 && waited < 8; i++) {
    const text = await attempt(pages[i % 2]!, `wrong-${i}`);
    if (i < 5) expect(text).toContain("not right");
    waited = Number(/Please wait (\d+) second/.exec(text)?.[1] ?? 0);
    if (waited > 0 && waited < 8) await pages[i % 2]!.waitForTimeout(waited * 1000);
  }
  expect(waited).toBeGreaterThanOrEqual(8);
  // At once, on both instances, even the right password waits (no password is checked during the delay).
  for (const page of pages) {
    expect(await attempt(page, DEMO_PASSWORD)).toMatch(/Please wait \d+ seconds? before trying again/);
    await expect(page).toHaveURL(/\/login/);
  }
  for (const page of pages) await page.context().close();
});
