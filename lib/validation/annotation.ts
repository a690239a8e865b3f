import { ANNOTATION_MAX } from "@/lib/measures/annotation-rules";
import { z } from "@/lib/validation/zod";

/*
 * Notes on a month of a measure (issue 18): "network outage 3–5 May". Shared by the forms on the
 * measure page and the server actions. Whether the month has started is checked by the action.
 */

const id = (message: string) => z.coerce.number({ message }).int({ message }).positive({ message });
const version = id("Reload the page and try again");

const text = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v),
  z
    .string({ message: "Write the note, like Network outage 3 to 5 May" })
    .min(1, { message: "Write the note, like Network outage 3 to 5 May" })
    .max(ANNOTATION_MAX, { message: `Use no more than ${ANNOTATION_MAX} characters` }),
);

/** An HTML checkbox: "on" when ticked, absent when not. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

/** A month as <input type="month"> sends it (YYYY-MM), stored as its first day. */
const month = z
  .string({ message: "Enter the month the note is about, like 2026-05" })
  .trim()
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { message: "Enter the month the note is about, like 2026-05" })
  .transform((v) => `${v}-01`);

export const addAnnotationInput = z.object({
  measureId: id("Choose a measure"),
  period: month,
  text,
  isPublic: checkbox,
});

/** The month stays: a note on the wrong month is deleted and written again. */
export const updateAnnotationInput = z.object({ id: id("Choose a note"), version, text, isPublic: checkbox });

export const deleteAnnotationInput = z.object({ id: id("Choose a note"), version });

export type AddAnnotationInput = z.infer<typeof addAnnotationInput>;
export type UpdateAnnotationInput = z.infer<typeof updateAnnotationInput>;
export type DeleteAnnotationInput = z.infer<typeof deleteAnnotationInput>;
