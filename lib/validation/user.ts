import { z } from "@/lib/validation/zod";

import { ROLES, type Role } from "@/lib/enums";

const optionalId = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? null : v),
  z.coerce.number().int().positive().nullable(),
);

const scope = {
  role: z.enum(ROLES, { message: "Choose a role" }),
  unitId: optionalId,
};

/** Role and scope must agree: SLT is scoped to a department, LEAD to a unit, ADMIN and VIEWER to none. */
function scopeRequired(v: { role: Role; unitId: number | null }, ctx: z.RefinementCtx) {
  if ((v.role === "SLT" || v.role === "LEAD") && v.unitId === null) {
    ctx.addIssue({
      code: "custom",
      path: ["unitId"],
      message: v.role === "SLT" ? "Choose the department this person leads" : "Choose the unit this lead works for",
    });
  }
}

export const updateUserInput = z
  .object({
    ...scope,
    id: z.coerce.number().int().positive(),
    version: z.coerce.number().int().positive(),
    active: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
    reason: z.string().trim().max(500).optional().default(""),
  })
  .superRefine(scopeRequired);

export const createUserInput = z
  .object({
    ...scope,
    email: z.string().trim().toLowerCase().email({ message: "Enter an email address like name@gov.je" }).max(254),
    name: z.string().trim().min(2, { message: "Enter the person's name" }).max(120),
    password: z.string().min(12, { message: "Use at least 12 characters" }).max(200),
  })
  .superRefine(scopeRequired);

export type UpdateUserInput = z.infer<typeof updateUserInput>;
export type CreateUserInput = z.infer<typeof createUserInput>;
