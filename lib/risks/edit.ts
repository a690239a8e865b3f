import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { orgUnits, riskReviews, risks } from "@/db/schema";
import { updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import type { CreateRiskInput, UpdateRiskInput } from "@/lib/validation/risk";
import { lockRisk, riskUnitFor } from "./access";

/** The next free reference in the department: COO-R07 after COO-R06. */
async function nextRef(tx: Tx, departmentSlug: string): Promise<string> {
  const prefix = `${departmentSlug.toUpperCase()}-R`;
  const { rows } = await tx.execute<{ n: number }>(sql`
    select coalesce(max(substring(ref from ${`^${prefix}(\\d+)$`})::int), 0) + 1 as n from risks where ref like ${`${prefix}%`}`);
  return `${prefix}${String(rows[0]!.n).padStart(2, "0")}`;
}

/** Adds a risk to the register with the department's next reference; its first rating starts the history. */
export async function createRisk(actor: SessionUser, input: CreateRiskInput) {
  const scope = await assertCanActOnUnit(actor, "risk:edit", input.unitId);
  const [dept] = await db.select({ slug: orgUnits.slug }).from(orgUnits).where(eq(orgUnits.id, scope.departmentId));
  const id = await db.transaction(async (tx) => {
    // One risk created at a time per department, so that two cannot take the same reference.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('risk-ref'), ${scope.departmentId})`);
    const ref = await nextRef(tx, dept!.slug);
    const { unitId, ...rest } = input;
    const values = { ref, unitId, ...rest, lastReviewedAt: new Date() };
    const [row] = await tx.insert(risks).values(values).returning({ id: risks.id });
    // The first rating is the start of the residual history.
    await tx.insert(riskReviews).values({
      riskId: row!.id,
      reviewedOn: new Date().toISOString().slice(0, 10),
      residualLikelihood: input.residualLikelihood,
      residualImpact: input.residualImpact,
      note: "Risk added to the register.",
      reviewerId: actor.id,
    });
    await writeAudit(
      { actorId: actor.id, actorEmail: actor.email, action: "risk.create", entityType: "risk", entityId: row!.id, unitId, after: { ref, unitId, ...rest } },
      tx,
    );
    return row!.id;
  });
  return { id };
}

/** Changes a risk's description, inherent rating, appetite, status or unit; only the fields that changed are audited. */
export async function updateRisk(actor: SessionUser, input: UpdateRiskInput) {
  const unitId = await riskUnitFor(actor, "risk:edit", input.id);
  // Moving a risk to another unit needs the right to edit risks there too.
  if (input.unitId !== unitId) await assertCanActOnUnit(actor, "risk:edit", input.unitId);
  const changed = await db.transaction(async (tx) => {
    const before = await lockRisk(tx, input, unitId);
    const after = {
      unitId: input.unitId,
      title: input.title,
      cause: input.cause,
      event: input.event,
      impact: input.impact,
      category: input.category,
      ownerName: input.ownerName,
      inherentLikelihood: input.inherentLikelihood,
      inherentImpact: input.inherentImpact,
      appetiteScore: input.appetiteScore,
      isPublic: input.isPublic,
      status: input.status,
    };
    const was = Object.fromEntries(Object.keys(after).map((k) => [k, before[k as keyof typeof before]]));
    const diff = Object.keys(after).filter((k) => was[k] !== after[k as keyof typeof after]);
    if (diff.length === 0) return false;
    await updateVersioned(tx, risks, {
      id: input.id,
      version: input.version,
      set: { ...after, updatedAt: new Date() },
      actor,
      audit: {
        action: "risk.update",
        entityType: "risk",
        unitId: input.unitId,
        before: Object.fromEntries(diff.map((k) => [k, was[k]])),
        after: Object.fromEntries(diff.map((k) => [k, after[k as keyof typeof after]])),
        reason: input.reason || null,
      },
    });
    return true;
  });
  return { id: input.id, changed };
}
