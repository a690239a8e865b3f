import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { signInAs } from "../support";
import { periods } from "./targets";

/*
 * Security headers, cookies, the Content-Security-Policy in use, and the Origin check on server
 * actions, against the production build. Changes no data (one refused server action aside).
 */

const { quarter } = periods();

function csp(res: APIResponse): Map<string, string> {
  const header = res.headers()["content-security-policy"];
  expect(header, "Content-Security-Policy header").toBeTruthy();
  return new Map(
    header!
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(" ")] as [string, string];
      }),
  );
}

/** The headers every response carries, whatever it is. */
function expectBaseHeaders(res: APIResponse) {
  const h = res.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-powered-by"]).toBeUndefined();
  const policy = csp(res);
  expect(policy.get("frame-ancestors")).toBe("'none'");
  expect(policy.get("object-src")).toBe("'none'");
  expect(policy.get("base-uri")).toBe("'self'");
  expect(policy.get("default-src")).toBe("'self'");
  expect(res.headers()["content-security-policy"]).not.toContain("unsafe-eval");
  return policy;
}

/** A page rendered per request: scripts only with this response's nonce, which the page's own scripts carry. */
async function expectNonced(res: APIResponse) {
  const policy = expectBaseHeaders(res);
  const script = policy.get("script-src") ?? "";
  expect(script).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'$/);
  expect(script).not.toContain("unsafe-inline");
  const nonce = /'nonce-([^']+)'/.exec(script)![1]!;
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((s) => !s.includes(`nonce="${nonce}"`)), "script tags without the nonce").toEqual([]);
  return nonce;
}

test.describe("security headers", () => {
  test("a public page rendered per request: nonce CSP, a fresh nonce each time", async ({ request }) => {
    const first = await expectNonced(await request.get("/"));
    const second = await expectNonced(await request.get("/"));
    expect(second).not.toBe(first);
    await expectNonced(await request.get("/login"));
  });

  test("a signed-in page: nonce CSP", async ({ page }) => {
    await signInAs(page, "viewer");
    await expectNonced(await page.request.get("/dashboard"));
  });

  test("the public report pages are rendered per request too: nonce CSP, never inline scripts", async ({ request }) => {
    for (const path of [`/reports/coo/${quarter}`, `/reports/coo/${quarter}/revisions/1`, `/reports/government/${quarter}`]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      await expectNonced(res);
    }
  });

  test("route handlers: the report CSV, a signed-in CSV, the health check, the sign-in endpoints", async ({ page, request }) => {
    const reportCsv = await request.get(`/reports/coo/${quarter}/data.csv`);
    expect(reportCsv.status()).toBe(200);
    expect(reportCsv.headers()["content-type"]).toMatch(/^text\/csv/);
    expectBaseHeaders(reportCsv);
    expectBaseHeaders(await request.get(`/reports/coo/${quarter}/data.json`));
    expectBaseHeaders(await request.get("/api/health"));
    // next-auth's endpoints skip the proxy: a strict policy of their own.
    const session = await request.get("/api/auth/session");
    expect(session.headers()["x-content-type-options"]).toBe("nosniff");
    const authPolicy = csp(session);
    expect(authPolicy.get("default-src")).toBe("'none'");
    expect(authPolicy.get("frame-ancestors")).toBe("'none'");

    await signInAs(page, "leadMd");
    await page.goto("/measures");
    const measure = await page.request.get("/dashboard");
    expectBaseHeaders(measure);
  });

  test("session cookies are httpOnly and SameSite=Lax (Secure under https: tests/unit/security-headers.test.ts)", async ({ page }) => {
    await signInAs(page, "viewer");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
    expect(session).toBeDefined();
    for (const c of cookies.filter((c) => c.name.includes("next-auth"))) {
      expect(c, c.name).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    }
    // Not readable from the page's scripts.
    expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
  });
});

/** Collects CSP violations (reported by the browser as events) from the start of every document. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate)/i.test(m.text())) consoleErrors.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return async () => [...consoleErrors.splice(0), ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
}

/** React hydrated the document (its root container is marked), i.e. the app's scripts ran. */
async function expectHydrated(page: Page) {
  await expect.poll(() => page.evaluate(() => Object.keys(document).some((k) => k.startsWith("__reactContainer")))).toBe(true);
}

test.describe("pages work under the CSP, with no violation", () => {
  test("public: home, sign-in and the published report", async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto("/login");
    await page.waitForLoadState("networkidle");
    await expectHydrated(page);
    expect(await violations(), "/login").toEqual([]);
    // Sent without Next's scripts to a visitor who is not signed in (server/script-free.ts): only the
    // document's own nonce'd script runs.
    for (const path of ["/", `/reports/coo/${quarter}`, `/reports/government/${quarter}`]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => Object.keys(document).some((k) => k.startsWith("__reactContainer"))), path).toBe(false);
      expect(await violations(), path).toEqual([]);
    }
  });

  test("signed in: dashboard, a measure page with its chart, data entry, risk form", async ({ page }) => {
    const violations = await watchCsp(page);
    await signInAs(page, "leadMd");
    expect(await violations(), "sign-in").toEqual([]);

    await page.goto("/dashboard");
    await expectHydrated(page);
    expect(await violations(), "/dashboard").toEqual([]);

    await page.goto("/departments/coo");
    await page.getByRole("link", { name: /Incident resolution by severity – P1/ }).first().click();
    await expect(page).toHaveURL(/\/measures\/\d+$/);
    // The Recharts chart is loaded in its own chunk by the nonce'd runtime ('strict-dynamic').
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await violations(), "measure page").toEqual([]);

    await page.goto("/entry");
    await expectHydrated(page);
    await page.waitForLoadState("networkidle");
    expect(await violations(), "/entry").toEqual([]);

    await page.goto("/risks/new");
    await expectHydrated(page);
    expect(await violations(), "/risks/new").toEqual([]);
  });
});

test.describe("server actions", () => {
  test("a server action posted from another origin is refused and changes nothing", async ({ page }) => {
    await signInAs(page, "admin");
    await page.goto("/admin/settings");
    const field = page.getByLabel("Figures are due on working day");
    const stored = await field.inputValue();
    // Capture the browser's own call of the action (saving the value in force: nothing changes).
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
      page.getByRole("button", { name: "Save setting" }).click(),
    ]);
    await expect(page.getByText(`Figures are due on working day ${stored} of the following month.`)).toBeVisible();
    const headers = { ...request.headers() };
    const body = request.postData() ?? "";
    expect(body).toContain(stored);
    const other = String(Number(stored) === 20 ? 19 : Number(stored) + 1);
    const changed = body.replace(new RegExp(`(name="(?:_?\\d+_)?workingDay"\\r\\n\\r\\n)${stored}`), `$1${other}`);
    expect(changed).not.toBe(body);

    try {
      // The same call from a foreign page: Origin is not this host.
      const foreign = await page.request.post(request.url(), { headers: { ...headers, origin: "https://attacker.example" }, data: changed, maxRedirects: 0 });
      expect(foreign.status(), await foreign.text()).toBeGreaterThanOrEqual(400);
      expect(await foreign.text()).not.toContain('"ok":true');
      await page.reload();
      await expect(page.getByLabel("Figures are due on working day")).toHaveValue(stored);

      // Control: the unchanged call from this origin is answered (so the refusal above was the Origin check).
      const same = await page.request.post(request.url(), { headers, data: body, maxRedirects: 0 });
      expect(same.status()).toBe(200);
      expect(await same.text()).toContain('"ok":true');
    } finally {
      // Should the check ever fail, put the setting back for the other specs.
      await page.goto("/admin/settings");
      if ((await page.getByLabel("Figures are due on working day").inputValue()) !== stored) {
        await page.getByLabel("Figures are due on working day").fill(stored);
        await page.getByRole("button", { name: "Save setting" }).click();
        await expect(page.getByText(`Figures are due on working day ${stored} of the following month.`)).toBeVisible();
      }
    }
  });
});
