import { createHash } from "node:crypto";

/**
 * HTTP validators of the public report downloads (pure; unit tested). A download is a function of
 * the revisions it is made of, which never change, and of the code that formats them, which changes
 * with a deploy: so its entity tag is the revision ids plus the build. Any instance computes the same
 * tag from the same database and build, and a new revision gives a new tag at once.
 */

/** Set at build time by next.config.ts (the same value on every instance running one build); "dev" elsewhere. */
export const BUILD_ID = process.env.BASELINE_BUILD_ID ?? "dev";

/** `"rev-12.<build>"` for one revision; a digest of the ordered ids for several (the cross-government report). */
export function revisionEtag(revisionIds: readonly number[], build: string = BUILD_ID): string {
  if (revisionIds.length === 1) return `"rev-${revisionIds[0]}.${build}"`;
  const digest = createHash("sha256").update(revisionIds.join(",")).digest("base64url").slice(0, 22);
  return `"revs-${revisionIds.length}-${digest}.${build}"`;
}

/**
 * `"doc-<digest>"`, the tag of a document that is more than its revisions (an Atom feed also
 * carries department names and the site's address): a digest of its bytes, so any change shows.
 */
export function documentEtag(body: string): string {
  return `"doc-${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
}

/**
 * Whether an If-None-Match header matches `etag` (RFC 9110 §13.1.2: weak comparison, a list of
 * tags, or "*" for any current representation).
 */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || opaque(t) === opaque(etag));
}

/**
 * Caches (browsers, a CDN) may keep a download but must ask again before each use: with the ETag
 * the answer is a 304 without a body while the revision is current, and the new file at once when
 * a revision is published.
 */
export const REVALIDATE_EVERY_TIME = "public, max-age=0, must-revalidate";
