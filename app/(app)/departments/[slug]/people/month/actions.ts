"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as returns from "@/lib/resources/returns";
import { workforceMonthInput } from "@/lib/validation/resource-returns";

/** A unit's people in a month (the unit's lead, the department's SLT, an administrator). */
export const saveWorkforceMonth = action({ name: "saveWorkforceMonth", schema: workforceMonthInput, permission: "workforce:enter" }, async (input, user) => {
  const saved = await returns.saveWorkforceMonth(user, input);
  revalidatePath("/departments/[slug]/people", "layout");
  return saved;
});
