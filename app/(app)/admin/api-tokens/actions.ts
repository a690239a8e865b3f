"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { action } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import * as manage from "@/lib/api-tokens/manage";
import { createApiTokenInput, revokeApiTokenInput } from "@/lib/validation/api-token";

/** Creates an API token for units the user manages; the answer holds the token, shown once. Audited. */
export const createApiToken = action({ name: "createApiToken", schema: createApiTokenInput, permission: "api-token:manage" }, async (input, user) => {
  const created = await manage.createApiToken(user, input);
  revalidatePath("/admin/api-tokens");
  return created;
});

const revokeAction = action({ name: "revokeApiToken", schema: revokeApiTokenInput, permission: "api-token:manage" }, (input, user) => manage.revokeApiToken(user, input));

/**
 * Revokes a token, then shows the list again (a redirect after the action, never inside a try): the
 * revoke form also works as a plain POST without JavaScript. Audited.
 */
export async function revokeApiToken(prev: unknown, formData: FormData): Promise<ActionResult<{ id: number; name: string }>> {
  const result = await revokeAction(prev, formData);
  if (!result.ok) return result;
  revalidatePath("/admin/api-tokens");
  redirect(`/admin/api-tokens?revoked=${result.data.id}`);
}
