import { sql } from "drizzle-orm";
import type { Frequency } from "@/lib/enums";
import type { Database } from "@/db/client";
import type { Actor, UnitScope } from "@/lib/auth/permissions";
import type { CsvFigureRow, CsvProblem } from "./csv";
import { entryMonthOf, ratioValueProblem } from "./csv";
import { toNumber } from "@/lib/measures/status";
import { hasEnded, type Period } from "./periods";
import { saveSheet, SheetRejected, type FigureRowInput, type SaveOutcome } from "./save";
import type { FigureRule } from "./value-rules";

export class CsvRejected extends Error {
  constructor(public readonly problems: CsvProblem[]) {
    super(`The file has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}. Nothing was saved.`);
    this.name = "CsvRejected";
  }
}

const COLUMN_OF: Record<string, string> = {
  value: "value",
  numerator: "numerator",
  denominator: "denominator",
  commentary: "commentary",
  reason: "reason",
  measure: "measure_code",
};

/**
 * Applies an uploaded figures CSV for one unit, all or nothing: call inside a transaction and let
 * CsvRejected roll it back. The whole file is checked first and every problem is reported with its
 * line and column. Each month goes through the same rules as the entry form (lib/entry/save.ts);
 * rows equal to what is stored change nothing, so uploading the same file twice is harmless. A ratio
 * row's value is calculated from its numerator and denominator: a value typed there must match it.
 */
export async function importFiguresCsv(
  tx: Database,
  actor: Actor & { email: string },
  unit: { id: number; name: string; scope: UnitScope },
  rows: CsvFigureRow[],
  intent: "draft" | "submit",
  now: Date,
): Promise<SaveOutcome & { rows: number; months: number }> {
  const problems: CsvProblem[] = [];
  const codes = [...new Set(rows.map((r) => r.measureCode).filter(Boolean))];
  const measures = new Map<string, { id: number; unitId: number; frequency: Frequency; active: boolean; rule: FigureRule }>();
  if (codes.length) {
    const { rows: found } = await tx.execute<{
      id: number;
      code: string;
      unit_id: number;
      frequency: Frequency;
      active: boolean;
      value_type: FigureRule["valueType"];
      quarter_rule: FigureRule["quarterRule"];
      scale_min: string | null;
      scale_max: string | null;
    }>(
      sql`select id, code, unit_id, frequency, active, value_type, quarter_rule, scale_min, scale_max
        from measures where code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`,
    );
    for (const m of found) {
      const rule = { valueType: m.value_type, quarterRule: m.quarter_rule, scaleMin: toNumber(m.scale_min), scaleMax: toNumber(m.scale_max) };
      measures.set(m.code, { id: m.id, unitId: m.unit_id, frequency: m.frequency, active: m.active, rule });
    }
  }

  const byMonth = new Map<Period, { input: FigureRowInput; line: number }[]>();
  const seen = new Map<string, number>();
  for (const r of rows) {
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
    if (!hasEnded(period.month, now)) {
      problems.push({ line: r.line, column: "period", message: `${r.period} has not ended yet` });
      continue;
    }
    const key = `${m.id}:${period.month}`;
    if (seen.has(key)) {
      problems.push({ line: r.line, column: "period", message: `${r.measureCode} for ${r.period} appears twice (also on line ${seen.get(key)})` });
      continue;
    }
    seen.set(key, r.line);
    // Still passed on to the entry rules below, so that the row's other problems are listed too.
    const valueProblem = ratioValueProblem(m.rule, r);
    if (valueProblem) problems.push({ line: r.line, column: "value", message: valueProblem });
    const list = byMonth.get(period.month) ?? [];
    list.push({ line: r.line, input: { measureId: m.id, value: r.value, numerator: r.numerator, denominator: r.denominator, commentary: r.commentary, reason: r.reason } });
    byMonth.set(period.month, list);
  }

  const total: SaveOutcome = { saved: 0, submitted: 0, unchanged: 0 };
  for (const [month, list] of [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    try {
      const outcome = await saveSheet(tx, actor, unit.scope, { unitId: unit.id, month, intent, rows: list.map((l) => l.input), checkVersions: false }, now);
      total.saved += outcome.saved;
      total.submitted += outcome.submitted;
      total.unchanged += outcome.unchanged;
    } catch (err) {
      if (!(err instanceof SheetRejected)) throw err;
      for (const p of err.problems) {
        const line = list.find((l) => l.input.measureId === p.measureId)?.line ?? list[0]?.line ?? 1;
        problems.push({ line, column: COLUMN_OF[p.field] ?? p.field, message: p.message });
      }
      for (const c of err.conflicts) {
        const line = list.find((l) => l.input.measureId === c.measureId)?.line ?? 1;
        problems.push({ line, column: "measure_code", message: "Someone else saved this figure at the same moment; upload the file again" });
      }
    }
  }
  if (problems.length) throw new CsvRejected(problems.sort((a, b) => a.line - b.line));
  return { ...total, rows: rows.length, months: byMonth.size };
}
