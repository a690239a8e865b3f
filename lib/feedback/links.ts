import "server-only";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { feedbackLinks } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { CreateLinkInput, LinkToggleInput } from "@/lib/validation/feedback";

/** Creates a unit's survey link with a random, unguessable token (144 bits); audited. */
export async function createFeedbackLink(user: SessionUser, input: CreateLinkInput) {
  await assertCanActOnUnit(user, "feedback:manage", input.unitId);
  const token = randomBytes(18).toString("base64url");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(feedbackLinks)
      .values({ unitId: input.unitId, token, createdById: user.id })
      .onConflictDoNothing({ target: feedbackLinks.unitId })
      .returning({ id: feedbackLinks.id });
    if (!row) throw new RuleError("This service already has a survey link.");
    await writeAudit({ actorId: user.id, actorEmail: user.email, action: "feedback.link_create", entityType: "feedback_link", entityId: row.id, unitId: input.unitId, after: { paused: false } }, tx);
    return row;
  });
}

/** Pauses or resumes a link, refusing a change made from a stale page; audited. */
export async function setFeedbackLinkPaused(user: SessionUser, input: LinkToggleInput) {
  const [link] = await db.select({ id: feedbackLinks.id, unitId: feedbackLinks.unitId }).from(feedbackLinks).where(eq(feedbackLinks.id, input.linkId));
  if (!link) throw new RuleError("That survey link no longer exists.");
  await assertCanActOnUnit(user, "feedback:manage", link.unitId);
  return db.transaction(async (tx) => {
    const current = await lockVersioned(
      tx,
      feedbackLinks,
      { version: feedbackLinks.version, paused: feedbackLinks.paused },
      {
        id: link.id,
        version: input.version,
        missing: "That survey link no longer exists.",
        conflict: (row) => `Someone else changed this link since you opened the page: it is now ${row.paused ? "paused" : "taking responses"}. Nothing was changed.`,
        current: (row) => ({ paused: row.paused, version: row.version }),
      },
    );
    if (current.paused === input.paused) return { paused: current.paused, version: current.version };
    const version = await updateVersioned(tx, feedbackLinks, {
      id: link.id,
      version: input.version,
      set: { paused: input.paused, updatedAt: sql`now()` },
      actor: user,
      audit: {
        action: input.paused ? "feedback.link_pause" : "feedback.link_resume",
        entityType: "feedback_link",
        unitId: link.unitId,
        before: { paused: current.paused },
        after: { paused: input.paused },
      },
    });
    return { paused: input.paused, version };
  });
}
