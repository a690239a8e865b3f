"use server";

import { format } from "date-fns";
import { and, asc, eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { initiativeMeasures, initiatives, initiativeUpdates, keyObjectives, milestoneForecastChanges, milestones, strategicPriorities } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import { unitDepartmentCte } from "@/lib/org/unit-department";
import {
  actualDateProblem,
  allocationPence,
  completeStatusProblem,
  expectedDate,
  forecastChanges,
  ragNeedsReason,
  startDateProblem,
  updatePeriod,
} from "@/lib/initiatives/rules";
import {
  initiativeCreateInput,
  initiativeEditInput,
  initiativeUpdateInput,
  milestoneAddInput,
  milestoneCancelInput,
  milestoneEditInput,
  type InitiativeCreateInput,
} from "@/lib/validation/initiative";

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

export const recordInitiativeUpdate = action({ name: "recordInitiativeUpdate", schema: initiativeUpdateInput, permission: "initiative:edit" }, async (input, actor) => {
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

export const editMilestone = action({ name: "editMilestone", schema: milestoneEditInput, permission: "initiative:edit" }, async (input, actor) => {
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

export const addMilestone = action({ name: "addMilestone", schema: milestoneAddInput, permission: "initiative:edit" }, async (input, actor) => {
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

export const cancelMilestone = action({ name: "cancelMilestone", schema: milestoneCancelInput, permission: "initiative:edit" }, async (input, actor) => {
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

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/** The scope of a unit `actor` may edit initiatives in (a lead unit); refused otherwise. */
async function editableUnit(actor: SessionUser, unitId: number): Promise<UnitScope> {
  const scope = await getUnitScope(unitId);
  assertCan(actor, "initiative:edit", scope ?? NOBODY);
  return scope!;
}

/** The business-plan fields as stored (measure links as a sorted list of ids), for the audit and conflicts. */
const planColumns = {
  cspRef: initiatives.cspRef,
  title: initiatives.title,
  deliverables: initiatives.deliverables,
  leadUnitId: initiatives.leadUnitId,
  type: initiatives.type,
  priorityId: initiatives.priorityId,
  keyObjectiveId: initiatives.keyObjectiveId,
  startDate: initiatives.startDate,
  targetDate: initiatives.targetDate,
  targetDateLabel: initiatives.targetDateLabel,
  wellbeingOutcomes: initiatives.wellbeingOutcomes,
  impactedMeasuresText: initiatives.impactedMeasuresText,
  ongoing: initiatives.ongoing,
  successCriterion: initiatives.successCriterion,
  allocationPence: initiatives.allocationPence,
  status: initiatives.status,
};

function planValues(input: InitiativeCreateInput) {
  return {
    cspRef: input.cspRef,
    title: input.title,
    deliverables: input.deliverables,
    leadUnitId: input.leadUnitId,
    type: input.type,
    priorityId: input.priorityId,
    keyObjectiveId: input.keyObjectiveId,
    startDate: input.startDate,
    targetDate: input.targetDate,
    targetDateLabel: input.targetDateLabel,
    wellbeingOutcomes: input.wellbeingOutcomes,
    impactedMeasuresText: input.impactedMeasuresText,
    ongoing: input.ongoing,
    successCriterion: input.successCriterion,
    allocationPence: allocationPence(input.allocationThousands),
    status: input.status,
  };
}

/**
 * The rules that need the database, checked inside the transaction: the priority exists, the key
 * objective and every linked measure belong to the lead unit's department, and (for an existing
 * initiative) "complete" needs every milestone achieved or cancelled and the planned start comes
 * before every achieved milestone. Throws one RuleError with every field's message.
 */
async function checkPlanRules(tx: Tx, input: InitiativeCreateInput, departmentId: number, initiativeId: number | null) {
  const errors: Record<string, string[]> = {};
  if (input.priorityId !== null) {
    const [p] = await tx.select({ id: strategicPriorities.id }).from(strategicPriorities).where(eq(strategicPriorities.id, input.priorityId));
    if (!p) errors.priorityId = ["Choose a CSP priority from the list"];
  }
  if (input.keyObjectiveId !== null) {
    const [k] = await tx.select({ departmentId: keyObjectives.departmentId }).from(keyObjectives).where(eq(keyObjectives.id, input.keyObjectiveId));
    if (!k) errors.keyObjectiveId = ["Choose a key objective from the list"];
    else if (k.departmentId !== departmentId) errors.keyObjectiveId = ["Choose a key objective of the lead unit's department"];
  }
  if (input.measureIds.length > 0) {
    const { rows } = await tx.execute<{ n: number }>(sql`
      with recursive ${unitDepartmentCte}
      select count(*)::int as n from measures m join unit_department ud on ud.id = m.unit_id
      where m.id = any(${`{${input.measureIds.join(",")}}`}::int[]) and ud.department_id = ${departmentId}`);
    if (rows[0]!.n !== input.measureIds.length) errors.measureIds = ["Link only measures of the lead unit's department"];
  }
  if (initiativeId !== null && (input.status === "complete" || input.startDate)) {
    const rows = await tx
      .select({ title: milestones.title, status: milestones.status, actualDate: milestones.actualDate })
      .from(milestones)
      .where(eq(milestones.initiativeId, initiativeId))
      .orderBy(asc(milestones.sortOrder), asc(milestones.plannedDate), asc(milestones.id));
    const complete = input.status === "complete" ? completeStatusProblem(rows) : null;
    if (complete) errors.status = [complete];
    const start = startDateProblem(input.startDate, rows);
    if (start) errors.startDate = [start];
  }
  if (Object.keys(errors).length > 0) throw new RuleError(FIX, errors);
}

async function linkedMeasures(tx: Tx, initiativeId: number): Promise<number[]> {
  const rows = await tx
    .select({ id: initiativeMeasures.measureId })
    .from(initiativeMeasures)
    .where(eq(initiativeMeasures.initiativeId, initiativeId))
    .orderBy(asc(initiativeMeasures.measureId));
  return rows.map((r) => r.id);
}

function revalidatePlan() {
  revalidatePath("/initiatives", "layout");
  // The golden thread and the review pack read initiatives too.
  revalidatePath("/departments", "layout");
  revalidatePath("/reviews", "layout");
}

export const createInitiative = action({ name: "createInitiative", schema: initiativeCreateInput, permission: "initiative:edit" }, async (input, actor) => {
  const scope = await editableUnit(actor, input.leadUnitId);
  const id = await db.transaction(async (tx) => {
    await checkPlanRules(tx, input, scope.departmentId, null);
    const values = planValues(input);
    const [row] = await tx.insert(initiatives).values(values).returning({ id: initiatives.id });
    if (input.measureIds.length > 0) {
      await tx.insert(initiativeMeasures).values(input.measureIds.map((measureId) => ({ initiativeId: row!.id, measureId })));
    }
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "initiative.create",
        entityType: "initiative",
        entityId: row!.id,
        unitId: input.leadUnitId,
        after: { ...values, measureIds: input.measureIds },
        reason: input.reason || null,
      },
      tx,
    );
    return row!.id;
  });
  revalidatePlan();
  return { id };
});

export const updateInitiative = action({ name: "updateInitiative", schema: initiativeEditInput, permission: "initiative:edit" }, async (input, actor) => {
  const target = await editableInitiative(actor, input.id);
  // Moving an initiative to another lead unit needs the right to edit there too.
  const scope = await editableUnit(actor, input.leadUnitId);

  const changed = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ ...planColumns, version: initiatives.version })
      .from(initiatives)
      .where(eq(initiatives.id, input.id))
      .for("update");
    if (!row) throw new RuleError("That initiative no longer exists.");
    const measureIds = await linkedMeasures(tx, input.id);
    // Moved to another unit since the permission check: that check is stale too.
    if (row.version !== input.version || row.leadUnitId !== target.leadUnitId) {
      throw new ConflictError("Someone else changed this initiative since you opened the page. What is stored now is shown below; review it and save again.", {
        ...row,
        measureIds,
      });
    }
    await checkPlanRules(tx, input, scope.departmentId, input.id);

    const { version: _v, ...stored } = row;
    void _v;
    const was: Record<string, unknown> = { ...stored, measureIds };
    const after: Record<string, unknown> = { ...planValues(input), measureIds: input.measureIds };
    const diff = Object.keys(after).filter((k) => JSON.stringify(was[k] ?? null) !== JSON.stringify(after[k] ?? null));
    if (diff.length === 0) return false;

    await tx
      .update(initiatives)
      .set({ ...planValues(input), version: sql`${initiatives.version} + 1`, updatedAt: new Date() })
      .where(and(eq(initiatives.id, input.id), eq(initiatives.version, input.version)));
    if (diff.includes("measureIds")) {
      await tx.delete(initiativeMeasures).where(eq(initiativeMeasures.initiativeId, input.id));
      if (input.measureIds.length > 0) {
        await tx.insert(initiativeMeasures).values(input.measureIds.map((measureId) => ({ initiativeId: input.id, measureId })));
      }
    }
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "initiative.edit",
        entityType: "initiative",
        entityId: input.id,
        unitId: input.leadUnitId,
        before: Object.fromEntries(diff.map((k) => [k, was[k] ?? null])),
        after: Object.fromEntries(diff.map((k) => [k, after[k] ?? null])),
        reason: input.reason,
      },
      tx,
    );
    return true;
  });
  revalidatePlan();
  return { id: input.id, changed };
});
