"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as edit from "@/lib/initiatives/edit";
import * as milestones from "@/lib/initiatives/milestones";
import * as progress from "@/lib/initiatives/progress";
import {
  initiativeCreateInput,
  initiativeEditInput,
  initiativeUpdateInput,
  milestoneAddInput,
  milestoneCancelInput,
  milestoneEditInput,
} from "@/lib/validation/initiative";

function revalidatePlan() {
  revalidatePath("/initiatives", "layout");
  // The golden thread and the review pack read initiatives too.
  revalidatePath("/departments", "layout");
  revalidatePath("/reviews", "layout");
}

export const recordInitiativeUpdate = action({ name: "recordInitiativeUpdate", schema: initiativeUpdateInput, permission: "initiative:edit" }, async (input, actor) => {
  const result = await progress.recordInitiativeUpdate(actor, input);
  revalidatePath("/initiatives", "layout");
  return result;
});

export const editMilestone = action({ name: "editMilestone", schema: milestoneEditInput, permission: "initiative:edit" }, async (input, actor) => {
  const result = await milestones.editMilestone(actor, input);
  revalidatePath("/initiatives", "layout");
  return result;
});

export const addMilestone = action({ name: "addMilestone", schema: milestoneAddInput, permission: "initiative:edit" }, async (input, actor) => {
  const result = await milestones.addMilestone(actor, input);
  revalidatePath("/initiatives", "layout");
  return result;
});

export const cancelMilestone = action({ name: "cancelMilestone", schema: milestoneCancelInput, permission: "initiative:edit" }, async (input, actor) => {
  const result = await milestones.cancelMilestone(actor, input);
  revalidatePath("/initiatives", "layout");
  return result;
});

export const createInitiative = action({ name: "createInitiative", schema: initiativeCreateInput, permission: "initiative:edit" }, async (input, actor) => {
  const result = await edit.createInitiative(actor, input);
  revalidatePlan();
  return result;
});

export const updateInitiative = action({ name: "updateInitiative", schema: initiativeEditInput, permission: "initiative:edit" }, async (input, actor) => {
  const result = await edit.updateInitiative(actor, input);
  revalidatePlan();
  return result;
});
