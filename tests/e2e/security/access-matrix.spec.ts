import { expect, test, type APIResponse, type Browser } from "@playwright/test";
import { expectedOutcome, PAGES, ROLE_ACCOUNTS, ROLES, type Outcome, type Role, type Targets } from "../../security/access-matrix";
import { discoverRoutes } from "../../security/discover";
import { signIn } from "../support";
import { resolveTargets } from "./targets";

/*
 * The page half of the authorization matrix (tests/security/access-matrix.ts): every page and route
 * handler of the app, requested over HTTP against the production build as every role. Reads only.
 */

const routes = discoverRoutes();

test("every page and route handler has a row in the matrix, and every row a route", () => {
  const missing = [...routes.keys()].filter((r) => !(r in PAGES));
  const stale = Object.keys(PAGES).filter((r) => !routes.has(r));
  expect(missing, "routes without a row in tests/security/access-matrix.ts").toEqual([]);
  expect(stale, "rows of tests/security/access-matrix.ts naming no route").toEqual([]);
});

test.describe("every role", () => {
let targets: Targets;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ROLE_ACCOUNTS.admin!);
  targets = await resolveTargets(page);
  await context.close();
});

/** A browser context signed in as the role (none for the anonymous visitor). */
async function contextAs(browser: Browser, role: Role) {
  const context = await browser.newContext();
  const email = ROLE_ACCOUNTS[role];
  if (email) await signIn(await context.newPage(), email);
  return context;
}

/** What happened, in the words of the table. */
function describe(res: APIResponse): string {
  const location = res.headers()["location"];
  return location ? `${res.status()} → ${location}` : String(res.status());
}

function matches(expected: Outcome, res: APIResponse, isPage: boolean, role: Role): boolean {
  const status = res.status();
  const location = res.headers()["location"] ?? "";
  if (expected === "ok") return status === 200;
  if (expected === "denied") {
    if (!isPage) return [401, 403, 404].includes(status);
    // Pages: the anonymous visitor is sent to sign in; a signed-in user is told "not found".
    return role === "anonymous" ? status >= 300 && status < 400 && /^\/login\?callbackUrl=/.test(location) : status === 404;
  }
  return status >= 300 && status < 400 && expected.redirect.test(location);
}

for (const role of ROLES) {
  test(`as ${role}: every page and route answers as the matrix says`, async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await contextAs(browser, role);
    const wrong: string[] = [];
    for (const [pattern, row] of Object.entries(PAGES)) {
      const file = routes.get(pattern);
      if (!file) continue; // reported by the first test
      const url = row.path(targets);
      const expected = expectedOutcome(row, role);
      const res = await context.request.get(url, { maxRedirects: 0 });
      const isPage = /page\.\w+$/.test(file);
      if (!matches(expected, res, isPage, role)) {
        const want = typeof expected === "string" ? expected : `redirect ${expected.redirect}`;
        wrong.push(`${url} (${pattern}): expected ${want}, got ${describe(res)}`);
      }
    }
    await context.close();
    expect(wrong, `answers that differ from tests/security/access-matrix.ts for ${role}`).toEqual([]);
  });
}
});
