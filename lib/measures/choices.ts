/**
 * The words for a measure's fixed choices (the choices themselves are declared in lib/enums.ts).
 * No zod here: the catalogue forms import them (lib/validation/measure.ts re-exports them).
 */

import type { Direction, Frequency, MeasureCategory, QuarterRule, ValueType } from "@/lib/enums";

export const TARGET_KINDS = ["value", "tbc"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const CATEGORY_LABELS: Record<MeasureCategory, string> = {
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

/** A chart's value axis, by the measure's kind of figure. */
export const AXIS_LABELS: Record<ValueType, string> = {
  percent: "Per cent",
  count: "Number",
  score: "Score",
  currency: "Pounds (£)",
  days: "Days",
  ratio: "Ratio",
};

export const DIRECTION_LABELS: Record<Direction, string> = {
  higher_better: "Higher is better",
  lower_better: "Lower is better",
  neither: "No better direction",
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
