import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { efficiencies, efficiencyMonths, fundingProgrammeInitiatives, fundingProgrammeMonths, fundingProgrammes } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import { lockVersioned, updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, ForbiddenError } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import { unitTreeOfUnitsCte } from "@/lib/org/tree-sql";
import type { EfficiencyCreateInput, EfficiencyUpdateInput, FundingLineCreateInput, FundingLineUpdateInput } from "@/lib/validation/resource-returns";

/**
 * Funding lines (Government Plan growth and capital) and efficiencies are defined by whoever manages
 * the department's budget (budget:manage: its SLT, or an administrator). Each write checks that
 * the department is one the user manages (an unknown id is refused like one out of scope), that the
 * lead unit belongs to it and that every initiative funded is the department's; a change compares
 * the version the form was loaded at, needs a reason, and is audited with before and after.
 */

const FIX = "Please correct the highlighted fields.";

/** A locked row's definition fields, for the audit's "before" (without id, version and department). */
function withoutKeys<T extends { id: number; version: number; departmentId: number }>(row: T): Omit<T, "id" | "version" | "departmentId"> {
  const rest: Partial<T> = { ...row };
  delete rest.id;
  delete rest.version;
  delete rest.departmentId;
  return rest as Omit<T, "id" | "version" | "departmentId">;
}

/** The department as the user may manage its budget; anything else (a unit, an unknown id) is refused alike. */
async function assertManagesDepartment(user: SessionUser, departmentId: number, tx: Tx) {
  const scope = await getUnitScope(departmentId, tx);
  if (!scope || scope.departmentId !== departmentId) throw new ForbiddenError();
  assertCan(user, "budget:manage", scope);
}

/** The lead unit must be the department itself or a unit in it (null: the department leads). */
async function checkLeadUnit(leadUnitId: number | null, departmentId: number, tx: Tx) {
  if (leadUnitId === null) return;
  const scope = await getUnitScope(leadUnitId, tx);
  if (!scope || scope.departmentId !== departmentId) {
    throw new RuleError(FIX, { leadUnitId: ["Choose a unit of this department"] });
  }
}

/** Every initiative funded must be led by a unit of the department. */
async function checkInitiatives(ids: readonly number[], departmentId: number, tx: Tx): Promise<number[]> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (unique.length === 0) return unique;
  const list = sql`(${sql.join(unique.map((i) => sql`${i}`), sql`, `)})`;
  const { rows } = await tx.execute<{ id: number }>(sql`
    with recursive ${unitTreeOfUnitsCte(sql`id in (select lead_unit_id from initiatives where id in ${list})`)}
    select i.id from initiatives i join unit_tree t on t.id = i.lead_unit_id
    where i.id in ${list} and t.department_id = ${departmentId}`);
  if (rows.length !== unique.length) {
    throw new RuleError(FIX, { initiativeIds: ["Choose initiatives of this department only"] });
  }
  return unique;
}

/** A year change is refused once months are recorded: they belong to the year they were entered for. */
async function checkYearChange(kind: "funding" | "efficiency", id: number, from: number, to: number, tx: Tx) {
  if (from === to) return;
  const { rows } = await tx.execute<{ n: number }>(
    kind === "funding"
      ? sql`select count(*)::int as n from ${fundingProgrammeMonths} where programme_id = ${id}`
      : sql`select count(*)::int as n from ${efficiencyMonths} where efficiency_id = ${id}`,
  );
  if ((rows[0]?.n ?? 0) > 0) {
    throw new RuleError(FIX, { year: [`Months of ${from} are recorded against it: keep the year ${from}, or add a new line for ${to}`] });
  }
}

function fundingValues(input: FundingLineCreateInput) {
  return {
    kind: input.kind,
    ref: input.ref,
    name: input.name,
    source: input.source,
    cspPriority: input.cspPriority,
    subPriority: input.subPriority,
    minister: input.minister,
    leadUnitId: input.leadUnitId,
    year: input.year,
    allocationPence: input.allocation,
  };
}

/** Adds a funding line with the initiatives it funds. */
export async function createFundingLine(user: SessionUser, input: FundingLineCreateInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    await assertManagesDepartment(user, input.departmentId, tx);
    await checkLeadUnit(input.leadUnitId, input.departmentId, tx);
    const initiativeIds = await checkInitiatives(input.initiativeIds, input.departmentId, tx);
    const values = fundingValues(input);
    const [row] = await tx
      .insert(fundingProgrammes)
      .values({ departmentId: input.departmentId, ...values, sortOrder: sql`coalesce((select max(sort_order) + 1 from funding_programmes where department_id = ${input.departmentId}), 0)` })
      .returning({ id: fundingProgrammes.id });
    if (initiativeIds.length) await tx.insert(fundingProgrammeInitiatives).values(initiativeIds.map((initiativeId) => ({ programmeId: row!.id, initiativeId })));
    await writeAudit(
      { actorId: user.id, actorEmail: user.email, action: "funding_programme.create", entityType: "funding_programme", entityId: row!.id, unitId: input.leadUnitId ?? input.departmentId, after: { ...values, initiativeIds } },
      tx,
    );
    return { id: row!.id };
  });
}

const fundingColumns = {
  id: fundingProgrammes.id,
  version: fundingProgrammes.version,
  departmentId: fundingProgrammes.departmentId,
  kind: fundingProgrammes.kind,
  ref: fundingProgrammes.ref,
  name: fundingProgrammes.name,
  source: fundingProgrammes.source,
  cspPriority: fundingProgrammes.cspPriority,
  subPriority: fundingProgrammes.subPriority,
  minister: fundingProgrammes.minister,
  leadUnitId: fundingProgrammes.leadUnitId,
  year: fundingProgrammes.year,
  allocationPence: fundingProgrammes.allocationPence,
};

/** Changes a funding line (its department stays) and the initiatives it funds. */
export async function updateFundingLine(user: SessionUser, input: FundingLineUpdateInput): Promise<{ id: number; version: number }> {
  return db.transaction(async (tx) => {
    const before = await lockVersioned(tx, fundingProgrammes, fundingColumns, {
      id: input.id,
      version: input.version,
      missing: "This funding line no longer exists.",
      authorize: async (row) => {
        if (row.departmentId !== input.departmentId) throw new ForbiddenError();
        await assertManagesDepartment(user, row.departmentId, tx);
      },
      conflict: (row) => `Someone else changed this funding line since you opened it (now "${row.name}", version ${row.version}). Reload the page to see their change before making yours.`,
    });
    await checkLeadUnit(input.leadUnitId, before.departmentId, tx);
    const initiativeIds = await checkInitiatives(input.initiativeIds, before.departmentId, tx);
    await checkYearChange("funding", before.id, before.year, input.year, tx);
    const linked = await tx
      .select({ id: fundingProgrammeInitiatives.initiativeId })
      .from(fundingProgrammeInitiatives)
      .where(eq(fundingProgrammeInitiatives.programmeId, before.id))
      .orderBy(asc(fundingProgrammeInitiatives.initiativeId));
    const values = fundingValues(input);
    await tx.delete(fundingProgrammeInitiatives).where(eq(fundingProgrammeInitiatives.programmeId, before.id));
    if (initiativeIds.length) await tx.insert(fundingProgrammeInitiatives).values(initiativeIds.map((initiativeId) => ({ programmeId: before.id, initiativeId })));
    const stored = withoutKeys(before);
    const version = await updateVersioned(tx, fundingProgrammes, {
      id: before.id,
      version: before.version,
      set: { ...values, updatedAt: new Date() },
      actor: user,
      audit: {
        action: "funding_programme.update",
        entityType: "funding_programme",
        unitId: input.leadUnitId ?? before.departmentId,
        before: { ...stored, initiativeIds: linked.map((l) => l.id) },
        after: { ...values, initiativeIds },
        reason: input.reason,
      },
    });
    return { id: before.id, version };
  });
}

function efficiencyValues(input: EfficiencyCreateInput) {
  return {
    scope: input.scope,
    programme: input.programme,
    title: input.title,
    recurring: input.recurring,
    type: input.type,
    budgetType: input.budgetType,
    minister: input.minister,
    leadUnitId: input.leadUnitId,
    year: input.year,
    targetPence: input.target,
  };
}

/** Adds an efficiency with its target for the year. */
export async function createEfficiency(user: SessionUser, input: EfficiencyCreateInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    await assertManagesDepartment(user, input.departmentId, tx);
    await checkLeadUnit(input.leadUnitId, input.departmentId, tx);
    const values = efficiencyValues(input);
    const [row] = await tx
      .insert(efficiencies)
      .values({ departmentId: input.departmentId, ...values, sortOrder: sql`coalesce((select max(sort_order) + 1 from efficiencies where department_id = ${input.departmentId}), 0)` })
      .returning({ id: efficiencies.id });
    await writeAudit(
      { actorId: user.id, actorEmail: user.email, action: "efficiency.create", entityType: "efficiency", entityId: row!.id, unitId: input.leadUnitId ?? input.departmentId, after: values },
      tx,
    );
    return { id: row!.id };
  });
}

const efficiencyColumns = {
  id: efficiencies.id,
  version: efficiencies.version,
  departmentId: efficiencies.departmentId,
  scope: efficiencies.scope,
  programme: efficiencies.programme,
  title: efficiencies.title,
  recurring: efficiencies.recurring,
  type: efficiencies.type,
  budgetType: efficiencies.budgetType,
  minister: efficiencies.minister,
  leadUnitId: efficiencies.leadUnitId,
  year: efficiencies.year,
  targetPence: efficiencies.targetPence,
};

/** Changes an efficiency (its department stays). */
export async function updateEfficiency(user: SessionUser, input: EfficiencyUpdateInput): Promise<{ id: number; version: number }> {
  return db.transaction(async (tx) => {
    const before = await lockVersioned(tx, efficiencies, efficiencyColumns, {
      id: input.id,
      version: input.version,
      missing: "This efficiency no longer exists.",
      authorize: async (row) => {
        if (row.departmentId !== input.departmentId) throw new ForbiddenError();
        await assertManagesDepartment(user, row.departmentId, tx);
      },
      conflict: (row) => `Someone else changed this efficiency since you opened it (now "${row.title}", target £${(row.targetPence / 100).toLocaleString("en-GB")}, version ${row.version}). Reload the page to see their change before making yours.`,
    });
    await checkLeadUnit(input.leadUnitId, before.departmentId, tx);
    await checkYearChange("efficiency", before.id, before.year, input.year, tx);
    const values = efficiencyValues(input);
    const stored = withoutKeys(before);
    const version = await updateVersioned(tx, efficiencies, {
      id: before.id,
      version: before.version,
      set: { ...values, updatedAt: new Date() },
      actor: user,
      audit: { action: "efficiency.update", entityType: "efficiency", unitId: input.leadUnitId ?? before.departmentId, before: stored, after: values, reason: input.reason },
    });
    return { id: before.id, version };
  });
}
