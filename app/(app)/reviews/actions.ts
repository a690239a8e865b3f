"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { recordMeeting as record } from "@/lib/reviews/meeting";
import { addReviewAction as add, updateReviewAction as update } from "@/lib/reviews/review-actions";
import { addActionInput, recordMeetingInput, updateActionInput } from "@/lib/validation/review";

// Thin wiring: action() checks the session, role and input; lib/reviews checks the department,
// locks, compares the version, writes and audits. Revalidation happens after, outside any try.

const recordAction = action({ name: "recordMeeting", schema: recordMeetingInput, permission: "review:manage" }, (input, user) => record(user, input));
const addAction = action({ name: "addReviewAction", schema: addActionInput, permission: "review:manage" }, (input, user) => add(user, input));
const updateAction = action({ name: "updateReviewAction", schema: updateActionInput, permission: "review:manage" }, (input, user) => update(user, input));

export async function recordMeeting(prev: unknown, formData: FormData) {
  const result = await recordAction(prev, formData);
  if (result.ok) revalidatePath("/reviews", "layout");
  return result;
}

export async function addReviewAction(prev: unknown, formData: FormData) {
  const result = await addAction(prev, formData);
  // The owner's My updates lists the new action.
  if (result.ok) {
    revalidatePath("/reviews", "layout");
    revalidatePath("/my-updates");
  }
  return result;
}

export async function updateReviewAction(prev: unknown, formData: FormData) {
  const result = await updateAction(prev, formData);
  if (result.ok) {
    revalidatePath("/reviews", "layout");
    revalidatePath("/my-updates");
  }
  return result;
}
