import { oneOf, requestedPage } from "@/lib/paging/page";
import { searchText } from "@/lib/paging/search";
import { z } from "@/lib/validation/zod";
import { evidenceMessage, RECOMMENDATION_ACCEPTANCES, RECOMMENDATION_SOURCES, RECOMMENDATION_STATUSES } from "@/lib/recommendations/rules";

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Enter a date like 2026-11-30" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: "Enter a real date",
  });
const optionalDate = z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), isoDate.nullable());
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v ?? null), z.string().trim().max(max, { message: `Keep this under ${max} characters` }).nullable());
const id = z.coerce.number({ message: "Missing id" }).int().positive();

/** The details of a recommendation, as the create and edit forms send them. */
const details = z.object({
  ref: z
    .string()
    .trim()
    .toUpperCase()
    .min(1, { message: "Enter a reference, like PAC-CLS-08" })
    .max(40, { message: "Keep the reference under 40 characters" })
    .regex(/^[A-Z0-9][A-Z0-9./-]*$/, { message: "Use capital letters, digits, hyphens, dots and slashes only, like PAC-CLS-08" }),
  source: z.enum(RECOMMENDATION_SOURCES, { message: "Choose where the recommendation comes from" }),
  reportTitle: z.string().trim().min(3, { message: "Enter the title of the report" }).max(500, { message: "Keep the title under 500 characters" }),
  reportDate: optionalDate,
  unitId: z.coerce.number({ message: "Choose the unit responsible" }).int().positive({ message: "Choose the unit responsible" }),
  text: z.string().trim().min(10, { message: "Enter the recommendation as the report words it" }).max(5000, { message: "Keep the recommendation under 5,000 characters" }),
  acceptance: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(RECOMMENDATION_ACCEPTANCES, { message: "Choose accepted, partially accepted or rejected" }).nullable()),
  response: optionalText(10_000),
  ownerName: z.string().trim().min(2, { message: "Enter who owns the recommendation" }).max(200, { message: "Keep the owner under 200 characters" }),
  targetDate: optionalDate,
});

/** A rejection (in whole or in part) is only recorded with the department's reason. */
function responseRules(v: { acceptance: string | null; response: string | null }, ctx: z.RefinementCtx) {
  if (v.acceptance === "rejected" && !v.response) {
    ctx.addIssue({ code: "custom", path: ["response"], message: "Give the reason for rejecting the recommendation" });
  }
  if (v.acceptance === "partially_accepted" && !v.response) {
    ctx.addIssue({ code: "custom", path: ["response"], message: "Say which part is accepted and why the rest is not" });
  }
}

export const createRecommendationInput = details.superRefine(responseRules);

export const updateRecommendationInput = details
  .extend({
    id,
    version: z.coerce.number().int().positive(),
    reason: optionalText(2000),
  })
  .superRefine(responseRules);

/**
 * A progress update: a note, and optionally a new status. The rules (lib/recommendations/rules.ts)
 * check it again against the stored recommendation (transition, acceptance, dates); evidence for
 * "implemented" is asked for here too, so that the form shows every missing field at once.
 */
export const addProgressUpdateInput = z
  .object({
    id,
    version: z.coerce.number().int().positive(),
    note: z.string().trim().min(3, { message: "Say what has happened since the last update" }).max(5000, { message: "Keep the note under 5,000 characters" }),
    status: z.enum(RECOMMENDATION_STATUSES, { message: "Choose a status" }),
    completionEvidence: optionalText(5000),
    implementedOn: optionalDate,
  })
  .superRefine((v, ctx) => {
    // "Implemented" needs evidence whatever the acceptance ("closed" depends on it: the rules decide).
    if (v.status === "implemented" && !v.completionEvidence) {
      ctx.addIssue({ code: "custom", path: ["completionEvidence"], message: evidenceMessage(v.status) });
    }
  });

export type CreateRecommendationInput = z.infer<typeof createRecommendationInput>;
export type UpdateRecommendationInput = z.infer<typeof updateRecommendationInput>;
export type AddProgressUpdateInput = z.infer<typeof addProgressUpdateInput>;

/** The filters of the tracker, from the page's GET parameters; anything unknown is ignored. */
export const RECOMMENDATION_VIEWS = ["all", "active", "overdue", "due_soon"] as const;
export type RecommendationView = (typeof RECOMMENDATION_VIEWS)[number];

/**
 * The tracker's orders: `priority` (overdue first, then still active, then by target date — the
 * default, no column's) and the sortable columns: reference, target date, status.
 */
export const RECOMMENDATION_SORTS = ["priority", "ref", "target", "status"] as const;
export type RecommendationSort = (typeof RECOMMENDATION_SORTS)[number];
export type SortDir = "asc" | "desc";

export interface RecommendationFilters {
  view: RecommendationView;
  department: string | null;
  source: (typeof RECOMMENDATION_SOURCES)[number] | null;
  status: (typeof RECOMMENDATION_STATUSES)[number] | null;
  /** Text in the reference, the recommendation or its report's title ("" for none). */
  q: string;
  sort: RecommendationSort;
  dir: SortDir;
  /** The page asked for (the list clamps it to the last page). */
  page: number;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export function parseFilters(params: Record<string, string | string[] | undefined>): RecommendationFilters {
  const pick = <T extends string>(list: readonly T[], v: string): T | null => ((list as readonly string[]).includes(v) ? (v as T) : null);
  const department = one(params.department);
  return {
    view: pick(RECOMMENDATION_VIEWS, one(params.view)) ?? "all",
    department: /^[a-z0-9-]{1,60}$/.test(department) ? department : null,
    source: pick(RECOMMENDATION_SOURCES, one(params.source)),
    status: pick(RECOMMENDATION_STATUSES, one(params.status)),
    q: searchText(params),
    sort: oneOf(params, "sort", RECOMMENDATION_SORTS, "priority"),
    dir: oneOf(params, "dir", ["asc", "desc"] as const, "asc"),
    page: requestedPage(params),
  };
}

/**
 * The tracker's URL state as query parameters, defaults left out; the page is left out too
 * (Pagination adds it). `/recommendations` plus these is the address of what is on screen.
 */
export function filterParams(f: RecommendationFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.view !== "all") q.view = f.view;
  if (f.department) q.department = f.department;
  if (f.source) q.source = f.source;
  if (f.status) q.status = f.status;
  if (f.q) q.q = f.q;
  if (f.sort !== "priority") q.sort = f.sort;
  if (f.dir !== "asc") q.dir = f.dir;
  return q;
}
