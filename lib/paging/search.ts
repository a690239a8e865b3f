import { sql, type SQL } from "drizzle-orm";

type Params = Record<string, string | string[] | undefined>;

/** The search text from `?<key>=`: trimmed, at most 100 characters, "" when absent. */
export function searchText(params: Params, key = "q"): string {
  const raw = params[key];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return (v ?? "").trim().slice(0, 100);
}

/**
 * `column` contains `text`, case-insensitively, with `%`, `_` and `\` taken literally (a search for
 * "50%" is not a wildcard). True when `text` is empty.
 */
export function containsSql(column: SQL, text: string): SQL {
  if (text === "") return sql`true`;
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`(${column} ilike ${`%${escaped}%`})`;
}
