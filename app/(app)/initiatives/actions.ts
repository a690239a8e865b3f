"use server";

import { format } from "date-fns";
import { and, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { initiatives, initiativeUpdates, milestoneForecastChanges, milestones } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import { actualDateProblem, expectedDate, forecastChanges, ragNeedsReason, updatePeriod } from "@/lib/plan/rules";
import { initiativeUpdateInput, milestoneAddInput, milestoneCancelInput, milestoneEditInput } from "@/lib/validation/initiative";

const NOBODY = { unitId: -1, departmentId: -1, ancestorIds: [] };
const today = () => format(new Date(), "yyyy-MM-dd");
const FIX = "Please correct the highlighted fields.";

/**
 * The initiative, if the user may edit it (`initiative:edit` on its lead unit). Unknown and
 * out-of-scope initiatives get the same refusal, so that ids cannot be probed.
 */
async function editableInitiative(actor: SessionUser, initiativeId: number) {
  const [row] = await db
    .select({ id: initiatives.id, leadUnitId: initiatives.leadUnitId, startDate: initiatives.startDate })
    .from(initiatives)
    .where(eq(initiatives.id, initiativeId));
  const scope = row ? await getUnitScope(row.leadUnitId) : null;
  assertCan(actor, "initiative:edit", scope ?? NOBODY);
  return row!;
}

/** The milestone's initiative, if the user may edit it. */
async function editableMilestone(actor: SessionUser, milestoneId: number) {
  const [row] = await db.select({ initiativeId: milestones.initiativeId }).from(milestones).where(eq(milestones.id, milestoneId));
  if (!row) {
    assertCan(actor, "initiative:edit", NOBODY);
    throw new RuleError("That milestone no longer exists.");
  }
  return editableInitiative(actor, row.initiativeId);
}

const recordUpdateAction = action({ name: "recordInitiativeUpdate", schema: initiativeUpdateInput, permission: "initiative:edit" }, async (input, actor) => {
  const target = await editableInitiative(actor, input.initiativeId);
  const period = updatePeriod(today());
  const reason = input.reason || null;
  const commentary = input.commentary || null;
  // Belt and braces: the schema already asks for it, and the database refuses a red/amber row without one.
  if (ragNeedsReason(input.rag) && !reason) throw new RuleError(FIX, { reason: [`Say why the initiative is ${input.rag}`] });

  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ rag: initiatives.rag, ragReason: initiatives.ragReason, version: initiatives.version })
      .from(initiatives)
      .where(eq(initiatives.id, target.id))
      .for("update");
    if (!before) throw new RuleError("That initiative no longer exists.");
    if (before.version !== input.version) {
      throw new ConflictError("Someone else updated this initiative since you opened the page. Their rating is shown below; review it and save again.", before);
    }
    const [previous] = await tx
      .select({ rag: initiativeUpdates.rag, reason: initiativeUpdates.reason, commentary: initiativeUpdates.commentary })
      .from(initiativeUpdates)
      .where(and(eq(initiativeUpdates.initiativeId, target.id), eq(initiativeUpdates.period, period)));
    const values = { rag: input.rag, reason, commentary, createdById: actor.id, createdAt: new Date() };
    await tx
      .insert(initiativeUpdates)
      .values({ initiativeId: target.id, period, ...values })
      .onConflictDoUpdate({ target: [initiativeUpdates.initiativeId, initiativeUpdates.period], set: values });
    await tx
      .update(initiatives)
      .set({ rag: input.rag, ragReason: reason, version: sql`${initiatives.version} + 1`, updatedAt: new Date() })
      .where(and(eq(initiatives.id, target.id), eq(initiatives.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: previous ? "initiative_update.replace" : "initiative_update.record",
        entityType: "initiative",
        entityId: target.id,
        unitId: target.leadUnitId,
        before: { rag: before.rag, ragReason: before.ragReason, update: previous ?? null },
        after: { period, rag: input.rag, reason, commentary },
        reason,
      },
      tx,
    );
  });
  revalidatePath("/initiatives", "layout");
  return { id: target.id, period };
});

const milestoneFields = {
  title: milestones.title,
  plannedDate: milestones.plannedDate,
  forecastDate: milestones.forecastDate,
  actualDate: milestones.actualDate,
  status: milestones.status,
  version: milestones.version,
};

const editMilestoneAction = action({ name: "editMilestone", schema: milestoneEditInput, permission: "initiative:edit" }, async (input, actor) => {
  const target = await editableMilestone(actor, input.id);
  const now = today();

  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select(milestoneFields).from(milestones).where(eq(milestones.id, input.id)).for("update");
    if (!before) throw new RuleError("That milestone no longer exists.");
    if (before.version !== input.version) {
      throw new ConflictError("Someone else changed this milestone since you opened the page. Their version is shown below; review it and save again.", before);
    }
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
    if (Object.keys(errors).length > 0) throw new RuleError(FIX, errors);

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

    await tx
      .update(milestones)
      .set({ ...after, version: sql`${milestones.version} + 1`, updatedAt: new Date() })
      .where(and(eq(milestones.id, input.id), eq(milestones.version, input.version)));
    if (forecastMoved && input.forecastDate) {
      await tx.insert(milestoneForecastChanges).values({
        milestoneId: input.id,
        fromDate: before.forecastDate,
        toDate: input.forecastDate,
        reason: input.reason,
        changedById: actor.id,
      });
    }
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: input.actualDate && !before.actualDate ? "milestone.achieve" : "milestone.update",
        entityType: "milestone",
        entityId: input.id,
        unitId: target.leadUnitId,
        before: was,
        after,
        reason: input.reason || null,
      },
      tx,
    );
    return { changed: true };
  });
  revalidatePath("/initiatives", "layout");
  return { id: input.id, ...result };
});

const addMilestoneAction = action({ name: "addMilestone", schema: milestoneAddInput, permission: "initiative:edit" }, async (input, actor) => {
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
  revalidatePath("/initiatives", "layout");
  return { id };
});

const cancelMilestoneAction = action({ name: "cancelMilestone", schema: milestoneCancelInput, permission: "initiative:edit" }, async (input, actor) => {
  const target = await editableMilestone(actor, input.id);
  await db.transaction(async (tx) => {
    const [before] = await tx.select(milestoneFields).from(milestones).where(eq(milestones.id, input.id)).for("update");
    if (!before) throw new RuleError("That milestone no longer exists.");
    if (before.version !== input.version) {
      throw new ConflictError("Someone else changed this milestone since you opened the page. Their version is shown below; review it and save again.", before);
    }
    if (before.status === "cancelled") return;
    if (before.status === "achieved" || before.actualDate) throw new RuleError("An achieved milestone cannot be cancelled.");
    await tx
      .update(milestones)
      .set({ status: "cancelled", version: sql`${milestones.version} + 1`, updatedAt: new Date() })
      .where(and(eq(milestones.id, input.id), eq(milestones.version, input.version)));
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "milestone.cancel",
        entityType: "milestone",
        entityId: input.id,
        unitId: target.leadUnitId,
        before: { status: before.status },
        after: { status: "cancelled" },
        reason: input.reason,
      },
      tx,
    );
  });
  revalidatePath("/initiatives", "layout");
  return { id: input.id };
});

export async function recordInitiativeUpdate(prev: unknown, formData: FormData) {
  return recordUpdateAction(prev, formData);
}

export async function editMilestone(prev: unknown, formData: FormData) {
  return editMilestoneAction(prev, formData);
}

export async function addMilestone(prev: unknown, formData: FormData) {
  return addMilestoneAction(prev, formData);
}

export async function cancelMilestone(prev: unknown, formData: FormData) {
  return cancelMilestoneAction(prev, formData);
}
