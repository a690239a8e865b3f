import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { getUnitScope } from "@/lib/org/queries";
import { ancestorsOf, departmentOf, subtreeOf, unitTree, type UnitLink } from "@/lib/org/tree";
import { departmentTreeCte, unitDepartmentCte, unitSubtreeSql, unitTreeCte, unitTreeOfCte, unitTreeOfUnitsCte } from "@/lib/org/tree-sql";
import { setUpTestDb } from "../support/harness";
import { inRollback } from "../support/rollback";

/** The unit tree: the SQL fragment every query starts from = its TypeScript twin, on generated forests. */
const { db } = setUpTestDb();

/** A node's parent is an earlier node (or none: a department); small sort orders so that siblings tie. */
const forest = fc.record({
  nodes: fc.array(fc.record({ parent: fc.option(fc.nat(), { nil: null, freq: 4 }), sortOrder: fc.integer({ min: 0, max: 2 }) }), {
    minLength: 1,
    maxLength: 20,
  }),
  /** Two units whose parents are each other, reaching no department: left out by both. */
  cycle: fc.boolean(),
  probe: fc.nat(),
});

type Forest = { nodes: { parent: number | null; sortOrder: number }[]; cycle: boolean };

/** Inserts the forest below whatever is stored; returns the new ids. */
async function insertForest(tx: Database, f: Forest): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, n] of f.nodes.entries()) {
    const parentId = i === 0 || n.parent === null ? null : ids[n.parent % i]!;
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into org_units (slug, name, short_name, kind, parent_id, sort_order)
      values (${`tree-test-${i}`}, ${`Unit ${i}`}, ${`U${i}`}, ${parentId === null ? "department" : "service"}, ${parentId}, ${n.sortOrder})
      returning id`);
    ids.push(rows[0]!.id);
  }
  if (f.cycle) {
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into org_units (slug, name, short_name, kind, parent_id)
      values ('tree-test-cycle-a', 'A', 'A', 'service', ${ids[0]!}), ('tree-test-cycle-b', 'B', 'B', 'service', ${ids[0]!})
      returning id`);
    const [a, b] = rows.map((r) => r.id) as [number, number];
    await tx.execute(sql`update org_units set parent_id = case id when ${a}::int then ${b}::int else ${a}::int end where id in (${a}, ${b})`);
    ids.push(a, b);
  }
  return ids;
}

async function storedUnits(tx: Database): Promise<UnitLink[]> {
  const { rows } = await tx.execute<{ id: number; parent_id: number | null; sort_order: number }>(sql`select id, parent_id, sort_order from org_units`);
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, sortOrder: r.sort_order }));
}

describe("unit tree: unitTreeCte = unitTree", () => {
  it("gives every unit its department, ancestors (nearest first), depth and tree order", async () => {
    await fc.assert(
      fc.asyncProperty(forest, async (f) => {
        const { got, units } = await inRollback(db, async (tx) => {
          await insertForest(tx, f);
          const { rows } = await tx.execute<{ id: number; department_id: number; ancestor_ids: number[]; depth: number; sort_path: number[] }>(sql`
            with recursive ${unitTreeCte}
            select id, department_id, ancestor_ids, depth, sort_path from unit_tree order by sort_path`);
          return { got: rows, units: await storedUnits(tx) };
        });
        const want = unitTree(units).map((u) => ({ id: u.id, department_id: u.departmentId, ancestor_ids: u.ancestorIds, depth: u.depth, sort_path: u.sortPath }));
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it("departmentTreeCte(d) is unitTreeCte's rows of department d (none for a unit that is not a department)", async () => {
    await fc.assert(
      fc.asyncProperty(forest, async (f) => {
        const { probe, got, units } = await inRollback(db, async (tx) => {
          const ids = await insertForest(tx, f);
          const probe = ids[f.probe % ids.length]!;
          const { rows } = await tx.execute<{ id: number; department_id: number; ancestor_ids: number[]; depth: number; sort_path: number[] }>(sql`
            with recursive ${departmentTreeCte(probe)}
            select id, department_id, ancestor_ids, depth, sort_path from unit_tree order by sort_path`);
          return { probe, got: rows, units: await storedUnits(tx) };
        });
        const want = unitTree(units)
          .filter((u) => u.departmentId === probe)
          .map((u) => ({ id: u.id, department_id: u.departmentId, ancestor_ids: u.ancestorIds, depth: u.depth, sort_path: u.sortPath }));
        expect(got).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });

  it("unit_department, getUnitScope and the sub-tree agree with departmentOf, ancestorsOf and subtreeOf", async () => {
    await fc.assert(
      fc.asyncProperty(forest, async (f) => {
        const out = await inRollback(db, async (tx) => {
          const ids = await insertForest(tx, f);
          const probe = ids[f.probe % ids.length]!;
          const { rows: departments } = await tx.execute<{ id: number; department_id: number }>(sql`
            with recursive ${unitDepartmentCte}
            select id, department_id from unit_department where id = any(${`{${ids.join(",")}}`}::int[]) order by id`);
          const { rows: below } = await tx.execute<{ id: number }>(sql`select id from org_units where id in ${unitSubtreeSql(probe)} order by id`);
          const scopes = [];
          for (const id of ids) scopes.push(await getUnitScope(id, tx));
          return { ids, probe, departments, below: below.map((r) => r.id), scopes, units: await storedUnits(tx) };
        });
        const { ids, probe, units } = out;
        expect(out.departments).toEqual(
          ids.filter((id) => departmentOf(units, id) !== null).sort((a, b) => a - b).map((id) => ({ id, department_id: departmentOf(units, id) })),
        );
        expect(out.scopes).toEqual(
          ids.map((id) => {
            const ancestorIds = ancestorsOf(units, id);
            return ancestorIds === null ? null : { unitId: id, departmentId: departmentOf(units, id), ancestorIds };
          }),
        );
        expect(out.below).toEqual(subtreeOf(units, probe).sort((a, b) => a - b));
      }),
      { numRuns: 40 },
    );
  });

  it("unitTreeOfUnitsCte, walking up from some units, gives exactly unitTreeCte's rows of those units", async () => {
    await fc.assert(
      fc.asyncProperty(forest, fc.array(fc.nat(), { maxLength: 4 }), async (f, picks) => {
        const out = await inRollback(db, async (tx) => {
          const ids = await insertForest(tx, f);
          const chosen = [...new Set([f.probe, ...picks].map((p) => ids[p % ids.length]!))];
          const list = sql`${`{${chosen.join(",")}}`}::int[]`;
          const cols = sql`id, parent_id, kind, department_id, ancestor_ids, depth, sort_path`;
          const { rows: whole } = await tx.execute(sql`with recursive ${unitTreeCte} select ${cols} from unit_tree where id = any(${list}) order by sort_path`);
          const { rows: walked } = await tx.execute(sql`with recursive ${unitTreeOfUnitsCte(sql`id = any(${list})`)} select ${cols} from unit_tree order by sort_path`);
          const { rows: none } = await tx.execute(sql`with recursive ${unitTreeOfUnitsCte(sql`false`)} select id from unit_tree`);
          return { whole, walked, none };
        });
        expect(out.walked).toEqual(out.whole);
        expect(out.none).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("unitTreeOfCte grown from some departments gives exactly unitTreeCte's rows of those departments", async () => {
    await fc.assert(
      fc.asyncProperty(forest, async (f) => {
        const out = await inRollback(db, async (tx) => {
          const ids = await insertForest(tx, f);
          const root = ids[0]!; // a department: the first node has no parent
          const cols = sql`id, parent_id, kind, department_id, ancestor_ids, depth, sort_path`;
          const { rows: whole } = await tx.execute(sql`with recursive ${unitTreeCte} select ${cols} from unit_tree where department_id = ${root} order by sort_path`);
          const { rows: grown } = await tx.execute(sql`with recursive ${unitTreeOfCte(sql`id = ${root}`)} select ${cols} from unit_tree order by sort_path`);
          const { rows: none } = await tx.execute(sql`with recursive ${unitTreeOfCte(sql`false`)} select id from unit_tree`);
          return { whole, grown, none };
        });
        expect(out.grown).toEqual(out.whole);
        expect(out.none).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
