/**
 * Resources rules (issue 16), pure: money arithmetic, the budget's derived lines, variance status
 * against the tolerance setting and an efficiency's RAG. money-sql.ts holds the SQL twins of the
 * rules queries need; tests/integration/resources-sql.test.ts holds each pair equal.
 *
 * Money is integer pence throughout. Arithmetic on integers below 2^53 is exact in JavaScript, so
 * sums and differences never drift; only display rounds, and a total is always summed in pence
 * before it is rounded for display (never the sum of rounded parts).
 */
import type { Rag } from "@/lib/enums";

/** Pence in £1 and in £1,000 (the business plan's unit). */
export const PENCE_PER_POUND = 100;
export const PENCE_PER_THOUSAND = 100_000;

/** £'000 as the plan writes it (116.6) → pence, exactly (the float's error is far below a penny). */
export function thousandsToPence(thousands: number): number {
  return Math.round(thousands * PENCE_PER_THOUSAND);
}

/**
 * Parses an amount in pounds as a person or a ledger writes it ("£1,234.56", "-250", "1234.5")
 * into integer pence, reading the digits as text so that no float is involved. Null when it is
 * not an amount of money (more than two decimals, letters, empty).
 */
export function parsePoundsToPence(text: string): number | null {
  const t = text.trim().replace(/^£/, "").replace(/,(?=\d{3}(\D|$))/g, "");
  const m = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const pence = Number(m[2]) * PENCE_PER_POUND + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -pence : pence;
}

/** Sum of integer pence; throws on a non-integer so that a float can never slip into a total. */
export function sumPence(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new Error(`sumPence: ${v} is not a whole number of pence`);
    total += v;
  }
  return total;
}

/**
 * Pence rounded to whole £'000 for display, half away from zero (£1,500 → 2, −£1,500 → −2), using
 * integer arithmetic only.
 */
export function roundToThousands(pence: number): number {
  const sign = pence < 0 ? -1 : 1;
  const abs = Math.abs(pence);
  const whole = Math.floor(abs / PENCE_PER_THOUSAND);
  const rest = abs - whole * PENCE_PER_THOUSAND;
  return sign * (rest * 2 >= PENCE_PER_THOUSAND ? whole + 1 : whole) || 0;
}

/** "37,297" (£'000), or with one decimal where the plan gives one ("116.6") when `decimals` is 1. */
export function formatThousands(pence: number, decimals: 0 | 1 = 0): string {
  const value = decimals === 0 ? roundToThousands(pence) : Math.round(pence / 10_000) / 10;
  return value.toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** "£1,234.56" for an amount in pence (exact: the pence are split as integers). */
export function formatPounds(pence: number): string {
  const sign = pence < 0 ? "−" : "";
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / PENCE_PER_POUND);
  const p = String(abs % PENCE_PER_POUND).padStart(2, "0");
  return `${sign}£${pounds.toLocaleString("en-GB")}.${p}`;
}

/** A service area's budget lines (the "Departmental Service Analysis"). */
export interface BudgetLines {
  incomePence: number;
  delPence: number;
  nonCashPence: number;
}

/** Near-cash net revenue expenditure = DEL − income. */
export function nearCashNetPence(b: BudgetLines): number {
  return b.delPence - b.incomePence;
}

/** Total net revenue expenditure = near-cash net + non-cash: what actuals and forecasts are held against. */
export function totalNetPence(b: BudgetLines): number {
  return nearCashNetPence(b) + b.nonCashPence;
}

/** The department's total of each line, summed in pence from its service areas. */
export function sumBudgets(rows: readonly BudgetLines[]): BudgetLines {
  return {
    incomePence: sumPence(rows.map((r) => r.incomePence)),
    delPence: sumPence(rows.map((r) => r.delPence)),
    nonCashPence: sumPence(rows.map((r) => r.nonCashPence)),
  };
}

/** The variance tolerance: within `lowerPct` of budget is on budget; beyond `upperPct` needs action. */
export interface Tolerance {
  lowerPct: number;
  upperPct: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { lowerPct: 2, upperPct: 5 };

export const VARIANCE_STATUSES = ["on_budget", "within_tolerance", "beyond_tolerance"] as const;
export type VarianceStatus = (typeof VARIANCE_STATUSES)[number];

export const VARIANCE_STATUS_LABELS: Record<VarianceStatus, string> = {
  on_budget: "On budget",
  within_tolerance: "Within tolerance",
  beyond_tolerance: "Beyond tolerance",
};

/** Tolerance percentages as basis points (2.5% → 250), so comparisons stay in integers. */
export function basisPoints(pct: number): number {
  return Math.round(pct * 100);
}

/**
 * Status of a forecast (or actual) against its budget: |forecast − budget| ≤ lower% of budget is
 * on budget, ≤ upper% within tolerance, more is beyond tolerance, in either direction (an
 * underspend beyond tolerance is money the service could not use). A zero budget with any spend is
 * beyond tolerance. Compared in integers: |variance| × 10,000 against basis points × budget.
 * SQL twin: varianceStatusSql.
 */
export function varianceStatus(forecastPence: number, budgetPence: number, tolerance: Tolerance): VarianceStatus {
  const variance = Math.abs(forecastPence - budgetPence);
  const base = Math.abs(budgetPence);
  if (variance * 10_000 <= basisPoints(tolerance.lowerPct) * base) return "on_budget";
  if (variance * 10_000 <= basisPoints(tolerance.upperPct) * base) return "within_tolerance";
  return "beyond_tolerance";
}

/** "Overspend", "Underspend" or "On budget" for a variance in pence (forecast − budget). */
export function varianceDirection(variancePence: number): "overspend" | "underspend" | "none" {
  return variancePence > 0 ? "overspend" : variancePence < 0 ? "underspend" : "none";
}

/** Variance as a % of budget, one decimal, for display only (statuses never use it). Null without a budget. */
export function variancePct(forecastPence: number, budgetPence: number): number | null {
  if (budgetPence === 0) return null;
  return Math.round(((forecastPence - budgetPence) * 1000) / Math.abs(budgetPence)) / 10;
}

/** Commentary is required whenever the forecast is not on budget. */
export function commentaryRequired(status: VarianceStatus): boolean {
  return status !== "on_budget";
}

/**
 * An efficiency's RAG from its full-year forecast against its target: green when the forecast
 * falls short by no more than the lower tolerance, amber by no more than the upper, red beyond
 * (an efficiency forecast above target is green). Off track = not green. SQL twin: efficiencyRagSql.
 */
export function efficiencyRag(forecastPence: number, targetPence: number, tolerance: Tolerance): Rag {
  const shortfall = Math.max(0, targetPence - forecastPence);
  if (shortfall * 10_000 <= basisPoints(tolerance.lowerPct) * targetPence) return "green";
  if (shortfall * 10_000 <= basisPoints(tolerance.upperPct) * targetPence) return "amber";
  return "red";
}

/**
 * Budget to date on a straight-line profile: the year's budget × months elapsed ÷ 12, in whole
 * pence (rounded half up). Stated on every page that shows it: the plan gives no monthly profile.
 */
export function budgetToDatePence(annualPence: number, monthsElapsed: number): number {
  return Math.round((annualPence * monthsElapsed) / 12);
}

/** Vacancies = establishment − FTE in post (never below zero: over-establishment is shown as 0 vacancies). */
export function vacanciesFte(establishment: number, fteInPost: number): number {
  return Math.max(0, Math.round((establishment - fteInPost) * 100) / 100);
}

/**
 * Annual turnover %: leavers in the 12 months to the month ÷ average headcount over those months
 * × 100, one decimal (the CIPD crude turnover rate). Null without headcount.
 */
export function turnoverPct(leavers12: number, averageHeadcount: number): number | null {
  if (averageHeadcount <= 0) return null;
  return Math.round((leavers12 * 1000) / averageHeadcount) / 10;
}

/** Unit cost in pence: spend ÷ volume, to the nearest penny; null without volume. */
export function unitCostPence(spendPence: number, volume: number): number | null {
  if (!(volume > 0)) return null;
  return Math.round(spendPence / volume);
}
