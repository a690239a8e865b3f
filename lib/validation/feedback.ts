import { z } from "@/lib/validation/zod";
import { FEEDBACK_CHANNELS } from "@/lib/enums";
import { LINK_DAYS_DEFAULT, MAX_LINKS_PER_BATCH } from "@/lib/feedback/link-limits";
import { COMMENT_MAX } from "@/lib/feedback/scales";

/*
 * Customer survey inputs, shared by the public page, the phone form and their actions. Fields
 * arrive as FormData strings; a missing radio answer arrives as nothing at all.
 */

export { COMMENT_MAX };

function scale(max: number, missing: string, outOfRange: string) {
  return z.preprocess(
    (v) => {
      if (v === undefined || v === null || v === "") return undefined;
      if (typeof v === "number") return v;
      // Anything else that was sent (2.5, "five") is an answer off the scale, not a missing one.
      return typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v.trim()) : -1;
    },
    z
      .number({ message: missing })
      .refine((n) => Number.isInteger(n) && n >= 1 && n <= max, { message: outOfRange }),
  );
}

// Anything but a string or nothing becomes NaN: refused as "not text" without zod's length check
// ever reading a `length` from an object (found by tests/unit/security-fuzz-schemas.test.ts).
const optionalText = (max: number, message: string) =>
  z.preprocess(
    (v) => (v === undefined ? undefined : typeof v !== "string" ? Number.NaN : v.trim() === "" ? undefined : v),
    z.string().trim().max(max, { message }).optional(),
  );

export const answersInput = z.object({
  csat: scale(5, "Choose how satisfied you were with the help you received", "Choose one of the five answers, from very dissatisfied to very satisfied"),
  ces: scale(7, "Choose how easy it was to get the help you needed", "Choose one of the seven answers, from very difficult to very easy"),
  csi: scale(5, "Choose how dealing with us made you feel", "Choose one of the five answers, from very negative to very positive"),
  comment: optionalText(COMMENT_MAX, `Keep your comment under ${COMMENT_MAX.toLocaleString("en-GB")} characters`),
  // A one-time key from the form: the same key twice (a double click) is stored once.
  key: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, { message: "This form has expired: please reload the page and answer again" }),
});

export const publicResponseInput = answersInput.extend({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: "This survey link is not recognised" }),
  // A single-use link's signed token (lib/feedback/signed-token.ts), checked by its signature, not here.
  interaction: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(600, { message: "This survey link is not valid" }).optional()),
  channel: z.preprocess((v) => (v === "" ? undefined : v), z.enum(FEEDBACK_CHANNELS, { message: "Choose one of the ways of contacting us, or none" }).optional()),
});

export const phoneResponseInput = answersInput.extend({
  unitId: z.coerce.number({ message: "Choose the service" }).int().positive({ message: "Choose the service" }),
});

export const linkToggleInput = z.object({
  linkId: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
  paused: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export const createLinkInput = z.object({
  unitId: z.coerce.number({ message: "Choose the service" }).int().positive({ message: "Choose the service" }),
});

/** Case, call or email references of single-use survey links: letters, digits and . _ - / : # (no spaces, commas or quotes), up to 100. */
export const INTERACTION_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._\-/:#]{0,99}$/;

/**
 * Single-use survey links to issue: the service's survey link, one interaction reference a line
 * (blank lines and repeats dropped), and how many days they stay valid.
 */
export const issueLinksInput = z.object({
  linkId: z.coerce.number({ message: "Choose the service" }).int().positive({ message: "Choose the service" }),
  references: z
    .preprocess(
      (v) => (typeof v === "string" ? [...new Set(v.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))] : v),
      z.array(z.string()),
    )
    .superRefine((refs, ctx) => {
      if (refs.length === 0) ctx.addIssue({ code: "custom", message: "Enter at least one interaction reference" });
      else if (refs.length > MAX_LINKS_PER_BATCH) ctx.addIssue({ code: "custom", message: `Enter at most ${MAX_LINKS_PER_BATCH} references at a time` });
      const bad = refs.filter((r) => !INTERACTION_REFERENCE.test(r));
      if (bad.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `Use only letters, digits and . _ - / : # (up to 100 characters, no spaces) in each reference: ${bad.slice(0, 3).map((r) => `"${r.slice(0, 40)}"`).join(", ")}${bad.length > 3 ? ` and ${bad.length - 3} more` : ""}`,
        });
      }
    }),
  days: z.preprocess(
    (v) => (v === undefined || v === "" ? LINK_DAYS_DEFAULT : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN),
    z.number({ message: "Enter a whole number of days from 1 to 365" }).int({ message: "Enter a whole number of days from 1 to 365" }).min(1, { message: "Enter a whole number of days from 1 to 365" }).max(365, { message: "Enter a whole number of days from 1 to 365" }),
  ),
});

/** A moderator's decision on held responses: one checkbox per response, named response_<id>. */
export const moderateInput = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== "object") return raw;
    const o = raw as Record<string, unknown>;
    const ids = Array.isArray(o.responseIds)
      ? o.responseIds
      : Object.keys(o)
          .filter((k) => /^response_\d+$/.test(k) && o[k])
          .map((k) => Number(k.slice("response_".length)));
    return { decision: o.decision, responseIds: ids };
  },
  z.object({
    decision: z.enum(["accept", "reject"], { message: "Choose whether to accept or reject the responses" }),
    responseIds: z
      .array(z.coerce.number().int().positive())
      .min(1, { message: "Select at least one response" })
      .max(500, { message: "Select at most 500 responses at a time" }),
  }),
);

export const themeInput = z.object({
  departmentId: z.coerce.number().int().positive(),
  name: z.string().trim().min(1, { message: "Enter the theme's name" }).max(80, { message: "Keep the name under 80 characters" }),
  description: optionalText(300, "Keep the description under 300 characters"),
});

/** A comment's themes: one checkbox per theme, named theme_<id> (FormData keeps one value per name). */
export const tagInput = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== "object") return raw;
    const o = raw as Record<string, unknown>;
    const themeIds = Array.isArray(o.themeIds)
      ? o.themeIds
      : Object.keys(o)
          .filter((k) => /^theme_\d+$/.test(k) && o[k])
          .map((k) => Number(k.slice("theme_".length)));
    return { responseId: o.responseId, themeIds };
  },
  z.object({ responseId: z.coerce.number().int().positive(), themeIds: z.array(z.coerce.number().int().positive()).max(20) }),
);

export const minResponsesInput = z.object({
  minResponses: z.preprocess(
    (v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined),
    z
      .number({ message: "Enter a whole number from 1 to 1,000" })
      .int()
      .min(1, { message: "Enter a whole number from 1 to 1,000" })
      .max(1000, { message: "Enter a whole number from 1 to 1,000" }),
  ),
  reason: z.string().trim().max(500).optional().default(""),
});

export type PhoneResponseInput = z.infer<typeof phoneResponseInput>;
export type LinkToggleInput = z.infer<typeof linkToggleInput>;
export type CreateLinkInput = z.infer<typeof createLinkInput>;
export type ThemeInput = z.infer<typeof themeInput>;
export type TagInput = z.infer<typeof tagInput>;
export type IssueLinksInput = z.infer<typeof issueLinksInput>;
export type ModerateInput = z.infer<typeof moderateInput>;
