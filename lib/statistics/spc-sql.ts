import { sql, type SQL } from "drizzle-orm";
import { SPC_WINDOW_MONTHS } from "./special-cause";

/** The baseline figures read (the measure page's BASELINE_FIGURES; spcWindow in lib/statistics/special-cause.ts). */
const BASELINE_FIGURES = 12;

/**
 * `left join lateral … <as> on true` giving `<as>.since` (the latest break on or before `month`,
 * "YYYY-MM-DD") and `<as>.points` (JSON `[{ p, v }]`, oldest first): what the special-cause check reads of
 * the measure aliased `measure` as at `month` (a date expression) — its SUBMITTED monthly figures
 * since that break, the first 12 of them and those of the last SPC_WINDOW_MONTHS months. The SQL
 * twin of spcWindow (lib/statistics/special-cause.ts). Nulls unless the measure is monthly and
 * has `spc_signals` on. Bounded: two index ranges of 12 and 24 rows at most per measure.
 */
export function spcWindowJoin(month: SQL, measure = "m", as = "spc"): SQL {
  const m = sql.identifier(measure);
  const figures = (where: SQL) => sql`select fv.period, fv.value from measure_values fv
        where fv.measure_id = ${m}.id and fv.status = 'submitted' and fv.period_type = 'month' and fv.value is not null
          and fv.period <= ${month} and ${where}`;
  return sql`left join lateral (
      select to_char(seg.since, 'YYYY-MM-DD') as since, (
          select json_agg(json_build_object('p', to_char(w.period, 'YYYY-MM-DD'), 'v', w.value::text) order by w.period)
          from (
            (${figures(sql`fv.period >= coalesce(seg.since, '-infinity'::date)`)} order by fv.period limit ${BASELINE_FIGURES})
            union
            (${figures(sql`fv.period >= greatest(coalesce(seg.since, '-infinity'::date), (${month} - make_interval(months => ${SPC_WINDOW_MONTHS - 1}))::date)`)})
          ) w
        ) as points
      from (select (select max(b.period) from measure_series_breaks b where b.measure_id = ${m}.id and b.period <= ${month}) as since) seg
      where ${m}.frequency = 'monthly' and ${m}.spc_signals
    ) ${sql.identifier(as)} on true`;
}
