import "server-only";
import { eq, max, min, sql } from "drizzle-orm";
import { isUniqueViolation, type Tx } from "@/db/client";
import { measures, measureTargets, measureValues } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { keyTaken } from "@/lib/actions/unique-key";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import { valueRangeProblem, type CreateMeasureInput, type UpdateMeasureInput } from "@/lib/validation/measure";
import { NO_BREAK_CHANGE, recordSeriesBreak } from "./breaks";
import { measureDefinitionColumns } from "./catalogue";
import { seriesDefinitionChanges } from "./series-breaks";

export const FIX_FIELDS = "Please correct the highlighted fields.";

/** A measure's unit that does not exist is a field error (not a refusal): the unit comes from the form. */
export const unknownUnit = () => new RuleError(FIX_FIELDS, { unitId: ["That unit does not exist"] });

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
    sampleBased: input.sampleBased,
    spcSignals: input.spcSignals,
    targetDate: input.targetDate,
  };
}

const duplicateCode = () => new RuleError(FIX_FIELDS, { code: ["Another measure already uses this code"] });

async function assertCodeFree(tx: Tx, code: string, exceptId: number | null) {
  if (await keyTaken(tx, measures.code, measures.id, code, exceptId)) throw duplicateCode();
}

/** Adds a measure at the end of its unit's list, with its first target; audited. */
export async function createMeasure(actor: SessionUser, input: CreateMeasureInput) {
  await assertCanActOnUnit(actor, "measure:manage", input.unitId, { ifUnknown: unknownUnit });
  const values = definitionValues(input);
  const target = { targetValue: input.targetValue, effectiveFrom: input.targetFrom, tbcDue: input.tbcDue, note: input.targetNote };
  try {
    const id = await db.transaction(async (tx) => {
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
    return { id };
  } catch (err) {
    if (isUniqueViolation(err, "code")) throw duplicateCode();
    throw err;
  }
}

/**
 * Changes a measure's definition, moves it to another unit in scope, or retires it (active off:
 * kept with its figures and targets, no longer reported). Saving from a stale copy is refused.
 * With a change of definition, data source, unit of measurement or scale (seriesDefinitionChanges),
 * a break in the series from a month may be recorded in the same transaction (recordSeriesBreak).
 */
export async function updateMeasure(actor: SessionUser, input: UpdateMeasureInput) {
  const values = { ...definitionValues(input), active: input.active };
  try {
    await db.transaction(async (tx) => {
      const before = await lockVersioned(tx, measures, measureDefinitionColumns, {
        id: input.id,
        version: input.version,
        missing: "That measure no longer exists.",
        // Scope first: someone outside it learns nothing about the stored measure.
        authorize: (row) => assertCanActOnUnit(actor, "measure:manage", row.unitId, { tx, ifUnknown: unknownUnit }),
        conflict: "Someone else changed this measure since you opened the page. What is stored now is shown below; review it and save again.",
      });
      if (input.unitId !== before.unitId) await assertCanActOnUnit(actor, "measure:manage", input.unitId, { tx, ifUnknown: unknownUnit });
      if (input.code !== before.code) await assertCodeFree(tx, input.code, input.id);
      await assertFitsStoredData(tx, input, before);
      const changed = seriesDefinitionChanges(before, input);
      if (input.seriesBreak && changed.length === 0) throw new RuleError(FIX_FIELDS, { recordBreak: [NO_BREAK_CHANGE] });

      const auditAction = before.active && !input.active ? "measure.retire" : !before.active && input.active ? "measure.reinstate" : "measure.update";
      await updateVersioned(tx, measures, {
        id: input.id,
        version: input.version,
        set: { ...values, updatedAt: new Date() },
        actor,
        audit: { action: auditAction, entityType: "measure", unitId: input.unitId, before, after: values, reason: input.reason },
      });
      if (input.seriesBreak) await recordSeriesBreak(tx, actor, { measureId: input.id, unitId: input.unitId, ...input.seriesBreak, changed });
    });
  } catch (err) {
    if (isUniqueViolation(err, "code")) throw duplicateCode();
    throw err;
  }
  return { id: input.id };
}

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
