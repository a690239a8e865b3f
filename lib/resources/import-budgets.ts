import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { orgUnits } from "@/db/schema";
import { RuleError, type RowError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertCan, can, type UnitScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { rowLimitProblem } from "@/lib/entry/csv";
import { departmentTreeCte } from "@/lib/org/tree-sql";
import { budgetAmounts, BUDGET_YEAR_MAX, BUDGET_YEAR_MIN, type ImportBudgetsInput } from "@/lib/validation/budget";
import { isBlankBudgetRow, parseBudgetsCsv, type BudgetCsvRow } from "./budget-csv";
import { writeBudget, type BudgetValues } from "./save-budget";

export interface BudgetImportOutcome {
  /** Rows of budgets in the file. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows with every amount empty (a service area without a budget in the template). */
  skipped: number;
}

const COLUMN_OF: Record<string, string> = { income: "income", del: "del", nonCash: "non_cash", fte: "fte" };

interface CheckedRow {
  line: number;
  unitId: number;
  year: number;
  values: BudgetValues;
}

interface DepartmentUnit {
  id: number;
  slug: string;
  scope: UnitScope;
}

/** The units of one department by slug, with their scopes: one query. */
async function departmentUnits(departmentId: number): Promise<Map<string, DepartmentUnit>> {
  const { rows } = await db.execute<{ id: number; slug: string; department_id: number; ancestor_ids: number[] }>(sql`
    with recursive ${departmentTreeCte(departmentId)}
    select t.id, u.slug, t.department_id, t.ancestor_ids from unit_tree t join org_units u on u.id = t.id`);
  return new Map(rows.map((r) => [r.slug.toLowerCase(), { id: r.id, slug: r.slug, scope: { unitId: r.id, departmentId: r.department_id, ancestorIds: r.ancestor_ids } }]));
}

/**
 * Every row's own checks (in memory): a unit of this department the actor may budget for (a unit
 * of another department, or none, gets the same answer, so that slugs cannot be probed), a year,
 * the four amounts by the budget form's own schema, and no unit and year twice.
 */
export function checkBudgetRows(
  rows: readonly BudgetCsvRow[],
  units: Map<string, DepartmentUnit>,
  departmentName: string,
  mayBudget: (scope: UnitScope) => boolean,
): { checked: CheckedRow[]; skipped: number; problems: RowError[] } {
  const problems: RowError[] = [];
  const checked: CheckedRow[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  for (const r of rows) {
    const unit = units.get(r.unit);
    let ok = true;
    if (!r.unit) {
      problems.push({ line: r.line, column: "unit", message: "Enter the service area's unit code (its address name, e.g. md)" });
      ok = false;
    } else if (!unit || !mayBudget(unit.scope)) {
      problems.push({ line: r.line, column: "unit", message: `There is no unit "${r.unit}" in ${departmentName} whose budget you may set` });
      ok = false;
    }
    const year = /^\d{4}$/.test(r.year) ? Number(r.year) : null;
    if (year === null || year < BUDGET_YEAR_MIN || year > BUDGET_YEAR_MAX) {
      problems.push({ line: r.line, column: "year", message: `Write the year as four digits from ${BUDGET_YEAR_MIN} to ${BUDGET_YEAR_MAX}, e.g. 2026` });
      ok = false;
    }
    if (isBlankBudgetRow(r)) {
      skipped++;
      continue;
    }
    const amounts = budgetAmounts.safeParse({ income: r.income, del: r.del, nonCash: r.nonCash, fte: r.fte });
    if (!amounts.success) {
      for (const issue of amounts.error.issues) problems.push({ line: r.line, column: COLUMN_OF[String(issue.path[0])] ?? "", message: issue.message });
      ok = false;
    }
    if (!ok || !unit || year === null || !amounts.success) continue;
    const key = `${unit.id}:${year}`;
    if (seen.has(key)) {
      problems.push({ line: r.line, column: "unit", message: `${r.unit} for ${year} appears twice (also on line ${seen.get(key)})` });
      continue;
    }
    seen.set(key, r.line);
    const a = amounts.data;
    checked.push({ line: r.line, unitId: unit.id, year, values: { incomePence: a.income, delPence: a.del, nonCashPence: a.nonCash, fteEstablishment: a.fte } });
  }
  return { checked, skipped, problems };
}

/**
 * Imports a ledger CSV of budgets for one department's units (budget:manage on the department),
 * all or nothing: the whole file is checked first and every problem is listed by line and column;
 * nothing is written while any row is bad. Then one transaction locks the stored budgets the file
 * names (in id order) and writes only the rows that differ, each with one audit entry whose reason
 * is "Imported from <file name>": uploading the same file twice changes nothing the second time.
 */
export async function importBudgets(actor: SessionUser, input: ImportBudgetsInput): Promise<BudgetImportOutcome> {
  const [dept] = await db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, input.departmentId), eq(orgUnits.kind, "department")));
  const departmentId = dept?.id ?? -1;
  assertCan(actor, "budget:manage", { unitId: departmentId, departmentId, ancestorIds: [] });
  const text = await input.file.text();
  // Counted before parsing: an oversized file costs no more than reading it.
  const tooMany = rowLimitProblem(text);
  if (tooMany) throw new RuleError("The file has too many rows. Nothing was saved.", { file: [tooMany] });
  const parsed = await parseBudgetsCsv(text);
  if (parsed.problems.length) throw new RuleError(`The file has ${parsed.problems.length === 1 ? "a problem" : "problems"}. Nothing was saved.`, undefined, parsed.problems);
  if (parsed.rows.length === 0) throw new RuleError("The file has no rows of budgets. Nothing was saved.", { file: ["The file has no rows of budgets"] });

  const units = await departmentUnits(dept!.id);
  const { checked, skipped, problems } = checkBudgetRows(parsed.rows, units, dept!.name, (scope) => can(actor, "budget:manage", scope));
  if (problems.length) {
    problems.sort((a, b) => a.line - b.line);
    throw new RuleError(`The file has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}. Nothing was saved.`, undefined, problems);
  }
  const outcome: BudgetImportOutcome = { rows: parsed.rows.length, created: 0, updated: 0, unchanged: 0, skipped };
  if (checked.length === 0) return outcome;
  const reason = `Imported from ${input.file.name.slice(0, 200)}`;

  await db.transaction(async (tx) => {
    const { rows: stored } = await tx.execute<{ id: number; unit_id: number; year: number; version: number; income_pence: string; del_pence: string; non_cash_pence: string; fte: string }>(sql`
      select b.id, b.unit_id, b.year, b.version, b.income_pence, b.del_pence, b.non_cash_pence, b.fte_establishment::text as fte
      from unit_budgets b
      where (b.unit_id, b.year) in (select * from unnest(${sql.param(checked.map((c) => c.unitId))}::int[], ${sql.param(checked.map((c) => c.year))}::int[]))
      order by b.id
      for update`);
    const byKey = new Map(stored.map((s) => [`${s.unit_id}:${s.year}`, s]));
    for (const row of checked) {
      const s = byKey.get(`${row.unitId}:${row.year}`);
      const current = s
        ? { id: s.id, version: s.version, incomePence: Number(s.income_pence), delPence: Number(s.del_pence), nonCashPence: Number(s.non_cash_pence), fteEstablishment: s.fte }
        : null;
      const version = await writeBudget(tx, actor, { unitId: row.unitId, year: row.year }, current, row.values, reason);
      if (version === null) outcome.unchanged++;
      else if (current) outcome.updated++;
      else outcome.created++;
    }
  });
  return outcome;
}
