/**
 * Cache tags of the published report pages. Publishing (or correcting) a report revalidates its
 * tag and the list's, so the cached public pages change exactly when a revision is published.
 */
export const PUBLISHED_REPORTS_TAG = "published-reports";

/** The tag of one report's public pages and downloads, e.g. "report:coo:2026-q3". */
export const reportCacheTag = (departmentSlug: string, quarterSlug: string) => `report:${departmentSlug}:${quarterSlug}`;
