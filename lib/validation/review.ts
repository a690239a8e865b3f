import { ACTION_STATUSES } from "@/lib/enums";
import { z } from "@/lib/validation/zod";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "Choose a month" });
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Enter a date like 2026-11-30" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: "Enter a real date",
  });
const optionalDate = z.preprocess((v) => (v === "" || v === undefined ? null : v), isoDate.nullable());
const id = z.coerce.number().int().positive();

/** Record (or correct) the meeting of a department's month: when it was held, who attended, what was decided. */
export const recordMeetingInput = z.object({
  departmentId: id,
  month,
  /** The version the form was loaded with; 0 when there was no meeting yet. */
  version: z.coerce.number().int().min(0),
  heldOn: optionalDate,
  attendees: z.string().trim().max(2000).optional().default(""),
  decisions: z.string().trim().max(10_000).optional().default(""),
});

/**
 * An action agreed at the meeting, owned by a person (an active user of the department, chosen from
 * a select; the server checks it) and optionally linked to one measure, initiative or risk of the
 * department (the link select sends "measure:12", "initiative:3" or "risk:7").
 */
export const addActionInput = z.object({
  departmentId: id,
  month,
  description: z.string().trim().min(5, { message: "Describe the action" }).max(2000),
  ownerUserId: z.coerce.number({ message: "Choose who owns the action" }).int({ message: "Choose who owns the action" }).positive({ message: "Choose who owns the action" }),
  dueDate: isoDate,
  link: z
    .string()
    .optional()
    .default("")
    .refine((v) => v === "" || /^(measure|initiative|risk):\d+$/.test(v), { message: "Choose a measure, initiative or risk from the list" }),
});

/** Update an action: its status (a closing note is required to close it) and its due date. */
export const updateActionInput = z
  .object({
    id,
    version: z.coerce.number().int().positive(),
    status: z.enum(ACTION_STATUSES, { message: "Choose a status" }),
    closingNote: z.string().trim().max(2000).optional().default(""),
    dueDate: optionalDate,
  })
  .superRefine((v, ctx) => {
    if (v.status !== "open" && v.closingNote.length < 3) {
      ctx.addIssue({ code: "custom", path: ["closingNote"], message: "Say what was done, or why the action was dropped" });
    }
    if (v.status === "open" && v.dueDate === null) {
      ctx.addIssue({ code: "custom", path: ["dueDate"], message: "An open action needs a due date" });
    }
  });

export type RecordMeetingInput = z.infer<typeof recordMeetingInput>;
export type AddActionInput = z.infer<typeof addActionInput>;
export type UpdateActionInput = z.infer<typeof updateActionInput>;

/** Splits the link select's value into the three optional foreign keys. */
export function parseLink(link: string): { measureId: number | null; initiativeId: number | null; riskId: number | null } {
  const [kind, raw] = link.split(":");
  const n = raw ? Number(raw) : null;
  return {
    measureId: kind === "measure" ? n : null,
    initiativeId: kind === "initiative" ? n : null,
    riskId: kind === "risk" ? n : null,
  };
}

