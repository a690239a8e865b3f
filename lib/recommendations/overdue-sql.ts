import { sql, type SQL } from "drizzle-orm";
import { endOfDay } from "@/lib/initiatives/as-at-sql";
import { DUE_SOON_DAYS } from "./rules";

/**
 * SQL twins of the recommendation rules in ./rules.ts on a recommendation (alias `r` by default).
 * tests/integration/as-at-sql.test.ts holds the as-at ones equal to their TypeScript twins.
 */

/** Its status at the end of `asAt` (statusAt); null when it was recorded after that day. */
export function statusAtSql(asAt: string, recommendation = "r"): SQL {
  const r = sql.identifier(recommendation);
  return sql`case when ${r}.created_at < ${endOfDay(asAt)} then coalesce((
      select u.status_from from recommendation_updates u
      where u.recommendation_id = ${r}.id and u.status_to is not null and u.created_at >= ${endOfDay(asAt)}
      order by u.created_at, u.id limit 1
    ), ${r}.status) end`;
}

/** Overdue at the end of `asAt` (isOverdueAt); never null. With `asAt` = today it is isOverdue. */
export function overdueAtSql(asAt: string, recommendation = "r"): SQL {
  const r = sql.identifier(recommendation);
  return sql`(coalesce(${statusAtSql(asAt, recommendation)} in ('open', 'in_progress'), false) and ${r}.target_date is not null and ${r}.target_date < ${asAt}::date)`;
}

/** Due soon today (isDueSoon); never null. */
export function dueSoonSql(today: string, recommendation = "r"): SQL {
  const r = sql.identifier(recommendation);
  return sql`(${r}.status in ('open', 'in_progress') and ${r}.target_date is not null and ${r}.target_date between ${today}::date and ${today}::date + ${DUE_SOON_DAYS}::int)`;
}
