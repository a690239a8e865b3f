import { sql, type SQL } from "drizzle-orm";
import { DEFAULT_RISK_BANDS, type RiskBands } from "./scoring";

/**
 * SQL twins of the risk rules in ./scoring.ts. The band edges are read once in TypeScript
 * (getRiskBands, which validates the setting) and passed in, so no query validates them again.
 * tests/integration/as-at-sql.test.ts holds each equal to its TypeScript twin on generated inputs.
 */

/**
 * `left join lateral … <as> on true` giving `<as>.likelihood`, `<as>.impact` and `<as>.score`: the
 * residual rating of risk `r` at the end of `asAt` (ratingAt) — its latest review on or before that
 * day, or its current rating when it has never been reviewed; nulls when it was not yet rated.
 */
export function riskRatingAtJoin(asAt: string, risk = "r", as = "rating"): SQL {
  const r = sql.identifier(risk);
  return sql`left join lateral (
      select x.likelihood, x.impact, x.likelihood * x.impact as score from (
        (select rv.residual_likelihood as likelihood, rv.residual_impact as impact from risk_reviews rv
         where rv.risk_id = ${r}.id and rv.reviewed_on <= ${asAt}::date order by rv.reviewed_on desc, rv.id desc limit 1)
        union all
        (select ${r}.residual_likelihood, ${r}.residual_impact where not exists (select 1 from risk_reviews rv where rv.risk_id = ${r}.id))
      ) x limit 1
    ) ${sql.identifier(as)} on true`;
}

/**
 * `cross join lateral … <as>`, the same columns as riskRatingAtJoin, for the rating as at TODAY: the
 * risk's own residual columns. Every review (lib/risks/review.ts) and a new risk's first rating
 * (edit.ts) write the rating to the risk in the same transaction as its dated risk_reviews row, dated
 * that day, so the risk holds its latest review: riskRatingAtJoin(today) gives the same rating, at the
 * cost of one index probe per risk (tests/integration/risk-rating-current.test.ts holds the two equal).
 * Views of a past day must use riskRatingAtJoin.
 */
export function currentRiskRatingJoin(risk = "r", as = "rating"): SQL {
  const r = sql.identifier(risk);
  return sql`cross join lateral (
      select ${r}.residual_likelihood as likelihood, ${r}.residual_impact as impact, ${r}.residual_likelihood * ${r}.residual_impact as score
    ) ${sql.identifier(as)}`;
}

/** isAboveAppetite: a score over the appetite score. */
export function aboveAppetiteSql(score: SQL, appetite: SQL): SQL {
  return sql`(${score} > ${appetite})`;
}

/** bandOf: the band ('low' … 'very_high') of a score under `bands`. */
export function riskBandSql(score: SQL, bands: RiskBands = DEFAULT_RISK_BANDS): SQL {
  return sql`(case when ${score} >= ${bands.veryHighFrom}::int then 'very_high' when ${score} >= ${bands.highFrom}::int then 'high'
    when ${score} >= ${bands.mediumFrom}::int then 'medium' else 'low' end)`;
}

/** isHighOrAbove: "High after mitigation" — a score in the High band or above. */
export function highOrAboveSql(score: SQL, bands: RiskBands = DEFAULT_RISK_BANDS): SQL {
  return sql`(${score} >= ${bands.highFrom}::int)`;
}
