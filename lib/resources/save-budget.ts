import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { unitBudgets } from "@/db/schema";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, UNKNOWN_UNIT } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import type { SaveBudgetInput } from "@/lib/validation/budget";

/** The four entered figures of a budget, as stored (pence; FTE as numeric text, "165.00"). */
export interface BudgetValues {
  incomePence: number;
  delPence: number;
  nonCashPence: number;
  fteEstablishment: string;
}

/** What a refused (stale) save shows: the budget as stored now. */
export type StoredBudgetValues = BudgetValues & { version: number };

const FIELDS = ["incomePence", "delPence", "nonCashPence", "fteEstablishment"] as const;

export const budgetColumns = {
  id: unitBudgets.id,
  version: unitBudgets.version,
  incomePence: unitBudgets.incomePence,
  delPence: unitBudgets.delPence,
  nonCashPence: unitBudgets.nonCashPence,
  fteEstablishment: unitBudgets.fteEstablishment,
};

/** The fields of `after` that differ from `before` (FTE compared as two-decimal text, as stored). */
export function changedBudgetFields(before: BudgetValues, after: BudgetValues): (typeof FIELDS)[number][] {
  return FIELDS.filter((k) => (k === "fteEstablishment" ? Number(before[k]).toFixed(2) !== Number(after[k]).toFixed(2) : before[k] !== after[k]));
}

const pick = (v: BudgetValues, keys: readonly (typeof FIELDS)[number][]) => Object.fromEntries(keys.map((k) => [k, v[k]]));

/**
 * Writes one unit's budget for a year in the caller's transaction, with its audit entry: inserts it
 * when `stored` is null (audited as budget.create), otherwise updates the changed fields only
 * (budget.update, before and after of those fields) with version + 1. `stored` must be locked
 * (lockVersioned or FOR UPDATE) by the caller. Returns the new version, or null when nothing
 * changed (no write, no audit entry). A concurrent create of the same unit and year is a conflict.
 */
export async function writeBudget(
  tx: Tx,
  actor: { id: number; email: string },
  target: { unitId: number; year: number },
  stored: (BudgetValues & { id: number; version: number }) | null,
  values: BudgetValues,
  reason: string,
): Promise<number | null> {
  const now = new Date();
  if (!stored) {
    const [created] = await tx
      .insert(unitBudgets)
      .values({ ...target, ...values, updatedById: actor.id, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: unitBudgets.id, version: unitBudgets.version });
    if (!created) {
      const [current] = await tx.select(budgetColumns).from(unitBudgets).where(and(eq(unitBudgets.unitId, target.unitId), eq(unitBudgets.year, target.year)));
      throw new ConflictError(
        "Someone else set this budget at the same moment. What is stored now is shown below; your figures are still in the form.",
        current ? storedOf(current) : undefined,
      );
    }
    await writeAudit(
      {
        actorId: actor.id,
        actorEmail: actor.email,
        action: "budget.create",
        entityType: "unit_budget",
        entityId: created.id,
        unitId: target.unitId,
        after: { year: target.year, ...values },
        reason,
      },
      tx,
    );
    return created.version;
  }
  const changed = changedBudgetFields(stored, values);
  if (changed.length === 0) return null;
  return updateVersioned(tx, unitBudgets, {
    id: stored.id,
    version: stored.version,
    set: { ...pick(values, changed), updatedById: actor.id, updatedAt: now },
    actor,
    audit: {
      action: "budget.update",
      entityType: "unit_budget",
      unitId: target.unitId,
      before: { year: target.year, ...pick(stored, changed) },
      after: { year: target.year, ...pick(values, changed) },
      reason,
    },
  });
}

const storedOf = (r: BudgetValues & { version: number }): StoredBudgetValues => ({
  version: r.version,
  incomePence: r.incomePence,
  delPence: r.delPence,
  nonCashPence: r.nonCashPence,
  fteEstablishment: r.fteEstablishment,
});

export interface SavedBudget {
  unitId: number;
  year: number;
  version: number;
  changed: boolean;
}

/**
 * Sets or changes one unit's budget for a year (budget:manage on the unit: the department's SLT or
 * an administrator), with the reason, in one transaction with its audit entry. `version` is what
 * the form was loaded with (0: the unit had no budget for the year); a stale save is refused with
 * the values stored now (ConflictError), never applied. Unknown and out-of-scope units get the
 * same refusal. Saving the stored values again writes nothing.
 */
export async function saveBudget(actor: SessionUser, input: SaveBudgetInput): Promise<SavedBudget> {
  const scope = await getUnitScope(input.unitId);
  assertCan(actor, "budget:manage", scope ?? UNKNOWN_UNIT);
  const values: BudgetValues = { incomePence: input.income, delPence: input.del, nonCashPence: input.nonCash, fteEstablishment: input.fte };
  const target = { unitId: input.unitId, year: input.year };
  const conflict = "Someone else changed this budget since you opened the page. What is stored now is shown below; your figures are still in the form, and saving again replaces the stored ones.";
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: unitBudgets.id })
      .from(unitBudgets)
      .where(and(eq(unitBudgets.unitId, input.unitId), eq(unitBudgets.year, input.year)));
    if (!existing) {
      if (input.version !== 0) throw new RuleError("This budget no longer exists. Reload the page.");
      const version = await writeBudget(tx, actor, target, null, values, input.reason);
      return { ...target, version: version!, changed: true };
    }
    if (input.version === 0) {
      const [row] = await tx.select(budgetColumns).from(unitBudgets).where(eq(unitBudgets.id, existing.id)).for("update");
      throw new ConflictError(conflict, storedOf(row!));
    }
    const stored = await lockVersioned(tx, unitBudgets, budgetColumns, {
      id: existing.id,
      version: input.version,
      missing: "This budget no longer exists. Reload the page.",
      conflict,
      current: storedOf,
    });
    const version = await writeBudget(tx, actor, target, stored, values, input.reason);
    return { ...target, version: version ?? stored.version, changed: version !== null };
  });
}
