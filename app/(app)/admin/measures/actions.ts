"use server";

import { and, eq, max, min, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { measures, measureTargets, measureValues } from "@/db/schema";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { measureDefinitionColumns } from "@/lib/measures/catalogue";
import { getUnitScope } from "@/lib/org/queries";
import {
  addTargetChangeInput,
  createMeasureInput,
  updateMeasureInput,
  valueRangeProblem,
  type CreateMeasureInput,
  type UpdateMeasureInput,
} from "@/lib/validation/measure";

const FIX_FIELDS = "Please correct the highlighted fields.";

/** The actor must manage measures in this unit; a unit that does not exist is a field error. */
async function assertUnitInScope(actor: SessionUser, unitId: number) {
  const scope = await getUnitScope(unitId);
  if (!scope) throw new RuleError(FIX_FIELDS, { unitId: ["That unit does not exist"] });
  assertCan(actor, "measure:manage", scope);
}

/** The definition columns as the form sets them. */
function definitionValues(input: CreateMeasureInput | UpdateMeasureInput) {
  return {
    code: input.code,
    name: input.name,
    description: input.description,
    unitId: input.unitId,
    category: input.category,
    valueType: input.valueType,
    scaleMin: input.scaleMin,
    scaleMax: input.scaleMax,
    decimals: input.decimals,
    direction: input.direction,
    frequency: input.frequency,
    quarterRule: input.quarterRule,
    dataSource: input.dataSource,
    dataLimitations: input.dataLimitations,
    baselineValue: input.baselineValue,
    baselinePeriod: input.baselinePeriod,
    baselineNote: input.baselineNote,
    amberTolerancePct: input.amberTolerancePct,
    internationalBenchmarking: input.internationalBenchmarking,
    groupName: input.groupName,
    breakdown: input.breakdown,
    isPublic: input.isPublic,
  };
}

const duplicateCode = () => new RuleError(FIX_FIELDS, { code: ["Another measure already uses this code"] });

/** Postgres unique violation on the measure code: two people saved the same new code at once. */
function isDuplicateCode(err: unknown): boolean {
  const pg = (err instanceof Error && err.cause instanceof Error ? err.cause : err) as { code?: string; constraint?: string };
  return pg?.code === "23505" && (pg.constraint ?? "").includes("code");
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

async function assertCodeFree(tx: Tx, code: string, exceptId: number | null) {
  const [taken] = await tx
    .select({ id: measures.id })
    .from(measures)
    .where(and(sql`upper(${measures.code}) = ${code}`, exceptId === null ? undefined : sql`${measures.id} <> ${exceptId}`));
  if (taken) throw duplicateCode();
}

export const createMeasure = action({ name: "createMeasure", schema: createMeasureInput, permission: "measure:manage" }, async (input, actor) => {
  await assertUnitInScope(actor, input.unitId);
  const values = definitionValues(input);
  const target = { targetValue: input.targetValue, effectiveFrom: input.targetFrom, tbcDue: input.tbcDue, note: input.targetNote };
  let id: number;
  try {
    id = await db.transaction(async (tx) => {
      await assertCodeFree(tx, input.code, null);
      const [row] = await tx
        .insert(measures)
        .values({
          ...values,
          // New measures go to the end of their unit's list.
          sortOrder: sql`(select coalesce(max(${measures.sortOrder}), -1) + 1 from ${measures} where ${measures.unitId} = ${input.unitId})`,
        })
        .returning({ id: measures.id });
      const measureId = row!.id;
      await tx.insert(measureTargets).values({ measureId, ...target, createdById: actor.id });
      await writeAudit(
        {
          actorId: actor.id,
          actorEmail: actor.email,
          action: "measure.create",
          entityType: "measure",
          entityId: measureId,
          unitId: input.unitId,
          after: { ...values, active: true, target },
        },
        tx,
      );
      return measureId;
    });
  } catch (err) {
    if (isDuplicateCode(err)) throw duplicateCode();
    throw err;
  }
  revalidatePath("/admin/measures");
  revalidatePath("/dashboard");
  return { id };
});

/**
 * Changes a measure's definition, moves it to another unit in scope, or retires it (active off:
 * kept with its figures and targets, no longer reported). Saving from a stale copy is refused.
 */
export const updateMeasure = action({ name: "updateMeasure", schema: updateMeasureInput, permission: "measure:manage" }, async (input, actor) => {
  const values = { ...definitionValues(input), active: input.active };
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx.select(measureDefinitionColumns).from(measures).where(eq(measures.id, input.id)).for("update");
      if (!before) throw new RuleError("That measure no longer exists.");
      // Scope first: someone outside it learns nothing about the stored measure.
      await assertUnitInScope(actor, before.unitId);
      if (before.version !== input.version) {
        throw new ConflictError(
          "Someone else changed this measure since you opened the page. What is stored now is shown below; review it and save again.",
          before,
        );
      }
      if (input.unitId !== before.unitId) await assertUnitInScope(actor, input.unitId);
      if (input.code !== before.code) await assertCodeFree(tx, input.code, input.id);
      await assertFitsStoredData(tx, input, before);

      await tx
        .update(measures)
        .set({ ...values, version: sql`${measures.version} + 1`, updatedAt: new Date() })
        .where(and(eq(measures.id, input.id), eq(measures.version, input.version)));
      const auditAction = before.active && !input.active ? "measure.retire" : !before.active && input.active ? "measure.reinstate" : "measure.update";
      await writeAudit(
        {
          actorId: actor.id,
          actorEmail: actor.email,
          action: auditAction,
          entityType: "measure",
          entityId: input.id,
          unitId: input.unitId,
          before,
          after: values,
          reason: input.reason,
        },
        tx,
      );
    });
  } catch (err) {
    if (isDuplicateCode(err)) throw duplicateCode();
    throw err;
  }
  revalidatePath("/admin/measures");
  revalidatePath(`/admin/measures/${input.id}`);
  revalidatePath("/dashboard");
  return { id: input.id };
});

/**
 * Figures already entered and targets already agreed were recorded in the measure's unit: its unit
 * and frequency cannot change under them, and a new scale or percentage must still contain them.
 */
async function assertFitsStoredData(
  tx: Tx,
  input: UpdateMeasureInput,
  before: { valueType: string; frequency: string; scaleMin: string | null; scaleMax: string | null },
) {
  const [figures] = await tx
    .select({ n: sql<number>`count(*)::int`, lo: min(measureValues.value), hi: max(measureValues.value) })
    .from(measureValues)
    .where(eq(measureValues.measureId, input.id));
  const problems: Record<string, string[]> = {};
  if (figures && figures.n > 0) {
    const locked = "Figures have been entered in the current setting: retire this measure and add a new one instead";
    if (input.valueType !== before.valueType) problems.valueType = [locked];
    if (input.frequency !== before.frequency) problems.frequency = [locked];
  }
  if (!problems.valueType && (input.valueType === "percent" || input.valueType === "score")) {
    const [targets] = await tx
      .select({ lo: min(measureTargets.targetValue), hi: max(measureTargets.targetValue) })
      .from(measureTargets)
      .where(eq(measureTargets.measureId, input.id));
    const stored = [figures?.lo, figures?.hi, targets?.lo, targets?.hi].filter((v): v is string => v != null);
    const outside = stored.find((v) => valueRangeProblem(input, v) !== null);
    if (outside !== undefined) {
      const field = input.valueType === "score" ? "scaleMax" : "valueType";
      problems[field] = [`A figure or target already stored (${Number(outside)}) is outside this range`];
    }
  }
  if (Object.keys(problems).length) throw new RuleError(FIX_FIELDS, problems);
}

/**
 * A change of target from a month on. Months before it keep being judged against the target in
 * force then; a change for a month that already has a target replaces it. Both are audited with
 * the target before and after and the reason given, which is also kept with the target.
 */
export const addTargetChange = action({ name: "addTargetChange", schema: addTargetChangeInput, permission: "measure:manage" }, async (input, actor) => {
  const result = await db.transaction(async (tx) => {
    const [m] = await tx
      .select({ id: measures.id, unitId: measures.unitId, valueType: measures.valueType, scaleMin: measures.scaleMin, scaleMax: measures.scaleMax, version: measures.version })
      .from(measures)
      .where(eq(measures.id, input.measureId))
      .for("update");
    if (!m) throw new RuleError("That measure no longer exists.");
    await assertUnitInScope(actor, m.unitId);
    if (m.version !== input.version) {
      throw new ConflictError("Someone else changed this measure or its targets since you opened the page. Reload the page to see the latest targets.", {
        version: m.version,
      });
    }
    const problem = valueRangeProblem(m, input.targetValue);
    if (problem) throw new RuleError(FIX_FIELDS, { targetValue: [problem] });

    const after = { targetValue: input.targetValue, effectiveFrom: input.targetFrom, tbcDue: input.tbcDue, note: input.reason };
    const targetColumns = { targetValue: measureTargets.targetValue, effectiveFrom: measureTargets.effectiveFrom, tbcDue: measureTargets.tbcDue, note: measureTargets.note };
    const [same] = await tx
      .select({ id: measureTargets.id, ...targetColumns })
      .from(measureTargets)
      .where(and(eq(measureTargets.measureId, m.id), eq(measureTargets.effectiveFrom, input.targetFrom)));
    let before: unknown;
    if (same) {
      const { id: _id, ...replaced } = same;
      void _id;
      before = replaced;
      await tx
        .update(measureTargets)
        .set({ ...after, createdById: actor.id, createdAt: new Date() })
        .where(eq(measureTargets.id, same.id));
    } else {
      // Before: the target that was in force from that month until now (none if the change is the earliest).
      const [previous] = await tx
        .select(targetColumns)
        .from(measureTargets)
        .where(and(eq(measureTargets.measureId, m.id), sql`${measureTargets.effectiveFrom} < ${input.targetFrom}`))
        .orderBy(sql`${measureTargets.effectiveFrom} desc`)
        .limit(1);
      before = previous ?? null;
      await tx.insert(measureTargets).values({ measureId: m.id, ...after, createdById: actor.id });
    }
    // Targets are part of the definition: a form opened before this change is now stale.
    const [bumped] = await tx
      .update(measures)
      .set({ version: sql`${measures.version} + 1`, updatedAt: new Date() })
      .where(eq(measures.id, m.id))
      .returning({ version: measures.version });
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: same ? "measure.target.replace" : "measure.target.add",
        entityType: "measure",
        entityId: m.id,
        unitId: m.unitId,
        before,
        after,
        reason: input.reason,
      },
      tx,
    );
    return { measureId: m.id, effectiveFrom: input.targetFrom, replaced: Boolean(same), version: bumped!.version };
  });
  revalidatePath("/admin/measures");
  revalidatePath(`/admin/measures/${result.measureId}`);
  revalidatePath("/dashboard");
  return result;
});
