"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as links from "@/lib/feedback/links";
import { createLinkInput, linkToggleInput } from "@/lib/validation/feedback";

/** Creates a unit's survey link with a random, unguessable token; audited. */
export const createFeedbackLink = action({ name: "createFeedbackLink", schema: createLinkInput, permission: "feedback:manage" }, async (input, user) => {
  const link = await links.createFeedbackLink(user, input);
  revalidatePath("/admin/feedback");
  return link;
});

/** Pauses or resumes a link, refusing a change made from a stale page; audited. */
export const setFeedbackLinkPaused = action({ name: "setFeedbackLinkPaused", schema: linkToggleInput, permission: "feedback:manage" }, async (input, user) => {
  const result = await links.setFeedbackLinkPaused(user, input);
  revalidatePath("/admin/feedback");
  return result;
});
