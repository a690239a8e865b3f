"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as edit from "@/lib/recommendations/edit";
import * as progress from "@/lib/recommendations/progress";
import { addProgressUpdateInput, createRecommendationInput, updateRecommendationInput } from "@/lib/validation/recommendation";

export const createRecommendation = action({ name: "createRecommendation", schema: createRecommendationInput, permission: "recommendation:edit" }, async (input, actor) => {
  const result = await edit.createRecommendation(actor, input);
  revalidatePath("/recommendations");
  revalidatePath("/dashboard");
  return result;
});

/** Changes a recommendation's details (not its status: that goes through a progress update). */
export const updateRecommendation = action({ name: "updateRecommendation", schema: updateRecommendationInput, permission: "recommendation:edit" }, async (input, actor) => {
  const result = await edit.updateRecommendation(actor, input);
  revalidatePath("/recommendations", "layout");
  revalidatePath("/dashboard");
  return result;
});

/** A progress update: a note on the trail and, optionally, a new status. */
export const addRecommendationUpdate = action({ name: "addRecommendationUpdate", schema: addProgressUpdateInput, permission: "recommendation:edit" }, async (input, actor) => {
  const result = await progress.addRecommendationUpdate(actor, input);
  revalidatePath("/recommendations", "layout");
  revalidatePath("/dashboard");
  return result;
});
