import "server-only";
import { sql } from "drizzle-orm";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, can, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { Period } from "./periods";
import { loadFigureHistory, loadSheet } from "./sheet";

export interface EntryUnit {
  id: number;
  name: string;
  departmentName: string;
  scope: UnitScope;
}

/**
 * Units with active measures that the user may enter figures for. The unit tree is small and read
 * whole (one query); the permission rule then filters it.
 */
export async function listEntryUnits(user: SessionUser): Promise<EntryUnit[]> {
  const { rows } = await db.execute<{ id: number; name: string; parent_id: number | null; kind: string; has_measures: boolean }>(sql`
    select u.id, u.name, u.parent_id, u.kind::text as kind,
      exists (select 1 from measures m where m.unit_id = u.id and m.active) as has_measures
    from org_units u order by u.sort_order, u.name`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: EntryUnit[] = [];
  for (const r of rows) {
    if (!r.has_measures) continue;
    const ancestors: number[] = [];
    for (let p = r.parent_id; p !== null; p = byId.get(p)?.parent_id ?? null) ancestors.push(p);
    const departmentId = r.kind === "department" ? r.id : (ancestors.at(-1) ?? r.id);
    const scope = { unitId: r.id, departmentId, ancestorIds: ancestors };
    if (can(user, "figures:enter", scope)) out.push({ id: r.id, name: r.name, departmentName: byId.get(departmentId)?.name ?? "", scope });
  }
  return out;
}

/** The entry sheet of one unit and month, with the change history of its figures (two queries). */
export async function getEntrySheet(user: SessionUser, unit: EntryUnit, month: Period) {
  assertCan(user, "figures:enter", unit.scope);
  const rows = await loadSheet(db, unit.id, month);
  const history = await loadFigureHistory(
    db,
    rows.map((r) => r.current?.id).filter((id): id is number => id != null),
  );
  return { rows, history };
}
