/**
 * Free-text search from the URL (`?q=`), shared by the lists that search by name or email. Pure.
 */

type Params = Record<string, string | string[] | undefined>;

/** Longest search kept: a longer one is cut, so a crafted URL cannot send a huge pattern to SQL. */
export const SEARCH_MAX = 100;

/** The trimmed text of `?<key>=` (at most SEARCH_MAX characters), "" when missing. */
export function searchText(params: Params, key = "q"): string {
  const raw = params[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return (value ?? "").trim().slice(0, SEARCH_MAX);
}

/**
 * An ILIKE pattern that finds `text` anywhere. `%`, `_` and `\` are escaped (backslash is ILIKE's
 * default escape character) so that someone searching for "a_b" or "100%" finds exactly that.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
