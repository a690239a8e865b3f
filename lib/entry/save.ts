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
  /** The version the person saw; 0 when there was no figure yet. Ignored when versions are not checked (CSV). */
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

/**
 * Saves (as draft) or submits one unit's figures for one month, all or nothing. Call it inside a
 * transaction. Rules: the month must have ended; every figure must fit its measure; on submit every
 * due measure needs a figure (or commentary saying why there is none) and an off-target figure needs
 * commentary; a submitted figure is corrected only with a reason and stays bound by those submit
 * rules; a figure changed by someone else since it was loaded is refused (unless the input is exactly
 * what is stored now). Unchanged rows are left alone, so saving the same input twice
 * changes nothing the second time. Every change is audited with before and after.
 */
export async function saveSheet(tx: Executor & Database, actor: Actor & { email: string }, scope: UnitScope, input: SaveSheetInput, now: Date): Promise<SaveOutcome> {
  assertCan(actor, input.intent === "submit" ? "figures:submit" : "figures:enter", scope);
  if (!hasEnded(input.month, now)) {
    throw new SheetRejected([{ measureId: 0, field: "measure", message: "This month has not ended yet: figures can be entered from the 1st of next month." }], []);
  }
  const sheet = await loadSheet(tx, input.unitId, input.month);
  const byId = new Map(sheet.map((r) => [r.measureId, r]));
  // Lock the stored figures of this sheet so that concurrent saves queue rather than interleave.
  const ids = sheet.map((r) => r.current?.id).filter((id): id is number => id != null);
  const locked = new Map<number, number>();
  if (ids.length) {
    const { rows } = await tx.execute<{ id: number; version: number }>(
      sql`select id, version from measure_values where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) for update`,
    );
    for (const r of rows) locked.set(r.id, r.version);
  }

  const problems: RowProblem[] = [];
  const conflicts: RowConflict[] = [];
  type Planned = {
    row: SheetRow;
    value: number | null;
    numerator: number | null;
    denominator: number | null;
    commentary: string | null;
    status: ValueStatus;
    reason: string | null;
    kind: "insert" | "update" | "none";
  };
  const planned = new Map<number, Planned>();

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
    if (input.checkVersions && (inRow.version ?? 0) !== storedVersion && !(cur && check.ok && !differs(cur, check))) {
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
  for (const row of sheet) {
    const p = planned.get(row.measureId);
    if (input.intent !== "submit" && !(row.current?.status === "submitted" && p?.kind === "update")) continue;
    if (problems.some((x) => x.measureId === row.measureId) || conflicts.some((c) => c.measureId === row.measureId)) continue;
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

  if (problems.length || conflicts.length) {
    throw new SheetRejected(
      problems,
      conflicts,
      conflicts.length ? "Someone else saved some of these figures since you opened the page. Nothing was saved." : "Nothing was saved: please correct the figures marked below.",
    );
  }

  const writes = [...planned.values()].filter((p) => p.kind !== "none");
  const written = new Set(writes.map((w) => w.row.measureId));
  const outcome: SaveOutcome = { saved: 0, submitted: 0, unchanged: input.rows.filter((r) => !written.has(r.measureId)).length };
  if (writes.length === 0) return outcome;
  const nowIso = now.toISOString();

  const inserts = writes.filter((w) => w.kind === "insert");
  const updates = writes.filter((w) => w.kind === "update");
  const newIds = new Map<number, number>();
  if (inserts.length) {
    const { rows } = await tx.execute<{ id: number; measure_id: number }>(sql`
      insert into measure_values (measure_id, period_type, period, value, numerator, denominator, commentary, status, entered_by_id, submitted_by_id, submitted_at)
      values ${sql.join(
        inserts.map(
          (w) => sql`(${w.row.measureId}, ${w.row.periodType}::period_type, ${w.row.period}::date, ${w.value}, ${w.numerator}, ${w.denominator}, ${w.commentary},
            ${w.status}::value_status, ${actor.id}, ${w.status === "submitted" ? actor.id : null}, ${w.status === "submitted" ? nowIso : null}::timestamptz)`,
        ),
        sql`, `,
      )}
      on conflict (measure_id, period_type, period) do nothing
      returning id, measure_id`);
    for (const r of rows) newIds.set(r.measure_id, r.id);
    // A figure inserted by someone else between our read and our write: refuse rather than overwrite.
    const lost = inserts.filter((w) => !newIds.has(w.row.measureId));
    if (lost.length) throw new SheetRejected([], lost.map((w) => ({ measureId: w.row.measureId, name: w.row.name, stored: null })), "Someone else saved some of these figures at the same moment. Nothing was saved.");
  }
  if (updates.length) {
    await tx.execute(sql`
      update measure_values mv set value = v.value, numerator = v.numerator, denominator = v.denominator, commentary = v.commentary,
        status = v.status, version = mv.version + 1, entered_by_id = ${actor.id}, updated_at = ${nowIso}::timestamptz,
        submitted_by_id = case when v.status = 'submitted' and mv.status = 'draft' then ${actor.id} else mv.submitted_by_id end,
        submitted_at = case when v.status = 'submitted' and mv.status = 'draft' then ${nowIso}::timestamptz else mv.submitted_at end
      from (values ${sql.join(
        updates.map((w) => sql`(${w.row.current!.id}::int, ${w.value}::numeric, ${w.numerator}::numeric, ${w.denominator}::numeric, ${w.commentary}::text, ${w.status}::value_status)`),
        sql`, `,
      )}) as v(id, value, numerator, denominator, commentary, status)
      where mv.id = v.id`);
  }

  const snapshot = (w: { value: number | null; numerator: number | null; denominator: number | null; commentary: string | null; status: string }) => ({
    value: w.value,
    numerator: w.numerator,
    denominator: w.denominator,
    commentary: w.commentary,
    status: w.status,
  });
  const entries = writes.map((w) => {
    const cur = w.row.current;
    const action = cur?.status === "submitted" ? "figure.correct" : w.status === "submitted" ? "figure.submit" : "figure.save_draft";
    return {
      id: cur?.id ?? newIds.get(w.row.measureId)!,
      action,
      before: cur ? snapshot(cur) : null,
      after: { ...snapshot(w), measure: w.row.code, period: w.row.period },
      reason: w.reason,
    };
  });
  await tx.execute(sql`
    insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, unit_id, before, after, reason)
    values ${sql.join(
      entries.map((e) => sql`(${actor.id}, ${actor.email}, ${e.action}, 'measure_value', ${String(e.id)}, ${input.unitId}, ${e.before ? JSON.stringify(e.before) : null}::jsonb, ${JSON.stringify(e.after)}::jsonb, ${e.reason})`),
      sql`, `,
    )}`);

  outcome.saved = writes.length;
  outcome.submitted = writes.filter((w) => w.status === "submitted" && w.row.current?.status !== "submitted").length;
  return outcome;
}
