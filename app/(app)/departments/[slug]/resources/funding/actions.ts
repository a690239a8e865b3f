"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as definitions from "@/lib/resources/definitions";
import { fundingLineCreateForm, fundingLineUpdateForm } from "@/lib/validation/resource-returns";

/** Adds a funding line (budget:manage: the department's SLT, an administrator). */
export const createFundingLine = action({ name: "createFundingLine", schema: fundingLineCreateForm, permission: "budget:manage" }, async (input, user) => {
  const created = await definitions.createFundingLine(user, input);
  revalidatePath("/departments/[slug]/resources", "layout");
  return created;
});

/** Changes a funding line and the initiatives it funds (with a reason). */
export const updateFundingLine = action({ name: "updateFundingLine", schema: fundingLineUpdateForm, permission: "budget:manage" }, async (input, user) => {
  const saved = await definitions.updateFundingLine(user, input);
  revalidatePath("/departments/[slug]/resources", "layout");
  return saved;
});
