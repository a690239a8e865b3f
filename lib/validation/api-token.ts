import { format, isValid, parseISO } from "date-fns";
import { z } from "@/lib/validation/zod";
import { expiryBounds, jerseyToday, REVOKE_REASON_MAX, TOKEN_ACCESS, TOKEN_NAME_MAX } from "@/lib/api-tokens/rules";

/*
 * API token inputs (issue 17), from the /admin/api-tokens forms. The units arrive as one checkbox
 * each, named unit_<id> (FormData keeps one value per name in action()).
 */

const UNIT_KEY = /^unit_(\d{1,9})$/;

function collectUnits(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const o = raw as Record<string, unknown>;
  if (Array.isArray(o.unitIds)) return o;
  const unitIds = Object.keys(o)
    .map((k) => UNIT_KEY.exec(k))
    .filter((m): m is RegExpExecArray => m !== null && o[m[0]] !== undefined && o[m[0]] !== "")
    .map((m) => Number(m[1]));
  return { ...o, unitIds: [...new Set(unitIds)].sort((a, b) => a - b) };
}

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isValid(parseISO(v)) && format(parseISO(v), "yyyy-MM-dd") === v;

/**
 * The expiry date: empty means the default (a year from today, Jersey time); otherwise a date
 * from tomorrow to two years ahead. "Today" is read when the form is checked, on the server.
 */
const expiresOn = z
  .preprocess((v) => (v === undefined || v === "" ? undefined : typeof v === "string" ? v.trim() : v), z.string({ message: "Enter the expiry date as a date, like 31/12/2027" }).optional())
  .superRefine((v, ctx) => {
    if (v === undefined) return;
    if (!isDay(v)) {
      ctx.addIssue({ code: "custom", message: "Enter the expiry date as a date, like 31/12/2027" });
      return;
    }
    const { min, max } = expiryBounds(jerseyToday(new Date()));
    if (v < min) ctx.addIssue({ code: "custom", message: "Choose an expiry date from tomorrow onwards" });
    else if (v > max) ctx.addIssue({ code: "custom", message: "Choose an expiry date at most two years from today" });
  })
  .transform((v) => v ?? expiryBounds(jerseyToday(new Date())).default);

export const createApiTokenInput = z.preprocess(
  collectUnits,
  z.object({
    name: z
      .string({ message: "Enter a name for the token" })
      .trim()
      .min(1, { message: "Enter a name for the token" })
      .max(TOKEN_NAME_MAX, { message: `Keep the name to ${TOKEN_NAME_MAX} characters or fewer` }),
    access: z.enum(TOKEN_ACCESS, { message: "Choose read only, or read and write" }),
    unitIds: z
      .array(z.coerce.number().int().positive(), { message: "Choose at least one unit" })
      .min(1, { message: "Choose at least one unit" })
      .max(100, { message: "Choose at most 100 units" }),
    expiresOn,
  }),
);

export const revokeApiTokenInput = z.object({
  tokenId: z.coerce.number({ message: "Choose the token to revoke" }).int({ message: "Choose the token to revoke" }).positive({ message: "Choose the token to revoke" }),
  reason: z.preprocess(
    (v) => (v === undefined ? undefined : typeof v !== "string" ? Number.NaN : v.trim() === "" ? undefined : v),
    z.string({ message: "Enter the reason as text" }).trim().max(REVOKE_REASON_MAX, { message: `Keep the reason to ${REVOKE_REASON_MAX} characters or fewer` }).optional(),
  ),
});

export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;
export type RevokeApiTokenInput = z.infer<typeof revokeApiTokenInput>;
