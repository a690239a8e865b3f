import { stringify } from "csv-stringify/sync";
import { escapeCell, parseCsvTable, type CsvProblem } from "@/lib/entry/csv";
import { PENCE_PER_POUND } from "./rules";

/**
 * The ledger CSV of budgets (pure): one row per service area and year, amounts in pounds with up
 * to two decimals. Stable column names, documented on the budget page; the template download
 * writes the same columns, so a template filled in and uploaded back round-trips.
 */
export const BUDGET_CSV_COLUMNS = ["unit", "year", "income", "del", "non_cash", "fte"] as const;

export interface BudgetCsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  unit: string;
  year: string;
  income: string;
  del: string;
  nonCash: string;
  fte: string;
}

/** Pence as the CSV writes pounds: "4511000.00" (no separators, no sign: budgets are never negative). */
export function penceToPoundsText(pence: number): string {
  const abs = Math.abs(pence);
  return `${pence < 0 ? "-" : ""}${Math.floor(abs / PENCE_PER_POUND)}.${String(abs % PENCE_PER_POUND).padStart(2, "0")}`;
}

export interface BudgetCsvOut {
  unitSlug: string;
  year: number;
  /** Null for a service area with no budget for the year: its amounts are left empty to fill in. */
  budget: { incomePence: number; delPence: number; nonCashPence: number; fteEstablishment: string } | null;
}

/** The template (and export) of a department's budgets: every service area, prefilled with what is stored. */
export function buildBudgetsCsv(rows: readonly BudgetCsvOut[]): string {
  const records = rows.map((r) => [
    escapeCell(r.unitSlug),
    String(r.year),
    r.budget ? penceToPoundsText(r.budget.incomePence) : "",
    r.budget ? penceToPoundsText(r.budget.delPence) : "",
    r.budget ? penceToPoundsText(r.budget.nonCashPence) : "",
    r.budget ? r.budget.fteEstablishment : "",
  ]);
  return stringify([Array.from(BUDGET_CSV_COLUMNS), ...records]);
}

/** Whether a row leaves all four amounts empty: a service area without a budget, skipped on upload. */
export function isBlankBudgetRow(r: Pick<BudgetCsvRow, "income" | "del" | "nonCash" | "fte">): boolean {
  return r.income === "" && r.del === "" && r.nonCash === "" && r.fte === "";
}

/** Parses an uploaded budgets CSV with the figures upload's machinery (limits, parser, problem list). */
export async function parseBudgetsCsv(text: string): Promise<{ rows: BudgetCsvRow[]; problems: CsvProblem[] }> {
  const { table, problems } = await parseCsvTable(text, BUDGET_CSV_COLUMNS);
  if (!table) return { rows: [], problems };
  const { body, at } = table;
  return {
    rows: body.map((record, i) => ({
      line: i + 2,
      unit: at(record, "unit").toLowerCase(),
      year: at(record, "year"),
      income: at(record, "income"),
      del: at(record, "del"),
      nonCash: at(record, "non_cash"),
      fte: at(record, "fte"),
    })),
    problems: [],
  };
}
