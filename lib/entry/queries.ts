import "server-only";
import { sql } from "drizzle-orm";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listUnitsUserMay, unitScopeOf } from "@/lib/org/queries";
import type { Period } from "./periods";
import { loadFigureHistory, loadSheet } from "./sheet";

export interface EntryUnit {
  id: number;
  name: string;
  departmentName: string;
  scope: UnitScope;
}

/** Units with active measures that the user may enter figures for, in tree order (one query). */
export async function listEntryUnits(user: SessionUser): Promise<EntryUnit[]> {
  const units = await listUnitsUserMay(user, "figures:enter", sql`exists (select 1 from measures m where m.unit_id = t.id and m.active)`);
  return units.map((u) => ({ id: u.id, name: u.name, departmentName: u.departmentName, scope: unitScopeOf(u) }));
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
