import { sql, type SQL } from "drizzle-orm";
import { countedResponse } from "@/lib/feedback/counted-sql";
import type { SurveySample } from "@/lib/feedback/rules";
import { surveySampleJson } from "@/lib/feedback/sample-sql";
import { periodTypeSql } from "@/lib/measures/figure-sql";
import type { Sample, SampleKind } from "./sample";

/*
 * The samples behind survey-based figures, in SQL (issue 18). Each query that shows or publishes
 * such a figure selects them with these two fragments, in its own statement: no query of its own.
 */

/** sampleKindOf (lib/statistics/sample.ts) of the measure aliased `measure`: 'proportion', 'mean', 'net', or null. */
export function sampleKindSql(measure = "m"): SQL {
  const m = sql.identifier(measure);
  return sql`(case when ${m}.feedback_metric = 'ces' then 'mean' when ${m}.feedback_metric = 'csi' then 'net'
      when ${m}.feedback_metric = 'csat' or ${m}.sample_based then 'proportion' end)`;
}

/**
 * A JSON array (oldest first; null when none) of the samples behind the SUBMITTED figures of the
 * measure aliased `measure` for its periods from `from` to `to` (date expressions), each
 * `{ p: period, … }`:
 * - a proportion (CSAT, or a `sample_based` measure): its figure's numerator of denominator
 *   (`successes`, `n`), which the survey writes for CSAT and a lead enters for a sampled percentage;
 * - the survey's CES and CSI: the counted responses of the measure's unit in the month (`s`:
 *   surveySampleJson), for the months whose figure the survey wrote (not typed over by hand).
 * Bounded: one index range of the measure's figures, and the responses of those months only.
 */
export function periodSamplesSql(from: SQL, to: SQL, measure = "m"): SQL {
  const m = sql.identifier(measure);
  return sql`(case
      when ${m}.feedback_metric in ('ces', 'csi') then (
        select json_agg(json_build_object('p', to_char(sv.period, 'YYYY-MM-DD'), 's', a.sample) order by sv.period)
        from measure_values sv
        cross join lateral (
          select ${surveySampleJson("sr")} as sample
          from feedback_responses sr
          where sr.unit_id = ${m}.unit_id and sr.period = sv.period and ${countedResponse("sr")}
        ) a
        where sv.measure_id = ${m}.id and sv.status = 'submitted' and sv.period_type = 'month' and sv.entered_by_id is null
          and sv.period between ${from} and ${to} and (a.sample->>'n')::int > 0)
      when ${m}.feedback_metric = 'csat' or ${m}.sample_based then (
        select json_agg(json_build_object('p', to_char(sv.period, 'YYYY-MM-DD'), 'n', sv.denominator, 'successes', sv.numerator) order by sv.period)
        from measure_values sv
        where sv.measure_id = ${m}.id and sv.status = 'submitted' and sv.period_type = ${periodTypeSql(measure)}
          and sv.denominator > 0 and sv.numerator is not null and sv.period between ${from} and ${to})
    end)`;
}

/** One element of periodSamplesSql's array, as it arrives. */
export type PeriodSampleJson = { p: string; s?: SurveySample; n?: number | string; successes?: number | string };

export interface PeriodSample {
  period: string;
  sample: Sample;
}

/** periodSamplesSql's array as samples of the measure's kind (sampleKindSql); empty for a measure without one. */
export function parsePeriodSamples(kind: SampleKind | null, rows: readonly PeriodSampleJson[] | null | undefined): PeriodSample[] {
  if (kind === null || !rows) return [];
  return rows.flatMap((r): PeriodSample[] => {
    if (kind === "proportion") {
      const n = Number(r.n);
      const successes = Number(r.successes);
      return Number.isFinite(n) && Number.isFinite(successes) && n > 0 ? [{ period: r.p, sample: { kind, n, successes } }] : [];
    }
    const s = r.s;
    if (!s || !(s.n > 0)) return [];
    return [{ period: r.p, sample: kind === "mean" ? { kind, n: s.n, sum: s.sum, sumSquares: s.sumSquares } : { kind, n: s.n, positive: s.positive, negative: s.negative } }];
  });
}
