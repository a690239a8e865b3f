import { sql, type SQL } from "drizzle-orm";
import { quarterStart, type Period } from "@/lib/entry/periods";

/**
 * Joins `v` (a measure `m`'s submitted figure for the month — or, for a quarterly measure, for the
 * latest quarter ended by it) and `t` (the target in force for that period). Use after a `from
 * measures m`; `measure_status(v.value, t.target_value, m.direction, m.amber_tolerance_pct)` then
 * gives its status in SQL.
 */
export function figureAndTargetJoins(month: Period): SQL {
  const quarter = quarterStart(month);
  return sql`
      left join measure_values v on v.measure_id = m.id and v.status = 'submitted'
        and v.period_type = case when m.frequency = 'monthly' then 'month'::period_type else 'quarter'::period_type end
        and v.period = case when m.frequency = 'monthly' then ${month}::date
                            when extract(month from ${month}::date)::int % 3 = 0 then ${quarter}::date
                            else (${quarter}::date - interval '3 months')::date end
      left join lateral (
        select mt.target_value from measure_targets mt
        where mt.measure_id = m.id and mt.effective_from <= coalesce(v.period, ${month}::date)
        order by mt.effective_from desc limit 1
      ) t on true`;
}
