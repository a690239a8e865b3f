/**
 * A list's text search (`?q=`), as it travels in the URL and reaches SQL. Pure.
 */

/** Longest search kept: a reference or a few words of a title, never a page of text in a query. */
export const SEARCH_MAX = 100;

type Params = Record<string, string | string[] | undefined>;

/** The search text from `?<key>=`, trimmed and cut to SEARCH_MAX characters; "" when there is none. */
export function searchText(params: Params, key = "q"): string {
  const raw = params[key];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return (v ?? "").trim().slice(0, SEARCH_MAX);
}

/**
 * The ILIKE pattern for "contains `text`": its own `%`, `_` and `\` match literally (backslash is
 * ILIKE's default escape), so that "50%" finds "50%" and not every title with "50" in it.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
