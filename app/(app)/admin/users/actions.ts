"use server";

import { and, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { orgUnits, users } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { userChangeProblems } from "@/lib/users/rules";
import { createUserInput, updateUserInput } from "@/lib/validation/user";

async function unitKind(unitId: number | null) {
  if (unitId === null) return null;
  const [u] = await db.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!u) throw new RuleError("Please correct the highlighted fields.", { unitId: ["That unit does not exist"] });
  return u.kind;
}

/** Changes a user's role, scope or access. Any such change ends their current sessions at once. */
export const updateUser = action({ name: "updateUser", schema: updateUserInput, permission: "user:manage" }, async (input, actor) => {
  assertCan(actor, "user:manage");
  const problems = userChangeProblems({ actorId: actor.id, targetId: input.id, role: input.role, active: input.active, unitKind: await unitKind(input.unitId) });
  if (Object.keys(problems).length) throw new RuleError("Please correct the highlighted fields.", problems);
  const unitId = input.role === "SLT" || input.role === "LEAD" ? input.unitId : null;

  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ role: users.role, unitId: users.unitId, active: users.active, version: users.version })
      .from(users)
      .where(eq(users.id, input.id))
      .for("update");
    if (!before) throw new RuleError("That user no longer exists.");
    if (before.version !== input.version) {
      throw new ConflictError("Someone else changed this user since you opened the page. Their change is shown below; review it and save again.", before);
    }
    const scopeChanged = before.role !== input.role || before.unitId !== unitId || before.active !== input.active;
    const after = { role: input.role, unitId, active: input.active };
    await tx
      .update(users)
      .set({
        ...after,
        version: sql`${users.version} + 1`,
        sessionVersion: scopeChanged ? sql`${users.sessionVersion} + 1` : users.sessionVersion,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, input.id), eq(users.version, input.version)));
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "user.update", entityType: "user", entityId: input.id, before, after, reason: input.reason || null },
      tx,
    );
  });
  revalidatePath("/admin/users");
  return { id: input.id };
});

export const createUser = action({ name: "createUser", schema: createUserInput, permission: "user:manage" }, async (input, actor) => {
  assertCan(actor, "user:manage");
  const problems = userChangeProblems({ actorId: actor.id, targetId: null, role: input.role, active: true, unitKind: await unitKind(input.unitId) });
  if (Object.keys(problems).length) throw new RuleError("Please correct the highlighted fields.", problems);
  const passwordHash = await hashPassword(input.password);
  const unitId = input.role === "SLT" || input.role === "LEAD" ? input.unitId : null;
  const id = await db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
    if (exists) throw new RuleError("Please correct the highlighted fields.", { email: ["An account with this email address already exists"] });
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role, unitId, passwordHash })
      .returning({ id: users.id });
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "user.create", entityType: "user", entityId: row!.id, after: { email: input.email, name: input.name, role: input.role, unitId } },
      tx,
    );
    return row!.id;
  });
  revalidatePath("/admin/users");
  return { id };
});
