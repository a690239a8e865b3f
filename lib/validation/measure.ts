import { z } from "@/lib/validation/zod";

/*
 * The measures catalogue: what a measure is (code, unit of measurement, direction, how a quarter is
 * derived, source, baseline, tolerance) and its targets. Shared by the forms and the server actions,
 * so that the rules cannot drift. Inputs arrive as FormData strings: an empty field means "not given".
 */

import { DIRECTIONS, FREQUENCIES, MEASURE_CATEGORIES, QUARTER_RULES, VALUE_TYPES, type ValueType } from "@/lib/enums";
import { DEFAULT_TOLERANCE_PCT, TARGET_KINDS } from "@/lib/measures/choices";

export * from "@/lib/measures/choices";

/** Codes as the business plans write them: MD-INC-P1, CLS-CSAT. */
const CODE_PATTERN = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;
const MONTH_PATTERN = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;
const DATE_PATTERN = /^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** numeric(14, 4): up to 10 digits before the point and 4 after. */
const NUMBER_PATTERN = /^-?\d+(\.\d+)?$/;

/** A trimmed string, or null for an empty or missing field. */
function blankToNull(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  return v;
}

const optionalText = (max: number) =>
  z.preprocess(blankToNull, z.string().max(max, { message: `Use no more than ${max} characters` }).nullable());

/** An HTML checkbox: "on" when ticked, absent when not. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

/** A decimal as Postgres numeric(14, 4) stores it, kept as a string (never a float); thousands commas allowed. */
function decimalString(maxDecimals = 4, maxIntegerDigits = 10) {
  return z.string().superRefine((s, ctx) => {
    if (!NUMBER_PATTERN.test(s)) {
      ctx.addIssue({ code: "custom", message: "Enter a number, like 85 or 92.5" });
      return;
    }
    const [whole = "", fraction = ""] = s.replace("-", "").split(".");
    if (fraction.length > maxDecimals) ctx.addIssue({ code: "custom", message: `Use no more than ${maxDecimals} decimal places` });
    else if (whole.replace(/^0+(?=\d)/, "").length > maxIntegerDigits) ctx.addIssue({ code: "custom", message: "That number is too large" });
  });
}

const optionalDecimal = z.preprocess((v) => {
  const s = blankToNull(typeof v === "number" ? String(v) : v);
  return typeof s === "string" ? s.replace(/[,\s]/g, "") : s;
}, decimalString().nullable());

const monthShape = z.string().regex(MONTH_PATTERN, { message: "Enter a month like 2026-04" });
const firstDay = (v: string) => `${v}-01`;

/** A month entered as YYYY-MM (what <input type="month"> sends), stored as its first day. */
const optionalMonth = z.preprocess(blankToNull, monthShape.nullable()).transform((v) => (v === null ? null : firstDay(v)));
const requiredMonth = (message: string) => z.preprocess(blankToNull, z.string({ message }).pipe(monthShape)).transform(firstDay);

const optionalDate = z.preprocess(
  blankToNull,
  z
    .string()
    .regex(DATE_PATTERN, { message: "Enter a date like 2026-03-31" })
    // zod runs this even when the pattern failed: an unparseable string is not a date (toISOString would throw).
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, {
      message: "Enter a real date, like 2026-03-31",
    })
    .nullable(),
);

const id = (message: string) => z.coerce.number({ message }).int({ message }).positive({ message });

/** Whether a figure, baseline or target fits the measure's unit: percentages 0–100, scores within the scale, counts and days not negative. */
export function valueRangeProblem(
  m: { valueType: ValueType; scaleMin: string | number | null; scaleMax: string | number | null },
  value: string | number | null,
): string | null {
  if (value === null || value === "") return null;
  const n = Number(value);
  if (!Number.isFinite(n)) return "Enter a number, like 85 or 92.5";
  switch (m.valueType) {
    case "percent":
      return n < 0 || n > 100 ? "A percentage must be between 0 and 100" : null;
    case "score": {
      if (m.scaleMin === null || m.scaleMax === null) return null;
      const [lo, hi] = [Number(m.scaleMin), Number(m.scaleMax)];
      return n < lo || n > hi ? `Must be within the scale, ${lo} to ${hi}` : null;
    }
    case "count":
    case "days":
      return n < 0 ? "Cannot be negative" : null;
    default:
      return null;
  }
}

const definitionFields = {
  code: z
    .string({ message: "Enter a code, like MD-INC-P1" })
    .trim()
    .toUpperCase()
    .min(1, { message: "Enter a code, like MD-INC-P1" })
    .max(40, { message: "Use no more than 40 characters" })
    .regex(CODE_PATTERN, { message: "Use capital letters, digits and single hyphens only, like MD-INC-P1" }),
  name: z
    .string({ message: "Enter the measure's name" })
    .trim()
    .min(3, { message: "Enter the measure's name" })
    .max(200, { message: "Use no more than 200 characters" }),
  description: z.preprocess((v) => blankToNull(v) ?? "", z.string().max(4000, { message: "Use no more than 4000 characters" })),
  unitId: id("Choose the lead unit"),
  category: z.enum(MEASURE_CATEGORIES, { message: "Choose a category" }),
  valueType: z.enum(VALUE_TYPES, { message: "Choose what the figure counts or measures" }),
  scaleMin: optionalDecimal,
  scaleMax: optionalDecimal,
  decimals: z.preprocess(
    (v) => blankToNull(v) ?? "0",
    z.coerce.number().int({ message: "Enter a whole number from 0 to 4" }).min(0, { message: "Enter a whole number from 0 to 4" }).max(4, { message: "Enter a whole number from 0 to 4" }),
  ),
  direction: z.enum(DIRECTIONS, { message: "Choose whether higher or lower is better" }),
  frequency: z.enum(FREQUENCIES, { message: "Choose how often it is reported" }),
  quarterRule: z.enum(QUARTER_RULES, { message: "Choose how a quarter is worked out from its months" }),
  dataSource: z
    .string({ message: "Enter where the figures come from" })
    .trim()
    .min(1, { message: "Enter where the figures come from, like M&D Service Management Report" })
    .max(200, { message: "Use no more than 200 characters" }),
  dataLimitations: optionalText(4000),
  baselineValue: optionalDecimal,
  baselinePeriod: optionalMonth,
  baselineNote: optionalText(500),
  amberTolerancePct: z.preprocess(
    (v) => blankToNull(v) ?? String(DEFAULT_TOLERANCE_PCT),
    decimalString(2, 3).refine((s) => Number(s) >= 0 && Number(s) <= 100, { message: "Enter a percentage from 0 to 100" }),
  ),
  internationalBenchmarking: checkbox,
  isPublic: checkbox,
  groupName: optionalText(120),
  breakdown: optionalText(120),
  // Issue 18: statistics settings of the measure.
  sampleBased: checkbox,
  spcSignals: checkbox,
  targetDate: optionalDate,
};

const targetFields = {
  targetKind: z.enum(TARGET_KINDS, { message: "Choose a target value or to be confirmed" }),
  targetValue: optionalDecimal,
  targetFrom: requiredMonth("Enter the month the target applies from"),
  tbcDue: optionalDate,
};

type DefinitionShape = z.infer<z.ZodObject<typeof definitionFields>>;
type TargetShape = z.infer<z.ZodObject<typeof targetFields>>;

/** Whether the fields a cross-field rule reads were valid themselves (the rule is skipped otherwise). */
function valid(ctx: z.RefinementCtx, ...fields: string[]): boolean {
  return !ctx.issues.some((issue) => fields.includes(String(issue.path?.[0])));
}

/**
 * Cross-field rules run even when another field is wrong, so that one submission reports every
 * mistake; each rule only looks at fields that passed their own checks.
 */
const everyTime = { when: () => true };

/** With `everyTime`, a rule also sees input that is not an object at all. */
const isObject = (v: unknown): boolean => typeof v === "object" && v !== null;

function definitionRules(v: DefinitionShape, ctx: z.RefinementCtx) {
  if (!isObject(v)) return;
  if (v.valueType === "score" && valid(ctx, "valueType", "scaleMin", "scaleMax")) {
    if (v.scaleMin === null) ctx.addIssue({ code: "custom", path: ["scaleMin"], message: "Enter the lowest score on the scale" });
    if (v.scaleMax === null) ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "Enter the highest score on the scale" });
    if (v.scaleMin !== null && v.scaleMax !== null && Number(v.scaleMin) >= Number(v.scaleMax)) {
      ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "The highest score must be more than the lowest" });
    }
  }
  if (v.quarterRule === "ratio" && v.valueType !== "percent" && v.valueType !== "ratio" && valid(ctx, "valueType", "quarterRule")) {
    ctx.addIssue({
      code: "custom",
      path: ["quarterRule"],
      message: "A ratio of summed numerators and denominators only suits percentages and ratios: choose sum, mean or last value",
    });
  }
  if (valid(ctx, "valueType", "scaleMin", "scaleMax", "baselineValue")) {
    const baseline = valueRangeProblem(v, v.baselineValue);
    if (baseline) ctx.addIssue({ code: "custom", path: ["baselineValue"], message: baseline });
  }
  if (v.baselineValue !== null && v.baselinePeriod === null && valid(ctx, "baselineValue", "baselinePeriod")) {
    ctx.addIssue({ code: "custom", path: ["baselinePeriod"], message: "Enter the month the baseline was measured" });
  }
  if (v.breakdown !== null && v.groupName === null && valid(ctx, "breakdown", "groupName")) {
    ctx.addIssue({ code: "custom", path: ["groupName"], message: "Enter the group this breakdown belongs to" });
  }
}

/** A target is either a value (no due date) or "to be confirmed" with the date it is due to be agreed. */
function targetRules(v: TargetShape, ctx: z.RefinementCtx) {
  if (!isObject(v) || !valid(ctx, "targetKind", "targetValue", "tbcDue")) return;
  if (v.targetKind === "value") {
    if (v.targetValue === null) ctx.addIssue({ code: "custom", path: ["targetValue"], message: "Enter the target, or choose to be confirmed" });
    if (v.tbcDue !== null) {
      ctx.addIssue({ code: "custom", path: ["tbcDue"], message: "Only a target to be confirmed has a due date: clear the date, or choose to be confirmed" });
    }
  } else {
    if (v.tbcDue === null) ctx.addIssue({ code: "custom", path: ["tbcDue"], message: "Enter the date the target is due to be agreed" });
    if (v.targetValue !== null) {
      ctx.addIssue({ code: "custom", path: ["targetValue"], message: "A target to be confirmed has no value: clear it, or choose a target value" });
    }
  }
}

/** Scales belong to scores only: any other unit drops what the form may have sent. */
function withoutStrayScale<T extends { valueType: ValueType; scaleMin: string | null; scaleMax: string | null }>(v: T): T {
  return v.valueType === "score" ? v : { ...v, scaleMin: null, scaleMax: null };
}

export const createMeasureInput = z
  .object({ ...definitionFields, ...targetFields, targetNote: optionalText(500) })
  .superRefine((v, ctx) => {
    if (!isObject(v)) return;
    definitionRules(v, ctx);
    targetRules(v, ctx);
    if (v.targetKind === "value" && valid(ctx, "valueType", "scaleMin", "scaleMax", "targetKind", "targetValue")) {
      const problem = valueRangeProblem(v, v.targetValue);
      if (problem) ctx.addIssue({ code: "custom", path: ["targetValue"], message: problem });
    }
  }, everyTime)
  .transform(withoutStrayScale);

const BREAK_REASON = "Say why figures from this month on are not comparable with earlier ones";

/**
 * Editing a measure. When the definition, data source or calculation changes (lib/measures/series-breaks.ts
 * SERIES_BREAK_FIELDS), the form may also record a break in the series from a month, with its reason
 * (`seriesBreak`); whether the change allows one is checked by the action, which knows what is stored.
 * Unticked, the break's fields are ignored.
 */
export const updateMeasureInput = z
  .object({
    ...definitionFields,
    id: id("Choose a measure"),
    version: id("Reload the page and try again"),
    active: checkbox,
    reason: optionalText(500),
    recordBreak: checkbox,
    breakFrom: optionalMonth,
    breakReason: optionalText(500),
  })
  .superRefine((v, ctx) => {
    definitionRules(v, ctx);
    if (!isObject(v) || !v.recordBreak) return;
    if (v.breakFrom === null && valid(ctx, "breakFrom")) ctx.addIssue({ code: "custom", path: ["breakFrom"], message: "Enter the first month of the new series, like 2026-04" });
    if ((v.breakReason ?? "").length < 3 && valid(ctx, "breakReason")) ctx.addIssue({ code: "custom", path: ["breakReason"], message: BREAK_REASON });
  }, everyTime)
  .transform((v) => {
    const { recordBreak, breakFrom, breakReason, ...rest } = withoutStrayScale(v);
    const seriesBreak = recordBreak && breakFrom !== null && breakReason !== null ? { period: breakFrom, reason: breakReason } : null;
    return { ...rest, seriesBreak };
  });

/** Removing a break recorded by mistake: the measure's version (as for targets) and a reason, audited. */
export const removeSeriesBreakInput = z.object({
  measureId: id("Choose a measure"),
  breakId: id("Choose a break"),
  version: id("Reload the page and try again"),
  reason: z.preprocess(
    blankToNull,
    z
      .string({ message: "Say why the break is removed, like recorded in error" })
      .min(3, { message: "Say why the break is removed, like recorded in error" })
      .max(500, { message: "Use no more than 500 characters" }),
  ),
});

/**
 * A change of target from a month on: a new row in the target history, or a replacement of the row
 * with the same month. The reason is required (it is kept with the target and in the audit log).
 * Whether the value fits the measure's unit is checked by the action, which knows the measure.
 */
export const addTargetChangeInput = z
  .object({
    ...targetFields,
    measureId: id("Choose a measure"),
    version: id("Reload the page and try again"),
    reason: z.preprocess(
      blankToNull,
      z
        .string({ message: "Enter the reason for the change, like who agreed it and when" })
        .min(3, { message: "Enter the reason for the change, like who agreed it and when" })
        .max(500, { message: "Use no more than 500 characters" }),
    ),
  })
  .superRefine(targetRules, everyTime);

export type CreateMeasureInput = z.infer<typeof createMeasureInput>;
export type UpdateMeasureInput = z.infer<typeof updateMeasureInput>;
export type AddTargetChangeInput = z.infer<typeof addTargetChangeInput>;
export type RemoveSeriesBreakInput = z.infer<typeof removeSeriesBreakInput>;
