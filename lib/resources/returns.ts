import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { efficiencies, efficiencyMonths, financeMonths, fundingProgrammeMonths, fundingProgrammes, unitBudgets, workforceMonths } from "@/db/schema";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { updateVersioned } from "@/lib/actions/versioned-update";
import { writeAudit } from "@/lib/audit";
import type { SessionUser } from "@/lib/auth/current-user";
import { ForbiddenError } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { hasEnded, monthLabel } from "@/lib/entry/periods";
import { assertCanActOnUnit } from "@/lib/org/act-on-unit";
import { getFinanceTolerance } from "@/lib/settings";
import { commentaryRequired, efficiencyRag, formatPounds, totalNetPence, VARIANCE_STATUS_LABELS, varianceStatus } from "./rules";
import type { EfficiencyMonthInput, FinanceMonthInput, FundingMonthInput, WorkforceMonthInput } from "@/lib/validation/resource-returns";

/**
 * The monthly resource return (issue 16): a service area's actual and forecast outturn, a funding
 * line's spend and forecast, an efficiency's delivery and forecast, and a unit's people. One row a
 * call, each written in its own transaction:
 *  - scope first (finance:enter / workforce:enter on the row's unit; a funding line or efficiency
 *    with no lead unit is the department's, so SLT and ADMIN only); an unknown row is refused the
 *    same way as one out of scope;
 *  - a month is entered once it has ended, and only into the year its budget, line or target is for;
 *  - the month's row is locked and its version compared with the one the page was loaded at
 *    (0: the page saw no row); a stale save is refused with what is stored now;
 *  - commentary is required when the forecast is not on budget / allocation (varianceStatus) or an
 *    efficiency is not green (efficiencyRag), judged against the finance tolerance setting;
 *  - changing a month already entered needs a reason; a first entry does not;
 *  - the change and its audit entry (before, after, reason) commit together.
 */

export interface SavedMonth {
  id: number;
  version: number;
  /** False when the values were already stored (nothing written). */
  changed: boolean;
}

const FIX = "Please correct the highlighted fields.";

function assertEnded(month: string, now: Date) {
  if (!hasEnded(month, now)) {
    throw new RuleError(`${monthLabel(month)} has not ended yet: a month's return is entered once the month is over.`);
  }
}

const yearOf = (month: string) => Number(month.slice(0, 4));

type VersionedTable = PgTable & { id: PgColumn; version: PgColumn };

interface MonthWrite<Row extends { id: number; version: number }> {
  table: VersionedTable;
  /** The month's row locked FOR UPDATE, or null. */
  existing: Row | null;
  /** The version the page was loaded at (0: no row then). */
  version: number;
  reason: string | null;
  entityType: string;
  /** The unit the audit entry is filed under. */
  unitId: number;
  /** "Modernisation and Digital, October 2026": named in refusals. */
  label: string;
  /** What is stored now, in words, for a conflict. */
  describe: (row: Row) => string;
  /** The stored fields as they would be written (compared with the existing row, audited). */
  values: Record<string, number | string | null>;
  /** Inserts the first row of the month; null when another save inserted it first. */
  insert: () => Promise<{ id: number } | null>;
}

/** The shared half of every month write: first entry or versioned change, with its audit entry. */
async function writeMonth<Row extends { id: number; version: number } & Record<string, unknown>>(tx: Tx, user: SessionUser, w: MonthWrite<Row>): Promise<SavedMonth> {
  const conflict = (row: Row | null) =>
    new ConflictError(
      row
        ? `${w.label} was changed by someone else since you opened this page. Stored now: ${w.describe(row)}. Reload the page to see it before changing it.`
        : `${w.label} has changed since you opened this page. Reload the page and try again.`,
      row ?? undefined,
    );
  if (!w.existing) {
    if (w.version !== 0) throw conflict(null);
    const inserted = await w.insert();
    if (!inserted) throw conflict(null); // another first entry won the race; the page must be reloaded
    await writeAudit({ actorId: user.id, actorEmail: user.email, action: `${w.entityType}.create`, entityType: w.entityType, entityId: inserted.id, unitId: w.unitId, after: w.values }, tx);
    return { id: inserted.id, version: 1, changed: true };
  }
  const row = w.existing;
  if (row.version !== w.version) throw conflict(row);
  const before = Object.fromEntries(Object.keys(w.values).map((k) => [k, row[k] ?? null]));
  if (Object.keys(w.values).every((k) => String(before[k]) === String(w.values[k]))) {
    return { id: row.id, version: row.version, changed: false };
  }
  if (!w.reason || w.reason.length < 3) {
    throw new RuleError(FIX, { reason: [`Say why ${w.label} changes: it was entered before`] });
  }
  const version = await updateVersioned(tx, w.table, {
    id: row.id,
    version: row.version,
    set: { ...w.values, updatedById: user.id, updatedAt: new Date() } as never,
    actor: user,
    audit: { action: `${w.entityType}.update`, entityType: w.entityType, unitId: w.unitId, before, after: w.values, reason: w.reason },
  });
  return { id: row.id, version, changed: true };
}

function requireCommentary(needed: boolean, commentary: string | null, why: string) {
  if (needed && (!commentary || commentary.length < 3)) {
    throw new RuleError(FIX, { commentary: [`Explain the forecast: ${why}`] });
  }
}

/** Saves a service area's month: actual net expenditure and the full-year forecast outturn. */
export async function saveFinanceMonth(user: SessionUser, input: FinanceMonthInput, now: Date = new Date()): Promise<SavedMonth> {
  return db.transaction(async (tx) => {
    await assertCanActOnUnit(user, "finance:enter", input.unitId, { tx });
    assertEnded(input.month, now);
    const [budget] = await tx
      .select({ incomePence: unitBudgets.incomePence, delPence: unitBudgets.delPence, nonCashPence: unitBudgets.nonCashPence, name: sql<string>`(select name from org_units where id = ${unitBudgets.unitId})` })
      .from(unitBudgets)
      .where(and(eq(unitBudgets.unitId, input.unitId), eq(unitBudgets.year, yearOf(input.month))));
    if (!budget) throw new RuleError(`This unit has no budget for ${yearOf(input.month)}, so it has no return to enter.`);
    const tolerance = await getFinanceTolerance(tx);
    const budgetPence = totalNetPence(budget);
    const status = varianceStatus(input.forecast, budgetPence, tolerance);
    requireCommentary(commentaryRequired(status), input.commentary, `${formatPounds(input.forecast)} against a budget of ${formatPounds(budgetPence)} is ${VARIANCE_STATUS_LABELS[status].toLowerCase()}`);
    const [existing] = await tx
      .select({ id: financeMonths.id, version: financeMonths.version, actualPence: financeMonths.actualPence, forecastOutturnPence: financeMonths.forecastOutturnPence, commentary: financeMonths.commentary })
      .from(financeMonths)
      .where(and(eq(financeMonths.unitId, input.unitId), eq(financeMonths.month, input.month)))
      .for("update");
    const values = { actualPence: input.actual, forecastOutturnPence: input.forecast, commentary: input.commentary };
    return writeMonth(tx, user, {
      table: financeMonths,
      existing: existing ?? null,
      version: input.version,
      reason: input.reason,
      entityType: "finance_month",
      unitId: input.unitId,
      label: `${budget.name}, ${monthLabel(input.month)}`,
      describe: (r) => `actual ${formatPounds(r.actualPence)}, forecast outturn ${formatPounds(r.forecastOutturnPence)}`,
      values,
      insert: async () =>
        (
          await tx
            .insert(financeMonths)
            .values({ unitId: input.unitId, month: input.month, ...values, updatedById: user.id })
            .onConflictDoNothing()
            .returning({ id: financeMonths.id })
        )[0] ?? null,
    });
  });
}

/** Saves a funding line's month: spend in the month and the full-year forecast. */
export async function saveFundingMonth(user: SessionUser, input: FundingMonthInput, now: Date = new Date()): Promise<SavedMonth> {
  return db.transaction(async (tx) => {
    const [line] = await tx
      .select({ id: fundingProgrammes.id, departmentId: fundingProgrammes.departmentId, leadUnitId: fundingProgrammes.leadUnitId, year: fundingProgrammes.year, name: fundingProgrammes.name, allocationPence: fundingProgrammes.allocationPence })
      .from(fundingProgrammes)
      .where(eq(fundingProgrammes.id, input.programmeId));
    if (!line) throw new ForbiddenError();
    const unitId = line.leadUnitId ?? line.departmentId;
    await assertCanActOnUnit(user, "finance:enter", unitId, { tx });
    assertEnded(input.month, now);
    if (yearOf(input.month) !== line.year) throw new RuleError(`${line.name} is funded for ${line.year}: enter a month of ${line.year}.`);
    const tolerance = await getFinanceTolerance(tx);
    const status = varianceStatus(input.forecast, line.allocationPence, tolerance);
    requireCommentary(commentaryRequired(status), input.commentary, `${formatPounds(input.forecast)} against an allocation of ${formatPounds(line.allocationPence)} is ${VARIANCE_STATUS_LABELS[status].toLowerCase()}`);
    const [existing] = await tx
      .select({ id: fundingProgrammeMonths.id, version: fundingProgrammeMonths.version, spendPence: fundingProgrammeMonths.spendPence, forecastOutturnPence: fundingProgrammeMonths.forecastOutturnPence, commentary: fundingProgrammeMonths.commentary })
      .from(fundingProgrammeMonths)
      .where(and(eq(fundingProgrammeMonths.programmeId, line.id), eq(fundingProgrammeMonths.month, input.month)))
      .for("update");
    const values = { spendPence: input.spend, forecastOutturnPence: input.forecast, commentary: input.commentary };
    return writeMonth(tx, user, {
      table: fundingProgrammeMonths,
      existing: existing ?? null,
      version: input.version,
      reason: input.reason,
      entityType: "funding_programme_month",
      unitId,
      label: `${line.name}, ${monthLabel(input.month)}`,
      describe: (r) => `spend ${formatPounds(r.spendPence)}, forecast ${formatPounds(r.forecastOutturnPence)}`,
      values,
      insert: async () =>
        (
          await tx
            .insert(fundingProgrammeMonths)
            .values({ programmeId: line.id, month: input.month, ...values, updatedById: user.id })
            .onConflictDoNothing()
            .returning({ id: fundingProgrammeMonths.id })
        )[0] ?? null,
    });
  });
}

/** Saves an efficiency's month: the saving delivered in the month and the full-year forecast delivery. */
export async function saveEfficiencyMonth(user: SessionUser, input: EfficiencyMonthInput, now: Date = new Date()): Promise<SavedMonth> {
  return db.transaction(async (tx) => {
    const [eff] = await tx
      .select({ id: efficiencies.id, departmentId: efficiencies.departmentId, leadUnitId: efficiencies.leadUnitId, year: efficiencies.year, title: efficiencies.title, targetPence: efficiencies.targetPence })
      .from(efficiencies)
      .where(eq(efficiencies.id, input.efficiencyId));
    if (!eff) throw new ForbiddenError();
    const unitId = eff.leadUnitId ?? eff.departmentId;
    await assertCanActOnUnit(user, "finance:enter", unitId, { tx });
    assertEnded(input.month, now);
    if (yearOf(input.month) !== eff.year) throw new RuleError(`${eff.title} is a ${eff.year} efficiency: enter a month of ${eff.year}.`);
    const tolerance = await getFinanceTolerance(tx);
    const rag = efficiencyRag(input.forecast, eff.targetPence, tolerance);
    requireCommentary(rag !== "green", input.commentary, `${formatPounds(input.forecast)} against a target of ${formatPounds(eff.targetPence)} is ${rag}`);
    const [existing] = await tx
      .select({ id: efficiencyMonths.id, version: efficiencyMonths.version, deliveredPence: efficiencyMonths.deliveredPence, forecastPence: efficiencyMonths.forecastPence, commentary: efficiencyMonths.commentary })
      .from(efficiencyMonths)
      .where(and(eq(efficiencyMonths.efficiencyId, eff.id), eq(efficiencyMonths.month, input.month)))
      .for("update");
    const values = { deliveredPence: input.delivered, forecastPence: input.forecast, commentary: input.commentary };
    return writeMonth(tx, user, {
      table: efficiencyMonths,
      existing: existing ?? null,
      version: input.version,
      reason: input.reason,
      entityType: "efficiency_month",
      unitId,
      label: `${eff.title}, ${monthLabel(input.month)}`,
      describe: (r) => `delivered ${formatPounds(r.deliveredPence)}, forecast ${formatPounds(r.forecastPence)}`,
      values,
      insert: async () =>
        (
          await tx
            .insert(efficiencyMonths)
            .values({ efficiencyId: eff.id, month: input.month, ...values, updatedById: user.id })
            .onConflictDoNothing()
            .returning({ id: efficiencyMonths.id })
        )[0] ?? null,
    });
  });
}

/** Saves a unit's people in a month: headcount, FTE in post, leavers, agency and fixed-term spend. */
export async function saveWorkforceMonth(user: SessionUser, input: WorkforceMonthInput, now: Date = new Date()): Promise<SavedMonth> {
  return db.transaction(async (tx) => {
    await assertCanActOnUnit(user, "workforce:enter", input.unitId, { tx });
    assertEnded(input.month, now);
    const [existing] = await tx
      .select({
        id: workforceMonths.id,
        version: workforceMonths.version,
        headcount: workforceMonths.headcount,
        fteInPost: workforceMonths.fteInPost,
        leavers: workforceMonths.leavers,
        agencySpendPence: workforceMonths.agencySpendPence,
        fixedTermSpendPence: workforceMonths.fixedTermSpendPence,
      })
      .from(workforceMonths)
      .where(and(eq(workforceMonths.unitId, input.unitId), eq(workforceMonths.month, input.month)))
      .for("update");
    // FTE is numeric(8,2): compare and store it as Postgres prints it ("164.50").
    const fte = Number(input.fteInPost).toFixed(2);
    const values = { headcount: input.headcount, fteInPost: fte, leavers: input.leavers, agencySpendPence: input.agencySpend, fixedTermSpendPence: input.fixedTermSpend };
    const { rows } = await tx.execute<{ name: string }>(sql`select name from org_units where id = ${input.unitId}`);
    return writeMonth(tx, user, {
      table: workforceMonths,
      existing: existing ?? null,
      version: input.version,
      reason: input.reason,
      entityType: "workforce_month",
      unitId: input.unitId,
      label: `${rows[0]?.name ?? "The unit"}'s people, ${monthLabel(input.month)}`,
      describe: (r) => `headcount ${r.headcount}, FTE in post ${r.fteInPost}, leavers ${r.leavers}, agency ${formatPounds(r.agencySpendPence)}, fixed-term ${formatPounds(r.fixedTermSpendPence)}`,
      values,
      insert: async () =>
        (
          await tx
            .insert(workforceMonths)
            .values({ unitId: input.unitId, month: input.month, ...values, updatedById: user.id })
            .onConflictDoNothing()
            .returning({ id: workforceMonths.id })
        )[0] ?? null,
    });
  });
}
