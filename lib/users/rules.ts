import type { UnitKind } from "@/lib/enums";
import type { Role } from "@/lib/auth/permissions";

/**
 * Checks on a role and scope change that the database cannot express (pure; unit-tested).
 * Returns field errors keyed by input name, empty when the change is allowed.
 */
export function userChangeProblems(input: {
  actorId: number;
  targetId: number | null;
  role: Role;
  active: boolean;
  unitKind: UnitKind | null;
}): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  if (input.targetId === input.actorId) {
    if (!input.active) problems.active = ["You cannot disable your own account"];
    if (input.role !== "ADMIN") problems.role = ["You cannot remove your own administrator role"];
  }
  if (input.role === "SLT" && input.unitKind !== "department") problems.unitId = ["SLT members are scoped to a department"];
  if (input.role === "LEAD" && input.unitKind === "department") problems.unitId = ["Leads are scoped to a directorate or service, not a whole department"];
  return problems;
}
