import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { measures, measureTargets } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import { valueRangeProblem, type AddTargetChangeInput } from "@/lib/validation/measure";
import { FIX_FIELDS, unknownUnit } from "./edit";

/**
 * A change of target from a month on. Months before it keep being judged against the target in
 * force then; a change for a month that already has a target replaces it. Both are audited with
 * the target before and after and the reason given, which is also kept with the target.
 */
export async function addTargetChange(actor: SessionUser, input: AddTargetChangeInput) {
  return db.transaction(async (tx) => {
    const m = await lockVersioned(
      tx,
      measures,
      { id: measures.id, unitId: measures.unitId, valueType: measures.valueType, scaleMin: measures.scaleMin, scaleMax: measures.scaleMax, version: measures.version },
      {
        id: input.measureId,
        version: input.version,
        missing: "That measure no longer exists.",
        authorize: (row) => assertCanActOnUnit(actor, "measure:manage", row.unitId, { tx, ifUnknown: unknownUnit }),
        conflict: "Someone else changed this measure or its targets since you opened the page. Reload the page to see the latest targets.",
        current: (row) => ({ version: row.version }),
      },
    );
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
    const version = await updateVersioned(tx, measures, {
      id: m.id,
      version: input.version,
      set: { updatedAt: new Date() },
      actor,
      audit: { action: same ? "measure.target.replace" : "measure.target.add", entityType: "measure", unitId: m.unitId, before, after, reason: input.reason },
    });
    return { measureId: m.id, effectiveFrom: input.targetFrom, replaced: Boolean(same), version };
  });
}
