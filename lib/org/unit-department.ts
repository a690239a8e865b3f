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

/**
 * A recursive CTE `unit_tree(id, department_id, ancestor_ids)`: every unit with its department and
 * its ancestors, nearest first — for "this unit and every unit below it" (`x = any(ancestor_ids)`).
 */
export const unitTreeCte = sql.raw(`unit_tree(id, department_id, ancestor_ids) as (
  select id, id, array[]::integer[] from org_units where kind = 'department'
  union all
  select o.id, t.department_id, array[t.id] || t.ancestor_ids from org_units o join unit_tree t on o.parent_id = t.id
)`);
