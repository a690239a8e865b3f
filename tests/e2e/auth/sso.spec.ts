import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { Client } from "pg";
import { startOidcProvider, type TestProvider } from "../../support/oidc-provider";
import { isolatedBase, startIsolatedServer, type IsolatedServer } from "../isolated-server";
import { ACCOUNTS, signIn } from "../support";

/*
 * Single sign-on in the browser (issue 17): a real OpenID Connect provider (tests/support/oidc-provider.ts,
 * in this worker) and a server of its own configured for it (OIDC_*). The provider's login answers at
 * once as the account the test names, so the browser goes: the sign-in page's button → the provider →
 * back to /api/auth/callback/oidc → Baseline. Before issue 17, lead.md signed in only when the provider
 * put the email in the ID token; every other shape was refused with "Your account can't sign in with
 * single sign-on".
 */

const PORT_OFFSET = 67;
const PROVIDER = "Test provider";
const DISPLAY = { name: "Display Name From The Provider" };
const STRANGER = "nobody.here@baseline.test";

test.describe.configure({ mode: "serial", timeout: 120_000 });

let server: IsolatedServer;
let idp: TestProvider;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  idp = await startOidcProvider([{ clientId: "baseline-e2e", clientSecret: "baseline-e2e-secret", redirectUri: `${isolatedBase(PORT_OFFSET)}/api/auth/callback/oidc` }]);
  // The OpenID Connect default: the email from userinfo only.
  idp.account("userinfo", { idToken: DISPLAY, userinfo: { ...DISPLAY, email: ACCOUNTS.leadMd.email, email_verified: true } });
  // Entra ID without the optional email claim.
  idp.account("entra", { idToken: { ...DISPLAY, preferred_username: ACCOUNTS.leadMd.email, upn: ACCOUNTS.leadMd.email }, userinfo: DISPLAY });
  idp.account("stranger", { idToken: { ...DISPLAY, email: STRANGER }, userinfo: DISPLAY });
  idp.account("no-email", { idToken: { ...DISPLAY, preferred_username: "jbloggs" }, userinfo: DISPLAY });
  idp.account("disabled", { idToken: { ...DISPLAY, email: ACCOUNTS.viewer.email }, userinfo: DISPLAY });
  idp.account("reader", { idToken: { ...DISPLAY, preferred_username: ACCOUNTS.leadPcs.email, groups: ["g-readers"] }, userinfo: DISPLAY });
  server = await startIsolatedServer(PORT_OFFSET, "sso", {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: "baseline-e2e",
    OIDC_CLIENT_SECRET: "baseline-e2e-secret",
    OIDC_NAME: PROVIDER,
  });
  // On this server only: the viewer's account is disabled.
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  await db.query("update users set active = false where email = $1", [ACCOUNTS.viewer.email]);
  await db.end();
});

test.afterAll(async () => {
  await server?.stop();
  await idp?.stop();
});

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** A new browser on the SSO server, signing in with the provider as its account `account`. */
async function ssoSignIn(browser: Browser, account: string) {
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  idp.loginAs(account);
  await page.goto("/login");
  await page.getByRole("button", { name: `Sign in with ${PROVIDER}` }).click();
  return { context, page };
}

for (const [shape, account] of [
  ["only from userinfo", "userinfo"],
  ["as Entra ID sends it (preferred_username, no email claim)", "entra"],
] as const) {
  test(`lead.md signs in when the provider sends the email ${shape}, under the account's own name`, async ({ browser }) => {
    const { context, page } = await ssoSignIn(browser, account);
    await expect(page).toHaveURL(/\/my-updates$/, { timeout: 20_000 });
    const header = page.getByRole("banner");
    await expect(header).toContainText(ACCOUNTS.leadMd.name);
    await expect(header).toContainText(ACCOUNTS.leadMd.role);
    await expect(header).not.toContainText(DISPLAY.name);
    await context.close();
  });
}

test("an address no Baseline account has: the message names it to this browser only", async ({ browser }) => {
  const { context, page } = await ssoSignIn(browser, "stranger");
  await expect(page).toHaveURL(/\/login\?error=SsoNoAccount$/, { timeout: 20_000 });
  const alert = page.getByRole("alert").filter({ hasText: "No Baseline account has the email address" });
  await expect(alert).toContainText(STRANGER);
  await expect(alert).toBeFocused();
  await expectNoViolations(page);
  // Someone else opening the same address learns nothing about it.
  const other = await browser.newContext({ baseURL: server.base });
  const otherPage = await other.newPage();
  await otherPage.goto(new URL(page.url()).pathname + new URL(page.url()).search);
  await expect(otherPage.getByRole("alert").filter({ hasText: "No Baseline account has the email address" })).toBeVisible();
  await expect(otherPage.getByRole("alert").filter({ hasText: "No Baseline account" })).not.toContainText("@");
  await other.close();
  await context.close();
});

test("no email address from the provider, and a disabled account: a message each", async ({ browser }) => {
  const none = await ssoSignIn(browser, "no-email");
  await expect(none.page).toHaveURL(/\/login\?error=SsoNoEmail$/, { timeout: 20_000 });
  await expect(none.page.getByRole("alert").filter({ hasText: "did not give Baseline your email address" })).toBeVisible();
  await none.context.close();

  const disabled = await ssoSignIn(browser, "disabled");
  await expect(disabled.page).toHaveURL(/\/login\?error=SsoDisabled$/, { timeout: 20_000 });
  await expect(disabled.page.getByRole("alert").filter({ hasText: "is disabled" })).toContainText(ACCOUNTS.viewer.email);
  await disabled.context.close();
});

test("the administrator maps a group to a role; a member signing in with single sign-on gets it, audited", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.admin.email, undefined, /\/dashboard$/);
  await page.goto("/admin/settings");
  const rule = page.getByRole("group", { name: "Rule 1" });
  await rule.getByLabel("Group", { exact: true }).fill("g-readers");
  // SLT without a department is refused, with the field named.
  await rule.getByLabel("Role", { exact: true }).selectOption({ label: "Senior Leadership Team" });
  await page.getByRole("button", { name: "Save rules" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Choose the department this group's members lead" })).toHaveAttribute("href", "#unitId1");
  await expect(rule.getByLabel("Department or unit")).toHaveAttribute("aria-invalid", "true");

  await rule.getByLabel("Role", { exact: true }).selectOption({ label: "Viewer" });
  await page.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Setting saved" })).toContainText("1 rule applies at each single sign-on.");
  await expectNoViolations(page);

  // lead.pcs is in g-readers: signed in as a viewer, who lands on the dashboard.
  const member = await ssoSignIn(browser, "reader");
  await expect(member.page).toHaveURL(/\/dashboard$/, { timeout: 20_000 });
  const header = member.page.getByRole("banner");
  await expect(header).toContainText(ACCOUNTS.leadPcs.name);
  await expect(header).toContainText("Viewer");
  await member.context.close();

  // The change is in the audit trail, made by "single sign-on".
  await page.goto("/admin/audit?actor=single+sign-on");
  const change = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "single sign-on", exact: true }) });
  await expect(change.first()).toContainText("user.update");
  await expect(change.first()).toContainText("g-readers");
  await context.close();
});
