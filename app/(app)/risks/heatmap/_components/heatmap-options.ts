import "server-only";
import { notFound } from "next/navigation";
import type { SessionUser } from "@/lib/auth/current-user";
import { getUnitScope, listDepartmentUnitsUserMay, listViewableDepartments, type ScopedUnit } from "@/lib/org/queries";
import type { RiskFilters } from "@/lib/risks/filters";

export interface HeatMapOptions {
  departments: { slug: string; name: string }[];
  /** The units of the department in view (chosen, the chosen unit's, or the user's only one); none across government. */
  units: ScopedUnit[];
  /** The department the filters name, when there is one. */
  department: { slug: string; name: string } | null;
  /** The unit filter that applies: the URL's, unless it lies outside the chosen department (changing the department in the form drops it). */
  unit: number | null;
}

/**
 * The heat map's selects, bounded at any size of government: one option per department, and units
 * only of one department — so the unit select appears once a department (or a unit) is chosen.
 * A department or unit in the URL that is unknown or out of scope answers 404, as /risks does.
 */
export async function heatMapOptions(user: SessionUser, filters: RiskFilters): Promise<HeatMapOptions> {
  const [departments, unitScope] = await Promise.all([listViewableDepartments(user), filters.unit !== null ? getUnitScope(filters.unit) : null]);
  const department = filters.department ? departments.find((d) => d.slug === filters.department) : null;
  if (filters.department && !department) notFound();
  if (filters.unit !== null && !unitScope) notFound();
  const unitDepartment = unitScope ? departments.find((d) => d.id === unitScope.departmentId) : undefined;
  if (unitScope && !unitDepartment) notFound();
  const inView = department ?? unitDepartment ?? (departments.length === 1 ? departments[0] : undefined);
  const units = inView ? await listDepartmentUnitsUserMay(user, "unit:view", inView.id) : [];
  const unit = filters.unit !== null && units.some((u) => u.id === filters.unit) ? filters.unit : null;
  // A unit of a department the user sees, but one they may not view (a lead's sibling unit): 404, as /risks.
  if (filters.unit !== null && unit === null && unitDepartment === inView) notFound();
  return {
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    units,
    department: department ? { slug: department.slug, name: department.name } : null,
    unit,
  };
}
