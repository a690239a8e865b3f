import { format, parseISO, subMonths } from "date-fns";
import { sql, type SQL } from "drizzle-orm";
import type { Frequency, ValueStatus } from "@/lib/enums";
import type { Database } from "@/db/client";
import { dueInSql, periodTypeSql, storedPeriodSql } from "@/lib/measures/figure-sql";
import { departmentTreeCte, unitTreeCte, withinUnitSql } from "@/lib/org/tree-sql";
import { pageWindow, PAGE_SIZE, type PageWindow } from "@/lib/paging/page";
import { can, seesAllDepartments, type Actor, type UnitScope } from "@/lib/auth/permissions";
import { dueDate, lastCompletedMonth, monthParam, monthsBetween, parseMonth, toPeriod, type Period } from "./periods";
import { emptyCounts, stateOf, type StateCounts, type StoredStatus, type SubmissionState } from "./submission-state";

/**
 * Which figures are due, and in what state, per unit and month (the submission tracker, "My
 * updates" and the reminders job). Every function takes the database as its first parameter and
 * nothing here imports "server-only" or lib/db.ts, so that scripts/reminders.ts can run it outside
 * Next.js; pages pass `db` from lib/db.ts.
 *
 * A monthly measure is due every month; a quarterly one in the last month of its quarter, stored
 * against the quarter's first month (lib/entry/periods.ts isDueIn / storedAt, mirrored in SQL
 * below). A month's figures are due by working day N of the following month (dueDate).
 */

/** Whose figures a query covers. "unit" is the unit and every unit below it. */
export type TrackerScope =
  | { kind: "all" }
  | { kind: "department"; departmentId: number }
  | { kind: "unit"; unitId: number }
  | { kind: "none" };

/** What the user may see ("unit:view"): everything for ADMIN and VIEWER, their department for SLT and LEAD. */
export function viewScope(actor: Actor): TrackerScope {
  if (!can(actor, "unit:view")) return { kind: "none" };
  if (seesAllDepartments(actor)) return { kind: "all" };
  return actor.departmentId !== null ? { kind: "department", departmentId: actor.departmentId } : { kind: "none" };
}

/**
 * What the user is answerable for ("figures:submit", as in lib/auth/permissions.ts): ADMIN everything,
 * SLT their department, LEAD their unit and the units below it, VIEWER nothing.
 */
export function owedScope(actor: Actor): TrackerScope {
  if (!can(actor, "figures:submit")) return { kind: "none" };
  switch (actor.role) {
    case "ADMIN":
      return { kind: "all" };
    case "SLT":
      return actor.departmentId !== null ? { kind: "department", departmentId: actor.departmentId } : { kind: "none" };
    case "LEAD":
      return actor.unitId !== null ? { kind: "unit", unitId: actor.unitId } : { kind: "none" };
    default:
      return { kind: "none" };
  }
}

/** Whether a unit (with its department and ancestors) falls within a scope; the JS twin of scopeSql. */
export function inTrackerScope(scope: TrackerScope, unit: UnitScope): boolean {
  switch (scope.kind) {
    case "all":
      return true;
    case "none":
      return false;
    case "department":
      return unit.departmentId === scope.departmentId;
    case "unit":
      return unit.unitId === scope.unitId || unit.ancestorIds.includes(scope.unitId);
  }
}

/** The data-entry page for a unit and month. */
export const entryHref = (unitId: number, month: Period) => `/entry?unit=${unitId}&month=${monthParam(month)}`;

export const isoDate = (d: Date) => format(d, "yyyy-MM-dd");

// ---------------------------------------------------------------------------------------------
// Month ranges

export const MAX_TRACKER_MONTHS = 24;

export interface MonthRange {
  from: Period;
  to: Period;
  /** True when the requested range was not usable and was replaced or trimmed. */
  adjusted: boolean;
}

/** The last `count` completed months, ending with the last completed one. */
export function recentMonths(now: Date, count: number): { from: Period; to: Period } {
  const to = lastCompletedMonth(now);
  return { from: toPeriod(subMonths(parseISO(to), count - 1)), to };
}

/**
 * The tracker's months from "YYYY-MM" query values: by default the 6 months up to the last completed
 * one. Months that have not ended are cut off (nothing is due for them yet), a reversed range is
 * swapped and a range longer than 24 months keeps its last 24.
 */
export function resolveMonthRange(input: { from?: string | null; to?: string | null }, now: Date): MonthRange {
  const fallback = recentMonths(now, 6);
  const last = fallback.to;
  if (!input.from && !input.to) return { ...fallback, adjusted: false };
  let from = parseMonth(input.from);
  let to = parseMonth(input.to);
  if ((input.from && !from) || (input.to && !to)) return { ...fallback, adjusted: true };
  to ??= last;
  from ??= toPeriod(subMonths(parseISO(to), 5));
  if (from > to) {
    // Only "from" given, after the last completed month: nothing to show from there.
    if (!input.to) return { ...fallback, adjusted: true };
    [from, to] = [to, from];
  }
  // Nothing is due for a month that has not ended.
  if (from > last) return { ...fallback, adjusted: true };
  let adjusted = false;
  if (to > last) {
    to = last;
    adjusted = true;
  }
  const span = monthsBetween(from, to);
  if (span.length > MAX_TRACKER_MONTHS) {
    from = span[span.length - MAX_TRACKER_MONTHS]!;
    adjusted = true;
  }
  return { from, to, adjusted };
}

// ---------------------------------------------------------------------------------------------
// SQL pieces


/** months(month): every month from `from` to `to` — a VALUES list, so that the planner knows how many. */
function monthsCte(from: Period, to: Period): SQL {
  const rows = monthsBetween(from, to).map((m) => sql`(${m}::date)`);
  if (rows.length === 0) return sql`months(month) as (select null::date where false)`;
  return sql`months(month) as (values ${sql.join(rows, sql`, `)})`;
}

/**
 * `left join lateral … v`: the stored figure (any status) of due row `d`, looked up by the unique
 * (measure, period type, period) index one due figure at a time, so that only the figures of the
 * units in scope are read (a hash join would read every stored figure of every department).
 */
const storedFigureOfDue = sql`left join lateral (
      select v.id, v.status, v.submitted_at from measure_values v
      where v.measure_id = d.measure_id and v.period_type = d.period_type and v.period = d.stored_at
      limit 1 -- at most one by that index; the limit also keeps it a lookup per row
    ) v on true`;

/**
 * due(measure_id, unit_id, department_id, month, period_type, stored_at): each active measure of the
 * units in CTE `units` (id, department_id) in each month it falls due (dueInSql), with the period its
 * figure is stored against (storedPeriodSql). Built from those units, so that a query scoped to a
 * department never looks at another department's measures.
 */
function dueCte(units: string): SQL {
  const month = sql`mo.month`;
  return sql`due(measure_id, unit_id, department_id, month, period_type, stored_at) as (
    select m.id, m.unit_id, su.department_id, mo.month, ${periodTypeSql()}, ${storedPeriodSql(month)}
    from ${sql.identifier(units)} su
    join measures m on m.unit_id = su.id
    cross join months mo
    where m.active and ${dueInSql(month)}
  )`;
}

/**
 * page_measures(id, unit_id, department_id, frequency): the active measures of the units in CTE
 * `units` (id, department_id), found through the measures' unit index. The units come in as an
 * array, so that the planner, which cannot tell how few units a recursive tree leaves, still looks
 * their measures up rather than hashing every measure of the government.
 */
function pageMeasuresCte(units: string): SQL {
  const u = sql.identifier(units);
  return sql`page_measures(id, unit_id, department_id, frequency) as (
    select m.id, m.unit_id, su.department_id, m.frequency
    from measures m join ${u} su on su.id = m.unit_id
    where m.unit_id = any(array(select id from ${u})) and m.active
  )`;
}

/** due(measure_id, department_id, month, stored_at), as dueCte, over the measures of CTE `measures` (page_measures). */
function dueOfMeasuresCte(measures: string): SQL {
  const month = sql`mo.month`;
  return sql`due(measure_id, department_id, month, stored_at) as (
    select m.id, m.department_id, mo.month, ${storedPeriodSql(month)}
    from ${sql.identifier(measures)} m cross join months mo
    where ${dueInSql(month)}
  )`;
}

/**
 * stored(measure_id, period, status): every stored figure (any status) of the measures in CTE
 * `measures` (page_measures), of the measure's period type, stored against a period from `from`'s
 * (storedPeriodSql) to `to` — one index range scan per measure rather than one lookup per due
 * figure. Joined to `due` on (measure_id, stored_at) it gives the figure storedFigureOfDue gives.
 */
function storedInRangeCte(measures: string, from: Period, to: Period): SQL {
  return sql`stored(measure_id, period, status) as (
    select m.id, v.period, v.status
    from ${sql.identifier(measures)} m
    join measure_values v on v.measure_id = m.id and v.period_type = ${periodTypeSql()}
      and v.period >= ${storedPeriodSql(sql`${from}::date`)} and v.period <= ${to}::date
  )`;
}

/** unit_tree for a scope: grown from its department alone when the scope is one department. */
function treeCte(scope: TrackerScope): SQL {
  return scope.kind === "department" ? departmentTreeCte(scope.departmentId) : unitTreeCte;
}

/** A scope narrowed to one department: nothing when the department is outside it. */
export function withinDepartment(scope: TrackerScope, departmentId: number): TrackerScope {
  switch (scope.kind) {
    case "all":
      return { kind: "department", departmentId };
    case "department":
      return scope.departmentId === departmentId ? scope : { kind: "none" };
    default:
      return { kind: "none" };
  }
}

/** The scope as a condition on unit_tree `ut`. */
function scopeSql(scope: TrackerScope): SQL {
  switch (scope.kind) {
    case "all":
      return sql`true`;
    case "none":
      return sql`false`;
    case "department":
      return sql`ut.department_id = ${scope.departmentId}`;
    case "unit":
      return withinUnitSql(sql`ut`, scope.unitId);
  }
}

// ---------------------------------------------------------------------------------------------
// The unit × month grid

export interface TrackerUnit {
  id: number;
  name: string;
  shortName: string;
  departmentId: number;
  departmentName: string;
  ancestorIds: number[];
}

export interface TrackerMonth {
  period: Period;
  /** The date its figures are due by. */
  due: string;
}

export interface TrackerCell {
  unitId: number;
  period: Period;
  counts: StateCounts;
}

export interface TrackerGrid {
  from: Period;
  to: Period;
  workingDay: number;
  months: TrackerMonth[];
  units: TrackerUnit[];
  cells: TrackerCell[];
}

export interface GridOptions {
  scope: TrackerScope;
  from: Period;
  to: Period;
  /** The working day of the following month figures are due by (lib/settings.ts). */
  workingDay: number;
  /** "YYYY-MM-DD": figures not submitted after their due date are late. */
  today: string;
}

/**
 * How many figures each unit has submitted, left in draft or not entered, per month — in ONE query
 * whatever the number of units and months (months × due measures, left-joined to the figures and
 * grouped). Every unit in scope with an active measure gets a row, even in months when none is due.
 */
export async function getTrackerGrid(db: Database, options: GridOptions): Promise<TrackerGrid> {
  const { scope, from, to, workingDay, today } = options;
  const months = monthsBetween(from, to).map((period) => ({ period, due: dueDate(period, workingDay) }));
  const dueOf = new Map(months.map((m) => [m.period, m.due]));
  const { rows } = await db.execute<{
    unit_id: number;
    name: string;
    short_name: string;
    department_id: number;
    department_name: string;
    ancestor_ids: number[];
    month: string;
    due_count: number;
    submitted: number;
    draft: number;
  }>(sql`
    with recursive ${treeCte(scope)},
    ${monthsCte(from, to)},
    scoped_units as (
      select u.id, u.name, u.short_name, u.sort_order, ut.department_id, ut.ancestor_ids,
        dept.name as department_name, dept.sort_order as department_sort
      from unit_tree ut
      join org_units u on u.id = ut.id
      join org_units dept on dept.id = ut.department_id
      where ${scopeSql(scope)} and exists (select 1 from measures m where m.unit_id = u.id and m.active)
    ),
    ${dueCte("scoped_units")}
    select su.id as unit_id, su.name, su.short_name, su.department_id, su.department_name, su.ancestor_ids,
      to_char(mo.month, 'YYYY-MM-DD') as month,
      count(d.measure_id)::integer as due_count,
      (count(v.id) filter (where v.status = 'submitted'))::integer as submitted,
      (count(v.id) filter (where v.status = 'draft'))::integer as draft
    from scoped_units su
    cross join months mo
    left join due d on d.unit_id = su.id and d.month = mo.month
    ${storedFigureOfDue}
    group by su.id, su.name, su.short_name, su.sort_order, su.department_id, su.department_name, su.department_sort,
      su.ancestor_ids, mo.month
    order by su.department_sort, su.sort_order, su.name, mo.month`);

  const units: TrackerUnit[] = [];
  const cells: TrackerCell[] = [];
  for (const r of rows) {
    if (units.at(-1)?.id !== r.unit_id) {
      units.push({
        id: r.unit_id,
        name: r.name,
        shortName: r.short_name,
        departmentId: r.department_id,
        departmentName: r.department_name,
        ancestorIds: r.ancestor_ids,
      });
    }
    cells.push({ unitId: r.unit_id, period: r.month, counts: countsOf(r, dueOf.get(r.month) ?? dueDate(r.month, workingDay), today) });
  }
  return { from, to, workingDay, months, units, cells };
}

/**
 * A cell's counts by state from what SQL counted (due, submitted, draft). Every figure of a cell
 * shares the month's due date, so one stateOf per stored status decides them all.
 */
function countsOf(r: { due_count: number; submitted: number; draft: number }, periodDue: string, today: string): StateCounts {
  const counts = emptyCounts();
  counts.submitted += r.submitted;
  counts[stateOf({ status: "draft", periodDue, today })] += r.draft;
  counts[stateOf({ status: null, periodDue, today })] += r.due_count - r.submitted - r.draft;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The department × month grid (users who see more than one department)

export interface TrackerDepartment {
  id: number;
  slug: string;
  name: string;
}

export interface DepartmentCell {
  departmentId: number;
  period: Period;
  counts: StateCounts;
}

export interface DepartmentTrackerGrid {
  from: Period;
  to: Period;
  workingDay: number;
  months: TrackerMonth[];
  /** One page of the departments in scope that have a unit with an active measure, in department order. */
  departments: TrackerDepartment[];
  cells: DepartmentCell[];
  window: PageWindow;
}

/**
 * The tracker one row per department: each department's figures counted per month over all its
 * units — the same due figures and states as getTrackerGrid, summed in SQL — for one page of
 * PAGE_SIZE departments. ONE query whatever the number of departments, units and months; only the
 * page's departments have their figures read (the departments are paged before anything is joined
 * to measure_values), and a page past the end shows the last page, as pageWindow does.
 */
export async function getDepartmentTrackerGrid(db: Database, options: GridOptions & { page: number }): Promise<DepartmentTrackerGrid> {
  const { scope, from, to, workingDay, today, page } = options;
  const months = monthsBetween(from, to).map((period) => ({ period, due: dueDate(period, workingDay) }));
  const dueOf = new Map(months.map((m) => [m.period, m.due]));
  const offset = (Math.max(1, Math.trunc(page) || 1) - 1) * PAGE_SIZE;
  const { rows } = await db.execute<{
    id: number;
    slug: string;
    name: string;
    total: number;
    month: string;
    due_count: number;
    submitted: number;
    draft: number;
  }>(sql`
    with recursive ${treeCte(scope)},
    ${monthsCte(from, to)},
    measured_units as (
      select ut.id, ut.department_id from unit_tree ut
      where ${scopeSql(scope)} and exists (select 1 from measures m where m.unit_id = ut.id and m.active)
    ),
    departments as (
      select d.id, d.slug, d.name, row_number() over (order by d.sort_order, d.name, d.id) as rn, count(*) over () as total
      from org_units d where d.id in (select department_id from measured_units)
    ),
    -- The first row of the page shown: the one asked for, or the last page's when past the end.
    page_start as (select coalesce(least(${offset}::bigint, (max(total) - 1) / ${PAGE_SIZE} * ${PAGE_SIZE}), 0) as n from departments),
    page as (select d.* from departments d, page_start p where d.rn > p.n and d.rn <= p.n + ${PAGE_SIZE}),
    page_units as (select mu.id, mu.department_id from measured_units mu join page p on p.id = mu.department_id),
    ${pageMeasuresCte("page_units")},
    ${dueOfMeasuresCte("page_measures")},
    ${storedInRangeCte("page_measures", from, to)},
    cells as (
      select d.department_id, d.month, count(*)::integer as due_count,
        (count(v.measure_id) filter (where v.status = 'submitted'))::integer as submitted,
        (count(v.measure_id) filter (where v.status = 'draft'))::integer as draft
      from due d left join stored v on v.measure_id = d.measure_id and v.period = d.stored_at
      group by d.department_id, d.month
    )
    select p.id, p.slug, p.name, p.total::integer as total, to_char(mo.month, 'YYYY-MM-DD') as month,
      coalesce(c.due_count, 0) as due_count, coalesce(c.submitted, 0) as submitted, coalesce(c.draft, 0) as draft
    from page p
    cross join months mo
    left join cells c on c.department_id = p.id and c.month = mo.month
    order by p.rn, mo.month`);

  const departments: TrackerDepartment[] = [];
  const cells: DepartmentCell[] = [];
  for (const r of rows) {
    if (departments.at(-1)?.id !== r.id) departments.push({ id: r.id, slug: r.slug, name: r.name });
    cells.push({ departmentId: r.id, period: r.month, counts: countsOf(r, dueOf.get(r.month) ?? dueDate(r.month, workingDay), today) });
  }
  return { from, to, workingDay, months, departments, cells, window: pageWindow(rows[0]?.total ?? 0, page) };
}

/** Looks up a grid's cells by unit and month (undefined when the unit is not in the grid). */
export function cellLookup(grid: TrackerGrid): (unitId: number, period: Period) => TrackerCell | undefined {
  const byKey = new Map(grid.cells.map((c) => [`${c.unitId}:${c.period}`, c]));
  return (unitId, period) => byKey.get(`${unitId}:${period}`);
}

// ---------------------------------------------------------------------------------------------
// Figure by figure

export interface DueFigure {
  measureId: number;
  code: string;
  name: string;
  frequency: Frequency;
  unitId: number;
  unitName: string;
  unitShortName: string;
  departmentId: number;
  ancestorIds: number[];
  /** The month the figure falls due in (for a quarterly measure, the quarter's last month). */
  month: Period;
  /** The period it is stored against (for a quarterly measure, the quarter's first month). */
  storedAt: Period;
  status: StoredStatus;
  submittedAt: Date | null;
  due: string;
  state: SubmissionState;
}

export interface DueFiguresOptions extends GridOptions {
  /** Only this unit (not the units below it). */
  unitId?: number;
  /** Leave out submitted figures. */
  outstandingOnly?: boolean;
}

/**
 * Each figure due in the months from `from` to `to` for the units in scope, with its state — one
 * query. Ordered by month, then department, unit and measure order.
 */
export async function listDueFigures(db: Database, options: DueFiguresOptions): Promise<DueFigure[]> {
  const { scope, from, to, workingDay, today, unitId, outstandingOnly } = options;
  const { rows } = await db.execute<{
    measure_id: number;
    code: string;
    name: string;
    frequency: Frequency;
    unit_id: number;
    unit_name: string;
    unit_short_name: string;
    department_id: number;
    ancestor_ids: number[];
    month: string;
    stored_at: string;
    status: ValueStatus | null;
    submitted_at: Date | string | null;
  }>(sql`
    with recursive ${treeCte(scope)},
    ${monthsCte(from, to)},
    scoped_units as (
      select ut.id, ut.department_id, ut.ancestor_ids from unit_tree ut
      where ${scopeSql(scope)} ${unitId === undefined ? sql`` : sql`and ut.id = ${unitId}`}
    ),
    ${dueCte("scoped_units")}
    select d.measure_id, m.code, m.name, m.frequency, u.id as unit_id, u.name as unit_name, u.short_name as unit_short_name,
      su.department_id, su.ancestor_ids, to_char(d.month, 'YYYY-MM-DD') as month, to_char(d.stored_at, 'YYYY-MM-DD') as stored_at,
      v.status, v.submitted_at
    from due d
    join scoped_units su on su.id = d.unit_id
    join measures m on m.id = d.measure_id
    join org_units u on u.id = d.unit_id
    join org_units dept on dept.id = su.department_id
    ${storedFigureOfDue}
    where true
      ${outstandingOnly ? sql`and v.status is distinct from 'submitted'` : sql``}
    order by d.month, dept.sort_order, u.sort_order, u.name, m.sort_order, m.id`);
  const dueOf = new Map<string, string>();
  return rows.map((r) => {
    let periodDue = dueOf.get(r.month);
    if (!periodDue) dueOf.set(r.month, (periodDue = dueDate(r.month, workingDay)));
    return {
      measureId: r.measure_id,
      code: r.code,
      name: r.name,
      frequency: r.frequency,
      unitId: r.unit_id,
      unitName: r.unit_name,
      unitShortName: r.unit_short_name,
      departmentId: r.department_id,
      ancestorIds: r.ancestor_ids,
      month: r.month,
      storedAt: r.stored_at,
      status: r.status,
      submittedAt: r.submitted_at === null ? null : new Date(r.submitted_at),
      due: periodDue,
      state: stateOf({ status: r.status, periodDue, today }),
    };
  });
}

/** The unit a figure belongs to, for permission checks (can(user, "figures:enter", unitScopeOf(f))). */
export const unitScopeOf = (f: { unitId: number; departmentId: number; ancestorIds: number[] }): UnitScope => ({
  unitId: f.unitId,
  departmentId: f.departmentId,
  ancestorIds: f.ancestorIds,
});

/** How many months back "My updates" and the reminders look for figures still owed. */
export const OWED_MONTHS = 12;

/**
 * Figures still owed in the scope: due in the last 12 completed months and not submitted
 * (draft, missing or late), oldest month first.
 */
export async function listOwedFigures(
  db: Database,
  options: { scope: TrackerScope; now: Date; workingDay: number; months?: number },
): Promise<DueFigure[]> {
  const { from, to } = recentMonths(options.now, options.months ?? OWED_MONTHS);
  return listDueFigures(db, { scope: options.scope, from, to, workingDay: options.workingDay, today: isoDate(options.now), outstandingOnly: true });
}
