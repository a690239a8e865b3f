import { sql } from "drizzle-orm";

/**
 * A recursive CTE `unit_department(id, department_id)` mapping every unit to its department,
 * whatever the depth of the tree. Prefix a query with it: sql`with recursive ${unitDepartmentCte} ...`.
 */
export const unitDepartmentCte = sql.raw(`unit_department(id, department_id) as (
  select id, id from org_units where kind = 'department'
  union all
  select o.id, ud.department_id from org_units o join unit_department ud on o.parent_id = ud.id
)`);
