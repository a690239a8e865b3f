import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { initiativeMeasures, initiatives, keyObjectives, milestones, strategicPriorities } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import type { InitiativeCreateInput, InitiativeEditInput } from "@/lib/validation/initiative";
import { editableInitiative } from "./access";
import { completeStatusProblem, startDateProblem } from "./rules";

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
  if (Object.keys(errors).length > 0) throw new RuleError("Please correct the highlighted fields.", errors);
}

async function linkedMeasures(tx: Tx, initiativeId: number): Promise<number[]> {
  const rows = await tx
    .select({ id: initiativeMeasures.measureId })
    .from(initiativeMeasures)
    .where(eq(initiativeMeasures.initiativeId, initiativeId))
    .orderBy(asc(initiativeMeasures.measureId));
  return rows.map((r) => r.id);
}

/** Adds an initiative to the business plan, led by a unit the actor may edit in; audited. */
export async function createInitiative(actor: SessionUser, input: InitiativeCreateInput) {
  const scope = await assertCanActOnUnit(actor, "initiative:edit", input.leadUnitId);
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
  return { id };
}

/**
 * Changes an initiative's business-plan fields and measure links; only the fields that changed are
 * audited, and a save that changes nothing writes nothing.
 */
export async function updateInitiative(actor: SessionUser, input: InitiativeEditInput) {
  const target = await editableInitiative(actor, input.id);
  // Moving an initiative to another lead unit needs the right to edit there too.
  const scope = await assertCanActOnUnit(actor, "initiative:edit", input.leadUnitId);

  const changed = await db.transaction(async (tx) => {
    const row = await lockVersioned(
      tx,
      initiatives,
      { ...planColumns, version: initiatives.version },
      {
        id: input.id,
        version: input.version,
        missing: "That initiative no longer exists.",
        conflict: "Someone else changed this initiative since you opened the page. What is stored now is shown below; review it and save again.",
        // Moved to another unit since the permission check: that check is stale too.
        stale: (r) => r.leadUnitId !== target.leadUnitId,
        current: async (r) => ({ ...r, measureIds: await linkedMeasures(tx, input.id) }),
      },
    );
    const measureIds = await linkedMeasures(tx, input.id);
    await checkPlanRules(tx, input, scope.departmentId, input.id);

    const { version: _v, ...stored } = row;
    void _v;
    const was: Record<string, unknown> = { ...stored, measureIds };
    const after: Record<string, unknown> = { ...planValues(input), measureIds: input.measureIds };
    const diff = Object.keys(after).filter((k) => JSON.stringify(was[k] ?? null) !== JSON.stringify(after[k] ?? null));
    if (diff.length === 0) return false;

    await updateVersioned(tx, initiatives, {
      id: input.id,
      version: input.version,
      set: { ...planValues(input), updatedAt: new Date() },
      actor,
      audit: {
        action: "initiative.edit",
        entityType: "initiative",
        unitId: input.leadUnitId,
        before: Object.fromEntries(diff.map((k) => [k, was[k] ?? null])),
        after: Object.fromEntries(diff.map((k) => [k, after[k] ?? null])),
        reason: input.reason,
      },
    });
    if (diff.includes("measureIds")) {
      await tx.delete(initiativeMeasures).where(eq(initiativeMeasures.initiativeId, input.id));
      if (input.measureIds.length > 0) {
        await tx.insert(initiativeMeasures).values(input.measureIds.map((measureId) => ({ initiativeId: input.id, measureId })));
      }
    }
    return true;
  });
  return { id: input.id, changed };
}
