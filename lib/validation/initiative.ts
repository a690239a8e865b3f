import { z } from "zod";
import { ragNeedsReason } from "@/lib/plan/rules";

const id = z.coerce.number().int().positive();
const version = z.coerce.number().int().positive();
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Enter a date like 2026-11-30" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: "Enter a real date",
  });
const optionalDate = z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), isoDate.nullable());
const text = (max: number) => z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string().trim().max(max, { message: `Keep it under ${max} characters` }));

export const RAGS = ["green", "amber", "red"] as const;

/** The lead's monthly status update: a RAG rating (red and amber need a reason) and commentary. */
export const initiativeUpdateInput = z
  .object({
    initiativeId: id,
    /** The initiative's version the form was loaded with. */
    version,
    rag: z.enum(RAGS, { message: "Choose a RAG rating" }),
    reason: text(2000),
    commentary: text(5000),
  })
  .superRefine((v, ctx) => {
    if (ragNeedsReason(v.rag) && v.reason.length < 3) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: `Say why the initiative is ${v.rag}` });
    }
  });

/**
 * A milestone's details and progress: title, planned date, forecast (a change needs a reason; the
 * server compares it with the stored forecast) and the actual date on which it was achieved.
 */
export const milestoneEditInput = z.object({
  id,
  version,
  title: z.string().trim().min(3, { message: "Enter the milestone" }).max(500, { message: "Keep it under 500 characters" }),
  plannedDate: isoDate,
  forecastDate: optionalDate,
  /** Why a date moves: required when the forecast or planned date changes; kept in the history. */
  reason: text(2000),
  actualDate: optionalDate,
});

export const milestoneAddInput = z.object({
  initiativeId: id,
  title: z.string().trim().min(3, { message: "Enter the milestone" }).max(500, { message: "Keep it under 500 characters" }),
  plannedDate: isoDate,
});

/** Cancelling a milestone keeps it (and its history) but takes it out of what is due; say why. */
export const milestoneCancelInput = z.object({
  id,
  version,
  reason: z.string().trim().min(3, { message: "Say why the milestone is cancelled" }).max(2000, { message: "Keep it under 2000 characters" }),
});

export type InitiativeUpdateInput = z.infer<typeof initiativeUpdateInput>;
export type MilestoneEditInput = z.infer<typeof milestoneEditInput>;
export type MilestoneAddInput = z.infer<typeof milestoneAddInput>;
export type MilestoneCancelInput = z.infer<typeof milestoneCancelInput>;
