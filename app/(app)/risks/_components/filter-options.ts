import "server-only";
import { notFound } from "next/navigation";
import type { SessionUser } from "@/lib/auth/current-user";
import type { RiskFilters } from "@/lib/risks/filters";
import { getUnitScope, listDepartmentUnitsUserMay, listViewableDepartments, type ScopedUnit } from "@/lib/org/queries";

export interface FilterOptions {
  departments: { slug: string; name: string }[];
  /** The units of one department only (see filterOptions); empty until a department is chosen. */
  units: ScopedUnit[];
  /** The department the filters name, when there is one. */
  department: { slug: string; name: string } | null;
  /** The unit the filters name, when it is in scope and within the chosen department. */
  unit: ScopedUnit | null;
}

/**
 * The departments `user` may see and the units of ONE department, for the filter selects: the
 * department chosen, else the chosen unit's, else the user's only one. Listing every unit of a
 * whole government would make each page as long as the organisation is big. A department or unit in the URL that is unknown or out of scope answers 404, as
 * /departments/[slug] does; a unit left over from another department (the form's department
 * changed, its unit not) is dropped.
 */
export async function filterOptions(user: SessionUser, filters: RiskFilters): Promise<FilterOptions> {
  const [departments, unitScope] = await Promise.all([listViewableDepartments(user), filters.unit !== null ? getUnitScope(filters.unit) : null]);
  const department = filters.department ? departments.find((d) => d.slug === filters.department) : null;
  if (filters.department && !department) notFound();
  const only = departments.length === 1 ? departments[0]! : null;
  const unitsOf = department ?? only ?? departments.find((d) => d.id === unitScope?.departmentId);
  const units = unitsOf ? await listDepartmentUnitsUserMay(user, "unit:view", unitsOf.id) : [];
  const unit = filters.unit === null ? null : (units.find((u) => u.id === filters.unit) ?? null);
  if (filters.unit !== null && !unit && !department) notFound();
  return {
    departments: departments.map(({ slug, name }) => ({ slug, name })),
    units,
    department: department ? { slug: department.slug, name: department.name } : null,
    unit,
  };
}
