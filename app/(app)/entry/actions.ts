"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { ConflictError, RuleError } from "@/lib/actions/result";
import { ForbiddenError } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { parseMonth } from "@/lib/entry/periods";
import { saveSheet, SheetRejected, type SaveOutcome } from "@/lib/entry/save";
import { getUnitScope } from "@/lib/org/queries";
import { parseFiguresCsv } from "@/lib/entry/csv";
import { CsvRejected, importFiguresCsv } from "@/lib/entry/csv-import";
import { listEntryUnits } from "@/lib/entry/queries";
import { figureFieldName, importFiguresInput, saveFiguresInput } from "@/lib/validation/figures";

/** The pages that show entered figures. */
function revalidateFigures() {
  revalidatePath("/entry");
  revalidatePath("/dashboard");
}

/** Saves a unit's figures for a month as a draft, or submits the month. All or nothing. */
export const saveFigures = action({ name: "saveFigures", schema: saveFiguresInput, permission: "figures:enter" }, async (input, user): Promise<SaveOutcome> => {
  const month = parseMonth(input.month)!;
  const scope = await getUnitScope(input.unitId);
  if (!scope) throw new ForbiddenError();
  let outcome: SaveOutcome;
  try {
    outcome = await db.transaction((tx) => saveSheet(tx, user, scope, { unitId: input.unitId, month, intent: input.intent, rows: input.rows, checkVersions: true }, new Date()));
  } catch (err) {
    if (!(err instanceof SheetRejected)) throw err;
    if (err.conflicts.length) throw new ConflictError(err.message, err.conflicts);
    const fieldErrors: Record<string, string[]> = {};
    for (const p of err.problems) (fieldErrors[p.measureId ? figureFieldName(p.measureId, p.field) : "month"] ??= []).push(p.message);
    throw new RuleError(err.message, fieldErrors);
  }
  revalidateFigures();
  return outcome;
});

/** Imports a figures CSV for one unit: the whole file is checked first; any problem saves nothing. */
export const importFigures = action({ name: "importFigures", schema: importFiguresInput, permission: "figures:enter" }, async (input, user) => {
  const unit = (await listEntryUnits(user)).find((u) => u.id === input.unitId);
  if (!unit) throw new ForbiddenError();
  const parsed = parseFiguresCsv(await input.file.text());
  if (parsed.problems.length) throw new RuleError(`The file has ${parsed.problems.length === 1 ? "a problem" : "problems"}. Nothing was saved.`, undefined, parsed.problems);
  if (parsed.rows.length === 0) throw new RuleError("The file has no rows of figures. Nothing was saved.", { file: ["The file has no rows of figures"] });
  let outcome: Awaited<ReturnType<typeof importFiguresCsv>>;
  try {
    outcome = await db.transaction((tx) => importFiguresCsv(tx, user, unit, parsed.rows, input.intent, new Date()));
  } catch (err) {
    if (err instanceof CsvRejected) throw new RuleError(err.message, undefined, err.problems);
    throw err;
  }
  revalidateFigures();
  return outcome;
});
