import { z } from "@/lib/validation/zod";
import { riskBandsSchema } from "@/lib/validation/risk-bands";

/*
 * The risk register's inputs: a risk's definition and ratings, the monthly review, escalation and
 * the controls and actions that mitigate it. Shared by the forms and the server actions. Inputs
 * arrive as FormData strings.
 */

import { MITIGATION_KINDS, MITIGATION_STATUSES, RISK_STATUSES, type MitigationKind } from "@/lib/enums";
import { RISK_CATEGORIES } from "@/lib/risks/labels";

/** A whole number typed into a form ("3"); anything else (blank, "3.5", "three") is left for the schema to refuse. */
function toNumber(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (t === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** A 1–5 rating, refused with a message that names the field: "Likelihood outside 1–5: …". */
function rating(name: string) {
  const outside = `${name} outside 1–5: choose a whole number from 1 to 5`;
  return z.preprocess(
    toNumber,
    z
      .number({ message: `Choose the ${name.toLowerCase()}, from 1 to 5` })
      .refine((n) => !Number.isNaN(n), { message: outside })
      .refine((n) => Number.isInteger(n), { message: outside })
      .refine((n) => n >= 1 && n <= 5, { message: outside }),
  );
}

const appetite = z.preprocess(
  toNumber,
  z
    .number({ message: "Enter the appetite (target) score, from 1 to 25" })
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= 25, { message: "Appetite outside 1–25: enter a whole number from 1 to 25" }),
);

const id = (message = "Choose an item") => z.coerce.number({ message }).int({ message }).positive({ message });
const version = z.coerce.number().int().positive();

const text = (label: string, min: number, max: number) =>
  z
    .string({ message: label })
    .trim()
    .min(min, { message: label })
    .max(max, { message: `Use no more than ${max} characters` });

const note = (message: string) => z.string({ message }).trim().min(3, { message }).max(2000, { message: "Use no more than 2000 characters" });

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Enter a date like 2026-11-30" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: "Enter a real date, like 2026-11-30",
  });
const optionalDate = z.preprocess((v) => (v === "" || v === undefined ? null : v), isoDate.nullable());

/** An HTML checkbox: "on" when ticked, absent when not. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

const definitionFields = {
  unitId: id("Choose the unit that owns the risk"),
  title: text("Enter a short title for the risk", 3, 200),
  cause: text("Describe the cause: what could make the risk happen", 3, 4000),
  event: text("Describe the event: what might happen", 3, 4000),
  impact: text("Describe the impact: what would follow if it happened", 3, 4000),
  category: z.enum(RISK_CATEGORIES, { message: "Choose a category" }),
  ownerName: text("Enter who owns the risk", 2, 200),
  inherentLikelihood: rating("Inherent likelihood"),
  inherentImpact: rating("Inherent impact"),
  appetiteScore: appetite,
  /** Publishable: only risks marked so appear in the published quarterly reports. */
  isPublic: checkbox,
};

/** A new risk, rated before (inherent) and after (residual) its controls. */
export const createRiskInput = z
  .object({ ...definitionFields, residualLikelihood: rating("Residual likelihood"), residualImpact: rating("Residual impact") })
  .superRefine((v, ctx) => {
    // Only when every rating passed its own check (zod skips this refinement otherwise).
    if (v.residualLikelihood * v.residualImpact > v.inherentLikelihood * v.inherentImpact) {
      ctx.addIssue({
        code: "custom",
        path: ["residualImpact"],
        message: "The residual score (after controls) cannot be above the inherent score (before controls)",
      });
    }
  });

/**
 * A risk's definition: what it is, who owns it, its inherent rating, its appetite and whether it is
 * still open. The residual rating changes only through the monthly review, so that its history is whole.
 */
export const updateRiskInput = z.object({
  id: id(),
  version,
  ...definitionFields,
  status: z.enum(RISK_STATUSES, { message: "Choose open or closed" }),
  reason: z.string().trim().max(2000).optional().default(""),
});

/** The owner's monthly review: confirm the residual rating or re-rate it, with a note either way. */
export const reviewRiskInput = z.object({
  id: id(),
  version,
  residualLikelihood: rating("Likelihood"),
  residualImpact: rating("Impact"),
  note: note("Add a note: what the review found, or why the rating changed"),
});

export const escalateRiskInput = z.object({
  id: id(),
  version,
  note: note("Add a note for the Executive Leadership Team: why it is escalated and what is asked of them"),
});

export const deescalateRiskInput = z.object({
  id: id(),
  version,
  note: note("Add a note: why the risk no longer needs the Executive Leadership Team"),
});

const mitigationFields = {
  kind: z.enum(MITIGATION_KINDS, { message: "Choose a control or an action" }),
  description: text("Describe the control or action", 3, 2000),
  ownerName: text("Enter who owns it", 2, 200),
  dueDate: optionalDate,
  status: z.enum(MITIGATION_STATUSES, { message: "Choose a status" }),
};

/** A mitigating action is dated; a control in place may have no date. */
function mitigationRules(v: { kind: MitigationKind; dueDate: string | null }, ctx: z.RefinementCtx) {
  if (v.kind === "action" && v.dueDate === null) {
    ctx.addIssue({ code: "custom", path: ["dueDate"], message: "A mitigating action needs a due date" });
  }
}

export const addMitigationInput = z.object({ riskId: id(), ...mitigationFields }).superRefine(mitigationRules);
export const updateMitigationInput = z.object({ id: id(), version, ...mitigationFields }).superRefine(mitigationRules);
export const completeMitigationInput = z.object({ id: id(), version });

/** The banding setting as the settings form sends it: three whole numbers, each above the one before. */
export const riskBandsInput = z.preprocess(
  (v) => {
    if (typeof v !== "object" || v === null) return v;
    const o = v as Record<string, unknown>;
    return { ...o, mediumFrom: toNumber(o.mediumFrom), highFrom: toNumber(o.highFrom), veryHighFrom: toNumber(o.veryHighFrom) };
  },
  riskBandsSchema.safeExtend({ reason: z.string().trim().max(500).optional().default("") }),
);

export type CreateRiskInput = z.infer<typeof createRiskInput>;
export type UpdateRiskInput = z.infer<typeof updateRiskInput>;
export type ReviewRiskInput = z.infer<typeof reviewRiskInput>;
export type EscalateRiskInput = z.infer<typeof escalateRiskInput>;
export type DeescalateRiskInput = z.infer<typeof deescalateRiskInput>;
export type AddMitigationInput = z.infer<typeof addMitigationInput>;
export type UpdateMitigationInput = z.infer<typeof updateMitigationInput>;
export type CompleteMitigationInput = z.infer<typeof completeMitigationInput>;
