import "server-only";
import { ConflictError, RuleError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/current-user";
import { ForbiddenError } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getUnitScope } from "@/lib/org/queries";
import { figureFieldName, type ImportFiguresInput, type SaveFiguresInput } from "@/lib/validation/figures";
import { parseFiguresCsv, rowLimitProblem } from "./csv";
import { CsvRejected, importFiguresCsv } from "./csv-import";
import { parseMonth } from "./periods";
import { listEntryUnits } from "./queries";
import { saveSheet, SheetRejected, type SaveOutcome } from "./save";

/**
 * The commands behind app/(app)/entry/actions.ts: each runs saveSheet (in one transaction) or
 * importFiguresCsv (which keeps its own transaction short) and turns their refusals into the
 * action's errors (conflicts, field and row errors).
 */

/** Saves a unit's figures for a month as a draft, or submits the month. All or nothing. */
export async function saveFigures(user: SessionUser, input: SaveFiguresInput): Promise<SaveOutcome> {
  const month = parseMonth(input.month)!;
  const scope = await getUnitScope(input.unitId);
  if (!scope) throw new ForbiddenError();
  try {
    return await db.transaction((tx) => saveSheet(tx, user, scope, { unitId: input.unitId, month, intent: input.intent, rows: input.rows, checkVersions: true }, new Date()));
  } catch (err) {
    if (!(err instanceof SheetRejected)) throw err;
    if (err.conflicts.length) throw new ConflictError(err.message, err.conflicts);
    const fieldErrors: Record<string, string[]> = {};
    for (const p of err.problems) (fieldErrors[p.measureId ? figureFieldName(p.measureId, p.field) : "month"] ??= []).push(p.message);
    throw new RuleError(err.message, fieldErrors);
  }
}

/** Imports a figures CSV for one unit: the whole file is checked first; any problem saves nothing. */
export async function importFigures(user: SessionUser, input: ImportFiguresInput) {
  const unit = (await listEntryUnits(user)).find((u) => u.id === input.unitId);
  if (!unit) throw new ForbiddenError();
  const text = await input.file.text();
  // Counted before parsing: an oversized file costs no more than reading it.
  const tooMany = rowLimitProblem(text);
  if (tooMany) throw new RuleError("The file has too many rows. Nothing was saved.", { file: [tooMany] });
  const parsed = await parseFiguresCsv(text);
  if (parsed.problems.length) throw new RuleError(`The file has ${parsed.problems.length === 1 ? "a problem" : "problems"}. Nothing was saved.`, undefined, parsed.problems);
  if (parsed.rows.length === 0) throw new RuleError("The file has no rows of figures. Nothing was saved.", { file: ["The file has no rows of figures"] });
  try {
    // Not in a transaction here: importFiguresCsv reads outside one and writes in one short one.
    return await importFiguresCsv(db, user, unit, parsed.rows, input.intent, new Date());
  } catch (err) {
    if (err instanceof CsvRejected) throw new RuleError(err.message, undefined, err.problems);
    throw err;
  }
}
