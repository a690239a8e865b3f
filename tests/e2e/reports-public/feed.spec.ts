import { expect, test, type Page } from "@playwright/test";

/*
 * Issue 17 part 4: the Atom feeds of published reports, found from the public pages (a
 * <link rel="alternate"> for feed readers, a visible "Subscribe (Atom feed)" link for people) and
 * read without signing in. Reads only. The workflow spec (reports-manage/publish-report.spec.ts)
 * checks that a correction reaches COO's feed with its note; CLS's feed is the steady one here.
 */

const now = new Date();
const q = Math.floor(now.getMonth() / 3) + 1;
const last = q === 1 ? { year: now.getFullYear() - 1, quarter: 4 } : { year: now.getFullYear(), quarter: q - 1 };
const lastSlug = `${last.year}-q${last.quarter}`;
const ATOM = "application/atom+xml; charset=utf-8";

/** The hrefs of the page's feed links (in <head> once React has hoisted any streamed metadata), in order. */
const alternates = (page: Page) => page.locator('link[rel="alternate"][type="application/atom+xml"]').evaluateAll((links) => links.map((l) => l.getAttribute("href")));

/** The same, from the HTML as served, for a feed reader that runs no script. */
const servedAlternates = (html: string) =>
  [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]).filter((tag) => tag.includes('rel="alternate"') && tag.includes('type="application/atom+xml"')).map((tag) => /href="([^"]+)"/.exec(tag)?.[1]);

/** The <id> of each entry of a feed. */
const entryIds = (xml: string) => [...xml.matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>/g)].map((m) => m[1]!);

test.describe("Atom feeds of published reports, without signing in", () => {
  test("the reports index offers the feed of every department's reports, which lists both departments' publications", async ({ page }) => {
    const served = await page.goto("/reports");
    expect(servedAlternates(await served!.text())).toEqual(["/reports/feed.xml"]);
    expect(await alternates(page)).toEqual(["/reports/feed.xml"]);
    const feedSection = page.getByTestId("report-feed");
    await expect(feedSection.getByRole("heading", { name: "Find out when a report is published or corrected" })).toBeVisible();
    await expect(feedSection).toContainText("Public Accounts Committee clerks, journalists");
    const subscribe = feedSection.getByRole("link", { name: /^Subscribe \(Atom feed\)/ });
    await expect(subscribe).toBeVisible();
    await expect(subscribe).toHaveAttribute("href", "/reports/feed.xml");

    const res = await page.request.get("/reports/feed.xml");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe(ATOM);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const ids = entryIds(xml);
    // Absolute addresses on the site's own address (NEXTAUTH_URL, which the e2e server sets to its URL).
    const origin = new URL(page.url()).origin;
    expect(ids).toContain(`${origin}/reports/coo/${lastSlug}/revisions/1`);
    expect(ids).toContain(`${origin}/reports/cls/${lastSlug}/revisions/1`);
    expect(xml).toContain(`<![CDATA[CLS: Q${last.quarter} ${last.year} report published]]>`);

    // Filtered by a department, the index offers that department's feed as well.
    await page.goto("/reports?department=cls");
    await expect(page.getByTestId("report-feed").getByRole("link", { name: "Feed of Customer and Local Services reports only" })).toHaveAttribute("href", "/reports/cls/feed.xml");
  });

  test("a department's report page offers its department's feed first, which holds its reports only", async ({ page }) => {
    const served = await page.goto(`/reports/cls/${lastSlug}`);
    expect(servedAlternates(await served!.text())).toEqual(["/reports/cls/feed.xml", "/reports/feed.xml"]);
    expect(await alternates(page)).toEqual(["/reports/cls/feed.xml", "/reports/feed.xml"]);
    const subscribe = page.getByTestId("report-feed").getByRole("link", { name: "Subscribe (Atom feed): Customer and Local Services reports" });
    await expect(subscribe).toHaveAttribute("href", "/reports/cls/feed.xml");
    await expect(page.getByTestId("report-feed").getByRole("link", { name: "Feed of every department’s reports" })).toHaveAttribute("href", "/reports/feed.xml");
    // The earlier revisions' pages offer it too.
    await page.goto(`/reports/cls/${lastSlug}/revisions/1`);
    expect(await alternates(page)).toEqual(["/reports/cls/feed.xml", "/reports/feed.xml"]);

    const res = await page.request.get("/reports/cls/feed.xml");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe(ATOM);
    const ids = entryIds(await res.text());
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(ids.every((id) => new URL(id).pathname.startsWith("/reports/cls/"))).toBe(true);
  });

  test("feed readers get 304 while nothing changed; unknown departments answer 404", async ({ request }) => {
    const first = await request.get("/reports/cls/feed.xml");
    expect(first.status()).toBe(200);
    const etag = first.headers()["etag"]!;
    expect(etag).toMatch(/^"doc-/);
    expect(first.headers()["last-modified"]).toBeTruthy();
    expect(first.headers()["cache-control"]).toBe("public, max-age=0, must-revalidate");
    const again = await request.get("/reports/cls/feed.xml", { headers: { "If-None-Match": etag } });
    expect(again.status()).toBe(304);
    expect((await again.body()).length).toBe(0);

    for (const path of ["/reports/no-such-department/feed.xml", "/reports/COO/feed.xml", "/reports/md/feed.xml"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(404);
      expect(res.headers()["cache-control"], path).toContain("no-store");
    }
  });

  test("the index with its feed section reads on a phone without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/reports");
    await expect(page.getByTestId("report-feed").getByRole("link", { name: /^Subscribe \(Atom feed\)/ })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
