/**
 * Free-text search in a list's URL (`?q=`): the page reads the text, the query turns it into an
 * ILIKE pattern whose wildcards are the user's own characters, never SQL's.
 */
import { sql, type SQL } from "drizzle-orm";

/** Longest search text kept: a title is shorter, and a longer one is a mistake or an attack. */
export const SEARCH_MAX = 100;

type Params = Record<string, string | string[] | undefined>;

/** The search text from `?<key>=`, trimmed with runs of spaces made one; "" when missing. */
export function searchText(params: Params, key = "q"): string {
  const raw = params[key];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return (v ?? "").replace(/\s+/g, " ").trim().slice(0, SEARCH_MAX);
}

/**
 * An ILIKE pattern matching text that contains `text` literally: `%`, `_` and `\` are escaped with
 * Postgres's default LIKE escape character (backslash), so "50%" finds "50%", not "50 anything".
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column` contains `text` (containsPattern), case-insensitively; true when `text` is empty. */
export function containsSql(column: SQL, text: string): SQL {
  if (text === "") return sql`true`;
  return sql`(${column} ilike ${containsPattern(text)})`;
}
