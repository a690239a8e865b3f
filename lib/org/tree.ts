/**
 * The unit tree in TypeScript: the twin of unitTreeCte (lib/org/tree-sql.ts), pure, for forms,
 * tests and in-memory code. Departments are the roots (org_units_department_is_root); every other
 * unit hangs below one. tests/integration/unit-tree-sql.test.ts holds the two equal.
 */

export interface UnitLink {
  id: number;
  parentId: number | null;
  sortOrder: number;
}

/** Where a unit sits: its department (root), its ancestors nearest first, depth and tree-order key. */
export interface TreePlace {
  id: number;
  departmentId: number;
  /** Parent first, department last; empty for a department. */
  ancestorIds: number[];
  /** 0 for a department. */
  depth: number;
  /** [sortOrder, id] of each unit from the root down: comparing these gives the tree order. */
  sortPath: number[];
}

/**
 * Every unit reachable from a root, in tree order (depth first; siblings by sort order, then id),
 * with its place. Units in a cycle of parents, never reaching a root, are left out, as in SQL.
 */
export function unitTree<U extends UnitLink>(units: readonly U[]): (U & TreePlace)[] {
  const children = new Map<number | null, U[]>();
  for (const u of units) {
    const list = children.get(u.parentId);
    if (list) list.push(u);
    else children.set(u.parentId, [u]);
  }
  for (const list of children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  const out: (U & TreePlace)[] = [];
  const visit = (u: U, parent: TreePlace | null) => {
    const place: TreePlace = parent
      ? {
          id: u.id,
          departmentId: parent.departmentId,
          ancestorIds: [parent.id, ...parent.ancestorIds],
          depth: parent.depth + 1,
          sortPath: [...parent.sortPath, u.sortOrder, u.id],
        }
      : { id: u.id, departmentId: u.id, ancestorIds: [], depth: 0, sortPath: [u.sortOrder, u.id] };
    out.push({ ...u, ...place });
    for (const c of children.get(u.id) ?? []) visit(c, place);
  };
  for (const root of children.get(null) ?? []) visit(root, null);
  return out;
}

/** The ancestors of unit `id`, nearest first; null when it is unknown or never reaches a root. */
export function ancestorsOf(units: readonly Pick<UnitLink, "id" | "parentId">[], id: number): number[] | null {
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  if (!parentOf.has(id)) return null;
  const chain: number[] = [];
  for (let p = parentOf.get(id) ?? null; p !== null; p = parentOf.get(p) ?? null) {
    if (p === id || chain.includes(p) || !parentOf.has(p)) return null;
    chain.push(p);
  }
  return chain;
}

/** The department (root) of unit `id`; null when it is unknown or never reaches a root. */
export function departmentOf(units: readonly Pick<UnitLink, "id" | "parentId">[], id: number): number | null {
  const chain = ancestorsOf(units, id);
  return chain === null ? null : (chain.at(-1) ?? id);
}

/** Whether a unit is `unitId` itself or below it: the twin of withinUnitSql. */
export function isWithinUnit(unit: { id: number; ancestorIds: readonly number[] }, unitId: number): boolean {
  return unit.id === unitId || unit.ancestorIds.includes(unitId);
}

/** The ids of `unitId` and every unit below it, in tree order: the twin of unitSubtreeSql. */
export function subtreeOf(units: readonly UnitLink[], unitId: number): number[] {
  return unitTree(units)
    .filter((u) => isWithinUnit(u, unitId))
    .map((u) => u.id);
}
