"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as breaks from "@/lib/measures/breaks";
import * as edit from "@/lib/measures/edit";
import * as targets from "@/lib/measures/targets";
import { addTargetChangeInput, createMeasureInput, removeSeriesBreakInput, updateMeasureInput } from "@/lib/validation/measure";

export const createMeasure = action({ name: "createMeasure", schema: createMeasureInput, permission: "measure:manage" }, async (input, actor) => {
  const result = await edit.createMeasure(actor, input);
  revalidatePath("/admin/measures");
  revalidatePath("/dashboard");
  return result;
});

/** Changes a measure's definition, moves it to another unit in scope, or retires it; may record a break in its series. */
export const updateMeasure = action({ name: "updateMeasure", schema: updateMeasureInput, permission: "measure:manage" }, async (input, actor) => {
  const result = await edit.updateMeasure(actor, input);
  revalidatePath("/admin/measures");
  revalidatePath(`/admin/measures/${input.id}`);
  revalidatePath(`/measures/${input.id}`);
  revalidatePath("/dashboard");
  return result;
});

/** Removes a break in a measure's series recorded by mistake, with the reason; audited. */
export const removeSeriesBreak = action({ name: "removeSeriesBreak", schema: removeSeriesBreakInput, permission: "measure:manage" }, async (input, actor) => {
  const result = await breaks.removeSeriesBreak(actor, input);
  revalidatePath(`/admin/measures/${result.measureId}`);
  revalidatePath(`/measures/${result.measureId}`);
  return result;
});

/** A change of target from a month on (replacing one for the same month); audited. */
export const addTargetChange = action({ name: "addTargetChange", schema: addTargetChangeInput, permission: "measure:manage" }, async (input, actor) => {
  const result = await targets.addTargetChange(actor, input);
  revalidatePath("/admin/measures");
  revalidatePath(`/admin/measures/${result.measureId}`);
  revalidatePath("/dashboard");
  return result;
});
