/**
 * Server-side paging for every list: the page and sort travel in the URL (`?page=3&sort=title`),
 * so that a list can be shared and the back button works. Pure.
 */

/** Rows a list page shows at most. Large enough to scan, small enough that HTML stays bounded. */
export const PAGE_SIZE = 50;

type Params = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The requested page number from `?page=`, 1 for anything missing or malformed (never an error page). */
export function requestedPage(params: Params): number {
  const raw = first(params.page) ?? "";
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1;
}

/** One of `allowed` from `?<key>=`, or the fallback: a sort key never reaches SQL unchecked. */
export function oneOf<T extends string>(params: Params, key: string, allowed: readonly T[], fallback: T): T {
  const raw = first(params[key]);
  return (allowed as readonly string[]).includes(raw ?? "") ? (raw as T) : fallback;
}

export interface PageWindow {
  page: number;
  pages: number;
  total: number;
  offset: number;
  limit: number;
  /** 1-based positions of the first and last row shown (0 and 0 when there is none). */
  from: number;
  to: number;
}

/** The page actually shown: a page past the end shows the last page. */
export function pageWindow(total: number, requested: number, size = PAGE_SIZE): PageWindow {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pages);
  const offset = (page - 1) * size;
  return {
    page,
    pages,
    total,
    offset,
    limit: size,
    from: total === 0 ? 0 : offset + 1,
    to: Math.min(total, offset + size),
  };
}

/**
 * The href of `page` for a list at `path` with `query` (its other URL state). Page 1 is left out so
 * that the canonical URL of a list has no `page`.
 */
export function pageHref(path: string, query: Record<string, string | number | null | undefined | false>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === false || v === "" || k === "page") continue;
    q.set(k, String(v));
  }
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
