"use server";

import { and, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { orgUnits, reviewActions, reviewMeetings } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { parseMonth } from "@/lib/entry/periods";
import { unitDepartmentCte } from "@/lib/org/unit-department";
import { departmentScope } from "@/lib/reviews/pack";
import { addActionInput, parseLink, recordMeetingInput, updateActionInput } from "@/lib/validation/review";

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/** The department the form names, checked against the user's scope; refuses anything else. */
async function departmentFor(actor: SessionUser, departmentId: number) {
  const [dept] = await db
    .select({ id: orgUnits.id, slug: orgUnits.slug })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, departmentId), eq(orgUnits.kind, "department")));
  // Unknown and out-of-scope departments get the same answer, so ids cannot be probed.
  assertCan(actor, "review:manage", dept ? departmentScope(dept) : { unitId: -1, departmentId: -1, ancestorIds: [] });
  return dept!;
}

const meetingFields = {
  id: reviewMeetings.id,
  heldOn: reviewMeetings.heldOn,
  attendees: reviewMeetings.attendees,
  decisions: reviewMeetings.decisions,
  status: reviewMeetings.status,
  version: reviewMeetings.version,
};

/** Creates the (planned) meeting of a month when actions are added before it is recorded. */
async function ensureMeeting(tx: Tx, actor: SessionUser, departmentId: number, period: string) {
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

export const recordMeeting = action({ name: "recordMeeting", schema: recordMeetingInput, permission: "review:manage" }, async (input, actor) => {
  const dept = await departmentFor(actor, input.departmentId);
  const period = parseMonth(input.month)!;
  const after = {
    heldOn: input.heldOn,
    attendees: input.attendees || null,
    decisions: input.decisions || null,
    status: input.heldOn ? ("held" as const) : ("planned" as const),
  };
  const id = await db.transaction(async (tx) => {
    const [before] = await tx
      .select(meetingFields)
      .from(reviewMeetings)
      .where(and(eq(reviewMeetings.departmentId, dept.id), eq(reviewMeetings.period, period)))
      .for("update");
    const stale = "Someone else recorded this meeting since you opened the page. Their version is shown below; review it and save again.";
    if (!before) {
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
    if (before.version !== input.version) throw new ConflictError(stale, before);
    await tx
      .update(reviewMeetings)
      .set({ ...after, version: sql`${reviewMeetings.version} + 1`, updatedAt: new Date() })
      .where(and(eq(reviewMeetings.id, before.id), eq(reviewMeetings.version, input.version)));
    const { id: _id, version: _v, ...was } = before;
    void _id;
    void _v;
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "review_meeting.update", entityType: "review_meeting", entityId: before.id, unitId: dept.id, before: was, after },
      tx,
    );
    return before.id;
  });
  revalidatePath("/reviews", "layout");
  return { id };
});

export const addReviewAction = action({ name: "addReviewAction", schema: addActionInput, permission: "review:manage" }, async (input, actor) => {
  const dept = await departmentFor(actor, input.departmentId);
  const period = parseMonth(input.month)!;
  const link = parseLink(input.link);
  if (input.link) {
    // The linked measure, initiative or risk must belong to this department.
    const { rows } = await db.execute<{ ok: boolean }>(sql`
      with recursive ${unitDepartmentCte}
      select exists (
        select 1 from measures x join unit_department ud on ud.id = x.unit_id where x.id = ${link.measureId ?? -1} and ud.department_id = ${dept.id}
        union all
        select 1 from initiatives x join unit_department ud on ud.id = x.lead_unit_id where x.id = ${link.initiativeId ?? -1} and ud.department_id = ${dept.id}
        union all
        select 1 from risks x join unit_department ud on ud.id = x.unit_id where x.id = ${link.riskId ?? -1} and ud.department_id = ${dept.id}
      ) as ok`);
    if (!rows[0]?.ok) throw new RuleError("Please correct the highlighted fields.", { link: ["Choose a measure, initiative or risk of this department"] });
  }
  const id = await db.transaction(async (tx) => {
    const meeting = await ensureMeeting(tx, actor, dept.id, period);
    const values = { description: input.description, ownerName: input.ownerName, dueDate: input.dueDate, status: "open" as const, ...link };
    const [row] = await tx
      .insert(reviewActions)
      .values({ meetingId: meeting.id, ...values })
      .returning({ id: reviewActions.id });
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "review_action.create", entityType: "review_action", entityId: row!.id, unitId: dept.id, after: values },
      tx,
    );
    return row!.id;
  });
  revalidatePath("/reviews", "layout");
  return { id };
});

export const updateReviewAction = action({ name: "updateReviewAction", schema: updateActionInput, permission: "review:manage" }, async (input, actor) => {
  const [target] = await db
    .select({ departmentId: reviewMeetings.departmentId })
    .from(reviewActions)
    .innerJoin(reviewMeetings, eq(reviewMeetings.id, reviewActions.meetingId))
    .where(eq(reviewActions.id, input.id));
  await departmentFor(actor, target?.departmentId ?? -1);
  const departmentId = target!.departmentId;

  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        status: reviewActions.status,
        dueDate: reviewActions.dueDate,
        closingNote: reviewActions.closingNote,
        closedAt: reviewActions.closedAt,
        version: reviewActions.version,
      })
      .from(reviewActions)
      .where(eq(reviewActions.id, input.id))
      .for("update");
    if (!before) throw new RuleError("That action no longer exists.");
    if (before.version !== input.version) {
      throw new ConflictError("Someone else changed this action since you opened the page. Their change is shown below; review it and save again.", before);
    }
    const closing = input.status !== "open";
    const after = {
      status: input.status,
      dueDate: input.dueDate ?? before.dueDate,
      closingNote: closing ? input.closingNote : null,
    };
    const closedAt = !closing ? null : before.status === "open" ? new Date() : before.closedAt;
    const changed = after.status !== before.status || after.dueDate !== before.dueDate || after.closingNote !== before.closingNote;
    if (!changed) return;
    await tx
      .update(reviewActions)
      .set({ ...after, closedAt, version: sql`${reviewActions.version} + 1`, updatedAt: new Date() })
      .where(and(eq(reviewActions.id, input.id), eq(reviewActions.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "review_action.update",
        entityType: "review_action",
        entityId: input.id,
        unitId: departmentId,
        before: { status: before.status, dueDate: before.dueDate, closingNote: before.closingNote },
        after,
        reason: closing ? input.closingNote : null,
      },
      tx,
    );
  });
  revalidatePath("/reviews", "layout");
  return { id: input.id };
});
