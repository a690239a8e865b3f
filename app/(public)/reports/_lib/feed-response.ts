import "server-only";
import { publicBaseUrl } from "@/lib/feedback/base-url";
import { documentEtag, etagMatches, REVALIDATE_EVERY_TIME } from "@/lib/reports/etag";
import { ATOM_CONTENT_TYPE, reportFeedXml } from "@/lib/reports/feed";
import { listFeedRevisions } from "@/lib/reports/queries";

/*
 * The Atom feeds (`/reports/feed.xml`, `/reports/<department>/feed.xml`), read per request like the
 * report pages, with no session: one bounded query, so a revision is in every instance's feed as
 * soon as it is published. Feed readers poll: they get 304 without a body while nothing has changed
 * (If-None-Match on the document's digest, or If-Modified-Since on its newest entry).
 */

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

const notFound = () =>
  new Response("No published reports at this address.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/** Whether an If-Modified-Since header (an HTTP date, to the second) is at or after `lastModified`. */
function notModifiedSince(ifModifiedSince: string | null, lastModified: Date): boolean {
  if (!ifModifiedSince) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/**
 * The feed of every department's reports (`departmentSlug` null) or of one department's: 404 for
 * a department that does not exist or has published nothing (no more is public about it).
 */
export async function feedResponse(request: Request, departmentSlug: string | null): Promise<Response> {
  if (departmentSlug !== null && !SLUG.test(departmentSlug)) return notFound();
  const entries = await listFeedRevisions(departmentSlug);
  const first = entries[0];
  if (departmentSlug !== null && !first) return notFound();
  const body = reportFeedXml({ baseUrl: publicBaseUrl(), department: first && departmentSlug !== null ? { slug: departmentSlug, name: first.departmentName } : null, entries });

  const etag = documentEtag(body);
  const lastModified = first ? new Date(first.publishedAt) : null;
  const validators: Record<string, string> = { ETag: etag, "Cache-Control": REVALIDATE_EVERY_TIME, ...(lastModified ? { "Last-Modified": lastModified.toUTCString() } : {}) };
  // RFC 9110 §13.2.2: If-Modified-Since only counts when there is no If-None-Match.
  const ifNoneMatch = request.headers.get("if-none-match");
  const unchanged = ifNoneMatch !== null ? etagMatches(ifNoneMatch, etag) : lastModified !== null && notModifiedSince(request.headers.get("if-modified-since"), lastModified);
  if (unchanged) return new Response(null, { status: 304, headers: validators });
  return new Response(body, { headers: { ...validators, "Content-Type": ATOM_CONTENT_TYPE } });
}
