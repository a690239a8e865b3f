import { sql, type SQL } from "drizzle-orm";
import { endOfDay } from "@/lib/initiatives/as-at-sql";

/**
 * SQL twins of actionOpenAt / actionOverdueAt (./rules.ts) on an SLT action (alias `a` by default):
 * agreed by the end of `asAt` and not closed by then. Never null.
 */
export function actionOpenAtSql(asAt: string, action = "a"): SQL {
  const a = sql.identifier(action);
  return sql`(${a}.created_at < ${endOfDay(asAt)} and case when ${a}.closed_at is not null then ${a}.closed_at >= ${endOfDay(asAt)} else ${a}.status = 'open' end)`;
}

export function actionOverdueAtSql(asAt: string, action = "a"): SQL {
  const a = sql.identifier(action);
  return sql`(${actionOpenAtSql(asAt, action)} and ${a}.due_date is not null and ${a}.due_date < ${asAt}::date)`;
}
