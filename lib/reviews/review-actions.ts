import "server-only";
import { eq, sql } from "drizzle-orm";
import { reviewActions, reviewMeetings } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import { parseLink, type AddActionInput, type UpdateActionInput } from "@/lib/validation/review";
import { managedDepartment, startedMonth } from "./department";
import { ensureMeeting } from "./meeting";
import { listActionOwners } from "./queries";

const FIX = "Please correct the highlighted fields.";

/**
 * Adds an action agreed at a department's meeting (creating the month's meeting as planned when
 * there is none yet). The owner must be an active SLT member or lead of that department (the
 * select offers only those; anyone else is refused with a field error); owner_name keeps the
 * owner's name for display and history. A link must be to a measure, initiative or risk of the
 * department. A month that has not started is refused. Written and audited in one transaction.
 */
export async function addReviewAction(actor: SessionUser, input: AddActionInput): Promise<{ id: number }> {
  const dept = await managedDepartment(actor, input.departmentId);
  const period = startedMonth(input.month);
  const link = parseLink(input.link);
  const [owner] = await listActionOwners(dept.id, input.ownerUserId);
  if (!owner) throw new RuleError(FIX, { ownerUserId: ["Choose the owner from the list: an active member of this department"] });
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
    if (!rows[0]?.ok) throw new RuleError(FIX, { link: ["Choose a measure, initiative or risk of this department"] });
  }
  return db.transaction(async (tx) => {
    const meeting = await ensureMeeting(tx, actor, dept.id, period);
    const values = {
      description: input.description,
      ownerUserId: owner.id,
      ownerName: owner.name,
      dueDate: input.dueDate,
      status: "open" as const,
      ...link,
    };
    const [row] = await tx
      .insert(reviewActions)
      .values({ meetingId: meeting.id, ...values })
      .returning({ id: reviewActions.id });
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "review_action.create", entityType: "review_action", entityId: row!.id, unitId: dept.id, after: values },
      tx,
    );
    return { id: row!.id };
  });
}

/**
 * Closes (done or dropped, with a note), reopens or re-dates an action: checks the action's
 * department is the actor's to manage, locks the row, refuses a stale version, writes and audits.
 */
export async function updateReviewAction(actor: SessionUser, input: UpdateActionInput): Promise<{ id: number }> {
  const [target] = await db
    .select({ departmentId: reviewMeetings.departmentId })
    .from(reviewActions)
    .innerJoin(reviewMeetings, eq(reviewMeetings.id, reviewActions.meetingId))
    .where(eq(reviewActions.id, input.id));
  // An unknown action is refused like an out-of-scope one, so ids cannot be probed.
  const dept = await managedDepartment(actor, target?.departmentId);

  await db.transaction(async (tx) => {
    const before = await lockVersioned(
      tx,
      reviewActions,
      {
        status: reviewActions.status,
        dueDate: reviewActions.dueDate,
        closingNote: reviewActions.closingNote,
        closedAt: reviewActions.closedAt,
        version: reviewActions.version,
      },
      {
        id: input.id,
        version: input.version,
        missing: "That action no longer exists.",
        conflict: "Someone else changed this action since you opened the page. Their change is shown below; review it and save again.",
      },
    );
    const closing = input.status !== "open";
    const after = {
      status: input.status,
      dueDate: input.dueDate ?? before.dueDate,
      closingNote: closing ? input.closingNote : null,
    };
    const closedAt = !closing ? null : before.status === "open" ? new Date() : before.closedAt;
    const changed = after.status !== before.status || after.dueDate !== before.dueDate || after.closingNote !== before.closingNote;
    if (!changed) return;
    await updateVersioned(tx, reviewActions, {
      id: input.id,
      version: input.version,
      set: { ...after, closedAt, updatedAt: new Date() },
      actor,
      audit: {
        action: "review_action.update",
        entityType: "review_action",
        unitId: dept.id,
        before: { status: before.status, dueDate: before.dueDate, closingNote: before.closingNote },
        after,
        reason: closing ? input.closingNote : null,
      },
    });
  });
  return { id: input.id };
}
