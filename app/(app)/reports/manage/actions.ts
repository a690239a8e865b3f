"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { action } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import { cancelCorrection, createReport as create, saveNarrative, takeReportStep, type CancelCorrectionResult, type StepResult } from "@/lib/reports/manage";
import { createReportInput, reportCancelCorrectionInput, reportNarrativeInput, reportStepInput } from "@/lib/validation/report";

const createAction = action({ name: "createReport", schema: createReportInput, permission: "report:edit" }, (input, user) => create(user, input));

const narrativeAction = action({ name: "saveReportNarrative", schema: reportNarrativeInput, permission: "report:edit" }, (input, user) =>
  saveNarrative(user, input),
);

// The role check here is the loosest of the steps' permissions; takeReportStep checks the step's own.
const stepAction = action({ name: "takeReportStep", schema: reportStepInput, permission: "report:edit" }, (input, user) => takeReportStep(user, input));

// Cancelling a correction is allowed to whoever may start one (report:edit); cancelCorrection checks the report's department and status.
const cancelAction = action({ name: "cancelReportCorrection", schema: reportCancelCorrectionInput, permission: "report:edit" }, (input, user) =>
  cancelCorrection(user, input),
);

/** Starts a report, then opens it (redirect after the action, never inside a try). */
export async function createReport(prev: unknown, formData: FormData): Promise<ActionResult<{ id: number }>> {
  const result = await createAction(prev, formData);
  if (!result.ok) return result;
  revalidatePath("/reports/manage");
  redirect(`/reports/manage/${result.data.id}`);
}

export async function saveReportNarrative(prev: unknown, formData: FormData) {
  const result = await narrativeAction(prev, formData);
  if (result.ok) revalidatePath("/reports/manage", "layout");
  return result;
}

export async function takeStep(prev: unknown, formData: FormData): Promise<ActionResult<StepResult>> {
  const result = await stepAction(prev, formData);
  if (!result.ok) return result;
  // Nothing public to revalidate when a revision is published: the public report pages read the
  // current revision from Postgres on every request, on every instance (lib/reports/published.ts).
  revalidatePath("/reports/manage", "layout");
  return result;
}

/**
 * Discards a correction in progress: the report is back at its latest published revision (issue
 * 19). Then reopens the report's page, which says so (the form that asked is gone from it).
 */
export async function cancelReportCorrection(prev: unknown, formData: FormData): Promise<ActionResult<CancelCorrectionResult>> {
  const result = await cancelAction(prev, formData);
  if (!result.ok) return result;
  revalidatePath("/reports/manage", "layout");
  redirect(`/reports/manage/${result.data.id}?cancelled=${result.data.revision}`);
}
