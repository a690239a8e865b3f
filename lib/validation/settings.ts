import { z } from "@/lib/validation/zod";

/** Figures fall due on working day N of the month after their period; N is kept within 1–20. */
export const FIGURES_DUE_WORKING_DAY_MIN = 1;
export const FIGURES_DUE_WORKING_DAY_MAX = 20;
export const FIGURES_DUE_WORKING_DAY_DEFAULT = 10;

const dayMessage = `Enter a whole number from ${FIGURES_DUE_WORKING_DAY_MIN} to ${FIGURES_DUE_WORKING_DAY_MAX}`;

/** The working day itself, as stored in app_settings (a JSON number). */
export const figuresDueWorkingDay = z
  .number({ message: dayMessage })
  .int({ message: dayMessage })
  .min(FIGURES_DUE_WORKING_DAY_MIN, { message: dayMessage })
  .max(FIGURES_DUE_WORKING_DAY_MAX, { message: dayMessage });

/** The settings form: the field arrives as text ("10"); blank or non-numeric text is refused, not read as 0. */
export const figuresDueInput = z.object({
  workingDay: z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const t = v.trim();
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
  }, figuresDueWorkingDay),
  reason: z.string().trim().max(500).optional().default(""),
});

const tolMessage = "Enter a percentage from 0 to 50, like 2 or 2.5";
const pct = z.number({ message: tolMessage }).min(0, { message: tolMessage }).max(50, { message: tolMessage });

/** The budget variance tolerance (issue 16): on budget within lowerPct, beyond tolerance past upperPct. */
export const financeTolerance = z
  .object({ lowerPct: pct, upperPct: pct })
  .refine((t) => t.lowerPct < t.upperPct, { message: "The first threshold must be below the second", path: ["upperPct"] });

/** A threshold as the settings form sends it ("2", "2.5"): up to two decimals; other text is refused, not read as 0. */
const pctText = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const t = v.trim().replace(/%$/, "").trim();
  return /^\d{1,2}(\.\d{1,2})?$/.test(t) ? Number(t) : undefined;
}, pct);

/** The tolerance settings form: both thresholds, checked by financeTolerance's own rule, and an optional reason. */
export const financeToleranceInput = z
  .object({ lowerPct: pctText, upperPct: pctText, reason: z.string().trim().max(500, { message: "Keep the reason under 500 characters" }).optional().default("") })
  .superRefine((v, ctx) => {
    const checked = financeTolerance.safeParse({ lowerPct: v.lowerPct, upperPct: v.upperPct });
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
export type FinanceToleranceInput = z.infer<typeof financeToleranceInput>;
