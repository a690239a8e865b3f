import { z } from "@/lib/validation/zod";

/** The risk band edges setting (see lib/risks/scoring.ts) and the 1–5 rating, as zod schemas. */

const edge = (name: string) =>
  z
    .number({ message: `${name}: enter a whole number from 2 to 25` })
    .int({ message: `${name}: enter a whole number from 2 to 25` })
    .min(2, { message: `${name}: enter a whole number from 2 to 25` })
    .max(25, { message: `${name}: enter a whole number from 2 to 25` });

/** The stored setting: three edges, each above the one before. */
export const riskBandsSchema = z
  .object({ mediumFrom: edge("Medium from"), highFrom: edge("High from"), veryHighFrom: edge("Very High from") })
  .superRefine((b, ctx) => {
    if (b.highFrom <= b.mediumFrom) ctx.addIssue({ code: "custom", path: ["highFrom"], message: "High must start above Medium" });
    if (b.veryHighFrom <= b.highFrom) ctx.addIssue({ code: "custom", path: ["veryHighFrom"], message: "Very High must start above High" });
  });
