"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as edit from "@/lib/users/edit";
import { createUserInput, updateUserInput } from "@/lib/validation/user";

/** Changes a user's role, scope or access. Any such change ends their current sessions at once. */
export const updateUser = action({ name: "updateUser", schema: updateUserInput, permission: "user:manage" }, async (input, actor) => {
  const result = await edit.updateUser(actor, input);
  revalidatePath("/admin/users");
  return result;
});

export const createUser = action({ name: "createUser", schema: createUserInput, permission: "user:manage" }, async (input, actor) => {
  const result = await edit.createUser(actor, input);
  revalidatePath("/admin/users");
  return result;
});
