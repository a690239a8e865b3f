/**
 * What a figure may be, by the measure's unit (pure; shared by the entry form, the server action
 * and the CSV import). Messages are written for the person entering the figure.
 */
import type { QuarterRule, ValueType } from "@/lib/enums";
export interface FigureRule {
  valueType: ValueType;
  quarterRule: QuarterRule;
  scaleMin: number | null;
  scaleMax: number | null;
}

export interface FigureInput {
  value?: string | null;
  numerator?: string | null;
  denominator?: string | null;
}

export type FigureField = "value" | "numerator" | "denominator";

export type FigureCheck =
  | { ok: true; empty: boolean; value: number | null; numerator: number | null; denominator: number | null }
  | { ok: false; errors: Partial<Record<FigureField, string>> };

/** Measures entered as a numerator and a denominator (e.g. incidents resolved within SLA ÷ incidents). */
export const isRatio = (m: Pick<FigureRule, "quarterRule">) => m.quarterRule === "ratio";

const NUMBER = /^-?\d+(\.\d+)?$/;
/** Thousands separators (comma or space) only between groups of three digits: "1,234", "12 345.5". */
const GROUPED = /^-?\d{1,3}([,\s]\d{3})+(\.\d+)?$/;
const MAX_ABS = 1e10;

type Parsed = { n: number | null } | { error: string };

/**
 * Parses what a person typed: surrounding spaces and thousands separators are ignored, a trailing %
 * allowed. A separator anywhere else ("12,5", a decimal comma) is refused rather than dropped, which
 * would silently make it 125.
 */
export function parseNumber(raw: string | null | undefined, allowPercentSign = false): Parsed {
  const text = (raw ?? "").trim();
  if (text === "") return { n: null };
  let bare = allowPercentSign && text.endsWith("%") ? text.slice(0, -1).trim() : text;
  if (GROUPED.test(bare)) bare = bare.replace(/[,\s]/g, "");
  if (!NUMBER.test(bare)) return { error: "Enter a number, like 95 or 95.5" };
  if ((bare.split(".")[1]?.length ?? 0) > 4) return { error: "Use at most 4 decimal places" };
  const n = Number(bare);
  if (Math.abs(n) >= MAX_ABS) return { error: "That number is too large" };
  // "-0" is 0 (stored and shown as 0, never "-0").
  return { n: n === 0 ? 0 : n };
}

function valueProblem(m: FigureRule, n: number): string | null {
  switch (m.valueType) {
    case "percent":
      return n < 0 || n > 100 ? "Enter a percentage between 0 and 100" : null;
    case "count":
      return !Number.isInteger(n) || n < 0 ? "Enter a whole number of 0 or more" : null;
    case "score": {
      const lo = m.scaleMin ?? -Infinity;
      const hi = m.scaleMax ?? Infinity;
      return n < lo || n > hi ? `Enter a score between ${m.scaleMin} and ${m.scaleMax}` : null;
    }
    case "days":
    case "ratio":
      return n < 0 ? "Enter a number of 0 or more" : null;
    case "currency":
      // Compare as decimals: in floating point 19.99 * 100 is not a whole number.
      return Number(n.toFixed(2)) !== n ? "Enter an amount in pounds and pence, like 1250.50" : null;
  }
}

/** Checks one figure; for ratio measures derives the value from its numerator and denominator. */
export function checkFigure(m: FigureRule, input: FigureInput): FigureCheck {
  if (isRatio(m)) {
    const num = parseNumber(input.numerator);
    const den = parseNumber(input.denominator);
    const errors: Partial<Record<FigureField, string>> = {};
    if ("error" in num) errors.numerator = num.error;
    if ("error" in den) errors.denominator = den.error;
    if (Object.keys(errors).length) return { ok: false, errors };
    const n = (num as { n: number | null }).n;
    const d = (den as { n: number | null }).n;
    if (n === null && d === null) return { ok: true, empty: true, value: null, numerator: null, denominator: null };
    if (n === null) return { ok: false, errors: { numerator: "Enter the numerator as well as the denominator" } };
    if (d === null) return { ok: false, errors: { denominator: "Enter the denominator as well as the numerator" } };
    if (n < 0) errors.numerator = "Enter a number of 0 or more";
    if (d <= 0) errors.denominator = "The denominator must be more than 0";
    if (!errors.numerator && !errors.denominator && n > d) errors.numerator = "The numerator cannot be larger than the denominator";
    if (Object.keys(errors).length) return { ok: false, errors };
    const share = n / d;
    const value = Math.round((m.valueType === "percent" ? share * 100 : share) * 10_000) / 10_000;
    return { ok: true, empty: false, value, numerator: n, denominator: d };
  }
  const parsed = parseNumber(input.value, m.valueType === "percent");
  if ("error" in parsed) return { ok: false, errors: { value: parsed.error } };
  if (parsed.n === null) return { ok: true, empty: true, value: null, numerator: null, denominator: null };
  const problem = valueProblem(m, parsed.n);
  if (problem) return { ok: false, errors: { value: problem } };
  return { ok: true, empty: false, value: parsed.n, numerator: null, denominator: null };
}

/** A short description of what is accepted, shown as the input's hint. */
export function figureHint(m: FigureRule): string {
  if (isRatio(m)) return m.valueType === "percent" ? "Enter the numerator and denominator; the percentage is worked out for you." : "Enter the numerator and denominator.";
  switch (m.valueType) {
    case "percent":
      return "A percentage from 0 to 100.";
    case "count":
      return "A whole number.";
    case "score":
      return `A score from ${m.scaleMin} to ${m.scaleMax}.`;
    case "currency":
      return "An amount in pounds.";
    case "days":
      return "A number of days.";
    case "ratio":
      return "A ratio of 0 or more.";
  }
}
