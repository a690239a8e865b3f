"use server";

import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { feedbackLinks } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import { assertCan, ForbiddenError } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import { createLinkInput, linkToggleInput } from "@/lib/validation/feedback";

/** Creates a unit's survey link with a random, unguessable token (144 bits); audited. */
export const createFeedbackLink = action({ name: "createFeedbackLink", schema: createLinkInput, permission: "feedback:manage" }, async (input, user) => {
  const scope = await getUnitScope(input.unitId);
  if (!scope) throw new ForbiddenError();
  assertCan(user, "feedback:manage", scope);
  const token = randomBytes(18).toString("base64url");
  const link = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(feedbackLinks)
      .values({ unitId: input.unitId, token, createdById: user.id })
      .onConflictDoNothing({ target: feedbackLinks.unitId })
      .returning({ id: feedbackLinks.id });
    if (!row) throw new RuleError("This service already has a survey link.");
    await writeAudit({ actorId: user.id, actorEmail: user.email, action: "feedback.link_create", entityType: "feedback_link", entityId: row.id, unitId: input.unitId, after: { paused: false } }, tx);
    return row;
  });
  revalidatePath("/admin/feedback");
  return link;
});

/** Pauses or resumes a link, refusing a change made from a stale page; audited. */
export const setFeedbackLinkPaused = action({ name: "setFeedbackLinkPaused", schema: linkToggleInput, permission: "feedback:manage" }, async (input, user) => {
  const [link] = await db.select().from(feedbackLinks).where(eq(feedbackLinks.id, input.linkId));
  if (!link) throw new RuleError("That survey link no longer exists.");
  const scope = await getUnitScope(link.unitId);
  if (!scope) throw new ForbiddenError();
  assertCan(user, "feedback:manage", scope);
  const result = await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ version: number; paused: boolean }>(sql`select version, paused from feedback_links where id = ${link.id} for update`);
    const current = rows[0]!;
    if (current.version !== input.version) {
      throw new ConflictError(
        `Someone else changed this link since you opened the page: it is now ${current.paused ? "paused" : "taking responses"}. Nothing was changed.`,
        { paused: current.paused, version: current.version },
      );
    }
    if (current.paused === input.paused) return { paused: current.paused, version: current.version };
    const { rows: updated } = await tx.execute<{ version: number }>(
      sql`update feedback_links set paused = ${input.paused}, version = version + 1, updated_at = now() where id = ${link.id} returning version`,
    );
    await writeAudit(
      {
        actorId: user.id,
        actorEmail: user.email,
        action: input.paused ? "feedback.link_pause" : "feedback.link_resume",
        entityType: "feedback_link",
        entityId: link.id,
        unitId: link.unitId,
        before: { paused: current.paused },
        after: { paused: input.paused },
      },
      tx,
    );
    return { paused: input.paused, version: updated[0]!.version };
  });
  revalidatePath("/admin/feedback");
  return result;
});
