import type { Metadata } from "next";
import { feedPath } from "@/lib/reports/feed";

/**
 * The <link rel="alternate" type="application/atom+xml"> of a public report page, by which feed
 * readers and browsers find its feeds: the department's first when the page is one of its reports,
 * then every department's.
 */
export function feedAlternates(department: { slug: string; name: string } | null): NonNullable<Metadata["alternates"]> {
  const all = { url: feedPath(null), title: "Published performance reports (Atom feed)" };
  const own = department ? [{ url: feedPath(department.slug), title: `${department.name}: published performance reports (Atom feed)` }] : [];
  return { types: { "application/atom+xml": [...own, all] } };
}
