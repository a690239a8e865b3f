import { sql, type SQL } from "drizzle-orm";

/**
 * SQL twins of the as-at rules in ./milestone-rules.ts, for queries that count or list initiatives
 * and milestones as at a day. Each takes the alias of the row it reads (`i` for an initiative, `ms`
 * for a milestone) and the as-at day; "changed on" a day means in the database session's time zone.
 * tests/integration/as-at-sql.test.ts holds each equal to its TypeScript twin on generated inputs.
 */

/** The first instant after day `asAt`: facts recorded before it were known at the end of that day. */
export const endOfDay = (asAt: string): SQL => sql`(${asAt}::date + 1)::timestamptz`;

/**
 * `left join lateral … <as> on true` giving `<as>.rag`, `<as>.reason` and `<as>.period`: the
 * initiative's latest monthly update for a month on or before `asAt` (ragAsAt); nulls when none.
 */
export function ragAsAtJoin(initiative: string, asAt: string, as = "rag_at"): SQL {
  return sql`left join lateral (
      select u.rag, u.reason, u.period from initiative_updates u
      where u.initiative_id = ${sql.identifier(initiative)}.id and u.period <= ${asAt}::date
      order by u.period desc limit 1
    ) ${sql.identifier(as)} on true`;
}

/** The milestone's expected date as known at the end of `asAt` (forecastAsAt): a date. */
export function forecastAsAtSql(milestone: string, asAt: string): SQL {
  const ms = sql.identifier(milestone);
  return sql`coalesce((
      select coalesce(c.from_date, ${ms}.planned_date) from milestone_forecast_changes c
      where c.milestone_id = ${ms}.id and c.changed_at >= ${endOfDay(asAt)}
      order by c.changed_at, c.id limit 1
    ), ${ms}.forecast_date, ${ms}.planned_date)`;
}

/** Whether the milestone had its actual date by the end of `asAt`. */
export function milestoneAchievedBySql(milestone: string, asAt: string): SQL {
  return sql`(${sql.identifier(milestone)}.actual_date is not null and ${sql.identifier(milestone)}.actual_date <= ${asAt}::date)`;
}

/** Whether the milestone was overdue at the end of `asAt` (isMilestoneOverdueAt); never null. */
export function milestoneOverdueAtSql(milestone: string, asAt: string): SQL {
  const ms = sql.identifier(milestone);
  return sql`(${ms}.status <> 'cancelled' and not ${milestoneAchievedBySql(milestone, asAt)} and ${forecastAsAtSql(milestone, asAt)} < ${asAt}::date)`;
}

/** Whether the milestone's date as known at the end of `asAt` falls between `from` and `to` (isMilestoneDueIn); never null. */
export function milestoneDueInSql(milestone: string, from: string, to: string, asAt: string): SQL {
  return sql`(${forecastAsAtSql(milestone, asAt)} between ${from}::date and ${to}::date)`;
}
