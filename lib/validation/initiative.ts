import { z } from "@/lib/validation/zod";
import { INITIATIVE_STATUSES, INITIATIVE_TYPES, RAGS } from "@/lib/enums";
import { ragNeedsReason } from "@/lib/initiatives/rules";

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


/** An HTML checkbox: "on" when ticked, absent when not. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
/** A select whose first option ("None") sends an empty value. */
const optionalId = (message: string) =>
  z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), z.coerce.number({ message }).int({ message }).positive({ message }).nullable());
const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || null : v === undefined ? null : v),
    z.string().max(max, { message: `Keep it under ${max} characters` }).nullable(),
  );

/** "GP20-OI3-10": letters and digits in two or more parts joined by hyphens, kept in capitals. */
const cspRef = z
  .string({ message: "Enter the CSP reference, like GP20-OI3-10" })
  .trim()
  .min(1, { message: "Enter the CSP reference, like GP20-OI3-10" })
  .max(40, { message: "Keep the CSP reference under 40 characters" })
  .regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)+$/, { message: "Enter the CSP reference as letters and digits joined by hyphens, like GP20-OI3-10" })
  .transform((v) => v.toUpperCase());

/** Catalogued measures are ticked as checkboxes named `measure-<id>`; they arrive as one list. */
const MEASURE_KEY = /^measure-(\d{1,9})$/;
function collectMeasures(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.measureIds)) return o;
  const measureIds = Object.keys(o)
    .map((k) => MEASURE_KEY.exec(k))
    .filter((m): m is RegExpExecArray => m !== null && o[m[0]] !== undefined && o[m[0]] !== "")
    .map((m) => Number(m[1]));
  return { ...o, measureIds: [...new Set(measureIds)].sort((a, b) => a - b) };
}

const initiativeFields = {
  cspRef,
  title: z.string({ message: "Enter the initiative's title" }).trim().min(3, { message: "Enter the initiative's title" }).max(300, { message: "Keep the title under 300 characters" }),
  deliverables: text(8000),
  leadUnitId: z.coerce.number({ message: "Choose the lead unit" }).int({ message: "Choose the lead unit" }).positive({ message: "Choose the lead unit" }),
  type: z.enum(INITIATIVE_TYPES, { message: "Choose Project, Programme or BAU" }),
  priorityId: optionalId("Choose a CSP priority"),
  keyObjectiveId: optionalId("Choose a key objective"),
  startDate: optionalDate,
  targetDate: optionalDate,
  targetDateLabel: optionalText(200),
  wellbeingOutcomes: optionalText(4000),
  impactedMeasuresText: optionalText(4000),
  measureIds: z.array(z.number().int().positive()).max(200, { message: "Link at most 200 measures" }),
  ongoing: checkbox,
  successCriterion: optionalText(4000),
  status: z.enum(INITIATIVE_STATUSES, { message: "Choose a status" }),
};

type Payload = { issues: readonly { path?: readonly PropertyKey[] }[] };
/**
 * Run a cross-field rule even when other fields have problems, as long as the fields it reads are
 * valid, and never when the input is not an object at all (an issue at the root).
 */
const whenValid =
  (...fields: string[]) =>
  (payload: Payload) =>
    !payload.issues.some((i) => !i.path?.length || fields.includes(String(i.path[0])));

/**
 * Rules that need no database: an ongoing item says how we know it is complete or succeeding (the
 * PAC's question), and the target is not before the start. Shown together with every other field's
 * message, not only once the rest is fixed.
 */
function withInitiativeRules<T extends z.ZodType<{ startDate: string | null; targetDate: string | null; ongoing: boolean; status: string; successCriterion: string | null }>>(schema: T) {
  return schema
    .refine((v) => !((v.ongoing || v.status === "ongoing") && !v.successCriterion), {
      path: ["successCriterion"],
      message: "An ongoing item needs its completion or success criterion: say how we will know it is complete or succeeding",
      when: whenValid("ongoing", "status", "successCriterion"),
    })
    .refine((v) => !(v.startDate && v.targetDate && v.targetDate < v.startDate), {
      path: ["targetDate"],
      error: (issue) => `The target delivery date is before the planned start (${(issue.input as { startDate: string }).startDate})`,
      when: whenValid("startDate", "targetDate"),
    });
}

/** A new initiative from the business plan; the reason is optional. */
export const initiativeCreateInput = z.preprocess(
  collectMeasures,
  withInitiativeRules(z.object({ ...initiativeFields, reason: text(2000) })),
);

/** An initiative's business-plan fields, edited: version-checked, and the change needs a reason. */
export const initiativeEditInput = z.preprocess(
  collectMeasures,
  withInitiativeRules(
    z.object({
      id,
      version,
      ...initiativeFields,
      reason: z.string({ message: "Say why the initiative changes" }).trim().min(3, { message: "Say why the initiative changes" }).max(2000, { message: "Keep it under 2000 characters" }),
    }),
  ),
);

export type InitiativeCreateInput = z.infer<typeof initiativeCreateInput>;
export type InitiativeEditInput = z.infer<typeof initiativeEditInput>;
