"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { recordPhoneResponse as record } from "@/lib/feedback/phone";
import * as themes from "@/lib/feedback/themes";
import { phoneResponseInput, tagInput, themeInput } from "@/lib/validation/feedback";

/** An advisor's phone survey response, for a unit they may enter feedback for. */
export const recordPhoneResponse = action({ name: "recordPhoneResponse", schema: phoneResponseInput, permission: "feedback:enter" }, (input, user) => record(user, input));

/** Replaces a comment's themes (SLT of the department, LEAD of the unit); audited. */
export const tagComment = action({ name: "tagComment", schema: tagInput, permission: "feedback:enter" }, (input, user) =>
  // No revalidatePath: the feedback pages are rendered per request, and refreshing this list now
  // would move the comment just tagged (untagged ones come first) from under the reviewer's eyes.
  themes.tagComment(user, input),
);

/** Adds a theme for a department (its SLT, or an administrator); audited. */
export const addTheme = action({ name: "addTheme", schema: themeInput, permission: "feedback:manage" }, async (input, user) => {
  const theme = await themes.addTheme(user, input);
  revalidatePath("/feedback/themes");
  revalidatePath("/feedback/comments");
  return theme;
});
