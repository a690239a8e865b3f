import { parsePoundsToPence } from "@/lib/resources/rules";
import { z } from "@/lib/validation/zod";

/**
 * A service area's budget as the budget form and the ledger CSV give it (issue 16): amounts typed
 * in pounds ("4,511,000", "£4,511,000.00"), read into integer pence by parsePoundsToPence, and the
 * FTE establishment to two decimals. The CSV import checks each row's cells against the same
 * schema (lib/resources/import-budgets.ts), so the form and the file cannot drift.
 */

export const BUDGET_YEAR_MIN = 2000;
export const BUDGET_YEAR_MAX = 2100;
/** FTE is stored as numeric(8, 2). */
const FTE_MAX_WHOLE_DIGITS = 6;

/** An amount of money in pounds, £0 or more, into integer pence; `what` names it in the messages. */
export function poundsField(what: string) {
  const message = `Enter the ${what} in pounds, like 4,511,000 or 4511000.50 (0 if there is none)`;
  return z.string({ message }).transform((text, ctx) => {
    const t = text.trim();
    if (t === "") {
      ctx.addIssue({ code: "custom", message: `Enter the ${what} in pounds (0 if there is none)` });
      return z.NEVER;
    }
    const pence = parsePoundsToPence(t);
    if (pence === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    if (pence < 0) {
      ctx.addIssue({ code: "custom", message: `The ${what} cannot be negative` });
      return z.NEVER;
    }
    return pence;
  });
}

/**
 * FTE as text ("165", "14.5", "1,234.25") into the stored numeric's text with two decimals
 * ("165.00"), read digit by digit so that no float is involved; null when it is not such a number.
 */
export function parseFte(text: string): string | null {
  const m = new RegExp(`^(\\d{1,${FTE_MAX_WHOLE_DIGITS}})(?:\\.(\\d{1,2}))?$`).exec(text.trim().replace(/,(?=\d{3}(\D|$))/g, ""));
  if (!m) return null;
  return `${String(Number(m[1]))}.${(m[2] ?? "").padEnd(2, "0")}`;
}

const fteMessage = "Enter the FTE establishment as a number of 0 or more with up to 2 decimals, like 14 or 14.5";
export const fteField = z.string({ message: fteMessage }).transform((text, ctx) => {
  const fte = parseFte(text);
  if (fte === null) {
    ctx.addIssue({ code: "custom", message: text.trim() === "" ? "Enter the FTE establishment (0 if there is none)" : fteMessage });
    return z.NEVER;
  }
  return fte;
});

/** The four figures of a budget (the derived lines are never entered). */
export const budgetAmounts = z.object({
  income: poundsField("income"),
  del: poundsField("DEL"),
  nonCash: poundsField("non-cash expenditure"),
  fte: fteField,
});

const yearMessage = `Enter a year from ${BUDGET_YEAR_MIN} to ${BUDGET_YEAR_MAX}`;
export const budgetYear = z.coerce
  .number({ message: yearMessage })
  .int({ message: yearMessage })
  .min(BUDGET_YEAR_MIN, { message: yearMessage })
  .max(BUDGET_YEAR_MAX, { message: yearMessage });

/**
 * Save (or create) one unit's budget for a year. `version` is the version the form was loaded with;
 * 0 when the unit had no budget for the year (the save then creates it, and is refused as a
 * conflict when someone else created it meanwhile).
 */
export const saveBudgetInput = budgetAmounts.extend({
  unitId: z.coerce.number({ message: "Choose a service area" }).int().positive({ message: "Choose a service area" }),
  year: budgetYear,
  version: z.coerce.number().int().min(0),
  reason: z
    .string({ message: "Say why the budget is being set or changed" })
    .trim()
    .min(1, { message: "Say why the budget is being set or changed" })
    .max(500, { message: "Keep the reason under 500 characters" }),
});
export type SaveBudgetInput = z.infer<typeof saveBudgetInput>;

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** A ledger CSV for one department's units (lib/resources/budget-csv.ts gives its columns). */
export const importBudgetsInput = z.object({
  departmentId: z.coerce.number().int().positive(),
  file: z
    .instanceof(File, { message: "Choose a CSV file to upload" })
    .refine((f) => f.size > 0, { message: "The file is empty" })
    .refine((f) => f.size <= MAX_UPLOAD_BYTES, { message: "The file is larger than 5 MB" })
    .refine((f) => /\.csv$/i.test(f.name) || f.type === "text/csv", { message: "Upload a .csv file" }),
});
export type ImportBudgetsInput = z.infer<typeof importBudgetsInput>;
