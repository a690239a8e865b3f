import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { measures, measureSeriesBreaks } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { RemoveSeriesBreakInput } from "@/lib/validation/measure";
import { breakMonthLabel, type SeriesBreakField } from "./series-breaks";

/*
 * Writes of breaks in a measure's series (issue 18). A break is recorded with the catalogue edit that
 * changes the definition, data source or calculation (lib/measures/edit.ts calls recordSeriesBreak in
 * its transaction); one recorded by mistake is removed here. Both are audited against the measure.
 */

export const FIX_BREAK = "Please correct the highlighted fields.";

/** SERIES_BREAK_FIELDS in words. */
export const NO_BREAK_CHANGE = "Record a break only when you change the definition, data source, unit of measurement or scale";

/**
 * Records a break from `period` in the caller's transaction, audited with the fields whose change
 * justifies it. A break already recorded from that month is a field error, not a second row.
 */
export async function recordSeriesBreak(
  tx: Tx,
  actor: SessionUser,
  input: { measureId: number; unitId: number; period: string; reason: string; changed: readonly SeriesBreakField[] },
) {
  const [taken] = await tx
    .select({ id: measureSeriesBreaks.id })
    .from(measureSeriesBreaks)
    .where(and(eq(measureSeriesBreaks.measureId, input.measureId), eq(measureSeriesBreaks.period, input.period)));
  if (taken) throw new RuleError(FIX_BREAK, { breakFrom: [`A break from ${breakMonthLabel(input.period)} is already recorded`] });
  const [row] = await tx
    .insert(measureSeriesBreaks)
    .values({ measureId: input.measureId, period: input.period, reason: input.reason, createdById: actor.id })
    .returning({ id: measureSeriesBreaks.id });
  await writeAudit(
    {
      actorId: actor.id,
      actorEmail: actor.email,
      action: "measure.break.add",
      entityType: "measure",
      entityId: input.measureId,
      unitId: input.unitId,
      after: { breakId: row!.id, period: input.period, reason: input.reason, changed: input.changed },
      reason: input.reason,
    },
    tx,
  );
}

/**
 * Removes a break recorded by mistake, with the reason. The measure's version is compared and raised,
 * as for a change of target: breaks are part of the definition, so a page opened before is stale.
 */
export async function removeSeriesBreak(actor: SessionUser, input: RemoveSeriesBreakInput) {
  return db.transaction(async (tx) => {
    const m = await lockVersioned(
      tx,
      measures,
      { id: measures.id, unitId: measures.unitId, version: measures.version },
      {
        id: input.measureId,
        version: input.version,
        missing: "That measure no longer exists.",
        authorize: (row) => assertCanActOnUnit(actor, "measure:manage", row.unitId, { tx }),
        conflict: "Someone else changed this measure or its breaks since you opened the page. Reload the page to see them.",
        current: (row) => ({ version: row.version }),
      },
    );
    const [removed] = await tx
      .delete(measureSeriesBreaks)
      .where(and(eq(measureSeriesBreaks.id, input.breakId), eq(measureSeriesBreaks.measureId, m.id)))
      .returning({ period: measureSeriesBreaks.period, reason: measureSeriesBreaks.reason });
    if (!removed) throw new RuleError("That break has already been removed. Reload the page to see the breaks recorded now.");
    const version = await updateVersioned(tx, measures, {
      id: m.id,
      version: input.version,
      set: { updatedAt: new Date() },
      actor,
      audit: { action: "measure.break.remove", entityType: "measure", unitId: m.unitId, before: { breakId: input.breakId, ...removed }, after: null, reason: input.reason },
    });
    return { measureId: m.id, period: removed.period, version };
  });
}
