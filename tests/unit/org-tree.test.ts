import { describe, expect, it } from "vitest";
import { ancestorsOf, departmentOf, isWithinUnit, subtreeOf, unitTree } from "@/lib/org/tree";

// 1 and 2 are departments; 3 and 4 below 1 (4 sorted first), 5 below 3; 6 and 7 form a cycle.
const units = [
  { id: 1, parentId: null, sortOrder: 1 },
  { id: 2, parentId: null, sortOrder: 0 },
  { id: 3, parentId: 1, sortOrder: 1 },
  { id: 4, parentId: 1, sortOrder: 0 },
  { id: 5, parentId: 3, sortOrder: 0 },
  { id: 6, parentId: 7, sortOrder: 0 },
  { id: 7, parentId: 6, sortOrder: 0 },
];

describe("the unit tree twin", () => {
  it("lists units depth first in sort order, with department, ancestors (nearest first) and depth", () => {
    expect(unitTree(units).map((u) => [u.id, u.departmentId, u.ancestorIds, u.depth])).toEqual([
      [2, 2, [], 0],
      [1, 1, [], 0],
      [4, 1, [1], 1],
      [3, 1, [1], 1],
      [5, 1, [3, 1], 2],
    ]);
  });

  it("answers ancestors, department and sub-tree for one unit; null outside the tree", () => {
    expect(ancestorsOf(units, 5)).toEqual([3, 1]);
    expect(departmentOf(units, 5)).toBe(1);
    expect(departmentOf(units, 2)).toBe(2);
    expect(ancestorsOf(units, 6)).toBeNull();
    expect(departmentOf(units, 99)).toBeNull();
    expect(subtreeOf(units, 3)).toEqual([3, 5]);
    expect(isWithinUnit({ id: 5, ancestorIds: [3, 1] }, 1)).toBe(true);
    expect(isWithinUnit({ id: 4, ancestorIds: [1] }, 3)).toBe(false);
  });
});
