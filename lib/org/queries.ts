import "server-only";
import { asc, sql } from "drizzle-orm";
import { orgUnits } from "@/db/schema";
import type { Database } from "@/db/client";
import type { UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";

/**
 * The unit with its department and ancestors, for permission checks; null when it does not exist.
 * Pass the transaction when checking inside one.
 */
export async function getUnitScope(unitId: number, executor: Pick<Database, "execute"> = db): Promise<UnitScope | null> {
  const { rows } = await executor.execute<{ id: number; kind: string; depth: number }>(sql`
    with recursive chain(id, parent_id, kind, depth) as (
      select id, parent_id, kind::text, 0 from org_units where id = ${unitId}
      union all
      select o.id, o.parent_id, o.kind::text, c.depth + 1 from org_units o join chain c on o.id = c.parent_id
    )
    select id, kind, depth from chain order by depth`);
  if (rows.length === 0) return null;
  const department = rows.find((r) => r.kind === "department");
  if (!department) return null;
  return { unitId, departmentId: department.id, ancestorIds: rows.slice(1).map((r) => r.id) };
}

export async function listUnits() {
  return db
    .select({ id: orgUnits.id, slug: orgUnits.slug, name: orgUnits.name, shortName: orgUnits.shortName, kind: orgUnits.kind, parentId: orgUnits.parentId })
    .from(orgUnits)
    .orderBy(asc(orgUnits.sortOrder), asc(orgUnits.name));
}
