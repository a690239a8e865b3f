import "server-only";
import { eq, sql } from "drizzle-orm";
import { orgUnits, users } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { assertCan } from "@/lib/auth/permissions";
import { endSessionsOfUser } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import type { CreateUserInput, UpdateUserInput } from "@/lib/validation/user";
import { userChangeProblems } from "./rules";

const FIX = "Please correct the highlighted fields.";

async function unitKind(unitId: number | null) {
  if (unitId === null) return null;
  const [u] = await db.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!u) throw new RuleError(FIX, { unitId: ["That unit does not exist"] });
  return u.kind;
}

/** Changes a user's role, scope or access. Any such change ends their current sessions at once. */
export async function updateUser(actor: SessionUser, input: UpdateUserInput) {
  assertCan(actor, "user:manage");
  const problems = userChangeProblems({ actorId: actor.id, targetId: input.id, role: input.role, active: input.active, unitKind: await unitKind(input.unitId) });
  if (Object.keys(problems).length) throw new RuleError(FIX, problems);
  const unitId = input.role === "SLT" || input.role === "LEAD" ? input.unitId : null;

  await db.transaction(async (tx) => {
    const before = await lockVersioned(
      tx,
      users,
      { role: users.role, unitId: users.unitId, active: users.active, version: users.version },
      {
        id: input.id,
        version: input.version,
        missing: "That user no longer exists.",
        conflict: "Someone else changed this user since you opened the page. Their change is shown below; review it and save again.",
      },
    );
    const scopeChanged = before.role !== input.role || before.unitId !== unitId || before.active !== input.active;
    const after = { role: input.role, unitId, active: input.active };
    await updateVersioned(tx, users, {
      id: input.id,
      version: input.version,
      set: { ...after, updatedAt: new Date() },
      actor,
      audit: { action: "user.update", entityType: "user", before, after, reason: input.reason || null },
    });
    // Ended with the change, in its transaction: the person signs in again into the new role (or cannot).
    if (scopeChanged) await endSessionsOfUser(input.id, "account_changed", tx);
  });
  return { id: input.id };
}

/** Adds an account with a role and scope; the email address must be new (in any letter case). */
export async function createUser(actor: SessionUser, input: CreateUserInput) {
  assertCan(actor, "user:manage");
  const problems = userChangeProblems({ actorId: actor.id, targetId: null, role: input.role, active: true, unitKind: await unitKind(input.unitId) });
  if (Object.keys(problems).length) throw new RuleError(FIX, problems);
  const passwordHash = await hashPassword(input.password);
  const unitId = input.role === "SLT" || input.role === "LEAD" ? input.unitId : null;
  const id = await db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${input.email}`);
    if (exists) throw new RuleError(FIX, { email: ["An account with this email address already exists"] });
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
  return { id };
}
