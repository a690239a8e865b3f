/**
 * The Atom feeds of published reports (pure; unit-tested): each published revision is an entry,
 * a report's first publication or a correction with its note, so that PAC clerks, journalists and
 * anyone following a department learn of a correction without checking the report by hand. The
 * XML is written by the `feed` package; this module decides what goes in it.
 */
import { Feed } from "feed";
import { quarterMonths, quarterName, quarterSlug } from "./content";
import type { FeedRevision } from "./queries";

/** The Content-Type of a feed (RFC 4287 §7). */
export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

/** Where a feed lives: every department's reports (null) or one department's (its slug). */
export const feedPath = (departmentSlug: string | null) => (departmentSlug === null ? "/reports/feed.xml" : `/reports/${departmentSlug}/feed.xml`);

/** A revision's own address, which never shows another content: the entry's link and its id. */
export const revisionPath = (r: Pick<FeedRevision, "departmentSlug" | "year" | "quarter" | "revision">) => `/reports/${r.departmentSlug}/${quarterSlug(r)}/revisions/${r.revision}`;

/** "COO: Q3 2026 report published", or "COO: Q3 2026 report corrected (revision 2)". */
export function entryTitle(r: FeedRevision): string {
  const what = r.revision === 1 ? "published" : `corrected (revision ${r.revision})`;
  return `${r.departmentShortName}: ${quarterName(r)} report ${what}`;
}

/** The correction note, or a one-line summary of a first publication. */
export function entrySummary(r: FeedRevision): string {
  if (r.revision > 1 && r.correctionNote?.trim()) return r.correctionNote.trim();
  return r.revision === 1
    ? `${r.departmentName} quarterly performance report for ${quarterName(r)} (${quarterMonths(r)}), as first published.`
    : `${r.departmentName} quarterly performance report for ${quarterName(r)}, revision ${r.revision}.`;
}

// Characters XML 1.0 cannot carry at all (control characters, lone surrogates): a pasted note must not make the feed unreadable.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Plain text as the HTML the `feed` package declares its titles and summaries to be (type="html"):
 * escaped, so that a note reads as written and never as markup; its line breaks kept.
 */
export function textAsHtml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r?\n/g, "<br>");
}

const clean = (text: string) => text.replace(NOT_XML, "");

export interface ReportFeedInput {
  /** The site's public address ("https://baseline.gov.je"), never the request's Host: lib/feedback/base-url.ts. */
  baseUrl: string;
  /** The department of a department's feed; null for every department's. */
  department: { slug: string; name: string } | null;
  /** Newest first, as listFeedRevisions gives them. */
  entries: FeedRevision[];
}

/**
 * The Atom 1.0 document of a feed. Its `updated` is the newest entry's publication (a feed with no
 * entry yet says 1 January 1970 rather than the time of the request, so that it stays the same
 * document, with the same ETag, until something is published).
 */
export function reportFeedXml({ baseUrl, department, entries }: ReportFeedInput): string {
  const base = baseUrl.replace(/\/+$/, "");
  const self = `${base}${feedPath(department?.slug ?? null)}`;
  const newest = entries[0];
  const feed = new Feed({
    id: self,
    title: clean(department ? `${department.name}: published performance reports` : "Published performance reports"),
    description: clean(
      department
        ? `${department.name}: each quarterly performance report as it is published, and each correction with its note.`
        : "Each quarterly performance report as a department publishes it, and each correction with its note.",
    ),
    link: department ? `${base}/reports?department=${encodeURIComponent(department.slug)}` : `${base}/reports`,
    feedLinks: { atom: self },
    updated: newest ? new Date(newest.publishedAt) : new Date(0),
    generator: "Baseline",
    language: "en-GB",
    author: { name: "Government of Jersey" },
  });
  for (const r of entries) {
    const url = `${base}${revisionPath(r)}`;
    const at = new Date(r.publishedAt);
    feed.addItem({
      id: url,
      link: url,
      title: textAsHtml(entryTitle(r)),
      description: textAsHtml(entrySummary(r)),
      date: at,
      published: at,
      author: [{ name: clean(r.departmentName), link: `${base}/reports?department=${encodeURIComponent(r.departmentSlug)}` }],
    });
  }
  return feed.atom1();
}
