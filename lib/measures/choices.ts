/**
 * A measure's fixed choices and their words. No zod here: the catalogue forms import them
 * (lib/validation/measure.ts builds its schemas from them and re-exports them).
 */

export const CATEGORIES = ["customer", "service", "workforce", "commercial", "finance", "governance"] as const;
export const VALUE_TYPES = ["percent", "count", "score", "currency", "days", "ratio"] as const;
export const DIRECTIONS = ["higher_better", "lower_better", "neither"] as const;
export const FREQUENCIES = ["monthly", "quarterly"] as const;
export const QUARTER_RULES = ["sum", "mean", "last", "ratio"] as const;
export const TARGET_KINDS = ["value", "tbc"] as const;

export type Category = (typeof CATEGORIES)[number];
export type ValueType = (typeof VALUE_TYPES)[number];
export type MeasureDirection = (typeof DIRECTIONS)[number];
export type Frequency = (typeof FREQUENCIES)[number];
export type QuarterRule = (typeof QUARTER_RULES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  customer: "Customer",
  service: "Service",
  workforce: "Workforce",
  commercial: "Commercial",
  finance: "Finance",
  governance: "Governance",
};

export const VALUE_TYPE_LABELS: Record<ValueType, string> = {
  percent: "Percentage",
  count: "Count",
  score: "Score on a scale",
  currency: "Money (£)",
  days: "Days",
  ratio: "Ratio",
};

export const DIRECTION_LABELS: Record<MeasureDirection, string> = {
  higher_better: "Higher is better",
  lower_better: "Lower is better",
  neither: "Neither",
};

export const FREQUENCY_LABELS: Record<Frequency, string> = { monthly: "Monthly", quarterly: "Quarterly" };

export const QUARTER_RULE_LABELS: Record<QuarterRule, string> = {
  sum: "Sum of the months",
  mean: "Mean of the months",
  last: "Last month's value",
  ratio: "Ratio of the summed numerator and denominator",
};

/** The default amber tolerance: within 5% of target, the rule the Government of Jersey publishes with its measures. */
export const DEFAULT_TOLERANCE_PCT = 5;
