/**
 * Risk scoring (pure; unit-tested). A rating is likelihood × impact on 1–5 scales, giving a score
 * of 1–25, banded Low / Medium / High / Very High. The band edges are an organisation setting
 * (app_settings "risk_bands"); the defaults are the ones in the departments' risk policies:
 * Low 1–4, Medium 5–9, High 10–16, Very High 20–25.
 * No zod here: client components import these labels (the schemas are in lib/validation/risk-bands.ts).
 */

export type RiskBand = "low" | "medium" | "high" | "very_high";

export const RISK_BAND_LABELS: Record<RiskBand, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  very_high: "Very High",
};

/** The lowest score of each band above Low. */
export interface RiskBands {
  mediumFrom: number;
  highFrom: number;
  veryHighFrom: number;
}

export const DEFAULT_RISK_BANDS: RiskBands = { mediumFrom: 5, highFrom: 10, veryHighFrom: 20 };

export const LIKELIHOOD_LABELS = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"] as const;
export const IMPACT_LABELS = ["Insignificant", "Minor", "Moderate", "Major", "Severe"] as const;

export function riskScore(likelihood: number, impact: number): number {
  return likelihood * impact;
}

export function bandOf(score: number, bands: RiskBands = DEFAULT_RISK_BANDS): RiskBand {
  if (score >= bands.veryHighFrom) return "very_high";
  if (score >= bands.highFrom) return "high";
  if (score >= bands.mediumFrom) return "medium";
  return "low";
}

/** "High after mitigation": a residual score in the High band or above. */
export function isHighOrAbove(score: number, bands: RiskBands = DEFAULT_RISK_BANDS): boolean {
  return score >= bands.highFrom;
}

/**
 * A risk whose residual score exceeds its appetite (target) score is flagged for escalation; a
 * score equal to the appetite is within it.
 */
export function exceedsAppetite(r: { residualLikelihood: number; residualImpact: number; appetiteScore: number }): boolean {
  return isAboveAppetite(riskScore(r.residualLikelihood, r.residualImpact), r.appetiteScore);
}

/** Bands from lowest to highest. */
export const RISK_BAND_ORDER: readonly RiskBand[] = ["low", "medium", "high", "very_high"];

/** The scores each band covers under `bands`: Low 1–4, Medium 5–9, High 10–19, Very High 20–25 by default. */
export function bandRanges(bands: RiskBands = DEFAULT_RISK_BANDS): { band: RiskBand; from: number; to: number }[] {
  return [
    { band: "low", from: 1, to: bands.mediumFrom - 1 },
    { band: "medium", from: bands.mediumFrom, to: bands.highFrom - 1 },
    { band: "high", from: bands.highFrom, to: bands.veryHighFrom - 1 },
    { band: "very_high", from: bands.veryHighFrom, to: 25 },
  ];
}

/** "Low 1–4, Medium 5–9, High 10–19, Very High 20–25": the banding in words. */
export function describeBands(bands: RiskBands = DEFAULT_RISK_BANDS): string {
  return bandRanges(bands)
    .map((r) => `${RISK_BAND_LABELS[r.band]} ${r.from === r.to ? r.from : `${r.from}–${r.to}`}`)
    .join(", ");
}

export type EscalationState = "escalated" | "escalate" | "within";

/**
 * Where a risk stands against its appetite: escalated (SLT has taken it to the Executive Leadership
 * Team, whatever its score now), escalate (residual score above appetite, not yet escalated), or
 * within appetite.
 */
export function escalationState(r: { residualLikelihood: number; residualImpact: number; appetiteScore: number; escalated: boolean }): EscalationState {
  if (r.escalated) return "escalated";
  return exceedsAppetite(r) ? "escalate" : "within";
}

/** A monthly review's rating of a risk (the rating history), with the day of the review. */
export interface ReviewRating {
  reviewedOn: string;
  likelihood: number;
  impact: number;
}

/**
 * A risk's residual rating at the end of `asAt`: the one given at its latest review on or before
 * that day (`reviews` in the order made); null when it had not yet been rated (every rating,
 * including the first, is a review). A risk without any review (older data) has its current
 * rating at every date. SQL twin: riskRatingAtJoin (./rating-sql.ts).
 */
export function ratingAt(
  risk: { residualLikelihood: number; residualImpact: number },
  reviews: readonly ReviewRating[],
  asAt: string,
): { likelihood: number; impact: number; score: number } | null {
  if (reviews.length === 0) return { likelihood: risk.residualLikelihood, impact: risk.residualImpact, score: riskScore(risk.residualLikelihood, risk.residualImpact) };
  let latest: ReviewRating | null = null;
  for (const r of reviews) if (r.reviewedOn <= asAt && (latest === null || r.reviewedOn >= latest.reviewedOn)) latest = r;
  return latest ? { likelihood: latest.likelihood, impact: latest.impact, score: riskScore(latest.likelihood, latest.impact) } : null;
}

/** Above appetite: a residual score over the risk's appetite (target) score. SQL twin: aboveAppetiteSql. */
export function isAboveAppetite(score: number, appetite: number): boolean {
  return score > appetite;
}
