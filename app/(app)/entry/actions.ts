"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import * as figures from "@/lib/entry/save-figures";
import { importFiguresInput, saveFiguresInput } from "@/lib/validation/figures";

/** The pages that show entered figures. */
function revalidateFigures() {
  revalidatePath("/entry");
  revalidatePath("/dashboard");
}

/** Saves a unit's figures for a month as a draft, or submits the month. All or nothing. */
export const saveFigures = action({ name: "saveFigures", schema: saveFiguresInput, permission: "figures:enter" }, async (input, user) => {
  const outcome = await figures.saveFigures(user, input);
  revalidateFigures();
  return outcome;
});

/** Imports a figures CSV for one unit: the whole file is checked first; any problem saves nothing. */
export const importFigures = action({ name: "importFigures", schema: importFiguresInput, permission: "figures:enter" }, async (input, user) => {
  const outcome = await figures.importFigures(user, input);
  revalidateFigures();
  return outcome;
});
