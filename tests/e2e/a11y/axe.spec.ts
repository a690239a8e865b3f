import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { expectedOutcome, PAGES, ROLE_ACCOUNTS, type Role, type Targets } from "../../security/access-matrix";
import { discoverRoutes } from "../../security/discover";
import { resolveTargets } from "../security/targets";
import { signIn } from "../support";

/*
 * axe-core (WCAG 2.2 AA) on every page of the app, as every role whose view of it differs, plus
 * a refused form, and the phone layout. Reads only: the refused forms save nothing.
 */

async function expectNoViolations(page: Page) {
  // Only violations in full: axe then skips recording every node that passed, which takes long on
  // big pages. (options() replaces the options, so it comes before withTags.)
  const results = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")})`)).toEqual([]);
}

/**
 * Who to check each page as. Where roles see different controls, the role that sees the most (an
 * editor's page has the reader's content and the forms too); a second role where the views differ
 * otherwise (what is listed, a read-only variant). Each role must be one that the access matrix
 * (tests/security/access-matrix.ts) lets in, and every page of the app has a row, so a new page
 * fails the first test until it is added here.
 */
const CHECK_AS: Record<string, readonly Role[]> = {
  // Public
  "/": ["anonymous"],
  "/login": ["anonymous"],
  "/reports": ["anonymous"],
  "/reports/[department]/[quarter]": ["anonymous"],
  // The same view as the current revision's page (PublishedReportView), checked above.
  "/reports/[department]/[quarter]/revisions/[revision]": [],
  "/reports/government/[quarter]": ["anonymous"],
  "/feedback/[token]": ["anonymous"],
  "/feedback/[token]/thanks": ["anonymous"],
  // Only ever redirects, to the role's landing page.
  "/start": [],

  // Signed in
  "/dashboard": ["viewer", "sltCoo"],
  "/my-updates": ["leadMd", "sltCoo"],
  "/departments": ["viewer"],
  "/departments/[slug]": ["sltCoo"],
  "/departments/[slug]/plan": ["sltCoo"],
  "/measures/[id]": ["leadMd"],
  "/entry": ["leadMd"],
  "/entry/csv": ["leadMd"],
  "/entry/status": ["leadMd"],
  "/initiatives": ["leadMd"],
  "/initiatives/timeline": ["viewer"],
  "/initiatives/new": ["leadMd"],
  "/initiatives/[id]": ["viewer", "leadMd"],
  "/initiatives/[id]/edit": ["leadMd"],
  "/risks": ["leadMd"],
  "/risks/heatmap": ["viewer"],
  "/risks/new": ["leadMd"],
  // COO's SLT edits and escalates.
  "/risks/[id]": ["viewer", "sltCoo"],
  "/risks/[id]/edit": ["leadMd"],
  "/recommendations": ["viewer"],
  "/recommendations/new": ["leadPcs"],
  "/recommendations/[id]": ["leadPcs"],
  "/recommendations/[id]/edit": ["leadPcs"],
  "/reviews": ["viewer"],
  "/reviews/[department]/[month]": ["viewer", "sltCoo"],
  "/reports/manage": ["sltCoo"],
  // The SLT's page has a lead's (the narrative form, the preview) and the approving steps too.
  "/reports/manage/[id]": ["sltCoo"],
  // The demo's survey responses are CLS's.
  "/feedback/phone": ["sltCls"],
  "/feedback/themes": ["sltCls"],
  "/feedback/comments": ["sltCls"],
  "/admin": ["admin"],
  "/admin/users": ["admin"],
  "/admin/users/new": ["admin"],
  "/admin/users/[id]": ["admin"],
  "/admin/outbox": ["admin"],
  "/admin/audit": ["admin"],
  "/admin/settings": ["admin"],
  "/admin/feedback": ["sltCls"],
  "/admin/feedback/issue": ["sltCls"],
  "/admin/feedback/moderation": ["admin"],
  "/admin/measures": ["admin"],
  "/admin/measures/new": ["sltCoo"],
  "/admin/measures/[id]": ["sltCoo"],
  // Issue 16: monthly returns and funding/efficiency definitions
  // A lead sees forms for their own unit's rows and read-only rows for the rest; SLT forms throughout.
  "/departments/[slug]/resources": ["sltCoo"],
  "/departments/[slug]/people": ["sltCoo"],
  "/departments/[slug]/resources/budget": ["sltCoo"],
  "/departments/[slug]/resources/month": ["leadMd", "viewer"],
  "/departments/[slug]/people/month": ["leadMd"],
  "/departments/[slug]/resources/funding/new": ["sltCoo"],
  "/departments/[slug]/resources/funding/[id]/edit": ["sltCoo"],
  "/departments/[slug]/resources/efficiencies/new": ["sltCoo"],
  "/departments/[slug]/resources/efficiencies/[id]/edit": ["sltCoo"],
  // Issue 17: API tokens
  // The administrator chooses among every department's units; COO's SLT among COO's.
  "/admin/api-tokens": ["admin", "sltCoo"],
  // Issue 17: the API's documentation (public; the same page for everyone)
  "/api/v1/docs": ["anonymous"],
};

/** The published report pages are long (every measure with its chart and table): axe takes a while on them. */
// Per worker: one signed-in browser context per role (its cache warm from one page to the next),
// and the demo ids looked up once.
const contexts = new Map<Role, Promise<BrowserContext>>();
let targets: Promise<Targets> | undefined;

function contextAs(browser: Browser, role: Role): Promise<BrowserContext> {
  let context = contexts.get(role);
  if (!context) {
    context = (async () => {
      const created = await browser.newContext();
      const email = ROLE_ACCOUNTS[role];
      if (email) {
        const page = await created.newPage();
        await signIn(page, email);
        await page.close();
      }
      return created;
    })();
    contexts.set(role, context);
  }
  return context;
}

/** A new page signed in as the role (none for the anonymous visitor). */
async function pageAs(browser: Browser, role: Role, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await contextAs(browser, role)).newPage();
  if (viewport) await page.setViewportSize(viewport);
  return page;
}

function demoTargets(browser: Browser): Promise<Targets> {
  targets ??= (async () => {
    const page = await pageAs(browser, "admin");
    const resolved = await resolveTargets(page);
    await page.close();
    return resolved;
  })();
  return targets;
}

/** The page's URL with the demo ids filled in. */
async function urlOf(browser: Browser, pattern: string): Promise<string> {
  const row = PAGES[pattern];
  if (!row) throw new Error(`no row for ${pattern} in tests/security/access-matrix.ts`);
  return row.path(await demoTargets(browser));
}

async function open(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  // The first: a managed report's page also has the report's own title in its preview.
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
}

test.describe("accessibility (axe-core)", () => {
  // axe on a long page (the initiatives list, a report, a survey link) takes tens of seconds on a busy
  // 2-core machine: room for every page, since none of these checks is about speed.
  test.describe.configure({ timeout: 150_000 });
  test.afterAll(async () => {
    for (const context of contexts.values()) await (await context).close();
    contexts.clear();
  });

  test("every page of the app has a row here, with roles that may open it", () => {
    const pages = [...discoverRoutes()].filter(([, file]) => /[/\\]page\.\w+$/.test(file)).map(([pattern]) => pattern);
    expect(pages.filter((p) => !(p in CHECK_AS)), "pages without a row in CHECK_AS").toEqual([]);
    expect(Object.keys(CHECK_AS).filter((p) => !pages.includes(p)), "rows of CHECK_AS naming no page").toEqual([]);
    const refused = Object.entries(CHECK_AS).flatMap(([p, roles]) => roles.filter((r) => !PAGES[p] || expectedOutcome(PAGES[p], r) !== "ok").map((r) => `${p} as ${r}`));
    expect(refused, "roles the access matrix does not let in").toEqual([]);
  });

  for (const [pattern, roles] of Object.entries(CHECK_AS)) {
    for (const role of roles) {
      test(`${pattern} as ${role}`, async ({ browser }) => {
        const page = await pageAs(browser, role);
        await open(page, await urlOf(browser, pattern));
        await expectNoViolations(page);
        await page.close();
      });
    }
  }

  test("a refused form: the new-risk form submitted empty", async ({ browser }) => {
    const page = await pageAs(browser, "leadMd");
    await open(page, "/risks/new");
    await page.getByRole("button", { name: "Add risk" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields" });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link").first()).toBeVisible();
    await expect(page.getByLabel("Title", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expectNoViolations(page);
    await page.close();
  });

  test("a refused form: the public survey sent unanswered", async ({ browser }) => {
    const page = await pageAs(browser, "anonymous");
    await open(page, "/feedback/demo-customer-services");
    await page.getByRole("button", { name: "Send my answers" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeFocused();
    await expectNoViolations(page);
    await page.close();
  });

  const PHONE = { width: 390, height: 844 };
  const phonePages: [Role, string][] = [
    ["sltCoo", "/dashboard"],
    ["leadMd", "/entry"],
    ["anonymous", "/reports/[department]/[quarter]"],
    // Issue 17: wide tables scroll in their own regions; code and examples wrap.
    ["anonymous", "/api/v1/docs"],
  ];
  for (const [role, pattern] of phonePages) {
    test(`phone width (390 px): ${pattern} as ${role}`, async ({ browser }) => {
      const page = await pageAs(browser, role, PHONE);
      await open(page, await urlOf(browser, pattern));
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(PHONE.width);
      await expectNoViolations(page);
      await page.close();
    });
  }
});
