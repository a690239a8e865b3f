"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { describeBands } from "@/lib/risks/scoring";
import * as settings from "@/lib/settings/update";
import { minResponsesInput } from "@/lib/validation/feedback";
import { riskBandsInput } from "@/lib/validation/risk";
import { figuresDueInput, financeToleranceInput } from "@/lib/validation/settings";
import { ssoRoleMappingInput } from "@/lib/validation/sso";

/** Sets the working day of the following month by which a month's figures are due (administrators only). */
export const updateFiguresDueDay = action({ name: "updateFiguresDueDay", schema: figuresDueInput, permission: "user:manage" }, async (input, actor) => {
  const changed = await settings.updateFiguresDueDay(actor, input);
  // Due dates, late flags and the reminders all follow from this setting.
  revalidatePath("/admin/settings");
  revalidatePath("/entry/status");
  revalidatePath("/my-updates");
  return { workingDay: input.workingDay, changed };
});

/** Sets where the risk bands start (Medium, High, Very High), administrators only; audited. */
export const updateRiskBands = action({ name: "updateRiskBands", schema: riskBandsInput, permission: "user:manage" }, async (input, actor) => {
  const bands = { mediumFrom: input.mediumFrom, highFrom: input.highFrom, veryHighFrom: input.veryHighFrom };
  const changed = await settings.updateRiskBands(actor, bands, input.reason || null);
  // Every band shown on the risk pages follows from this setting.
  revalidatePath("/admin/settings");
  revalidatePath("/risks", "layout");
  return { bands, description: describeBands(bands), changed };
});

/** Sets the minimum number of survey responses below which a month is flagged as a low sample (administrators only); audited. */
export const updateFeedbackMinResponses = action({ name: "updateFeedbackMinResponses", schema: minResponsesInput, permission: "user:manage" }, async (input, actor) => {
  const changed = await settings.updateFeedbackMinResponses(actor, input);
  // The flag is read when pages render and when the next response recalculates a month's commentary.
  revalidatePath("/admin/settings");
  revalidatePath("/admin/feedback");
  revalidatePath("/feedback/themes");
  return { minResponses: input.minResponses, changed };
});

/** Sets the budget variance tolerance (the two thresholds, %), administrators only; audited. */
export const updateFinanceTolerance = action({ name: "updateFinanceTolerance", schema: financeToleranceInput, permission: "user:manage" }, async (input, actor) => {
  const tolerance = { lowerPct: input.lowerPct, upperPct: input.upperPct };
  const changed = await settings.updateFinanceTolerance(actor, tolerance, input.reason || null);
  // Every variance status, efficiency RAG and resources exception follows from this setting.
  revalidatePath("/admin/settings");
  revalidatePath("/departments", "layout");
  revalidatePath("/dashboard");
  revalidatePath("/reviews", "layout");
  return { tolerance, changed };
});

/** Sets the single sign-on group → role rules (issue 17), administrators only; audited. */
export const updateSsoRoleMapping = action({ name: "updateSsoRoleMapping", schema: ssoRoleMappingInput, permission: "user:manage" }, async (input, actor) => {
  const changed = await settings.updateSsoRoleMapping(actor, input);
  // Read at each single sign-on; only this page shows it.
  revalidatePath("/admin/settings");
  return { rules: input.rules.length, changed };
});
