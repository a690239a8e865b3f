import { sql } from "drizzle-orm";
import type { ValueStatus } from "@/lib/enums";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan, type UnitScope } from "@/lib/auth/permissions";
import { statusOf } from "@/lib/measures/status";
import { hasEnded, type Period } from "./periods";
import { loadSheet, type SheetRow } from "./sheet";
import { checkFigure, isRatio } from "./value-rules";

export interface FigureRowInput {
  measureId: number;
  value?: string | null;
  numerator?: string | null;
  denominator?: string | null;
  commentary?: string | null;
  /**
   * The version the person saw; 0 when there was no figure yet. Ignored when versions are not
   * checked (a CSV row has none), except that a row that carries one is always checked (the API's
   * optional version: lib/api/figures.ts).
   */
  version?: number;
  /** Why a submitted figure is being corrected. */
  reason?: string | null;
}

export interface SaveSheetInput {
  unitId: number;
  month: Period;
  intent: "draft" | "submit";
  rows: FigureRowInput[];
  /** Form saves check versions; a CSV import applies to what is stored now. */
  checkVersions: boolean;
}

export type RowField = "value" | "numerator" | "denominator" | "commentary" | "reason" | "measure";

export interface RowProblem {
  measureId: number;
  field: RowField;
  message: string;
}

export interface RowConflict {
  measureId: number;
  name: string;
  /** The stored period, when the conflict was found on writing (several months may be written at once). */
  period?: Period;
  stored: { value: number | null; status: string; by: string | null; version: number } | null;
}

export class SheetRejected extends Error {
  constructor(
    public readonly problems: RowProblem[],
    public readonly conflicts: RowConflict[],
    message = "Nothing was saved.",
  ) {
    super(message);
    this.name = "SheetRejected";
  }
}

/**
 * Who a save is made by, as the audit log records it: a person, or an API token acting as its
 * creator (`apiTokenId` set: the audit row names the token as well as the creator).
 */
export type FigureWriter = Actor & { email: string; apiTokenId?: number | null };

export interface SaveOutcome {
  saved: number;
  submitted: number;
  unchanged: number;
}

type Executor = Pick<Database, "execute">;

const same = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9);
const text = (s: string | null | undefined) => {
  const t = (s ?? "").trim();
  return t === "" ? null : t;
};

/** What the save rules decided for one measure of a sheet. */
export interface PlannedFigure {
  row: SheetRow;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  commentary: string | null;
  status: ValueStatus;
  reason: string | null;
  kind: "insert" | "update" | "none";
}

/** planSheet's verdict: the figures to write (none when there are problems or conflicts) and the counts. */
export interface SheetPlan {
  writes: PlannedFigure[];
  problems: RowProblem[];
  conflicts: RowConflict[];
  outcome: SaveOutcome;
}

/**
 * Saves (as draft) or submits one unit's figures for one month, all or nothing. Call it inside a
 * transaction. The rules are planSheet's; the writes are writeFigures'.
 */
export async function saveSheet(tx: Executor & Database, actor: Actor & { email: string }, scope: UnitScope, input: SaveSheetInput, now: Date): Promise<SaveOutcome> {
  assertCan(actor, input.intent === "submit" ? "figures:submit" : "figures:enter", scope);
  if (!hasEnded(input.month, now)) {
    throw new SheetRejected([{ measureId: 0, field: "measure", message: "This month has not ended yet: figures can be entered from the 1st of next month." }], []);
  }
  const sheet = await loadSheet(tx, input.unitId, input.month);
  // Lock the stored figures of this sheet so that concurrent saves queue rather than interleave.
  const ids = sheet.map((r) => r.current?.id).filter((id): id is number => id != null);
  const locked = new Map<number, number>();
  if (ids.length) {
    const { rows } = await tx.execute<{ id: number; version: number }>(
      sql`select id, version from measure_values where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) for update`,
    );
    for (const r of rows) locked.set(r.id, r.version);
  }
  const plan = planSheet(sheet, locked, input);
  if (plan.problems.length || plan.conflicts.length) {
    throw new SheetRejected(
      plan.problems,
      plan.conflicts,
      plan.conflicts.length ? "Someone else saved some of these figures since you opened the page. Nothing was saved." : "Nothing was saved: please correct the figures marked below.",
    );
  }
  await writeFigures(tx, actor, input.unitId, plan.writes, now);
  return plan.outcome;
}

/**
 * The save rules for one month's sheet (pure; the entry form and the CSV import both go through
 * it). The month must have ended (checked by the caller); every figure must fit its measure; on
 * submit every due measure needs a figure (or commentary saying why there is none) and an
 * off-target figure needs commentary; a submitted figure is corrected only with a reason and stays
 * bound by those submit rules; a figure changed by someone else since it was loaded is refused
 * (unless the input is exactly what is stored now) when versions are checked, or when its row
 * carries a version. Unchanged rows are
 * left alone, so saving the same input twice changes nothing the second time. `locked` holds the
 * versions stored now, by figure id (read under a lock); a figure missing from it counts at the
 * sheet's version.
 */
export function planSheet(sheet: SheetRow[], locked: ReadonlyMap<number, number>, input: Pick<SaveSheetInput, "intent" | "rows" | "checkVersions">): SheetPlan {
  const byId = new Map(sheet.map((r) => [r.measureId, r]));
  const problems: RowProblem[] = [];
  const conflicts: RowConflict[] = [];
  const planned = new Map<number, PlannedFigure>();
  for (const inRow of input.rows) {
    const row = byId.get(inRow.measureId);
    if (!row) {
      problems.push({ measureId: inRow.measureId, field: "measure", message: "This measure is not due for this unit and month." });
      continue;
    }
    const storedVersion = row.current ? (locked.get(row.current.id) ?? row.current.version) : 0;
    const check = checkFigure(row, inRow);
    const commentary = text(inRow.commentary);
    const cur = row.current;
    // A ratio measure's value is derived from its parts, so the parts decide whether it changed.
    const differs = (c: NonNullable<SheetRow["current"]>, f: { value: number | null; numerator: number | null; denominator: number | null }) =>
      (isRatio(row) ? !same(c.numerator, f.numerator) || !same(c.denominator, f.denominator) : !same(c.value, f.value)) || (c.commentary ?? null) !== commentary;
    // A stale version is a conflict unless the input is exactly what is stored now (the same form
    // posted twice, e.g. Save pressed again before the page reloaded): then nothing would be lost.
    const checked = input.checkVersions || inRow.version !== undefined;
    if (checked && (inRow.version ?? 0) !== storedVersion && !(cur && check.ok && !differs(cur, check))) {
      conflicts.push({
        measureId: row.measureId,
        name: row.name,
        stored: cur ? { value: cur.value, status: cur.status, by: cur.updatedBy, version: storedVersion } : null,
      });
      continue;
    }
    if (!check.ok) {
      for (const [field, message] of Object.entries(check.errors)) problems.push({ measureId: row.measureId, field: field as RowField, message });
      continue;
    }
    if (commentary && commentary.length > 2000) problems.push({ measureId: row.measureId, field: "commentary", message: "Keep commentary under 2,000 characters" });
    const changed = !cur || differs(cur, check);
    const reason = text(inRow.reason);
    if (reason && reason.length > 1000) problems.push({ measureId: row.measureId, field: "reason", message: "Keep the reason under 1,000 characters" });
    if (cur?.status === "submitted" && changed && !reason) {
      problems.push({ measureId: row.measureId, field: "reason", message: "Say why this submitted figure is being corrected" });
    }
    if (!cur && check.empty && !commentary) continue; // nothing entered, nothing stored
    planned.set(row.measureId, {
      row,
      value: check.value,
      numerator: check.numerator,
      denominator: check.denominator,
      commentary,
      status: cur?.status ?? "draft",
      reason,
      kind: !cur ? "insert" : changed ? "update" : "none",
    });
  }

  // The rules of a submitted figure apply on submit, and to a correction of a submitted figure
  // however it is saved (it stays submitted): "Save as draft" must not bypass them.
  const refused = new Set([...problems.map((x) => x.measureId), ...conflicts.map((c) => c.measureId)]);
  for (const row of sheet) {
    const p = planned.get(row.measureId);
    if (input.intent !== "submit" && !(row.current?.status === "submitted" && p?.kind === "update")) continue;
    if (refused.has(row.measureId)) continue;
    const value = p ? p.value : (row.current?.value ?? null);
    const commentary = p ? p.commentary : (row.current?.commentary ?? null);
    if (value === null && !commentary) {
      problems.push({ measureId: row.measureId, field: "commentary", message: "Enter a figure, or explain in the commentary why there is none this month" });
      continue;
    }
    const status = statusOf({ value, target: row.target, direction: row.direction, tolerancePct: row.tolerancePct });
    if (status === "off_target" && !commentary) {
      problems.push({ measureId: row.measureId, field: "commentary", message: "This figure is off target: explain why and what is being done" });
      continue;
    }
    if (row.current?.status !== "submitted") {
      const base = p ?? { row, value, numerator: row.current?.numerator ?? null, denominator: row.current?.denominator ?? null, commentary, status: "draft" as const, reason: null, kind: row.current ? ("none" as const) : ("insert" as const) };
      planned.set(row.measureId, { ...base, status: "submitted", kind: row.current ? "update" : "insert" });
    }
  }

  const writes = [...planned.values()].filter((p) => p.kind !== "none");
  const written = new Set(writes.map((w) => w.row.measureId));
  const outcome: SaveOutcome = {
    saved: writes.length,
    submitted: writes.filter((w) => w.status === "submitted" && w.row.current?.status !== "submitted").length,
    unchanged: input.rows.filter((r) => !written.has(r.measureId)).length,
  };
  if (problems.length || conflicts.length) return { writes: [], problems, conflicts, outcome: { saved: 0, submitted: 0, unchanged: 0 } };
  return { writes, problems, conflicts, outcome };
}

/**
 * Rows per write statement. Columns are bound as arrays (unnest), one parameter each, so the
 * 65,535-parameter limit never bites; the batch bounds a statement's size, and with it how long
 * building its parameters holds the event loop (a few milliseconds at 2,000 rows).
 */
export const FIGURE_WRITE_BATCH = 2_000;

const chunksOf = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** `unnest($1::type[], $2::type[], …)`: each column a JavaScript array bound as one Postgres array (pg escapes it). */
const unnestOf = (columns: [values: unknown[], pgType: string][]) =>
  sql`unnest(${sql.join(
    columns.map(([values, pgType]) => sql`${sql.param(values)}::${sql.raw(pgType)}[]`),
    sql`, `,
  )})`;

/**
 * Writes planned figures — inserts, updates and their audit entries (who, when, before, after, why)
 * — in a few statements whatever their number: each kind in batches of FIGURE_WRITE_BATCH rows.
 * Call it inside the transaction that locked the figures it updates. A figure inserted by someone
 * else since the plan was made is refused (SheetRejected with conflicts), never overwritten.
 */
export async function writeFigures(tx: Executor, actor: FigureWriter, unitId: number, writes: PlannedFigure[], now: Date): Promise<void> {
  const nowIso = now.toISOString();
  const key = (measureId: number, period: string) => `${measureId}:${period}`;
  const newIds = new Map<string, number>();
  for (const chunk of chunksOf(
    writes.filter((w) => w.kind === "insert"),
    FIGURE_WRITE_BATCH,
  )) {
    const { rows } = await tx.execute<{ id: number; measure_id: number; period: string }>(sql`
      insert into measure_values (measure_id, period_type, period, value, numerator, denominator, commentary, status, entered_by_id, submitted_by_id, submitted_at)
      select w.measure_id, w.period_type, w.period, w.value, w.numerator, w.denominator, w.commentary, w.status, ${actor.id}::int,
        case when w.status = 'submitted' then ${actor.id}::int end, case when w.status = 'submitted' then ${nowIso}::timestamptz end
      from ${unnestOf([
        [chunk.map((w) => w.row.measureId), "int"],
        [chunk.map((w) => w.row.periodType), "period_type"],
        [chunk.map((w) => w.row.period), "date"],
        [chunk.map((w) => w.value), "numeric"],
        [chunk.map((w) => w.numerator), "numeric"],
        [chunk.map((w) => w.denominator), "numeric"],
        [chunk.map((w) => w.commentary), "text"],
        [chunk.map((w) => w.status), "value_status"],
      ])} as w(measure_id, period_type, period, value, numerator, denominator, commentary, status)
      on conflict (measure_id, period_type, period) do nothing
      returning id, measure_id, to_char(period, 'YYYY-MM-DD') as period`);
    for (const r of rows) newIds.set(key(r.measure_id, r.period), r.id);
    const lost = chunk.filter((w) => !newIds.has(key(w.row.measureId, w.row.period)));
    if (lost.length) {
      throw new SheetRejected(
        [],
        lost.map((w) => ({ measureId: w.row.measureId, name: w.row.name, period: w.row.period, stored: null })),
        "Someone else saved some of these figures at the same moment. Nothing was saved.",
      );
    }
  }
  for (const chunk of chunksOf(
    writes.filter((w) => w.kind === "update"),
    FIGURE_WRITE_BATCH,
  )) {
    await tx.execute(sql`
      update measure_values mv set value = v.value, numerator = v.numerator, denominator = v.denominator, commentary = v.commentary,
        status = v.status, version = mv.version + 1, entered_by_id = ${actor.id}, updated_at = ${nowIso}::timestamptz,
        submitted_by_id = case when v.status = 'submitted' and mv.status = 'draft' then ${actor.id} else mv.submitted_by_id end,
        submitted_at = case when v.status = 'submitted' and mv.status = 'draft' then ${nowIso}::timestamptz else mv.submitted_at end
      from ${unnestOf([
        [chunk.map((w) => w.row.current!.id), "int"],
        [chunk.map((w) => w.value), "numeric"],
        [chunk.map((w) => w.numerator), "numeric"],
        [chunk.map((w) => w.denominator), "numeric"],
        [chunk.map((w) => w.commentary), "text"],
        [chunk.map((w) => w.status), "value_status"],
      ])} as v(id, value, numerator, denominator, commentary, status)
      where mv.id = v.id`);
  }

  const snapshot = (w: { value: number | null; numerator: number | null; denominator: number | null; commentary: string | null; status: string }) => ({
    value: w.value,
    numerator: w.numerator,
    denominator: w.denominator,
    commentary: w.commentary,
    status: w.status,
  });
  // unnest yields the arrays in order, so the audit ids follow the order of the writes.
  for (const batch of chunksOf(writes, FIGURE_WRITE_BATCH)) {
    const chunk = batch.map((w) => {
      const cur = w.row.current;
      return {
        id: String(cur?.id ?? newIds.get(key(w.row.measureId, w.row.period))!),
        action: cur?.status === "submitted" ? "figure.correct" : w.status === "submitted" ? "figure.submit" : "figure.save_draft",
        before: cur ? JSON.stringify(snapshot(cur)) : null,
        after: JSON.stringify({ ...snapshot(w), measure: w.row.code, period: w.row.period }),
        reason: w.reason,
      };
    });
    await tx.execute(sql`
      insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, unit_id, before, after, reason, api_token_id)
      select ${actor.id}::int, ${actor.email}::text, e.action, 'measure_value', e.entity_id, ${unitId}::int, e.before, e.after, e.reason, ${actor.apiTokenId ?? null}::int
      from ${unnestOf([
        [chunk.map((e) => e.action), "text"],
        [chunk.map((e) => e.id), "text"],
        [chunk.map((e) => e.before), "jsonb"],
        [chunk.map((e) => e.after), "jsonb"],
        [chunk.map((e) => e.reason), "text"],
      ])} as e(action, entity_id, before, after, reason)`);
  }
}
