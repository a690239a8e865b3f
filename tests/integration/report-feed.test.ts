import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as departmentFeedGet } from "@/app/(public)/reports/[department]/feed.xml/route";
import { GET as feedGet } from "@/app/(public)/reports/feed.xml/route";
import { orgUnits, reportRevisions, reports, users } from "@/db/schema";
import { publicBaseUrl } from "@/lib/feedback/base-url";
import { lastCompletedQuarter, quarterSlug } from "@/lib/reports/content";
import { FEED_ENTRIES, listFeedRevisions } from "@/lib/reports/queries";
import { countQueries, setUpTestDb } from "../support/harness";

/*
 * Issue 17 part 4: the Atom feeds of published reports. Each published revision is an entry (a
 * first publication, or a correction with its note), newest first, bounded; drafts, reports
 * awaiting approval and corrections still in progress are never in a feed, and a department's feed
 * holds its own reports only. Fixtures are 2005's quarters, which no other test file uses, published
 * minutes ago so that they are the newest entries; they are removed afterwards.
 */

const { db } = setUpTestDb();
const seeded = quarterSlug(lastCompletedQuarter(new Date())); // published by coo and cls in the demo data
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const NOTE = "The Q1 2005 figure for incident resolution was corrected.";

const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });
const department = (slug: string) => ({ params: Promise.resolve({ department: slug }) });

interface Entry {
  id: string;
  title: string;
  updated: string;
  summary: string;
  author: string;
}

/** The text of a tag in an XML fragment, CDATA unwrapped. */
function text(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}[^>]*>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${tag}>`).exec(xml);
  return m?.[1] ?? "";
}

/**
 * A tolerant parse, without an XML package: the document must be well formed (every element closed
 * in order, CDATA aside) with an Atom <feed> at its root; its entries are read with a regex.
 */
function parseFeed(xml: string): { root: string; entries: Entry[] } {
  expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  const stack: string[] = [];
  for (const [, close, name, selfClose] of xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "").replace(/<\?[\s\S]*?\?>/g, "").matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    if (selfClose) continue;
    if (close) expect(stack.pop(), `</${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  const entries = [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map(([, e]) => ({
    id: text(e!, "id"),
    title: text(e!, "title"),
    updated: text(e!, "updated"),
    summary: text(e!, "summary"),
    author: text(e!, "name"),
  }));
  return { root: text(xml, "feed"), entries };
}

async function readFeed(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
  return parseFeed(await res.text());
}

const revisionUrl = (slug: string, q: string, n: number) => `${publicBaseUrl()}/reports/${slug}/${q}/revisions/${n}`;

beforeAll(async () => {
  const depts = await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits).where(eq(orgUnits.kind, "department"));
  const cooId = depts.find((d) => d.slug === "coo")!.id;
  const clsId = depts.find((d) => d.slug === "cls")!.id;
  const by = (await db.select({ id: users.id }).from(users).where(eq(users.email, "slt.coo@baseline.test")))[0]!.id;
  const [{ content }] = (await db.select({ content: reportRevisions.content }).from(reportRevisions).limit(1)) as [{ content: unknown }];

  await db.transaction(async (tx) => {
    // COO Q1 2005: published, then corrected.
    const [q1] = await tx.insert(reports).values({ departmentId: cooId, year: 2005, quarter: 1, status: "published" }).returning({ id: reports.id });
    // COO Q3 2005: published, then reopened for a correction that is still a draft.
    const [q3] = await tx.insert(reports).values({ departmentId: cooId, year: 2005, quarter: 3, status: "draft", introduction: "SECRET DRAFT WORDING" }).returning({ id: reports.id });
    // CLS Q1 2005: published.
    const [cls] = await tx.insert(reports).values({ departmentId: clsId, year: 2005, quarter: 1, status: "published" }).returning({ id: reports.id });
    await tx.insert(reportRevisions).values([
      { reportId: q1!.id, revision: 1, content, publishedById: by, publishedAt: minutesAgo(5) },
      { reportId: q3!.id, revision: 1, content, publishedById: by, publishedAt: minutesAgo(4) },
      { reportId: q1!.id, revision: 2, content, correctionNote: NOTE, publishedById: by, publishedAt: minutesAgo(3) },
      { reportId: cls!.id, revision: 1, content, publishedById: by, publishedAt: minutesAgo(2) },
    ]);
    // Never published: a draft, a report awaiting approval and an approved one.
    await tx.insert(reports).values([
      { departmentId: cooId, year: 2005, quarter: 2, status: "draft", introduction: "SECRET DRAFT WORDING" },
      { departmentId: cooId, year: 2005, quarter: 4, status: "submitted", introduction: "SECRET DRAFT WORDING" },
      { departmentId: clsId, year: 2005, quarter: 2, status: "approved", introduction: "SECRET DRAFT WORDING" },
    ]);
  });
});

afterAll(async () => {
  // Revisions are append-only (a trigger refuses deletes); replica mode skips triggers for this cleanup only.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    const ids = (await tx.select({ id: reports.id }).from(reports).where(sql`${reports.year} = 2005`)).map((r) => r.id);
    if (ids.length === 0) return;
    await tx.delete(reportRevisions).where(inArray(reportRevisions.reportId, ids));
    await tx.delete(reports).where(inArray(reports.id, ids));
  });
});

describe("the feed of every department's reports", () => {
  it("is Atom with an entry per published revision, corrections with their note, newest first", async () => {
    const { entries } = await readFeed(await feedGet(get("/reports/feed.xml")));
    // Other test files publish while this one runs: the fixtures are read among whatever else is newest.
    const fixtures = entries.filter((e) => e.id.includes("/2005-q"));
    expect(fixtures.map((e) => ({ id: e.id, title: e.title, summary: e.summary, author: e.author }))).toEqual([
      { id: revisionUrl("cls", "2005-q1", 1), title: "CLS: Q1 2005 report published", summary: "Customer and Local Services quarterly performance report for Q1 2005 (January to March 2005), as first published.", author: "Customer and Local Services" },
      { id: revisionUrl("coo", "2005-q1", 2), title: "COO: Q1 2005 report corrected (revision 2)", summary: NOTE, author: "Chief Operating Office" },
      { id: revisionUrl("coo", "2005-q3", 1), title: "COO: Q3 2005 report published", summary: "Chief Operating Office quarterly performance report for Q3 2005 (July to September 2005), as first published.", author: "Chief Operating Office" },
      { id: revisionUrl("coo", "2005-q1", 1), title: "COO: Q1 2005 report published", summary: "Chief Operating Office quarterly performance report for Q1 2005 (January to March 2005), as first published.", author: "Chief Operating Office" },
    ]);
    // Each entry is updated at its publication (an ISO time, here a few minutes ago).
    for (const [i, n] of [2, 3, 4, 5].entries()) expect(Math.abs(Date.parse(fixtures[i]!.updated) - minutesAgo(n).getTime())).toBeLessThan(60_000);
    // The demo data's publications are there too, and the whole feed runs newest first.
    const ids = entries.map((e) => e.id);
    expect(ids).toContain(revisionUrl("coo", seeded, 1));
    expect(ids).toContain(revisionUrl("cls", seeded, 1));
    const times = entries.map((e) => Date.parse(e.updated));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(entries.length).toBeLessThanOrEqual(FEED_ENTRIES);
  });

  it("leaves out drafts, reports awaiting approval and corrections in progress", async () => {
    const res = await feedGet(get("/reports/feed.xml"));
    const body = await res.clone().text();
    const ids = (await readFeed(res)).entries.map((e) => e.id);
    for (const q of ["2005-q2", "2005-q4"]) expect(ids.some((id) => id.includes(`/${q}/`)), q).toBe(false);
    expect(ids).not.toContain(revisionUrl("coo", "2005-q3", 2));
    expect(body).not.toContain("SECRET DRAFT WORDING");
  });

  it("uses the site's configured address, never the request's Host header", async () => {
    const res = await feedGet(new Request("http://attacker.example/reports/feed.xml", { headers: { Host: "attacker.example", "X-Forwarded-Host": "attacker.example" } }));
    const body = await res.text();
    expect(body).not.toContain("attacker.example");
    expect(body).toContain(`<id>${publicBaseUrl()}/reports/feed.xml</id>`);
  });

  it("is read with one query, and holds at most FEED_ENTRIES of the newest revisions", async () => {
    expect(await countQueries(() => feedGet(get("/reports/feed.xml")))).toBe(1);
    // More revisions than a feed holds, in a transaction rolled back afterwards.
    await db
      .transaction(async (tx) => {
        const [{ id: cooId }] = (await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.slug, "coo"))) as [{ id: number }];
        const [{ content }] = (await tx.select({ content: reportRevisions.content }).from(reportRevisions).limit(1)) as [{ content: unknown }];
        const [many] = await tx.insert(reports).values({ departmentId: cooId, year: 2006, quarter: 1, status: "published" }).returning({ id: reports.id });
        await tx.insert(reportRevisions).values(
          Array.from({ length: FEED_ENTRIES + 5 }, (_, i) => ({ reportId: many!.id, revision: i + 1, content, correctionNote: i === 0 ? null : `Correction ${i}`, publishedAt: new Date(Date.now() + 3_600_000 + i * 100) })),
        );
        const listed = await listFeedRevisions(null, tx);
        expect(listed).toHaveLength(FEED_ENTRIES);
        expect(listed[0]).toMatchObject({ departmentSlug: "coo", year: 2006, quarter: 1, revision: FEED_ENTRIES + 5, correctionNote: `Correction ${FEED_ENTRIES + 4}` });
        expect(listed.at(-1)).toMatchObject({ revision: 6 });
        throw new Error("roll back");
      })
      .catch((err: unknown) => {
        if ((err as Error).message !== "roll back") throw err;
      });
  });
});

describe("a department's feed", () => {
  it("holds that department's published revisions only", async () => {
    const coo = (await readFeed(await departmentFeedGet(get("/reports/coo/feed.xml"), department("coo")))).entries;
    expect(coo.filter((e) => e.id.includes("/2005-q")).map((e) => e.id)).toEqual([revisionUrl("coo", "2005-q1", 2), revisionUrl("coo", "2005-q3", 1), revisionUrl("coo", "2005-q1", 1)]);
    expect(coo.map((e) => e.id)).toContain(revisionUrl("coo", seeded, 1));
    expect(coo.every((e) => e.id.startsWith(`${publicBaseUrl()}/reports/coo/`) && e.author === "Chief Operating Office")).toBe(true);

    const res = await departmentFeedGet(get("/reports/cls/feed.xml"), department("cls"));
    const body = await res.clone().text();
    const cls = (await readFeed(res)).entries;
    expect(cls.filter((e) => e.id.includes("/2005-q")).map((e) => e.id)).toEqual([revisionUrl("cls", "2005-q1", 1)]);
    expect(cls.every((e) => e.id.startsWith(`${publicBaseUrl()}/reports/cls/`))).toBe(true);
    expect(body).toContain("<title>Customer and Local Services: published performance reports</title>");
    expect(body).toContain(`<link rel="self" href="${publicBaseUrl()}/reports/cls/feed.xml"/>`);
    expect(await countQueries(() => departmentFeedGet(get("/reports/cls/feed.xml"), department("cls")))).toBe(1);
  });

  it("answers 404, never cached, for a department that does not exist or has published nothing", async () => {
    for (const slug of ["nope", "COO", "coo-", "a".repeat(70), "md"]) {
      const res = await departmentFeedGet(get(`/reports/${slug}/feed.xml`), department(slug));
      expect(res.status, slug).toBe(404);
      expect(res.headers.get("cache-control"), slug).toBe("no-store");
    }
    // A department with only a draft: nothing to list.
    await db
      .transaction(async (tx) => {
        const [d] = await tx.insert(orgUnits).values({ slug: "feed-test-dept", name: "Feed Test Department", shortName: "FTD", kind: "department" }).returning({ id: orgUnits.id });
        await tx.insert(reports).values({ departmentId: d!.id, year: 2005, quarter: 1, status: "approved" });
        expect(await listFeedRevisions("feed-test-dept", tx)).toEqual([]);
        throw new Error("roll back");
      })
      .catch((err: unknown) => {
        if ((err as Error).message !== "roll back") throw err;
      });
  });
});

describe("caching for feed readers", () => {
  it("sends an ETag and Last-Modified, and answers 304 without a body while nothing changed", async () => {
    const first = await feedGet(get("/reports/feed.xml"));
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    expect(etag).toMatch(/^"doc-[A-Za-z0-9_-]{22}"$/);
    expect(first.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    const { entries } = parseFeed(await first.text());
    expect(new Date(lastModified).getTime()).toBe(Math.floor(Date.parse(entries[0]!.updated) / 1000) * 1000);

    for (const headers of [{ "If-None-Match": etag }, { "If-None-Match": `W/${etag}` }, { "If-Modified-Since": lastModified }] as Record<string, string>[]) {
      const res = await feedGet(get("/reports/feed.xml", headers));
      expect(res.status, JSON.stringify(headers)).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
    }
    // A stale tag, or an older date, gets the feed; a stale tag wins over a current date (RFC 9110 §13.2.2).
    const stale: Record<string, string>[] = [
      { "If-None-Match": '"doc-old"' },
      { "If-Modified-Since": new Date(Date.parse(lastModified) - 1000).toUTCString() },
      { "If-None-Match": '"doc-old"', "If-Modified-Since": lastModified },
    ];
    for (const headers of stale) {
      expect((await feedGet(get("/reports/feed.xml", headers))).status, JSON.stringify(headers)).toBe(200);
    }
  });
});
