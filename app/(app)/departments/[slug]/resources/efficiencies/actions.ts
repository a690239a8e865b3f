"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as definitions from "@/lib/resources/definitions";
import { efficiencyCreateInput, efficiencyUpdateInput } from "@/lib/validation/resource-returns";

/** Adds an efficiency (budget:manage: the department's SLT, an administrator). */
export const createEfficiency = action({ name: "createEfficiency", schema: efficiencyCreateInput, permission: "budget:manage" }, async (input, user) => {
  const created = await definitions.createEfficiency(user, input);
  revalidatePath("/departments/[slug]/resources", "layout");
  return created;
});

/** Changes an efficiency (with a reason). */
export const updateEfficiency = action({ name: "updateEfficiency", schema: efficiencyUpdateInput, permission: "budget:manage" }, async (input, user) => {
  const saved = await definitions.updateEfficiency(user, input);
  revalidatePath("/departments/[slug]/resources", "layout");
  return saved;
});
