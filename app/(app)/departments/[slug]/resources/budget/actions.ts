"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { importBudgets as importFile } from "@/lib/resources/import-budgets";
import { saveBudget as save } from "@/lib/resources/save-budget";
import { importBudgetsInput, saveBudgetInput } from "@/lib/validation/budget";

/** Budgets feed every resources view of the department (variances, unit costs, the People Dashboard's establishment). */
function revalidateBudgets() {
  revalidatePath("/departments/[slug]/resources", "layout");
}

/** Sets or changes one service area's budget for a year (the department's SLT or an administrator), with a reason; audited. */
export const saveBudget = action({ name: "saveBudget", schema: saveBudgetInput, permission: "budget:manage" }, async (input, user) => {
  const saved = await save(user, input);
  revalidateBudgets();
  return saved;
});

/** Imports a ledger CSV of a department's budgets: the whole file is checked first; any problem saves nothing. */
export const importBudgets = action({ name: "importBudgets", schema: importBudgetsInput, permission: "budget:manage" }, async (input, user) => {
  const outcome = await importFile(user, input);
  revalidateBudgets();
  return outcome;
});
