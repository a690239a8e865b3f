import { z } from "@/lib/validation/zod";
import { REPORT_STEPS } from "@/lib/reports/workflow";

const id = z.coerce.number().int().positive();
const version = z.coerce.number().int().positive();
const section = z.string().trim().max(10_000, { message: "Keep this section under 10,000 characters" }).optional().default("");

/** Start a department's report for a quarter ("2026-q2"). */
export const createReportInput = z.object({
  departmentId: id,
  quarter: z.string().regex(/^\d{4}-q[1-4]$/, { message: "Choose a quarter" }),
});

/** Save the narrative sections written by the department (while the report is a draft). */
export const reportNarrativeInput = z.object({
  id,
  /** The version the form was loaded with: a stale one is refused as a conflict. */
  version,
  introduction: section,
  highlights: section,
  concerns: section,
});

/**
 * Move the report on (or back) in its workflow. `reason` is needed to send it back, and
 * `correctionNote` to publish a correction; the rules say when (lib/reports/workflow.ts).
 */
export const reportStepInput = z.object({
  id,
  version,
  step: z.enum(REPORT_STEPS, { message: "Choose what to do" }),
  reason: z.string().trim().max(2000, { message: "Keep the reason under 2,000 characters" }).optional().default(""),
  correctionNote: z.string().trim().max(2000, { message: "Keep the correction note under 2,000 characters" }).optional().default(""),
});

/** Cancel a correction in progress (issue 19): back to the latest published revision. The reason is optional, kept in the history. */
export const reportCancelCorrectionInput = z.object({
  id,
  version,
  reason: z.string().trim().max(2000, { message: "Keep the reason under 2,000 characters" }).optional().default(""),
});

export type CreateReportInput = z.infer<typeof createReportInput>;
export type ReportNarrativeInput = z.infer<typeof reportNarrativeInput>;
export type ReportStepInput = z.infer<typeof reportStepInput>;
export type ReportCancelCorrectionInput = z.infer<typeof reportCancelCorrectionInput>;
