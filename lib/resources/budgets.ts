import "server-only";
import { sql } from "drizzle-orm";
import type { SessionUser } from "@/lib/auth/current-user";
import { can, type Actor, type UnitScope } from "@/lib/auth/permissions";
import type { Database } from "@/db/client";
import { db } from "@/lib/db";
import type { UnitKind } from "@/lib/enums";
import { getViewableDepartment, type DepartmentRow } from "@/lib/measures/department";
import { departmentTreeCte } from "@/lib/org/tree-sql";
import { sumBudgets, type BudgetLines } from "./rules";

/**
 * Reads of the budget page (issue 16): a department's service areas with their budget for a year,
 * laid out like the business plan's "Departmental Service Analysis". Derived lines (near-cash net,
 * total net) and the department's total are computed by lib/resources/rules.ts, never stored.
 */

export interface StoredBudget extends BudgetLines {
  id: number;
  version: number;
  /** numeric(8, 2) as Postgres writes it, "165.00". */
  fteEstablishment: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface BudgetSheetRow {
  unitId: number;
  slug: string;
  /** The plan's name for the line: the department's own is "<short name> Directorate". */
  label: string;
  kind: UnitKind;
  depth: number;
  scope: UnitScope;
  budget: StoredBudget | null;
  /** Whether the user may set or change this line's budget (budget:manage on the unit). */
  canManage: boolean;
}

export interface BudgetSheet {
  department: DepartmentRow;
  year: number;
  rows: BudgetSheetRow[];
  /** Sums of the service areas' lines, in pence (rules.sumBudgets). */
  total: BudgetLines;
  /** FTE establishment summed in Postgres's numeric, "290.00". */
  totalFte: string;
  /** How many service areas have a budget for the year. */
  budgeted: number;
  /** Years with a budget in this department, newest first. */
  years: number[];
  canManage: boolean;
}

type UnitBudgetRow = {
  id: number;
  slug: string;
  name: string;
  kind: UnitKind;
  depth: number;
  department_id: number;
  ancestor_ids: number[];
  budget_id: number | null;
  version: number | null;
  income_pence: string | number | null;
  del_pence: string | number | null;
  non_cash_pence: string | number | null;
  fte: string | null;
  updated_at: Date | string | null;
  updated_by: string | null;
  total_fte: string | null;
  years: number[] | null;
};

/**
 * Every unit of one department (tree order, the department first) with its budget for `year`,
 * the year's FTE total and the years that have budgets: one query, whose cost follows the
 * department's size only (departmentTreeCte).
 */
export async function loadDepartmentBudgets(executor: Pick<Database, "execute">, departmentId: number, year: number): Promise<UnitBudgetRow[]> {
  const { rows } = await executor.execute<UnitBudgetRow>(sql`
    with recursive ${departmentTreeCte(departmentId)}
    select t.id, u.slug, u.name, t.kind, t.depth, t.department_id, t.ancestor_ids,
      b.id as budget_id, b.version, b.income_pence, b.del_pence, b.non_cash_pence, b.fte_establishment::text as fte,
      b.updated_at, ub.name as updated_by,
      (sum(b.fte_establishment) over ())::numeric(10, 2)::text as total_fte,
      (select array_agg(distinct y.year order by y.year desc) from unit_budgets y where y.unit_id in (select id from unit_tree)) as years
    from unit_tree t
    join org_units u on u.id = t.id
    left join unit_budgets b on b.unit_id = t.id and b.year = ${year}
    left join users ub on ub.id = b.updated_by_id
    order by t.sort_path`);
  return rows;
}

export const lineLabel = (r: { kind: UnitKind; name: string }, department: Pick<DepartmentRow, "shortName">) =>
  r.kind === "department" ? `${department.shortName} Directorate` : r.name;

const num = (v: string | number | null) => (v === null ? 0 : Number(v));

/** A department's budget sheet for a year as `user` may see it, or null (unknown or out of scope: the page answers 404). */
export async function getBudgetSheet(user: SessionUser & Actor, slug: string, year: number): Promise<BudgetSheet | null> {
  const department = await getViewableDepartment(user, slug);
  if (!department) return null;
  const units = await loadDepartmentBudgets(db, department.id, year);
  const rows: BudgetSheetRow[] = units.map((r) => {
    const scope: UnitScope = { unitId: r.id, departmentId: r.department_id, ancestorIds: r.ancestor_ids };
    return {
      unitId: r.id,
      slug: r.slug,
      label: lineLabel(r, department),
      kind: r.kind,
      depth: r.depth,
      scope,
      canManage: can(user, "budget:manage", scope),
      budget:
        r.budget_id === null
          ? null
          : {
              id: r.budget_id,
              version: r.version!,
              incomePence: num(r.income_pence),
              delPence: num(r.del_pence),
              nonCashPence: num(r.non_cash_pence),
              fteEstablishment: r.fte!,
              updatedAt: new Date(r.updated_at!).toISOString(),
              updatedBy: r.updated_by,
            },
    };
  });
  const budgets = rows.flatMap((r) => (r.budget ? [r.budget] : []));
  return {
    department,
    year,
    rows,
    total: sumBudgets(budgets),
    totalFte: units[0]?.total_fte ?? "0.00",
    budgeted: budgets.length,
    years: units[0]?.years ?? [],
    canManage: rows.some((r) => r.canManage),
  };
}
