import { sql, type SQL } from "drizzle-orm";

/**
 * A month's survey sample as one JSON object, aggregated over the responses aliased `alias` (use
 * with countedResponse): how many, how many satisfied (CSAT 4–5), the sum and sum of squares of the
 * CES scores (for its t interval) and how many felt positive (CSI 4–5) or negative (CSI 1–2). The
 * SQL twin of surveySample in lib/feedback/rules.ts; tests/integration/sample-sql.test.ts holds
 * them equal.
 */
export function surveySampleJson(alias = "r"): SQL {
  const r = sql.identifier(alias);
  return sql`json_build_object(
      'n', count(${r}.id)::int,
      'satisfied', (count(${r}.id) filter (where ${r}.csat >= 4))::int,
      'sum', coalesce(sum(${r}.ces), 0)::int,
      'sumSquares', coalesce(sum(${r}.ces * ${r}.ces), 0)::int,
      'positive', (count(${r}.id) filter (where ${r}.csi >= 4))::int,
      'negative', (count(${r}.id) filter (where ${r}.csi <= 2))::int)`;
}
