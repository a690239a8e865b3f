"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { publicBaseUrl } from "@/lib/feedback/base-url";
import { issueInteractionLinks as issue } from "@/lib/feedback/interaction-links";
import * as links from "@/lib/feedback/links";
import { moderateResponses as moderate } from "@/lib/feedback/moderate";
import { interactionLinksCsv } from "@/lib/feedback/snippet";
import { createLinkInput, issueLinksInput, linkToggleInput, moderateInput } from "@/lib/validation/feedback";

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

/** Single-use survey links for a batch of interactions (whoever manages the service's survey link); audited. */
export const issueInteractionLinks = action({ name: "issueInteractionLinks", schema: issueLinksInput, permission: "feedback:manage" }, async (input, user) => {
  const issued = await issue(user, input);
  const base = publicBaseUrl();
  return {
    unitName: issued.unitName,
    links: issued.links.map((l) => ({ reference: l.reference, url: `${base}${l.path}`, expiresAt: l.expiresAt })),
    csv: interactionLinksCsv(base, issued.links),
  };
});

/** Accepts or rejects held survey responses in bulk (administrators); audited. */
export const moderateResponses = action({ name: "moderateResponses", schema: moderateInput, permission: "feedback:moderate" }, async (input, user) => {
  const result = await moderate(user, input);
  revalidatePath("/admin/feedback");
  revalidatePath("/admin/feedback/moderation");
  return { ...result, decision: input.decision };
});
