import { sql, type SQL } from "drizzle-orm";

/**
 * The unit tree in SQL, written once: every query that needs a unit's department, its ancestors or
 * the units below it starts from this fragment. Its TypeScript twin is unitTree (lib/org/tree.ts);
 * tests/integration/unit-tree-sql.test.ts holds the two equal on generated forests.
 */

/**
 * A recursive CTE `unit_tree(id, parent_id, kind, department_id, ancestor_ids, depth, sort_path)`:
 * every unit with its department (the root above it), its ancestors nearest first, its depth
 * (0 for a department) and `sort_path` ([sort_order, id] per level: `order by sort_path` is tree
 * order). Prefix a query with it: sql`with recursive ${unitTreeCte} ...`. The organisation is small
 * (hundreds of units at most), so the whole tree is built in the one statement; a list scoped to
 * some departments starts from unitTreeOfCte instead.
 */
const TREE_ROOTS = `unit_tree(id, parent_id, kind, department_id, ancestor_ids, depth, sort_path) as (
  select id, parent_id, kind, id, array[]::integer[], 0, array[sort_order, id] from org_units where parent_id is null`;
const TREE_STEP = `
  union all
  select o.id, o.parent_id, o.kind, t.department_id, array[t.id] || t.ancestor_ids, t.depth + 1, t.sort_path || array[o.sort_order, o.id]
  from org_units o join unit_tree t on o.parent_id = t.id
)`;
const UNIT_TREE = `${TREE_ROOTS}${TREE_STEP}`;
export const unitTreeCte = sql.raw(UNIT_TREE);

/**
 * unitTreeCte grown only from the departments matching `departments` (a condition on the columns of
 * a department's org_units row, e.g. departmentScopeSql(user, sql`id`)): the same rows for those
 * departments, none for the others. A list that starts from it costs what the user's scope holds,
 * not what the whole organisation holds.
 */
export function unitTreeOfCte(departments: SQL): SQL {
  return sql`${sql.raw(TREE_ROOTS)} and ${departments}${sql.raw(TREE_STEP)}`;
}

/**
 * unitTreeCte grown from department `departmentId` only (unitTreeOfCte for one department): a query
 * scoped to one department costs the same however large the rest of the organisation is.
 */
export function departmentTreeCte(departmentId: number): SQL {
  return unitTreeOfCte(sql`id = ${departmentId}`);
}

/**
 * unitTreeCte's rows of the units matching `units` only (a condition on the columns of an org_units
 * row, e.g. sql`id = ${unitId}`), each found by walking up from the unit to its department: a query
 * about one unit (its department and ancestors, for a permission check) costs that unit's depth,
 * not the size of the organisation. A unit that reaches no department (a cycle) has no row, as in
 * unitTreeCte. Prefix a query with it as with unitTreeCte: sql`with recursive ${unitTreeOfUnitsCte(…)} …`.
 */
export function unitTreeOfUnitsCte(units: SQL): SQL {
  return sql`unit_path(id, parent_id, kind, up, ancestor_ids, sort_path) as (
  select id, parent_id, kind, parent_id, array[]::integer[], array[sort_order, id] from org_units where ${units}
  union all
  select p.id, p.parent_id, p.kind, o.parent_id, p.ancestor_ids || o.id, array[o.sort_order, o.id] || p.sort_path
  -- One index lookup a step (LIMIT keeps it a lookup: joined, the planner may hash every unit instead).
  from unit_path p cross join lateral (select o.id, o.parent_id, o.sort_order from org_units o where o.id = p.up limit 1) o
  where o.id <> all(p.ancestor_ids) and o.id <> p.id
),
unit_tree(id, parent_id, kind, department_id, ancestor_ids, depth, sort_path) as (
  select id, parent_id, kind, coalesce(ancestor_ids[cardinality(ancestor_ids)], id), ancestor_ids, cardinality(ancestor_ids), sort_path
  from unit_path where up is null
)`;
}

/**
 * unitTreeCte followed by `unit_department(id, department_id)`, its projection to each unit's
 * department: sql`with recursive ${unitDepartmentCte} ... join unit_department ud on ud.id = x.unit_id`.
 */
export const unitDepartmentCte = sql.raw(`${UNIT_TREE},
unit_department(id, department_id) as (select id, department_id from unit_tree)`);

/**
 * unitDepartmentCte for one department: departmentTreeCte(departmentId) and its `unit_department`
 * projection. A query of one department's units starts here, so that it reaches their rows through
 * the unit indexes instead of joining every measure, risk or initiative of the government to the
 * whole tree and keeping the department's.
 */
export function departmentUnitsCte(departmentId: number): SQL {
  return sql`${departmentTreeCte(departmentId)},
unit_department(id, department_id) as (select id, department_id from unit_tree)`;
}

/** Unit tree row `tree` (e.g. sql`ut`) is unit `unitId` or below it: the SQL twin of isWithinUnit. */
export function withinUnitSql(tree: SQL, unitId: SQL | number): SQL {
  return sql`(${tree}.id = ${unitId} or ${unitId} = any(${tree}.ancestor_ids))`;
}

/** The ids of unit `unitId` and every unit below it, as a subquery: sql`x.unit_id in ${unitSubtreeSql(id)}`. */
export function unitSubtreeSql(unitId: number): SQL {
  return sql`(with recursive ${unitTreeCte} select ut.id from unit_tree ut where ${withinUnitSql(sql`ut`, unitId)})`;
}
