"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as returns from "@/lib/resources/returns";
import { efficiencyMonthInput, financeMonthInput, fundingMonthInput } from "@/lib/validation/resource-returns";

/** Every department page that shows the month's money (the return itself, the resources view, dashboards). */
function revalidateMoney() {
  revalidatePath("/departments/[slug]/resources", "layout");
  revalidatePath("/dashboard");
}

/** A service area's month: actual and forecast outturn (the unit's lead, the department's SLT, an administrator). */
export const saveFinanceMonth = action({ name: "saveFinanceMonth", schema: financeMonthInput, permission: "finance:enter" }, async (input, user) => {
  const saved = await returns.saveFinanceMonth(user, input);
  revalidateMoney();
  return saved;
});

/** A funding line's month: spend and forecast (its lead unit's lead; department-led lines: SLT). */
export const saveFundingMonth = action({ name: "saveFundingMonth", schema: fundingMonthInput, permission: "finance:enter" }, async (input, user) => {
  const saved = await returns.saveFundingMonth(user, input);
  revalidateMoney();
  return saved;
});

/** An efficiency's month: saving delivered and forecast delivery (as funding lines). */
export const saveEfficiencyMonth = action({ name: "saveEfficiencyMonth", schema: efficiencyMonthInput, permission: "finance:enter" }, async (input, user) => {
  const saved = await returns.saveEfficiencyMonth(user, input);
  revalidateMoney();
  return saved;
});
