import "server-only";
import { notFound } from "next/navigation";
import type { SessionUser } from "@/lib/auth/current-user";
import type { RiskFilters } from "@/lib/risks/filters";
import { listUnitsUserMay, type ScopedUnit } from "@/lib/org/queries";

export interface FilterOptions {
  departments: { slug: string; name: string }[];
  units: ScopedUnit[];
  /** The department the filters name, when there is one. */
  department: { slug: string; name: string } | null;
}

/**
 * The departments and units `user` may see, for the filter selects. A department or unit in the
 * URL that is unknown or out of scope answers 404, as /departments/[slug] does.
 */
export async function filterOptions(user: SessionUser, filters: RiskFilters): Promise<FilterOptions> {
  const units = await listUnitsUserMay(user, "unit:view");
  const departments = units.filter((u) => u.kind === "department").map((u) => ({ slug: u.departmentSlug, name: u.name }));
  const department = filters.department ? departments.find((d) => d.slug === filters.department) : null;
  if (filters.department && !department) notFound();
  if (filters.unit !== null && !units.some((u) => u.id === filters.unit)) notFound();
  return { departments, units, department: department ?? null };
}
