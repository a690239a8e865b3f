import type { BudgetType, EfficiencyScope, EfficiencyType, FundingKind } from "@/lib/enums";

/** Words for the funding-line and efficiency choices (client-safe: no zod). */
export const FUNDING_KIND_LABELS: Record<FundingKind, string> = { growth: "Government Plan growth (revenue)", capital: "Capital project" };
export const EFFICIENCY_SCOPE_LABELS: Record<EfficiencyScope, string> = { departmental: "Departmental", cross_cutting: "Cross-cutting (government-wide programme)" };
export const EFFICIENCY_TYPE_LABELS: Record<EfficiencyType, string> = { spend_reduction: "Spend reduction", income: "Income" };
export const BUDGET_TYPE_LABELS: Record<BudgetType, string> = { staff: "Staff", non_staff: "Non-staff", income: "Income" };

/** Pence as the pounds a form field shows ("1234567.00"). */
export const penceToPoundsText = (pence: number | null | undefined) => (pence === null || pence === undefined ? "" : (pence / 100).toFixed(2));
