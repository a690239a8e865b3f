import "server-only";
import { sql } from "drizzle-orm";
import type { Frequency } from "@/lib/enums";
import type { UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { unitTreeOfUnitsCte } from "@/lib/org/tree-sql";

/** Reads of /api/v1 that the entry module does not already have: units by slug, measures by code. */

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A unit as the API addresses it (by slug), with its scope for the permission checks. */
export interface ApiUnit {
  id: number;
  slug: string;
  name: string;
  scope: UnitScope;
}

/** The unit with this slug, with its department and ancestors; null when there is none. One query. */
export async function findUnitBySlug(slug: string): Promise<ApiUnit | null> {
  if (!SLUG.test(slug)) return null;
  const { rows } = await db.execute<{ id: number; slug: string; name: string; department_id: number; ancestor_ids: number[] }>(sql`
    with recursive ${unitTreeOfUnitsCte(sql`slug = ${slug}`)}
    select t.id, u.slug, u.name, t.department_id, t.ancestor_ids from unit_tree t join org_units u on u.id = t.id`);
  const r = rows[0];
  return r ? { id: r.id, slug: r.slug, name: r.name, scope: { unitId: r.id, departmentId: r.department_id, ancestorIds: r.ancestor_ids } } : null;
}

export interface ApiMeasure {
  id: number;
  code: string;
  name: string;
  unitId: number;
  frequency: Frequency;
  active: boolean;
}

/** The measure with this code (codes are unique across the government); null when there is none. */
export async function findMeasure(code: string): Promise<ApiMeasure | null> {
  if (code.length === 0 || code.length > 100) return null;
  const { rows } = await db.execute<{ id: number; code: string; name: string; unit_id: number; frequency: Frequency; active: boolean }>(sql`
    select id, code, name, unit_id, frequency, active from measures where code = ${code}`);
  const r = rows[0];
  return r ? { id: r.id, code: r.code, name: r.name, unitId: r.unit_id, frequency: r.frequency, active: r.active } : null;
}
