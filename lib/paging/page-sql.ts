import { sql, type SQL } from "drizzle-orm";
import { PAGE_SIZE } from "./page";

/**
 * The rows of the page pageWindow(total, requested) shows, in SQL, so that a list reads its total
 * and its page in ONE query: number the scoped rows (`row_number() over (order by …)` as `rn`,
 * `count(*) over ()` as `total`), then keep `where ${pageSliceSql(sql`rn`, sql`total`, page)}`.
 * A page past the end gives the last page, as pageWindow does; tests/integration/whole-government
 * holds the two equal. Only the kept rows go on to be aggregated.
 */
export function pageSliceSql(rowNumber: SQL, total: SQL, requested: number, size = PAGE_SIZE): SQL {
  const page = Math.max(1, Math.trunc(requested) || 1);
  const first = sql`((least(${page}::int, greatest(1, ceil(${total}::numeric / ${size}::int)::int)) - 1) * ${size}::int)`;
  return sql`(${rowNumber} > ${first} and ${rowNumber} <= ${first} + ${size}::int)`;
}
