import { DIRECTIONS, FREQUENCIES, QUARTER_RULES, VALUE_STATUSES, VALUE_TYPES } from "@/lib/enums";
import { MAX_CSV_ROWS } from "@/lib/entry/csv-limits";
import { STATE_LABELS, type SubmissionState } from "@/lib/entry/submission-state";
import { FIGURE_STATUSES } from "@/lib/measures/quarter";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";
import { TREND_LABELS, type Trend } from "@/lib/measures/trend";
import { z } from "@/lib/validation/zod";

/**
 * The zod schemas of /api/v1: the route handlers validate requests with them, the responses are
 * typed by them, and the OpenAPI document (./openapi.ts) is generated from them, so the document
 * cannot drift from what the API does. `.meta({ id })` names a schema in the document's components.
 */

/**
 * "This schema, or null", for a schema named in the components: zod-to-openapi renders
 * `.nullable()` of a named schema by marking the named schema itself nullable (for every user of
 * it), so a union with null is written instead: anyOf [the $ref, null].
 */
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

const keysOf = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as [K, ...K[]];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const QUARTER_SLUG = /^\d{4}-q[1-4]$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NUL_FREE = (s: string) => !s.includes("\u0000");
const NUL_MESSAGE = "Remove the invisible control character (NUL) from this field";

/** Text that Postgres can store (no NUL), with a generous bound against absurd payloads; the entry rules set the real limits. */
const text = (max: number) =>
  z
    .string({ error: "Send text, or null" })
    .max(max, { error: `Keep this under ${max.toLocaleString("en-GB")} characters` })
    .refine(NUL_FREE, { error: NUL_MESSAGE });

const number = (description: string, example?: number) =>
  z
    .union([z.number({ error: "Send a number" }), text(100)], { error: 'Send a number (95 or "95.5"), or null' })
    .nullable()
    .optional()
    .meta({ description, ...(example === undefined ? {} : { example }) });

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

export const unitParams = z.object({
  unit: z.string().meta({ description: "The unit's short name in addresses (its slug), e.g. md for Modernisation and Digital.", example: "md" }),
});

export const figureParams = unitParams.extend({
  measure: z.string().meta({ description: "The measure's code, as in the measures catalogue and the figures CSV.", example: "MD-INC-P1" }),
  period: z.string().meta({
    description: "The figure's period: YYYY-MM for a monthly measure, YYYY-Qn for a quarterly one (as in the figures CSV).",
    example: "2026-10",
  }),
});

const monthParam = (description: string) =>
  z
    .string()
    .regex(MONTH, { error: "Write the month as YYYY-MM, e.g. 2026-10" })
    .optional()
    .meta({ description, example: "2026-10" });

export const dueQuery = z.object({
  period: monthParam("The month, YYYY-MM, as on the entry page: quarterly measures are due in the last month of their quarter. Default: the last month that has ended."),
});

/** The most months one GET of a unit's figures covers. */
export const MAX_FIGURE_MONTHS = 24;

export const figuresQuery = z.object({
  from: monthParam("The first month, YYYY-MM. Default: the last month that has ended."),
  to: monthParam(`The last month, YYYY-MM: at most ${MAX_FIGURE_MONTHS} months from the first. Default: from.`),
});

export const publishedReportsQuery = z.object({
  department: z
    .string()
    .regex(SLUG, { error: "Write the department's slug, e.g. coo" })
    .optional()
    .meta({ description: "Only this department's reports (its slug, e.g. coo).", example: "coo" }),
  quarter: z
    .string()
    .regex(QUARTER_SLUG, { error: "Write the quarter as YYYY-qn, e.g. 2026-q3" })
    .optional()
    .meta({ description: "Only this quarter's reports, YYYY-qn.", example: "2026-q3" }),
  page: z.coerce
    .number({ error: "Write the page as a whole number" })
    .int({ error: "Write the page as a whole number" })
    .min(1, { error: "Pages start at 1" })
    .max(1_000_000, { error: "There is no such page" })
    .optional()
    .meta({ description: "The page, 50 reports a page. Default: 1." }),
});

export const publishedFiguresQuery = z.object({
  department: z
    .string({ error: "Name the department (its slug, e.g. coo)" })
    .regex(SLUG, { error: "Write the department's slug, e.g. coo" })
    .meta({ description: "The department's slug.", example: "coo" }),
  quarter: z
    .string({ error: "Name the quarter, e.g. 2026-q3" })
    .regex(QUARTER_SLUG, { error: "Write the quarter as YYYY-qn, e.g. 2026-q3" })
    .meta({ description: "The report's quarter, YYYY-qn.", example: "2026-q3" }),
  revision: z.coerce
    .number({ error: "Write the revision as a whole number" })
    .int({ error: "Write the revision as a whole number" })
    .min(1, { error: "Revisions start at 1" })
    .max(999_999, { error: "There is no such revision" })
    .optional()
    .meta({ description: "A revision of the report (1 = as first published). Default: the latest, corrections included." }),
});

export const ifMatchHeader = z.object({
  "If-Match": z
    .string()
    .optional()
    .meta({ description: 'The figure\'s ETag from a GET ("3"): the same check as version in the body.', example: '"3"' }),
});

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

const intent = z
  .enum(["draft", "submit"], { error: 'Send "draft" or "submit"' })
  .default("draft")
  .meta({
    description:
      "draft: save the figures as drafts (a submitted figure that is corrected stays submitted). submit: save and submit them, each under the submit rules (a figure, or commentary saying why there is none; commentary when off target). Other figures of the month are left as they are.",
  });

const figureFields = {
  value: number('The figure, for a measure entered as a value (entry "value"): a number, or text as a person would type it ("95.5", "95.5%", "1,234"). null or absent: no figure.', 97.5),
  numerator: number('For a measure entered as a ratio (entry "ratio"): the numerator. The figure is worked out as numerator ÷ denominator (× 100 for a percentage); a value sent as well must match it.', 39),
  denominator: number("For a ratio measure: the denominator, more than 0.", 40),
  commentary: text(100_000)
    .nullable()
    .optional()
    .meta({ description: "What the figure means: needed when it is off target, and on submit when there is no figure. Up to 2,000 characters." }),
  reason: text(100_000)
    .nullable()
    .optional()
    .meta({ description: "Why a submitted figure is being corrected: needed to change one. Up to 1,000 characters." }),
  version: z
    .number({ error: "Send the version as a whole number" })
    .int({ error: "Send the version as a whole number" })
    .min(0, { error: "Versions start at 0 (no figure yet)" })
    .optional()
    .meta({
      description:
        "The figure's version you last read (0: there was none). When sent, a figure someone has changed since is refused with 409 instead of overwritten. Absent: the figure is saved over whatever is stored, as a CSV upload is.",
    }),
};

export const figureInput = z.strictObject({ ...figureFields, intent }).meta({ id: "FigureInput", description: "One figure." });

export const batchFigure = z
  .strictObject({
    measure: text(100).min(1, { error: "Name the measure by its code" }).meta({ description: "The measure's code.", example: "MD-INC-P1" }),
    period: text(20).meta({ description: "YYYY-MM for a monthly measure, YYYY-Qn for a quarterly one.", example: "2026-10" }),
    ...figureFields,
  })
  .meta({ id: "BatchFigure", description: "One figure of a batch." });

export const MAX_BATCH_FIGURES = MAX_CSV_ROWS;

export const figureBatch = z
  .strictObject({
    intent,
    figures: z
      .array(batchFigure, { error: "Send the figures as a list" })
      .min(1, { error: "Send at least one figure" })
      .max(MAX_BATCH_FIGURES, { error: `Send at most ${MAX_BATCH_FIGURES.toLocaleString("en-GB")} figures at a time` })
      .meta({ description: `The figures: 1 to ${MAX_BATCH_FIGURES.toLocaleString("en-GB")}, each measure and period once.` }),
  })
  .meta({ id: "FigureBatch", description: "Figures of one unit, for one or more periods: all are saved, or none." });

export type FigureInput = z.infer<typeof figureInput>;
export type FigureBatch = z.infer<typeof figureBatch>;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

const unitRef = z.object({ slug: z.string(), name: z.string() }).meta({ id: "UnitRef" });

export const storedFigure = z
  .object({
    value: z.number().nullable().meta({ description: "The figure (for a ratio measure, worked out from numerator and denominator)." }),
    numerator: z.number().nullable(),
    denominator: z.number().nullable(),
    commentary: z.string().nullable(),
    status: z.enum(VALUE_STATUSES).meta({ description: "draft or submitted." }),
    version: z.number().int().meta({ description: "Goes up by one with every change: send it back as version (or If-Match) to refuse overwriting someone else's change." }),
    updatedAt: z.string().meta({ description: "When it last changed (ISO 8601, UTC)." }),
    updatedBy: z.string().nullable().meta({ description: "Who last changed it (a token's change is its creator's)." }),
  })
  .meta({ id: "StoredFigure", description: "A figure as stored now." });

export const dueMeasure = z
  .object({
    code: z.string(),
    name: z.string(),
    frequency: z.enum(FREQUENCIES),
    period: z.string().meta({ description: "The figure's period as this API writes it (YYYY-MM or YYYY-Qn): the last part of its address." }),
    entry: z.enum(["value", "ratio"]).meta({ description: "value: send value. ratio: send numerator and denominator." }),
    valueType: z.enum(VALUE_TYPES),
    hint: z.string().meta({ description: "What is accepted, in words." }),
    scaleMin: z.number().nullable(),
    scaleMax: z.number().nullable(),
    decimals: z.number().int(),
    direction: z.enum(DIRECTIONS),
    target: z.number().nullable().meta({ description: "The target in force for the period." }),
    surveyFed: z.boolean().meta({ description: "The customer survey calculates this measure's figures: a figure sent here is replaced on the next response." }),
    submission: z.enum(keysOf<SubmissionState>(STATE_LABELS)).meta({ description: "missing, draft, submitted, or late (not submitted by the due date)." }),
    performance: z.enum(keysOf<Status>(STATUS_LABELS)).meta({ description: "The stored figure against the target." }),
    figure: orNull(storedFigure).meta({ description: "null: no figure has been entered." }),
  })
  .meta({ id: "DueMeasure" });

export const dueResponse = z
  .object({
    unit: unitRef,
    period: z.string().meta({ description: "The month, YYYY-MM." }),
    open: z.boolean().meta({ description: "Whether figures can be entered: a month's figures are entered once it has ended." }),
    dueDate: z.string().meta({ description: "When the month's figures are due (YYYY-MM-DD)." }),
    measures: z.array(dueMeasure),
  })
  .meta({ id: "DueMeasures" });

const figureLinks = z
  .object({
    self: z.string().meta({ description: "This figure's address in the API." }),
    measurePage: z.string().meta({ description: "The measure's page in Baseline (submitted figures are charted there, with their history)." }),
    entryPage: z.string().meta({ description: "The entry page of the unit and month, where drafts are shown." }),
  })
  .meta({ id: "FigureLinks" });

const measureRef = z.object({ code: z.string(), name: z.string() }).meta({ id: "MeasureRef" });

export const figureResponse = z
  .object({
    unit: unitRef,
    measure: measureRef,
    period: z.string(),
    figure: orNull(storedFigure).meta({ description: "null: no figure has been entered." }),
    links: figureLinks,
  })
  .meta({ id: "Figure" });

export const putFigureResponse = figureResponse
  .extend({
    outcome: z.enum(["created", "updated", "unchanged"]).meta({ description: "unchanged: the figure already was what was sent (nothing was written, nor audited)." }),
    message: z.string(),
  })
  .meta({ id: "FigureSaved" });

export const figureListResponse = z
  .object({
    unit: unitRef,
    from: z.string(),
    to: z.string(),
    figures: z.array(z.object({ measure: measureRef, period: z.string(), figure: storedFigure, links: figureLinks })),
  })
  .meta({ id: "FigureList" });

export const batchResponse = z
  .object({
    saved: z.number().int().meta({ description: "Figures written (new or changed)." }),
    submitted: z.number().int().meta({ description: "Figures submitted by this request." }),
    unchanged: z.number().int().meta({ description: "Figures that already were what was sent." }),
    figures: z.number().int(),
    months: z.number().int(),
    message: z.string(),
    links: z.object({ entryPages: z.array(z.string()).meta({ description: "The entry page of each month the batch wrote to." }) }),
  })
  .meta({ id: "BatchSaved" });

const revisionInfo = z
  .object({
    number: z.number().int().meta({ description: "1 = as first published; higher = corrected." }),
    publishedAt: z.string(),
    correctionNote: z.string().nullable(),
  })
  .meta({ id: "Revision" });

export const publishedReportsResponse = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    reports: z.array(
      z.object({
        department: unitRef,
        quarter: z.string(),
        revision: z.number().int().meta({ description: "The latest revision." }),
        publishedAt: z.string(),
        links: z.object({ figures: z.string(), page: z.string(), json: z.string(), csv: z.string() }),
      }),
    ),
  })
  .meta({ id: "PublishedReports" });

export const publishedMeasure = z
  .object({
    code: z.string(),
    name: z.string(),
    unitName: z.string(),
    category: z.string(),
    valueType: z.string(),
    decimals: z.number().int(),
    direction: z.enum(DIRECTIONS),
    frequency: z.enum(FREQUENCIES),
    quarterRule: z.enum(QUARTER_RULES).meta({ description: "How the quarter's figure is derived from its months." }),
    value: z.number().nullable().meta({ description: "The quarter's figure as published (null: none, or withheld)." }),
    target: z.number().nullable(),
    baseline: z.number().nullable(),
    status: z.enum(keysOf<Status>(STATUS_LABELS)),
    trend: z.enum(keysOf<Trend>(TREND_LABELS)),
    figureStatus: z.enum(FIGURE_STATUSES).nullable().meta({ description: "final, provisional (published from fewer months than its rule needs) or withheld; null when there is no figure or the revision predates it." }),
    monthsReported: z.number().int().nullable(),
    monthsRequired: z.number().int().nullable(),
    commentary: z.string().nullable(),
  })
  .meta({ id: "PublishedMeasure" });

export const publishedFiguresResponse = z
  .object({
    department: unitRef,
    quarter: z.string(),
    revision: revisionInfo,
    latestRevision: z.number().int(),
    asAt: z.string().nullable(),
    measures: z.array(publishedMeasure),
    links: z.object({ page: z.string(), json: z.string(), csv: z.string() }),
  })
  .meta({ id: "PublishedFigures" });

// ---------------------------------------------------------------------------------------------
// Problems (RFC 9457)
// ---------------------------------------------------------------------------------------------

export const fieldProblem = z
  .object({
    path: z.string().meta({ description: 'A JSON Pointer to the body field ("/figures/2/value"), or the name of the path or query parameter or header ("period", "If-Match").' }),
    message: z.string(),
  })
  .meta({ id: "FieldProblem" });

export const problem = z
  .object({
    type: z.string().meta({ description: "Names the kind of problem; its address documents it." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(fieldProblem).optional().meta({ description: "Field by field (422)." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details, served as application/problem+json." });

/** What a conflict reports of the figure stored now. */
export const currentFigure = z
  .object({
    value: z.number().nullable(),
    status: z.enum(VALUE_STATUSES),
    version: z.number().int(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "CurrentFigure", description: "The figure as stored now." });

export const conflictProblem = problem
  .extend({
    current: orNull(currentFigure).optional().meta({ description: "PUT: the figure as stored now (null: there is none, so send version 0)." }),
    conflicts: z
      .array(z.object({ path: z.string(), measure: z.string(), period: z.string(), current: orNull(currentFigure) }))
      .optional()
      .meta({ description: "Batch: each figure whose version is out of date, with the figure as stored now." }),
  })
  .meta({ id: "ConflictProblem" });
