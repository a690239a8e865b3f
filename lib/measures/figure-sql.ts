import { sql, type SQL } from "drizzle-orm";
import type { Period } from "@/lib/entry/periods";

/**
 * SQL twins of ./figure-rules.ts: which figure counts for a month and which target is in force.
 * Every query that judges a figure uses these (no copies); tests/integration/figure-sql.test.ts
 * holds each equal to its TypeScript twin. `measure` is the alias of a `measures` row.
 */

/** periodTypeOf: 'month' or 'quarter', the kind of period the measure's figures are stored against. */
export function periodTypeSql(measure = "m"): SQL {
  return sql`(case when ${sql.identifier(measure)}.frequency = 'monthly' then 'month'::period_type else 'quarter'::period_type end)`;
}

/** storedAt: the period a figure for `month` is entered against (the month, or its quarter's first month). */
export function storedPeriodSql(month: SQL, measure = "m"): SQL {
  return sql`(case when ${sql.identifier(measure)}.frequency = 'monthly' then ${month} else date_trunc('quarter', ${month})::date end)`;
}

/** isDueIn: whether a measure falls due for entry in `month` (monthly: every month; quarterly: a quarter's last month). Never null. */
export function dueInSql(month: SQL, measure = "m"): SQL {
  return sql`(${sql.identifier(measure)}.frequency = 'monthly' or extract(month from ${month})::int % 3 = 0)`;
}

/** countingPeriod: the period whose figure counts in a view of `month`. */
export function countingPeriodSql(month: SQL, measure = "m"): SQL {
  return sql`(case when ${sql.identifier(measure)}.frequency = 'monthly' then ${month}
      when extract(month from ${month})::int % 3 = 0 then date_trunc('quarter', ${month})::date
      else (date_trunc('quarter', ${month}) - interval '3 months')::date end)`;
}

/**
 * `left join lateral … <as> on true` giving `<as>.value` and `<as>.period`: the measure's SUBMITTED
 * figure for `period` (a date expression), of the measure's own period type; nulls when none.
 * One index lookup per measure row: a measure has one figure at most per period type and period
 * (unique), and the LIMIT keeps the planner from flattening the lookup into a join over every
 * figure of the government — which it chose whenever it misjudged how many measures were in scope.
 */
export function submittedFigureJoin(period: SQL, measure = "m", as = "v"): SQL {
  return sql`left join lateral (
      select fv.value, fv.period from measure_values fv
      where fv.measure_id = ${sql.identifier(measure)}.id and fv.status = 'submitted'
        and fv.period_type = ${periodTypeSql(measure)} and fv.period = ${period}
      limit 1
    ) ${sql.identifier(as)} on true`;
}

/**
 * `left join lateral … <as> on true` giving `<as>.target_value`, `<as>.effective_from` and
 * `<as>.tbc_due`: the target in force for `period` (targetInForce) of the measure whose id is
 * `measureId` (`m.id` by default); nulls when none.
 */
export function targetInForceJoin(period: SQL, measureId: SQL = sql`m.id`, as = "t"): SQL {
  return sql`left join lateral (
      select mt.target_value, mt.effective_from, mt.tbc_due from measure_targets mt
      where mt.measure_id = ${measureId} and mt.effective_from <= ${period}
      order by mt.effective_from desc limit 1
    ) ${sql.identifier(as)} on true`;
}

/**
 * Joins `v` (a measure `m`'s submitted figure that counts for `month`: countingPeriod) and `t`
 * (the target in force for that period). Use after a `from measures m`;
 * `measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct)` then gives its
 * status in SQL.
 */
export function figureAndTargetJoins(month: Period): SQL {
  const counting = countingPeriodSql(sql`${month}::date`);
  return sql`
      ${submittedFigureJoin(counting)}
      ${targetInForceJoin(sql`coalesce(v.period, ${counting})`)}`;
}
