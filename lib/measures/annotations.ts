import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { measureAnnotations, measures } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { toPeriod } from "@/lib/entry/periods";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { AddAnnotationInput, DeleteAnnotationInput, UpdateAnnotationInput } from "@/lib/validation/annotation";

/*
 * Notes on a month of a measure (issue 18): written by whoever answers for the measure's figures
 * ("measure:annotate": the unit's lead, the department's SLT, an administrator), shown on the measure
 * page and in the review pack; a public one also goes into the quarterly report published after it.
 * Each change is audited (entity "measure_annotation"); edits and deletions compare the version the
 * page was loaded at, so nobody silently overwrites or deletes a note someone else has just changed.
 */

const ENTITY = "measure_annotation";
const CONFLICT = "Someone else changed or deleted this note since you opened the page. What is stored now is shown; reload the page to edit it.";

const annotationColumns = {
  id: measureAnnotations.id,
  measureId: measureAnnotations.measureId,
  period: measureAnnotations.period,
  text: measureAnnotations.text,
  isPublic: measureAnnotations.isPublic,
  version: measureAnnotations.version,
};

/** The unit of a measure, after checking that `actor` may annotate it (an unknown measure is refused like one out of scope). */
async function assertCanAnnotate(tx: Tx, actor: SessionUser, measureId: number): Promise<number> {
  const [m] = await tx.select({ unitId: measures.unitId }).from(measures).where(eq(measures.id, measureId));
  await assertCanActOnUnit(actor, "measure:annotate", m?.unitId, { tx });
  return m!.unitId;
}

/** Adds a note on a month that has started (today's month included). */
export async function addAnnotation(actor: SessionUser, input: AddAnnotationInput, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const unitId = await assertCanAnnotate(tx, actor, input.measureId);
    if (input.period > toPeriod(now)) throw new RuleError("Please correct the highlighted fields.", { period: ["Write a note only on a month that has started"] });
    const values = { measureId: input.measureId, period: input.period, text: input.text, isPublic: input.isPublic };
    const [row] = await tx
      .insert(measureAnnotations)
      .values({ ...values, createdById: actor.id, updatedById: actor.id })
      .returning({ id: measureAnnotations.id });
    await writeAudit({ actorId: actor.id, actorEmail: actor.email, action: `${ENTITY}.create`, entityType: ENTITY, entityId: row!.id, unitId, after: values }, tx);
    return { id: row!.id, measureId: input.measureId };
  });
}

/** Locks a note for a change, checks the actor may annotate its measure, and compares its version. */
async function lockAnnotation(tx: Tx, actor: SessionUser, input: { id: number; version: number }) {
  let unitId = 0;
  const before = await lockVersioned(tx, measureAnnotations, annotationColumns, {
    id: input.id,
    version: input.version,
    missing: "That note has been deleted. Reload the page to see the notes now.",
    // Scope first: someone outside it learns nothing about the stored note.
    authorize: async (row) => {
      unitId = await assertCanAnnotate(tx, actor, row.measureId);
    },
    conflict: CONFLICT,
    current: (row) => ({ text: row.text, isPublic: row.isPublic, version: row.version }),
  });
  return { before, unitId };
}

/** Changes a note's text or whether it is public. */
export async function updateAnnotation(actor: SessionUser, input: UpdateAnnotationInput) {
  return db.transaction(async (tx) => {
    const { before, unitId } = await lockAnnotation(tx, actor, input);
    const after = { text: input.text, isPublic: input.isPublic };
    const version = await updateVersioned(tx, measureAnnotations, {
      id: input.id,
      version: input.version,
      set: { ...after, updatedById: actor.id, updatedAt: new Date() },
      actor,
      audit: { action: `${ENTITY}.update`, entityType: ENTITY, unitId, before: { text: before.text, isPublic: before.isPublic }, after },
    });
    return { id: input.id, measureId: before.measureId, version };
  });
}

/** Deletes a note; the audit entry keeps what it said. */
export async function deleteAnnotation(actor: SessionUser, input: DeleteAnnotationInput) {
  return db.transaction(async (tx) => {
    const { before, unitId } = await lockAnnotation(tx, actor, input);
    await tx.delete(measureAnnotations).where(eq(measureAnnotations.id, input.id));
    const { id: _id, version: _version, ...stored } = before;
    void [_id, _version];
    await writeAudit({ actorId: actor.id, actorEmail: actor.email, action: `${ENTITY}.delete`, entityType: ENTITY, entityId: input.id, unitId, before: stored, after: null }, tx);
    return { id: input.id, measureId: before.measureId };
  });
}
