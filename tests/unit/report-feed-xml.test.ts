import { describe, expect, it } from "vitest";
import { documentEtag } from "@/lib/reports/etag";
import { entrySummary, entryTitle, feedPath, reportFeedXml, revisionPath, textAsHtml } from "@/lib/reports/feed";
import type { FeedRevision } from "@/lib/reports/queries";

const first: FeedRevision = {
  departmentSlug: "coo",
  departmentName: "Chief Operating Office",
  departmentShortName: "COO",
  year: 2026,
  quarter: 3,
  revision: 1,
  publishedAt: "2026-10-20T09:00:00.000Z",
  correctionNote: null,
};
const correction: FeedRevision = { ...first, revision: 2, publishedAt: "2026-11-02T15:30:00.000Z", correctionNote: "The CSAT figure for August was corrected." };

/** The text of each `<tag>` in the document, CDATA unwrapped. */
const texts = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}[^>]*>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${tag}>`, "g"))].map((m) => m[1]);

describe("entries", () => {
  it("title a first publication and a correction by the department's short name and the quarter", () => {
    expect(entryTitle(first)).toBe("COO: Q3 2026 report published");
    expect(entryTitle(correction)).toBe("COO: Q3 2026 report corrected (revision 2)");
  });

  it("summarise a correction by its note, a first publication in one line", () => {
    expect(entrySummary(correction)).toBe("The CSAT figure for August was corrected.");
    expect(entrySummary(first)).toBe("Chief Operating Office quarterly performance report for Q3 2026 (July to September 2026), as first published.");
  });

  it("link each revision at its own address, and each feed at its", () => {
    expect(revisionPath(correction)).toBe("/reports/coo/2026-q3/revisions/2");
    expect(feedPath(null)).toBe("/reports/feed.xml");
    expect(feedPath("coo")).toBe("/reports/coo/feed.xml");
  });
});

describe("textAsHtml", () => {
  it("escapes markup so that a note reads as written, keeps line breaks and drops what XML cannot carry", () => {
    expect(textAsHtml(`<script>alert("x")</script> & ]]>`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;");
    expect(textAsHtml("one\r\ntwo\nthree")).toBe("one<br>two<br>three");
    expect(textAsHtml("a\u0000b\u0008c\uFFFEd\uD800e")).toBe("abcde");
    expect(textAsHtml("Ça coûte 5 € 😀")).toBe("Ça coûte 5 € 😀");
  });
});

describe("reportFeedXml", () => {
  const xml = reportFeedXml({ baseUrl: "https://performance.gov.je/", department: { slug: "coo", name: "Chief Operating Office" }, entries: [correction, first] });

  it("is an Atom 1.0 document with absolute addresses on the site's base URL", () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(texts(xml, "id")).toEqual([
      "https://performance.gov.je/reports/coo/feed.xml",
      "https://performance.gov.je/reports/coo/2026-q3/revisions/2",
      "https://performance.gov.je/reports/coo/2026-q3/revisions/1",
    ]);
    expect(xml).toContain('<link rel="self" href="https://performance.gov.je/reports/coo/feed.xml"/>');
    expect(xml).toContain('<link rel="alternate" href="https://performance.gov.je/reports?department=coo"/>');
    expect(xml).toContain('<link href="https://performance.gov.je/reports/coo/2026-q3/revisions/2"/>');
  });

  it("keeps the entries' order, each updated at its publication, the feed at the newest", () => {
    expect(texts(xml, "title").slice(1)).toEqual(["COO: Q3 2026 report corrected (revision 2)", "COO: Q3 2026 report published"]);
    expect(texts(xml, "updated")).toEqual(["2026-11-02T15:30:00.000Z", "2026-11-02T15:30:00.000Z", "2026-10-20T09:00:00.000Z"]);
    expect(texts(xml, "summary")[0]).toBe("The CSAT figure for August was corrected.");
    expect(texts(xml, "name")).toEqual(["Government of Jersey", "Chief Operating Office", "Chief Operating Office"]);
  });

  it("escapes names in the XML itself", () => {
    const amp = reportFeedXml({ baseUrl: "http://localhost:3000", department: null, entries: [{ ...first, departmentName: "People & <Corporate>", departmentShortName: "P&CS" }] });
    expect(amp).toContain("<name>People &amp; &lt;Corporate&gt;</name>");
    expect(amp).toContain("<![CDATA[P&amp;CS: Q3 2026 report published]]>");
  });

  it("is the same document, so the same ETag, until something is published; an empty feed too", () => {
    const again = reportFeedXml({ baseUrl: "https://performance.gov.je/", department: { slug: "coo", name: "Chief Operating Office" }, entries: [correction, first] });
    expect(documentEtag(again)).toBe(documentEtag(xml));
    expect(documentEtag(reportFeedXml({ baseUrl: "https://performance.gov.je", department: { slug: "coo", name: "Chief Operating Office" }, entries: [first] }))).not.toBe(documentEtag(xml));
    const empty = () => reportFeedXml({ baseUrl: "http://localhost:3000", department: null, entries: [] });
    expect(empty()).not.toContain("<entry>");
    expect(empty()).toBe(empty());
    expect(documentEtag(xml)).toMatch(/^"doc-[A-Za-z0-9_-]{22}"$/);
  });
});
