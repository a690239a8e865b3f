import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { reviewMeetings } from "@/db/schema";
import { ConflictError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { RecordMeetingInput } from "@/lib/validation/review";
import { managedDepartment, startedMonth } from "./department";

const meetingFields = {
  id: reviewMeetings.id,
  heldOn: reviewMeetings.heldOn,
  attendees: reviewMeetings.attendees,
  decisions: reviewMeetings.decisions,
  status: reviewMeetings.status,
  version: reviewMeetings.version,
};

/** The (locked) meeting of a department's month, created as planned when actions are added before it is recorded. */
export async function ensureMeeting(tx: Tx, actor: SessionUser, departmentId: number, period: string) {
  const [existing] = await tx
    .select(meetingFields)
    .from(reviewMeetings)
    .where(and(eq(reviewMeetings.departmentId, departmentId), eq(reviewMeetings.period, period)))
    .for("update");
  if (existing) return existing;
  const [created] = await tx
    .insert(reviewMeetings)
    .values({ departmentId, period, status: "planned", createdById: actor.id })
    .onConflictDoNothing()
    .returning(meetingFields);
  if (!created) throw new ConflictError("Someone else started this meeting's record at the same time. Reload the page and try again.");
  await writeAudit(
    { actorId: actor.id, actorEmail: actor.email, action: "review_meeting.create", entityType: "review_meeting", entityId: created.id, unitId: departmentId, after: { period, status: "planned" } },
    tx,
  );
  return created;
}

/**
 * Records (or corrects) the meeting of a department's month: checks the department is the actor's
 * to manage and the month has started, then creates the meeting (version 0: there was none) or
 * locks it, refuses a save from a stale page (version), writes and audits, in one transaction. A
 * meeting with a date is "held", without one "planned".
 */
export async function recordMeeting(actor: SessionUser, input: RecordMeetingInput): Promise<{ id: number }> {
  const dept = await managedDepartment(actor, input.departmentId);
  const period = startedMonth(input.month);
  const after = {
    heldOn: input.heldOn,
    attendees: input.attendees || null,
    decisions: input.decisions || null,
    status: input.heldOn ? ("held" as const) : ("planned" as const),
  };
  const stale = "Someone else recorded this meeting since you opened the page. Their version is shown below; review it and save again.";
  const id = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: reviewMeetings.id })
      .from(reviewMeetings)
      .where(and(eq(reviewMeetings.departmentId, dept.id), eq(reviewMeetings.period, period)));
    if (!existing) {
      if (input.version !== 0) throw new ConflictError(stale, null);
      const [created] = await tx
        .insert(reviewMeetings)
        .values({ departmentId: dept.id, period, ...after, createdById: actor.id })
        .onConflictDoNothing()
        .returning({ id: reviewMeetings.id });
      if (!created) throw new ConflictError(stale, null);
      await writeAudit(
        { actorId: actor.id, actorEmail: actor.email, action: "review_meeting.create", entityType: "review_meeting", entityId: created.id, unitId: dept.id, after: { period, ...after } },
        tx,
      );
      return created.id;
    }
    // Meetings are never deleted or moved, so the row found above is the one locked here.
    const before = await lockVersioned(tx, reviewMeetings, meetingFields, { id: existing.id, version: input.version, missing: stale, conflict: stale });
    const { id: _id, version: _v, ...was } = before;
    void _id;
    void _v;
    await updateVersioned(tx, reviewMeetings, {
      id: before.id,
      version: input.version,
      set: { ...after, updatedAt: new Date() },
      actor,
      audit: { action: "review_meeting.update", entityType: "review_meeting", unitId: dept.id, before: was, after },
    });
    return before.id;
  });
  return { id };
}
