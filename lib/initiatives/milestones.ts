import "server-only";
import { format } from "date-fns";
import { eq, sql } from "drizzle-orm";
import { milestoneForecastChanges, milestones } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import type { MilestoneAddInput, MilestoneCancelInput, MilestoneEditInput } from "@/lib/validation/initiative";
import { editableInitiative, editableMilestone } from "./access";
import { expectedDate } from "./milestone-rules";
import { actualDateProblem, forecastChanges } from "./rules";

const milestoneFields = {
  title: milestones.title,
  plannedDate: milestones.plannedDate,
  forecastDate: milestones.forecastDate,
  actualDate: milestones.actualDate,
  status: milestones.status,
  version: milestones.version,
};

const lockMilestone = (input: { id: number; version: number }) => ({
  id: input.id,
  version: input.version,
  missing: "That milestone no longer exists.",
  conflict: "Someone else changed this milestone since you opened the page. Their version is shown below; review it and save again.",
});

/**
 * Changes a milestone's dates or title. Moving the forecast (or the planned date) needs a reason,
 * and every forecast move is kept; an actual date achieves it, and removing one reopens it.
 */
export async function editMilestone(actor: SessionUser, input: MilestoneEditInput) {
  const target = await editableMilestone(actor, input.id);
  const now = format(new Date(), "yyyy-MM-dd");

  const result = await db.transaction(async (tx) => {
    const before = await lockVersioned(tx, milestones, milestoneFields, lockMilestone(input));
    if (before.status === "cancelled") throw new RuleError("A cancelled milestone cannot be changed.");

    const errors: Record<string, string[]> = {};
    const forecastMoved = forecastChanges(before.forecastDate, input.forecastDate);
    const plannedMoved = before.plannedDate !== input.plannedDate;
    if (before.forecastDate !== null && input.forecastDate === null) {
      errors.forecastDate = ["Enter a forecast date: a forecast can be moved, not removed"];
    }
    if ((forecastMoved || plannedMoved) && input.reason.length < 3) {
      errors.reason = [forecastMoved ? "Say why the forecast date changes" : "Say why the planned date changes"];
    }
    if (input.actualDate !== null && input.actualDate !== before.actualDate) {
      const problem = actualDateProblem(input.actualDate, target.startDate, now);
      if (problem) errors.actualDate = [problem];
    }
    if (Object.keys(errors).length > 0) throw new RuleError("Please correct the highlighted fields.", errors);

    const stillMissed = before.status === "missed" && expectedDate(input) < now;
    const status = input.actualDate
      ? ("achieved" as const)
      : before.status === "achieved" || (before.status === "missed" && !stillMissed)
        ? ("in_progress" as const)
        : before.status;
    const after = { title: input.title, plannedDate: input.plannedDate, forecastDate: input.forecastDate, actualDate: input.actualDate, status };
    const { version: _v, ...was } = before;
    void _v;
    const changed = (Object.keys(after) as (keyof typeof after)[]).some((k) => after[k] !== was[k]);
    if (!changed) return { changed: false };

    await updateVersioned(tx, milestones, {
      id: input.id,
      version: input.version,
      set: { ...after, updatedAt: new Date() },
      actor,
      audit: {
        action: input.actualDate && !before.actualDate ? "milestone.achieve" : "milestone.update",
        entityType: "milestone",
        unitId: target.leadUnitId,
        before: was,
        after,
        reason: input.reason || null,
      },
    });
    if (forecastMoved && input.forecastDate) {
      await tx.insert(milestoneForecastChanges).values({
        milestoneId: input.id,
        fromDate: before.forecastDate,
        toDate: input.forecastDate,
        reason: input.reason,
        changedById: actor.id,
      });
    }
    return { changed: true };
  });
  return { id: input.id, ...result };
}

/** Adds a milestone at the end of the initiative's list; its forecast starts at the planned date. */
export async function addMilestone(actor: SessionUser, input: MilestoneAddInput) {
  const target = await editableInitiative(actor, input.initiativeId);
  const id = await db.transaction(async (tx) => {
    const [{ next } = { next: 0 }] = await tx
      .select({ next: sql<number>`coalesce(max(${milestones.sortOrder}) + 1, 0)::int` })
      .from(milestones)
      .where(eq(milestones.initiativeId, target.id));
    // The forecast starts at the planned date; every later move is a recorded change.
    const values = { title: input.title, plannedDate: input.plannedDate, forecastDate: input.plannedDate, status: "planned" as const };
    const [row] = await tx
      .insert(milestones)
      .values({ initiativeId: target.id, sortOrder: next, ...values })
      .returning({ id: milestones.id });
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "milestone.create", entityType: "milestone", entityId: row!.id, unitId: target.leadUnitId, after: { initiativeId: target.id, ...values } },
      tx,
    );
    return row!.id;
  });
  return { id };
}

/** Cancels a milestone that is not achieved (cancelling one already cancelled changes nothing). */
export async function cancelMilestone(actor: SessionUser, input: MilestoneCancelInput) {
  const target = await editableMilestone(actor, input.id);
  await db.transaction(async (tx) => {
    const before = await lockVersioned(tx, milestones, milestoneFields, lockMilestone(input));
    if (before.status === "cancelled") return;
    if (before.status === "achieved" || before.actualDate) throw new RuleError("An achieved milestone cannot be cancelled.");
    await updateVersioned(tx, milestones, {
      id: input.id,
      version: input.version,
      set: { status: "cancelled", updatedAt: new Date() },
      actor,
      audit: {
        action: "milestone.cancel",
        entityType: "milestone",
        unitId: target.leadUnitId,
        before: { status: before.status },
        after: { status: "cancelled" },
        reason: input.reason,
      },
    });
  });
  return { id: input.id };
}
