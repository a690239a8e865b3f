import { sql } from "drizzle-orm";
import type { Frequency } from "@/lib/enums";
import type { Database } from "@/db/client";
import { assertCan, type UnitScope } from "@/lib/auth/permissions";
import { yieldToEventLoop } from "@/lib/event-loop";
import { toNumber } from "@/lib/measures/status";
import { figureRowInput } from "@/lib/validation/figures";
import type { CsvFigureRow, CsvProblem } from "./csv";
import { entryMonthOf, ratioValueProblem } from "./csv";
import { hasEnded, type Period } from "./periods";
import { planSheet, SheetRejected, writeFigures, type FigureRowInput, type FigureWriter, type PlannedFigure, type RowConflict, type SaveOutcome } from "./save";
import { loadSheets, type SheetRow } from "./sheet";
import type { FigureRule } from "./value-rules";

export class CsvRejected extends Error {
  constructor(public readonly problems: CsvProblem[]) {
    super(`The file has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}. Nothing was saved.`);
    this.name = "CsvRejected";
  }
}

/** A row's figure as stored now, where the row's version (the API's; a file has none) is out of date. */
export interface RowVersionConflict extends RowConflict {
  line: number;
}

/**
 * Rows that carried a version someone else's save has since moved on: nothing was saved. Also a
 * CsvRejected (one problem per row, in the version column), for callers that only list problems.
 */
export class CsvConflict extends CsvRejected {
  constructor(public readonly conflicts: RowVersionConflict[]) {
    super(conflicts.map((c) => ({ line: c.line, column: "version", message: STALE })));
    this.message = "Someone else changed some of these figures since the version given. Nothing was saved.";
    this.name = "CsvConflict";
  }
}

const COLUMN_OF: Record<string, string> = {
  value: "value",
  numerator: "numerator",
  denominator: "denominator",
  commentary: "commentary",
  reason: "reason",
  measure: "measure_code",
  measureId: "measure_code",
};

const CONFLICT = "Someone else saved this figure at the same moment; upload the file again";
const STALE = "Someone else changed this figure since that version: read it again, then send your change";

const figureKey = (measureId: number, storedPeriod: string) => `${measureId}:${storedPeriod}`;

/** Rows checked or planned between two turns of the event loop (a few milliseconds' work). */
const YIELD_EVERY = 250;

/** File rows whose months' sheets are read in one query. */
export const SHEET_BATCH = 2_000;

/** Attempts at the write when someone else changes a figure of the file meanwhile: then the file is checked again. */
const ATTEMPTS = 2;

type ImportOutcome = SaveOutcome & { rows: number; months: number };

export interface ImportOptions {
  /**
   * What submitting covers: "months" (the default, a file) submits every figure due in each month
   * of the file, so each needs a figure or commentary; "figures" (the API) submits only the
   * figures sent, each under the same submit rules, and leaves the rest of the month as it is.
   */
  submit?: "months" | "figures";
}
interface Measure {
  id: number;
  unitId: number;
  frequency: Frequency;
  active: boolean;
  rule: FigureRule;
}
interface MonthRows {
  input: FigureRowInput;
  line: number;
}

/**
 * Applies an uploaded figures CSV for one unit, all or nothing. The whole file is checked first and
 * every problem is reported with its line and column. Each month goes through the entry form's
 * rules (planSheet in lib/entry/save.ts); rows equal to what is stored change nothing, so uploading
 * the same file twice is harmless. A ratio row's value is calculated from its numerator and
 * denominator: a value typed there must match it.
 *
 * Set-based, so that a 10,000-row file neither takes long nor holds the pool or the event loop:
 * the file's measures are read in one query and the months' sheets (targets, stored figures,
 * versions) in one query per SHEET_BATCH rows, outside any transaction; the rules run in memory,
 * letting the event loop run every YIELD_EVERY rows; then one short transaction locks the stored
 * figures it changes, checks that none changed since they were read, and writes figures and audit
 * entries in batches (writeFigures). If one did change, the file is checked again against what is
 * stored now, once; a second clash is reported on its row. A row with a version (the API's; a file
 * has none) is refused when the figure has moved on since (CsvConflict), as on the entry page.
 * The API writes through here too (lib/api/figures.ts), so it has the file's rules exactly.
 */
export async function importFiguresCsv(
  db: Database,
  actor: FigureWriter,
  unit: { id: number; name: string; scope: UnitScope },
  rows: CsvFigureRow[],
  intent: "draft" | "submit",
  now: Date,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  assertCan(actor, intent === "submit" ? "figures:submit" : "figures:enter", unit.scope);
  const measures = await loadMeasures(db, [...new Set(rows.map((r) => r.measureCode).filter(Boolean))]);
  const { byMonth, problems } = await checkRows(rows, measures, unit, now);
  const months = [...byMonth.keys()].sort();

  for (let attempt = 1; ; attempt++) {
    const sheets = await loadSheetsInBatches(db, unit.id, months, byMonth);
    const total: SaveOutcome = { saved: 0, submitted: 0, unchanged: 0 };
    const writes: PlannedFigure[] = [];
    const lineOfWrite = new Map<string, number>();
    const found = [...problems];
    const stale: RowVersionConflict[] = [];
    let sinceYield = 0;
    for (const month of months) {
      const list = byMonth.get(month)!;
      if ((sinceYield += list.length) >= YIELD_EVERY) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
      const lineOfMeasure = new Map(list.map((l) => [l.input.measureId, l.line]));
      const sheet = sheets.get(month) ?? [];
      const planned = options.submit === "figures" ? sheet.filter((r) => lineOfMeasure.has(r.measureId)) : sheet;
      const plan = planSheet(planned, new Map(), { intent, rows: list.map((l) => l.input), checkVersions: false });
      // A problem of a due measure that is not in the file (nothing entered on submit) goes on the month's first row.
      const lineOf = (measureId: number) => lineOfMeasure.get(measureId) ?? list[0]!.line;
      for (const p of plan.problems) found.push({ line: lineOf(p.measureId), column: COLUMN_OF[p.field] ?? p.field, message: p.message });
      for (const c of plan.conflicts) stale.push({ ...c, period: c.period ?? sheet.find((r) => r.measureId === c.measureId)?.period, line: lineOf(c.measureId) });
      for (const w of plan.writes) lineOfWrite.set(figureKey(w.row.measureId, w.row.period), lineOf(w.row.measureId));
      writes.push(...plan.writes);
      total.saved += plan.outcome.saved;
      total.submitted += plan.outcome.submitted;
      total.unchanged += plan.outcome.unchanged;
    }
    // As on the entry page, a stale version is reported before any other problem.
    if (stale.length) throw new CsvConflict(stale.sort((a, b) => a.line - b.line));
    if (found.length) throw new CsvRejected(found.sort((a, b) => a.line - b.line));
    const outcome = { ...total, rows: rows.length, months: byMonth.size };
    if (writes.length === 0) return outcome;

    try {
      await db.transaction(async (tx) => {
        await lockUnchanged(tx, writes);
        await writeFigures(tx, actor, unit.id, writes, now);
      });
      return outcome;
    } catch (err) {
      if (!(err instanceof SheetRejected) || err.conflicts.length === 0) throw err;
      if (attempt < ATTEMPTS) continue;
      throw new CsvRejected(
        err.conflicts.map((c) => ({ line: lineOfWrite.get(figureKey(c.measureId, c.period ?? "")) ?? 1, column: "measure_code", message: CONFLICT })).sort((a, b) => a.line - b.line),
      );
    }
  }
}

/**
 * Every month's sheet: one query per SHEET_BATCH rows of the file (a 10,000-row file takes five),
 * so that reading each result is a short task for the event loop rather than one long one.
 */
async function loadSheetsInBatches(db: Database, unitId: number, months: Period[], byMonth: Map<Period, MonthRows[]>) {
  const sheets = new Map<Period, SheetRow[]>();
  let batch: Period[] = [];
  let rows = 0;
  for (const [i, month] of months.entries()) {
    batch.push(month);
    rows += byMonth.get(month)!.length;
    if (rows < SHEET_BATCH && i < months.length - 1) continue;
    for (const [m, sheet] of await loadSheets(db, unitId, batch, { previous: false })) sheets.set(m, sheet);
    batch = [];
    rows = 0;
  }
  return sheets;
}

/** The measures a file names, by code: one query. */
async function loadMeasures(db: Database, codes: string[]): Promise<Map<string, Measure>> {
  const measures = new Map<string, Measure>();
  if (codes.length === 0) return measures;
  const { rows } = await db.execute<{
    id: number;
    code: string;
    unit_id: number;
    frequency: Frequency;
    active: boolean;
    value_type: FigureRule["valueType"];
    quarter_rule: FigureRule["quarterRule"];
    scale_min: string | null;
    scale_max: string | null;
  }>(sql`select id, code, unit_id, frequency, active, value_type, quarter_rule, scale_min, scale_max
    from measures where code = any(${sql.param(codes)}::text[])`);
  for (const m of rows) {
    const rule = { valueType: m.value_type, quarterRule: m.quarter_rule, scaleMin: toNumber(m.scale_min), scaleMax: toNumber(m.scale_max) };
    measures.set(m.code, { id: m.id, unitId: m.unit_id, frequency: m.frequency, active: m.active, rule });
  }
  return measures;
}

/**
 * The checks of each row on its own (in memory): a measure of this unit, a period of the right
 * kind that has ended, no row twice, cells the entry form would take, a ratio value that matches.
 * Returns the rows by entry month and the problems.
 */
async function checkRows(rows: CsvFigureRow[], measures: Map<string, Measure>, unit: { id: number; name: string }, now: Date) {
  const problems: CsvProblem[] = [];
  const byMonth = new Map<Period, MonthRows[]>();
  const seen = new Map<string, number>();
  // Once per month, not per row: date parsing is most of a row's checking time.
  const endedMonths = new Map<Period, boolean>();
  const ended = (month: Period) => endedMonths.get(month) ?? endedMonths.set(month, hasEnded(month, now)).get(month)!;
  for (const [i, r] of rows.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    const m = measures.get(r.measureCode);
    if (!r.measureCode) {
      problems.push({ line: r.line, column: "measure_code", message: "Enter the measure code" });
      continue;
    }
    if (!m) {
      problems.push({ line: r.line, column: "measure_code", message: `There is no measure with the code ${r.measureCode}` });
      continue;
    }
    if (m.unitId !== unit.id) {
      problems.push({ line: r.line, column: "measure_code", message: `${r.measureCode} is not a measure of ${unit.name}` });
      continue;
    }
    if (!m.active) {
      problems.push({ line: r.line, column: "measure_code", message: `${r.measureCode} is retired` });
      continue;
    }
    const period = entryMonthOf(r.period);
    if (!period) {
      problems.push({ line: r.line, column: "period", message: "Write the period as YYYY-MM (e.g. 2026-10), or YYYY-Qn for a quarterly measure" });
      continue;
    }
    if (period.quarterly !== (m.frequency === "quarterly")) {
      problems.push({ line: r.line, column: "period", message: m.frequency === "quarterly" ? `${r.measureCode} is quarterly: write the period as YYYY-Qn` : `${r.measureCode} is monthly: write the period as YYYY-MM` });
      continue;
    }
    if (!ended(period.month)) {
      problems.push({ line: r.line, column: "period", message: `${r.period} has not ended yet` });
      continue;
    }
    const key = `${m.id}:${period.month}`;
    if (seen.has(key)) {
      problems.push({ line: r.line, column: "period", message: `${r.measureCode} for ${r.period} appears twice (also on line ${seen.get(key)})` });
      continue;
    }
    seen.set(key, r.line);
    const input: FigureRowInput = { measureId: m.id, value: r.value, numerator: r.numerator, denominator: r.denominator, commentary: r.commentary, reason: r.reason };
    if (r.version !== undefined) input.version = r.version;
    // The bounds the entry form's schema puts on each figure's cells.
    const shape = figureRowInput.safeParse(input);
    if (!shape.success) {
      for (const issue of shape.error.issues) problems.push({ line: r.line, column: COLUMN_OF[String(issue.path[0])] ?? "", message: issue.message });
      continue;
    }
    // Still passed on to the entry rules, so that the row's other problems are listed too.
    const valueProblem = ratioValueProblem(m.rule, r);
    if (valueProblem) problems.push({ line: r.line, column: "value", message: valueProblem });
    const list = byMonth.get(period.month) ?? [];
    list.push({ line: r.line, input });
    byMonth.set(period.month, list);
  }
  return { byMonth, problems };
}

/**
 * Locks the stored figures the import changes, in id order (two imports never deadlock), and
 * refuses the write (SheetRejected with conflicts) if any changed since the plan read it.
 */
async function lockUnchanged(tx: Pick<Database, "execute">, writes: PlannedFigure[]) {
  const stored = writes.filter((w) => w.row.current);
  if (stored.length === 0) return;
  const { rows } = await tx.execute<{ id: number; version: number }>(
    sql`select id, version from measure_values where id = any(${sql.param(stored.map((w) => w.row.current!.id))}::int[]) order by id for update`,
  );
  const now = new Map(rows.map((r) => [r.id, r.version]));
  const changed = stored.filter((w) => now.get(w.row.current!.id) !== w.row.current!.version);
  if (changed.length) throw new SheetRejected([], changed.map((w) => ({ measureId: w.row.measureId, name: w.row.name, period: w.row.period, stored: null })), CONFLICT);
}
