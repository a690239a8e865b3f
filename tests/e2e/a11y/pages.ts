import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { PAGES, ROLE_ACCOUNTS, type Role, type Targets } from "../../security/access-matrix";
import { resolveTargets } from "../security/targets";
import { signIn } from "../support";

/*
 * The pages every page-wide check opens (axe, the phone width), with the roles to open them as, and
 * the signed-in browsers to open them in. Not a spec file: Playwright refuses a spec that imports
 * another.
 */

/**
 * Who to check each page as (axe.spec.ts, phone-width.spec.ts). Where roles see different controls,
 * the role that sees the most (an editor's page has the reader's content and the forms too); a
 * second role where the views differ otherwise (what is listed, a read-only variant). Each role must
 * be one that the access matrix (tests/security/access-matrix.ts) lets in, and every page of the app
 * has a row, so a new page fails axe.spec.ts's first test until it is added here.
 */
export const CHECK_AS: Record<string, readonly Role[]> = {
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

/**
 * Per spec file and worker: one signed-in browser context per role (its cache warm from one page to
 * the next, `options` such as a phone's viewport applying to all its pages), and the demo ids looked
 * up once. Close them in the file's afterAll.
 */
export function roleSessions(options: BrowserContextOptions = {}) {
  const contexts = new Map<Role, Promise<BrowserContext>>();
  let targets: Promise<Targets> | undefined;

  function contextAs(browser: Browser, role: Role): Promise<BrowserContext> {
    let context = contexts.get(role);
    if (!context) {
      context = (async () => {
        const created = await browser.newContext(options);
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

  async function closeAll() {
    for (const context of contexts.values()) await (await context).close();
    contexts.clear();
    targets = undefined;
  }

  return { pageAs, urlOf, targets: demoTargets, closeAll };
}

/** Opens `url`, which must answer 200 with its page's heading. */
export async function openPage(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  // The first: a managed report's page also has the report's own title in its preview.
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
}
