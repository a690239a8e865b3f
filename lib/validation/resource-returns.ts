import { z } from "@/lib/validation/zod";
import { BUDGET_TYPES, EFFICIENCY_SCOPES, EFFICIENCY_TYPES, FUNDING_KINDS } from "@/lib/enums";
import { parsePoundsToPence } from "@/lib/resources/rules";

/**
 * The monthly resource return (issue 16) and the definitions of funding lines and efficiencies.
 * Money arrives as pounds typed by a person ("£1,234.56") and leaves as integer pence
 * (parsePoundsToPence): no float is ever involved. Rules that need stored data (commentary beyond
 * tolerance, a reason to change a month already entered) are applied by lib/resources/returns.ts
 * with field-level messages.
 */

const id = z.coerce.number().int().positive().max(2_147_483_647);
/** The version of the row the form was loaded with; 0 when the month had no row yet. */
const loadedVersion = z.coerce.number({ message: "Reload the page and try again" }).int().min(0).max(2_147_483_647);
const rowVersion = z.coerce.number({ message: "Reload the page and try again" }).int().positive().max(2_147_483_647);
const text = (max: number) =>
  z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string().trim().max(max, { message: `Keep it under ${max} characters` }));
const optionalText = (max: number) => text(max).transform((v) => (v === "" ? null : v));

/** "2026-10" → "2026-10-01". */
export const monthField = z
  .string({ message: "Choose a month" })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "Choose a month like 2026-10" })
  .transform((v) => `${v}-01`);

/** An amount in pounds, to the penny, parsed to integer pence; `negative` allows a net credit. */
export function pounds(what: string, { negative = false, positive = false }: { negative?: boolean; positive?: boolean } = {}) {
  return z.preprocess(
    (v) => (v === undefined || v === null ? "" : v),
    z
      .string()
      .trim()
      .min(1, { message: `Enter ${what}` })
      .transform((v, ctx) => {
        const pence = parsePoundsToPence(v);
        if (pence === null) {
          ctx.addIssue({ code: "custom", message: `Enter ${what} in pounds, like 12,345.67` });
          return z.NEVER;
        }
        if (!negative && pence < 0) {
          ctx.addIssue({ code: "custom", message: `${capitalise(what)} cannot be negative` });
          return z.NEVER;
        }
        if (positive && pence <= 0) {
          ctx.addIssue({ code: "custom", message: `${capitalise(what)} must be more than £0` });
          return z.NEVER;
        }
        return pence;
      }),
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A whole number of people, typed. */
function count(what: string) {
  return z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ message: `Enter ${what}` })
      .min(1, { message: `Enter ${what}` })
      .regex(/^\d{1,7}$/, { message: `Enter ${what} as a whole number, 0 or more` })
      .transform(Number),
  );
}

/** Commentary and the reason for changing a month already entered (checked against the stored row). */
const commentaryAndReason = {
  commentary: optionalText(5000),
  reason: optionalText(2000),
};

/** A service area's month: actual net expenditure in the month and the full-year forecast outturn. */
export const financeMonthInput = z.object({
  unitId: id,
  month: monthField,
  version: loadedVersion,
  /** Net: a month with more income than spend is negative. */
  actual: pounds("the actual net expenditure", { negative: true }),
  forecast: pounds("the forecast outturn", { negative: true }),
  ...commentaryAndReason,
});
export type FinanceMonthInput = z.infer<typeof financeMonthInput>;

/** A funding line's month: spend in the month and the full-year forecast. */
export const fundingMonthInput = z.object({
  programmeId: id,
  month: monthField,
  version: loadedVersion,
  spend: pounds("the spend", { negative: true }),
  forecast: pounds("the forecast", { negative: true }),
  ...commentaryAndReason,
});
export type FundingMonthInput = z.infer<typeof fundingMonthInput>;

/** An efficiency's month: the saving delivered in the month and the full-year forecast delivery. */
export const efficiencyMonthInput = z.object({
  efficiencyId: id,
  month: monthField,
  version: loadedVersion,
  delivered: pounds("the saving delivered"),
  forecast: pounds("the forecast delivery"),
  ...commentaryAndReason,
});
export type EfficiencyMonthInput = z.infer<typeof efficiencyMonthInput>;

/** A unit's people in a month. */
export const workforceMonthInput = z.object({
  unitId: id,
  month: monthField,
  version: loadedVersion,
  headcount: count("the headcount"),
  fteInPost: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ message: "Enter the FTE in post" })
      .min(1, { message: "Enter the FTE in post" })
      .regex(/^\d{1,6}(\.\d{1,2})?$/, { message: "Enter the FTE in post as a number with up to 2 decimals, like 164.5" }),
  ),
  leavers: count("the number of leavers"),
  agencySpend: pounds("the agency spend"),
  fixedTermSpend: pounds("the fixed-term spend"),
  reason: optionalText(2000),
}).superRefine((v, ctx) => {
  // Nobody works more than one full-time equivalent.
  if (Number(v.fteInPost) > v.headcount) ctx.addIssue({ code: "custom", path: ["fteInPost"], message: "FTE in post cannot be more than the headcount" });
});
export type WorkforceMonthInput = z.infer<typeof workforceMonthInput>;

const year = z.coerce.number({ message: "Enter a year" }).int({ message: "Enter a year like 2026" }).min(2000, { message: "Enter a year from 2000" }).max(2100, { message: "Enter a year up to 2100" });
/** "" (the department itself) or a unit id. */
const leadUnit = z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), id.nullable());

/**
 * A funding line's definition. Initiatives arrive as ticked checkboxes `initiative-<id>`; the action
 * collects them into `initiativeIds` (fundingLineFromForm).
 */
const fundingLineFields = {
  departmentId: id,
  kind: z.enum(FUNDING_KINDS, { message: "Choose growth or capital" }),
  ref: optionalText(40),
  name: text(300).pipe(z.string().min(3, { message: "Enter the name of the funding line" })),
  source: text(200).pipe(z.string().min(2, { message: "Enter the source of the funding" })),
  cspPriority: optionalText(200),
  subPriority: optionalText(300),
  minister: optionalText(200),
  leadUnitId: leadUnit,
  year,
  allocation: pounds("the allocation"),
  initiativeIds: z.array(id).max(500).default([]),
};

export const fundingLineCreateInput = z.object(fundingLineFields);
export const fundingLineUpdateInput = z.object({
  ...fundingLineFields,
  id,
  version: rowVersion,
  reason: text(2000).pipe(z.string().min(3, { message: "Say why the funding line changes" })),
});
export type FundingLineCreateInput = z.infer<typeof fundingLineCreateInput>;
export type FundingLineUpdateInput = z.infer<typeof fundingLineUpdateInput>;

/** Collects ticked `initiative-<id>` checkboxes into `initiativeIds` before validation. */
export function withInitiativeIds(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = {};
  const ids: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const m = /^initiative-(\d{1,10})$/.exec(k);
    if (m) {
      if (v === "on") ids.push(m[1]!);
    } else out[k] = v;
  }
  if (!("initiativeIds" in out)) out.initiativeIds = ids;
  return out;
}

export const fundingLineCreateForm = z.preprocess(withInitiativeIds, fundingLineCreateInput);
export const fundingLineUpdateForm = z.preprocess(withInitiativeIds, fundingLineUpdateInput);

const efficiencyFields = {
  departmentId: id,
  scope: z.enum(EFFICIENCY_SCOPES, { message: "Choose departmental or cross-cutting" }),
  programme: optionalText(200),
  title: text(500).pipe(z.string().min(3, { message: "Enter the efficiency" })),
  recurring: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  type: z.enum(EFFICIENCY_TYPES, { message: "Choose spend reduction or income" }),
  budgetType: z.enum(BUDGET_TYPES, { message: "Choose the budget type" }),
  minister: optionalText(200),
  leadUnitId: leadUnit,
  year,
  target: pounds("the target", { positive: true }),
};

export const efficiencyCreateInput = z.object(efficiencyFields);
export const efficiencyUpdateInput = z.object({
  ...efficiencyFields,
  id,
  version: rowVersion,
  reason: text(2000).pipe(z.string().min(3, { message: "Say why the efficiency changes" })),
});
export type EfficiencyCreateInput = z.infer<typeof efficiencyCreateInput>;
export type EfficiencyUpdateInput = z.infer<typeof efficiencyUpdateInput>;
