"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { retryGivenUpMessage } from "@/lib/reminders/retry";
import { retryMessageInput } from "@/lib/validation/outbox";

/** Sends a given-up message again from the start of its tries (administrators only); audited. */
export const retryMessage = action({ name: "retryMessage", schema: retryMessageInput, permission: "user:manage" }, async (input, user) => {
  const result = await retryGivenUpMessage(user, input);
  revalidatePath("/admin/outbox");
  return result;
});
