import { z } from "@/lib/validation/zod";
import { ROLES, type Role } from "@/lib/enums";

/**
 * The single sign-on group → role setting: which claim holds the person's groups, and rules "a
 * member of this group gets this role (and scope)" applied when they sign in with single sign-on
 * (lib/auth/sso-roles.ts). No rules: the setting is off.
 */
export const SSO_ROLE_RULES_MAX = 50;
export const SSO_GROUP_CLAIM_DEFAULT = "groups";
const GROUP_MAX = 200;

const claimMessage = "Enter the claim's name, like groups or roles (letters, digits and _ : . / - only)";
export const ssoGroupClaimName = z
  .string({ message: claimMessage })
  .trim()
  .regex(/^[A-Za-z0-9_:./-]{1,100}$/, { message: claimMessage });

const scoped = (role: Role) => role === "SLT" || role === "LEAD";

/** The stored setting. */
export const ssoRoleMapping = z
  .object({
    claim: ssoGroupClaimName,
    rules: z
      .array(z.object({ group: z.string().trim().min(1).max(GROUP_MAX), role: z.enum(ROLES), unitId: z.number().int().positive().nullable() }))
      .max(SSO_ROLE_RULES_MAX),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.rules.forEach((r, i) => {
      if (seen.has(r.group)) ctx.addIssue({ code: "custom", path: ["rules", i, "group"], message: "Each group once" });
      seen.add(r.group);
      if (scoped(r.role) !== (r.unitId !== null)) ctx.addIssue({ code: "custom", path: ["rules", i, "unitId"], message: "SLT and leads have a unit; administrators and viewers none" });
    });
  });
export type SsoRoleMapping = z.infer<typeof ssoRoleMapping>;

/** While the setting is unset (or unreadable): off. */
export const SSO_ROLE_MAPPING_OFF: SsoRoleMapping = { claim: SSO_GROUP_CLAIM_DEFAULT, rules: [] };

/** A row's fields, named `group3`, `role3` and `unitId3` for row 3 (the form numbers its rows from 1). */
const ROW_FIELD = /^(group|role|unitId)([1-9][0-9]?)$/;

/** The form's flat fields gathered into rows, in row order; anything that is not a record is left for zod to refuse. */
function formRows(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const fields = input as Record<string, unknown>;
  const rows = new Map<number, Record<string, unknown>>();
  for (const [key, value] of Object.entries(fields)) {
    const m = ROW_FIELD.exec(key);
    if (!m || Number(m[2]) > SSO_ROLE_RULES_MAX) continue;
    const row = rows.get(Number(m[2])) ?? { row: Number(m[2]), group: "", role: "", unitId: "" };
    row[m[1]!] = value;
    rows.set(Number(m[2]), row);
  }
  return { claim: fields.claim, reason: fields.reason, rows: [...rows.values()].sort((a, b) => Number(a.row) - Number(b.row)) };
}

const text = (max: number) => z.string().max(max, { message: `Keep this under ${max} characters` });

/**
 * The settings form: the claim, up to 50 rows of group, role and unit (a row whose group is empty is
 * left out; a unit given to an administrator or viewer is ignored, as on the user form) and an
 * optional reason. Field errors are keyed by the form's own field names (`group3`). Whether each unit
 * exists and suits its role is checked against the database (lib/settings/update.ts).
 */
export const ssoRoleMappingInput = z
  .preprocess(
    formRows,
    z.object({
      claim: ssoGroupClaimName,
      rows: z.array(z.object({ row: z.number(), group: text(GROUP_MAX), role: text(20), unitId: text(20) })).max(SSO_ROLE_RULES_MAX),
      reason: z.string().trim().max(500, { message: "Keep the reason under 500 characters" }).optional().default(""),
    }),
  )
  .superRefine((v, ctx) => {
    const firstRow = new Map<string, number>();
    for (const r of v.rows) {
      const group = r.group.trim();
      if (!group) continue;
      const issue = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [`${field}${r.row}`], message });
      const earlier = firstRow.get(group);
      if (earlier !== undefined) issue("group", `This group is already in row ${earlier}`);
      else firstRow.set(group, r.row);
      const role = ROLES.find((x) => x === r.role);
      if (!role) {
        issue("role", "Choose the role members of this group get");
        continue;
      }
      if (scoped(role) && !/^[1-9][0-9]{0,8}$/.test(r.unitId)) {
        issue("unitId", role === "SLT" ? "Choose the department this group's members lead" : "Choose the unit this group's members work for");
      }
    }
  })
  .transform((v) => ({
    claim: v.claim,
    reason: v.reason,
    rules: v.rows
      .filter((r) => r.group.trim() !== "")
      .map((r) => {
        const role = r.role as Role; // checked above
        return { row: r.row, group: r.group.trim(), role, unitId: scoped(role) ? Number(r.unitId) : null };
      }),
  }));
export type SsoRoleMappingInput = z.infer<typeof ssoRoleMappingInput>;
