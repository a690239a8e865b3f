import { sql, type SQL } from "drizzle-orm";
import { basisPoints, type Tolerance } from "./rules";

/**
 * SQL twins of ./rules.ts, for the queries that judge money in Postgres (dashboard exceptions,
 * review pack, report, resources page). tests/integration/resources-sql.test.ts holds each equal to
 * its TypeScript twin. Arguments are bigint pence expressions.
 */

/** totalNetPence: DEL − income + non-cash of a `unit_budgets` row aliased `b`. */
export function totalNetSql(b = "b"): SQL {
  const t = sql.identifier(b);
  return sql`(${t}.del_pence - ${t}.income_pence + ${t}.non_cash_pence)`;
}

/** varianceStatus: 'on_budget' | 'within_tolerance' | 'beyond_tolerance'. */
export function varianceStatusSql(forecast: SQL, budget: SQL, tolerance: Tolerance): SQL {
  const lower = basisPoints(tolerance.lowerPct);
  const upper = basisPoints(tolerance.upperPct);
  return sql`(case
      when abs(${forecast} - ${budget}) * 10000 <= ${lower}::bigint * abs(${budget}) then 'on_budget'
      when abs(${forecast} - ${budget}) * 10000 <= ${upper}::bigint * abs(${budget}) then 'within_tolerance'
      else 'beyond_tolerance' end)`;
}

/** efficiencyRag: 'green' | 'amber' | 'red' from the forecast against the target. */
export function efficiencyRagSql(forecast: SQL, target: SQL, tolerance: Tolerance): SQL {
  const lower = basisPoints(tolerance.lowerPct);
  const upper = basisPoints(tolerance.upperPct);
  return sql`(case
      when greatest(0, ${target} - ${forecast}) * 10000 <= ${lower}::bigint * ${target} then 'green'
      when greatest(0, ${target} - ${forecast}) * 10000 <= ${upper}::bigint * ${target} then 'amber'
      else 'red' end)`;
}
