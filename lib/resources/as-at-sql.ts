import { sql, type SQL } from "drizzle-orm";
import { totalNetSql, varianceStatusSql, efficiencyRagSql } from "./money-sql";
import type { Tolerance } from "./rules";

/**
 * Resources as at a month, in SQL (issue 16): the review pack, the dashboards' exceptions and the
 * quarterly report read a service area, funding line or efficiency "as at" month M from its return
 * for M or, when M has none, the latest return of M's year before it (a forecast stands until the
 * next one is made). Its year is M's calendar (financial) year. No "server-only": the report
 * builder, which the seed runs, uses these too.
 */

/** M's year's first day and M itself, as SQL dates, for a month "YYYY-MM-01". */
const yearStart = (month: string) => sql`date_trunc('year', ${month}::date)::date`;

/** The calendar year of month "YYYY-MM-01". */
export const yearOf = (month: string): number => Number(month.slice(0, 4));

/**
 * `left join lateral` the latest row of `table` for owner `owner` (its `key` column) in month's year
 * up to `month`, aliased `alias` (null columns when there is none). One index lookup per owner:
 * each months table is unique on (owner, month).
 */
function latestMonthJoin(table: string, key: string, owner: SQL, month: string, alias: string): SQL {
  const t = sql.identifier(table);
  const k = sql.identifier(key);
  return sql`left join lateral (
      select x.* from ${t} x
      where x.${k} = ${owner} and x.month between ${yearStart(month)} and ${month}::date
      order by x.month desc limit 1
    ) ${sql.identifier(alias)} on true`;
}

/** A service area's (unit's) finance return as at `month`: `fm` (actual_pence, forecast_outturn_pence, commentary, month). */
export const financeMonthAsAtJoin = (unit: SQL, month: string, alias = "fm") => latestMonthJoin("finance_months", "unit_id", unit, month, alias);

/** A funding line's return as at `month`. */
export const fundingMonthAsAtJoin = (programme: SQL, month: string, alias = "pm") => latestMonthJoin("funding_programme_months", "programme_id", programme, month, alias);

/** An efficiency's return as at `month`. */
export const efficiencyMonthAsAtJoin = (efficiency: SQL, month: string, alias = "em") => latestMonthJoin("efficiency_months", "efficiency_id", efficiency, month, alias);

/** The sum of `column` of `table`'s rows for `owner` in month's year up to `month` (year to date), as bigint. */
function yearToDateSql(table: string, key: string, column: string, owner: SQL, month: string): SQL {
  return sql`(select coalesce(sum(y.${sql.identifier(column)}), 0)::bigint from ${sql.identifier(table)} y
      where y.${sql.identifier(key)} = ${owner} and y.month between ${yearStart(month)} and ${month}::date)`;
}

/** A unit's net expenditure in the year up to `month` (year-to-date actual). */
export const financeYearToDateSql = (unit: SQL, month: string) => yearToDateSql("finance_months", "unit_id", "actual_pence", unit, month);
/** A funding line's spend in the year up to `month`. */
export const fundingYearToDateSql = (programme: SQL, month: string) => yearToDateSql("funding_programme_months", "programme_id", "spend_pence", programme, month);
/** An efficiency's saving delivered in the year up to `month`. */
export const efficiencyYearToDateSql = (efficiency: SQL, month: string) => yearToDateSql("efficiency_months", "efficiency_id", "delivered_pence", efficiency, month);

/**
 * A service area beyond tolerance as at `month`: its unit budget `b` (unit_budgets of the year) and
 * its finance return `fm` (financeMonthAsAtJoin) give varianceStatusSql 'beyond_tolerance'.
 * `overspendOnly`: the dashboards' exceptions count overspends only (forecast above budget).
 */
export function serviceAreaBeyondSql(tolerance: Tolerance, { budget = "b", finance = "fm", overspendOnly = false } = {}): SQL {
  const f = sql`${sql.identifier(finance)}.forecast_outturn_pence`;
  const total = totalNetSql(budget);
  const beyond = sql`${varianceStatusSql(f, total, tolerance)} = 'beyond_tolerance'`;
  return overspendOnly ? sql`(${f} is not null and ${beyond} and ${f} > ${total})` : sql`(${f} is not null and ${beyond})`;
}

/** An efficiency off track (RAG amber or red) as at `month`, from its return `em`: efficiencyRagSql. */
export function efficiencyOffTrackSql(tolerance: Tolerance, { efficiency = "e", months = "em" } = {}): SQL {
  return sql`(${sql.identifier(months)}.forecast_pence is not null and ${efficiencyRagSql(sql`${sql.identifier(months)}.forecast_pence`, sql`${sql.identifier(efficiency)}.target_pence`, tolerance)} <> 'green')`;
}
