import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Pagination, PageSummary } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { dueDate, lastCompletedMonth, monthLabel, monthParam, monthsBetween, parseMonth, quarterLabel, type Period } from "@/lib/entry/periods";
import { countStates, describeCounts } from "@/lib/entry/submission-state";
import {
  cellLookup,
  entryHref,
  getDepartmentTrackerGrid,
  getTrackerGrid,
  isoDate,
  listDueFigures,
  MAX_TRACKER_MONTHS,
  recentMonths,
  resolveMonthRange,
  unitScopeOf,
  viewScope,
  withinDepartment,
  type DepartmentTrackerGrid,
  type DueFigure,
  type TrackerMonth,
  type TrackerUnit,
} from "@/lib/entry/tracker";
import { getViewableDepartment } from "@/lib/measures/department";
import { requestedPage } from "@/lib/paging/page";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { StateBadge } from "./_components/state-badge";
import { TrackerCards } from "./_components/tracker-cards";
import { CellWords, cellLook } from "./_components/tracker-cell";
import { routeId } from "@/lib/validation/route-id";

export const metadata: Metadata = { title: "Submission tracker" };

type Search = { from?: string; to?: string; unit?: string; month?: string; department?: string; page?: string };
type Range = { from: Period; to: Period };

const shortMonth = (p: Period) => format(parseISO(p), "MMM yyyy");
const shortDate = (iso: string) => format(parseISO(iso), "d MMM");
const longDate = (iso: string) => format(parseISO(iso), "EEEE d MMMM yyyy");

/** The tracker of `range` (of one department when `department` is a slug), with a unit and month open. */
function trackerHref(range: Range, department: string | null, selected?: { unitId: number; month: Period }): string {
  const q = new URLSearchParams({ from: monthParam(range.from), to: monthParam(range.to) });
  if (department) q.set("department", department);
  if (selected) {
    q.set("unit", String(selected.unitId));
    q.set("month", monthParam(selected.month));
  }
  return `/entry/status?${q.toString()}${selected ? "#detail" : ""}`;
}

/** Figures not submitted first (late, draft, missing), then the submitted ones, each in measure order. */
const STATE_ORDER = { late: 0, draft: 1, missing: 2, submitted: 3 } as const;

function periodOf(f: DueFigure): string {
  return f.frequency === "quarterly" ? `${quarterLabel(f.storedAt)} (quarterly)` : monthLabel(f.month);
}

function figureNote(f: DueFigure): string {
  if (f.status === "submitted") return f.submittedAt ? `Submitted ${format(f.submittedAt, "d MMM yyyy")}` : "Submitted";
  if (f.status === "draft") return "Draft saved, not submitted";
  return "Nothing entered";
}

export default async function SubmissionTrackerPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("unit:view");
  const params = await searchParams;
  const now = new Date();
  const today = isoDate(now);
  const range = resolveMonthRange({ from: params.from, to: params.to }, now);
  const scope = viewScope(user);
  // A department asked for by slug: one the user may see, else not found.
  const department = params.department ? await getViewableDepartment(user, params.department) : null;
  if (params.department && !department) notFound();
  const departmentSlug = department?.slug ?? null;
  // Whoever sees every department gets one row per department until they choose one.
  const byDepartment = scope.kind === "all" && !department;
  const unitScope = department ? withinDepartment(scope, department.id) : scope;
  const selectedUnitId = byDepartment ? null : routeId(params.unit);
  const selectedMonth = parseMonth(params.month);
  const showDetail = selectedUnitId !== null && selectedMonth !== null && selectedMonth <= lastCompletedMonth(now);

  const workingDay = await getFiguresDueWorkingDay(db);
  const options = { from: range.from, to: range.to, workingDay, today };
  const [grid, departmentGrid, figures] = await Promise.all([
    byDepartment ? null : getTrackerGrid(db, { scope: unitScope, ...options }),
    byDepartment ? getDepartmentTrackerGrid(db, { scope, ...options, page: requestedPage(params) }) : null,
    showDetail ? listDueFigures(db, { scope: unitScope, from: selectedMonth, to: selectedMonth, workingDay, today, unitId: selectedUnitId }) : null,
  ]);

  // Every unit in scope with a measure is in the grid: any other unit (outside the user's scope, or
  // with nothing to enter) is answered as not found, as for a page they may not open.
  const selectedUnit = showDetail ? grid?.units.find((u) => u.id === selectedUnitId) : undefined;
  if (showDetail && !selectedUnit) notFound();

  const departments = new Map<number, { name: string; units: TrackerUnit[] }>();
  for (const u of grid?.units ?? []) {
    const d = departments.get(u.departmentId) ?? { name: u.departmentName, units: [] };
    d.units.push(u);
    departments.set(u.departmentId, d);
  }
  const cellAt = grid ? cellLookup(grid) : () => undefined;
  const months = grid?.months ?? departmentGrid?.months ?? [];
  const monthOptions = monthsBetween(recentMonths(now, MAX_TRACKER_MONTHS).from, lastCompletedMonth(now)).reverse();

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">Submission tracker{department && scope.kind === "all" ? `: ${department.name}` : ""}</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Which units have submitted their figures, month by month. A month&apos;s figures are due by working day {workingDay} of the
          following month; anything not submitted by then is late.{" "}
          {byDepartment ? "Choose a department to see its units." : "Choose a unit's month to see each measure."}
        </p>
      </div>

      {range.adjusted && (
        <Alert tone="warning" title="Showing a different range of months">
          <p>
            Only months that have ended can be shown, up to {MAX_TRACKER_MONTHS} at a time. Showing {monthLabel(range.from)} to{" "}
            {monthLabel(range.to)}.
          </p>
        </Alert>
      )}

      {department && scope.kind === "all" && (
        <p>
          <Link href={trackerHref(range, null)}>All departments</Link>
        </p>
      )}

      <form method="get" action="/entry/status" className="flex flex-wrap items-end gap-x-4 gap-y-3" aria-label="Months to show">
        {departmentSlug && <input type="hidden" name="department" value={departmentSlug} />}
        <Select name="from" label="From" defaultValue={monthParam(range.from)}>
          {monthOptions.map((p) => (
            <option key={p} value={monthParam(p)}>
              {monthLabel(p)}
            </option>
          ))}
        </Select>
        <Select name="to" label="To" defaultValue={monthParam(range.to)}>
          {monthOptions.map((p) => (
            <option key={p} value={monthParam(p)}>
              {monthLabel(p)}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary" className="mb-5">
          Show months
        </Button>
      </form>

      {grid?.units.length === 0 && <p>There are no units with measures you can see.</p>}

      {departmentGrid && <DepartmentRows grid={departmentGrid} range={range} />}

      {[...departments.entries()].map(([id, dept]) => {
        const headingId = `dept-${id}`;
        return (
          <section key={id} aria-labelledby={headingId} className="space-y-3">
            <h2 id={headingId} className="text-2xl font-bold">
              {dept.name}
            </h2>
            <TrackerCards
              label={`${dept.name}: figures submitted by unit, latest month first`}
              rows={dept.units.map((u) => ({
                key: u.id,
                name: u.name,
                heading: u.name,
                months: months.map((m) => ({
                  ...m,
                  counts: cellAt(u.id, m.period)?.counts ?? countStates([]),
                  href: trackerHref(range, departmentSlug, { unitId: u.id, month: m.period }),
                  selected: showDetail && selectedUnitId === u.id && selectedMonth === m.period,
                })),
              }))}
            />
            {/* From md up, the grid: it opens on the latest months, the earlier ones to the left. */}
            <div className="hidden border border-line-soft bg-surface p-4 shadow-sm md:block">
              {/* relative: the sr-only text in cells scrolled out of view must not widen the page. */}
              <Table
                caption={`${dept.name}: figures submitted by unit and month, ${monthLabel(range.from)} to ${monthLabel(range.to)}`}
                captionHidden
                startAtEnd
                className="relative"
              >
                <THead>
                  <tr>
                    <Th>Unit</Th>
                    <MonthHeaders months={months} />
                  </tr>
                </THead>
                <TBody>
                  {dept.units.map((u) => (
                    <Tr key={u.id}>
                      <Th scope="row" className="min-w-44 font-semibold">
                        {u.name}
                      </Th>
                      {months.map((m) => {
                        const counts = cellAt(u.id, m.period)?.counts ?? countStates([]);
                        const look = cellLook(counts);
                        const selected = showDetail && selectedUnitId === u.id && selectedMonth === m.period;
                        if (!look) {
                          return (
                            <td key={m.period} className="tracker-cell">
                              Nothing due
                            </td>
                          );
                        }
                        return (
                          <td key={m.period} className={selected ? "tracker-cell outline-3 -outline-offset-3 outline-ink" : "tracker-cell"} data-look={look.look}>
                            <Link
                              href={trackerHref(range, departmentSlug, { unitId: u.id, month: m.period })}
                              aria-current={selected ? "true" : undefined}
                              className="font-semibold text-accent-dark visited:text-accent-dark"
                            >
                              <span aria-hidden="true">{look.icon}</span>
                              <span className="sr-only">
                                {u.name}, {monthLabel(m.period)}:{" "}
                              </span>
                              <CellWords counts={counts} />
                            </Link>
                          </td>
                        );
                      })}
                    </Tr>
                  ))}
                </TBody>
              </Table>
            </div>
          </section>
        );
      })}

      {selectedUnit && selectedMonth && figures && (
        <Detail
          unit={selectedUnit}
          month={selectedMonth}
          due={dueDate(selectedMonth, workingDay)}
          figures={figures}
          canEnter={can(user, "figures:enter", unitScopeOf({ unitId: selectedUnit.id, departmentId: selectedUnit.departmentId, ancestorIds: selectedUnit.ancestorIds }))}
          closeHref={trackerHref(range, departmentSlug)}
        />
      )}
    </div>
  );
}

function MonthHeaders({ months }: { months: TrackerMonth[] }) {
  return months.map((m) => (
    <Th key={m.period} className="min-w-32 whitespace-nowrap">
      {shortMonth(m.period)}
      <span className="block text-sm font-normal text-ink-muted">due {shortDate(m.due)}</span>
    </Th>
  ));
}

/**
 * One row per department, its units' figures counted together, one page of departments at a time;
 * each department's name opens its units (?department=<slug>).
 */
function DepartmentRows({ grid, range }: { grid: DepartmentTrackerGrid; range: Range }) {
  if (grid.window.total === 0) return <p>There are no departments with measures you can see.</p>;
  const byKey = new Map(grid.cells.map((c) => [`${c.departmentId}:${c.period}`, c.counts]));
  const query = { from: monthParam(range.from), to: monthParam(range.to) };
  return (
    <section aria-labelledby="departments" className="space-y-3">
      <h2 id="departments" className="text-2xl font-bold">
        Departments
      </h2>
      <PageSummary window={grid.window} noun="department" plural="departments" />
      <TrackerCards
        label="Figures submitted by department, latest month first; choose a department to see its units"
        rows={grid.departments.map((d) => ({
          key: d.id,
          name: d.name,
          heading: <Link href={trackerHref(range, d.slug)}>{d.name}</Link>,
          months: grid.months.map((m) => ({ ...m, counts: byKey.get(`${d.id}:${m.period}`) ?? countStates([]) })),
        }))}
      />
      <div className="hidden border border-line-soft bg-surface p-4 shadow-sm md:block">
        <Table
          caption={`Figures submitted by department and month, ${monthLabel(range.from)} to ${monthLabel(range.to)}; choose a department to see its units`}
          captionHidden
          startAtEnd
          className="relative"
        >
          <THead>
            <tr>
              <Th>Department</Th>
              <MonthHeaders months={grid.months} />
            </tr>
          </THead>
          <TBody>
            {grid.departments.map((d) => (
              <Tr key={d.id}>
                <Th scope="row" className="min-w-44 font-semibold">
                  <Link href={trackerHref(range, d.slug)}>{d.name}</Link>
                </Th>
                {grid.months.map((m) => {
                  const counts = byKey.get(`${d.id}:${m.period}`) ?? countStates([]);
                  const look = cellLook(counts);
                  if (!look) {
                    return (
                      <td key={m.period} className="tracker-cell">
                        Nothing due
                      </td>
                    );
                  }
                  return (
                    <td key={m.period} className="tracker-cell" data-look={look.look}>
                      <span>
                        <span aria-hidden="true">{look.icon}</span>
                        <CellWords counts={counts} />
                      </span>
                    </td>
                  );
                })}
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>
      <Pagination label="Departments" window={grid.window} path="/entry/status" query={query} />
    </section>
  );
}

function Detail({
  unit,
  month,
  due,
  figures,
  canEnter,
  closeHref,
}: {
  unit: TrackerUnit;
  month: Period;
  due: string;
  figures: DueFigure[];
  canEnter: boolean;
  closeHref: string;
}) {
  const counts = countStates(figures.map((f) => f.state));
  const unitName = unit.name;
  const sorted = [...figures].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
  return (
    <section id="detail" aria-labelledby="detail-title" tabIndex={-1} className="space-y-4 border-t-4 border-accent bg-surface p-5 shadow-sm sm:p-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id="detail-title" className="text-2xl font-bold">
            {unitName}, {monthLabel(month)}
          </h2>
          <p className="mt-1 text-ink-muted">
            Due by {longDate(due)}. {describeCounts(counts)}.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          {canEnter && figures.length > 0 && (
            <ButtonLink href={entryHref(unit.id, month)}>
              Enter figures<span className="sr-only"> for {unitName}, {monthLabel(month)}</span>
            </ButtonLink>
          )}
          <Link href={closeHref}>Close</Link>
        </div>
      </div>
      {figures.length === 0 ? (
        <p>No measures of this unit fall due in {monthLabel(month)}.</p>
      ) : (
        <>
          {/* On a phone each measure is a row of text; from md up, a table. */}
          <ul className="divide-y divide-line-soft md:hidden" aria-label={`${unitName}, ${monthLabel(month)}: measures`}>
            {sorted.map((f) => (
              <li key={f.measureId} className="space-y-1 py-3">
                <p className="font-semibold">{f.name}</p>
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <StateBadge state={f.state} />
                  <span>{figureNote(f)}</span>
                  {f.frequency === "quarterly" && <span className="text-ink-muted">{periodOf(f)}</span>}
                  {canEnter && (
                    <Link href={entryHref(f.unitId, f.month)}>
                      {f.status === "submitted" ? "View" : "Enter"}
                      <span className="sr-only"> {f.name}</span>
                    </Link>
                  )}
                </p>
              </li>
            ))}
          </ul>
          <div className="hidden md:block">
            <Table
              className="relative"
              caption={`${unitName}, ${monthLabel(month)}: each measure and the state of its figure`}
              captionHidden
            >
              <THead>
                <tr>
                  <Th>Measure</Th>
                  <Th>Period</Th>
                  <Th>State</Th>
                  <Th>Detail</Th>
                  {canEnter && (
                    <Th>
                      <span className="sr-only">Actions</span>
                    </Th>
                  )}
                </tr>
              </THead>
              <TBody>
                {sorted.map((f) => (
                  <Tr key={f.measureId}>
                    <Th scope="row" className="font-semibold">
                      {f.name}
                      <span className="block text-sm font-normal text-ink-muted">{f.code}</span>
                    </Th>
                    <Td className="whitespace-nowrap">{periodOf(f)}</Td>
                    <Td>
                      <StateBadge state={f.state} />
                    </Td>
                    <Td className="text-sm">{figureNote(f)}</Td>
                    {canEnter && (
                      <Td>
                        <Link href={entryHref(f.unitId, f.month)}>
                          {f.status === "submitted" ? "View" : "Enter"}
                          <span className="sr-only"> {f.name}</span>
                        </Link>
                      </Td>
                    )}
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        </>
      )}
    </section>
  );
}
