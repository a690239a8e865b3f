"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as annotations from "@/lib/measures/annotations";
import { addAnnotationInput, deleteAnnotationInput, updateAnnotationInput } from "@/lib/validation/annotation";

/** A note shows on the measure page and in the review packs (a public one in reports published later). */
function revalidateMeasure(measureId: number) {
  revalidatePath(`/measures/${measureId}`);
  revalidatePath("/reviews/[department]/[month]", "page");
}

/** Adds a note on a month of a measure (its unit's lead, its department's SLT, an administrator); audited. */
export const addAnnotation = action({ name: "addAnnotation", schema: addAnnotationInput, permission: "measure:annotate" }, async (input, user) => {
  const result = await annotations.addAnnotation(user, input);
  revalidateMeasure(result.measureId);
  return result;
});

/** Changes a note's text or whether it is public, from the version the page was loaded at; audited. */
export const updateAnnotation = action({ name: "updateAnnotation", schema: updateAnnotationInput, permission: "measure:annotate" }, async (input, user) => {
  const result = await annotations.updateAnnotation(user, input);
  revalidateMeasure(result.measureId);
  return result;
});

/** Deletes a note, from the version the page was loaded at; audited. */
export const deleteAnnotation = action({ name: "deleteAnnotation", schema: deleteAnnotationInput, permission: "measure:annotate" }, async (input, user) => {
  const result = await annotations.deleteAnnotation(user, input);
  revalidateMeasure(result.measureId);
  return result;
});
