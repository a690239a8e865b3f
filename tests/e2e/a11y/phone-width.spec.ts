import { expect, test, type Page } from "@playwright/test";
import type { Role, Targets } from "../../security/access-matrix";
import { CHECK_AS, openPage, roleSessions } from "./pages";

/*
 * Every page at 390 px wide (a phone) scrolls up and down only: nothing makes the page itself wider
 * than the screen (document.documentElement.scrollWidth ≤ the viewport); a wide table scrolls in its
 * own region. Every page of CHECK_AS (./pages.ts), as each role listed there, so that a new page is
 * checked as soon as axe.spec.ts makes it add its row. Reads only.
 */

const PHONE = { width: 390, height: 844 };

// Per worker: one signed-in phone-sized browser context per role, and the demo ids looked up once.
const sessions = roleSessions({ viewport: PHONE });

/** Views that CHECK_AS's roles and addresses do not reach, whose layout differs on a phone. */
const MORE_VIEWS: { what: string; role: Role; url: (t: Targets) => string }[] = [
  // Issue 19: the tracker of every department (one card per department), and a unit's month opened.
  { what: "/entry/status, every department", role: "viewer", url: () => "/entry/status" },
  { what: "/entry/status, a unit's month", role: "leadMd", url: (t) => `/entry/status?unit=${t.unitMd}&month=${t.month}` },
];

/** The page's width, and what sticks out past the screen's right edge when it is too wide. */
async function widthOf(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  // Charts and other client islands are drawn after the page loads.
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth;
    const culprits: string[] = [];
    const name = (el: Element) => {
      const classes = [...el.classList].slice(0, 4).join(".");
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 60);
      return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${classes ? `.${classes}` : ""}> "${text}" (right edge ${Math.round(el.getBoundingClientRect().right)} px)`;
    };
    // The outermost elements past the edge; nothing inside a region that scrolls or clips sideways.
    const walk = (parent: Element) => {
      for (const el of parent.children) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > edge + 0.5) culprits.push(name(el));
        else if (getComputedStyle(el).overflowX === "visible") walk(el);
      }
    };
    walk(document.body);
    return { scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5) };
  });
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, culprits } = await widthOf(page);
  expect(scrollWidth, `the page is wider than the phone: ${culprits.join("; ") || "(no single element found)"}`).toBeLessThanOrEqual(PHONE.width);
}

test.describe(`phone width (${PHONE.width} px): no sideways scrolling`, () => {
  test.afterAll(() => sessions.closeAll());

  for (const [pattern, roles] of Object.entries(CHECK_AS)) {
    for (const role of roles) {
      test(`${pattern} as ${role}`, async ({ browser }) => {
        const page = await sessions.pageAs(browser, role);
        await openPage(page, await sessions.urlOf(browser, pattern));
        await expectNoSidewaysScroll(page);
        await page.close();
      });
    }
  }

  for (const view of MORE_VIEWS) {
    test(`${view.what} as ${view.role}`, async ({ browser }) => {
      const page = await sessions.pageAs(browser, view.role);
      await openPage(page, view.url(await sessions.targets(browser)));
      await expectNoSidewaysScroll(page);
      await page.close();
    });
  }
});
