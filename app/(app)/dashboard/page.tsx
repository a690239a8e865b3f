import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { MoreLink } from "@/components/dashboard/more-link";
import { OtherExceptionsTable } from "@/components/dashboard/other-exceptions-table";
import { AsAtTiles, Tile } from "@/components/dashboard/scorecard-tiles";
import { SpecialCauseNote } from "@/components/measures/special-cause-note";
import { StatusBadge } from "@/components/measures/status-badge";
import { MonthRefused } from "@/components/periods/month-refused";
import { Button } from "@/components/ui/button";
import { Pagination, PageSummary } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { seesAllDepartments } from "@/lib/auth/permissions";
import {
  getDepartmentScorecards,
  getScorecards,
  pageMeasureExceptions,
  pageOtherExceptions,
  sumScorecards,
  type MeasureException,
  type Scorecard,
} from "@/lib/dashboard/overview";
import { db } from "@/lib/db";
import { monthLabel, monthParam, parseMonth, quarterLabel, viewOfMonth } from "@/lib/entry/periods";
import { dashboardMonths, getViewableDepartment } from "@/lib/measures/department";
import { oneOf, PAGE_SIZE, pageWindow, requestedPage, type PageWindow } from "@/lib/paging/page";
import { formatValue } from "@/lib/measures/format";
import { targetText } from "@/lib/measures/target-text";
import { STATUS_LABELS, toNumber, type Status } from "@/lib/measures/status";
import { getFinanceTolerance, getRiskBands } from "@/lib/settings";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Dashboard" };

const STATUSES: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];
const SHOWN: Status[] = ["on_target", "within_tolerance", "off_target", "no_data"];
/** Exceptions shown on the dashboard itself; the rest are one link away, a page at a time. */
const EXCEPTIONS_SHOWN = 10;
const LISTS = ["none", "measures", "others"] as const;

type Search = { month?: string; department?: string; page?: string; list?: string };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  const now = new Date();
  const today = format(now, "yyyy-MM-dd");
  const params = await searchParams;
  const requested = parseMonth(params.month);
  const { defaultMonth } = dashboardMonths(now);
  const view = viewOfMonth(requested ?? defaultMonth, today);
  if (view.kind === "refused") {
    return <MonthRefused heading="Performance dashboard" message={view.message} backHref="/dashboard" backLabel={`Show ${monthLabel(defaultMonth)}`} />;
  }
  // Figures are the month's; everything else is as at its last day (today for the current month).
  const { period: month, asAt } = view;
  const months = dashboardMonths(now, month).options;
  const department = params.department ? await getViewableDepartment(user, params.department) : null;
  if (params.department && !department) notFound();
  const departmentId = department?.id;
  // Whoever sees every department gets one row per department until they choose one.
  const byDepartment = seesAllDepartments(user) && !department;
  const list = oneOf(params, "list", LISTS, "none");
  const page = requestedPage(params);
  // A full list is paged; the dashboard shows the first few of each.
  const slice = (which: (typeof LISTS)[number]) => (list === which ? { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } : { limit: list === "none" ? EXCEPTIONS_SHOWN : 0 });
  // The whole government's landing links to its exception lists rather than ranking every exception
  // of every department on each visit: its cost stays that of the page of departments it shows.
  const exceptionsShown = (which: Exclude<(typeof LISTS)[number], "none">) => list === which || (list === "none" && !byDepartment);
  const settings = Promise.all([getRiskBands(db), getFinanceTolerance(db)]);
  const [unitCards, departmentCards, measureExceptions, otherExceptions] = await Promise.all([
    list !== "none" || byDepartment ? null : settings.then(([bands, tolerance]) => getScorecards(user, { month, asAt, bands, tolerance, departmentId })),
    list === "none" && byDepartment ? settings.then(([bands, tolerance]) => getDepartmentScorecards(user, { month, asAt, bands, tolerance, page })) : null,
    exceptionsShown("measures") ? pageMeasureExceptions(user, month, { ...slice("measures"), departmentId }) : null,
    exceptionsShown("others") ? settings.then(([bands, tolerance]) => pageOtherExceptions(user, { asAt, bands, tolerance, departmentId }, slice("others"))) : null,
  ]);
  const departments = unitCards ? [...new Map(unitCards.map((c) => [c.departmentId, unitCards.filter((x) => x.departmentId === c.departmentId)])).values()] : [];
  const query = { month: monthParam(month), department: department?.slug };
  const listHref = (which: "measures" | "others") => `/dashboard?${new URLSearchParams({ ...(department ? { department: department.slug } : {}), month: monthParam(month), list: which }).toString()}`;
  const backHref = `/dashboard?${new URLSearchParams({ ...(department ? { department: department.slug } : {}), month: monthParam(month) }).toString()}`;

  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Performance dashboard{department && seesAllDepartments(user) ? `: ${department.name}` : ""}</h1>
          <p className="mt-1 font-semibold" data-testid="as-at">
            {view.asAtText}
          </p>
          <p className="mt-2 max-w-3xl text-ink-muted">
            {monthLabel(month)} at a glance: each measure&apos;s figure for the month (quarterly measures: the latest quarter
            ended) against the target in force and what is missing; initiatives by their RAG, risks High after mitigation by
            their rating and what was overdue, all as they stood on that day.
          </p>
        </div>
        <form method="get" className="flex items-end gap-3" aria-label="Choose the month">
          {department && <input type="hidden" name="department" value={department.slug} />}
          {list !== "none" && <input type="hidden" name="list" value={list} />}
          <Select name="month" label="Month" defaultValue={monthParam(month)} fieldClassName="mb-0">
            {months.map((m) => (
              <option key={m} value={monthParam(m)}>
                {monthLabel(m)}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </form>
      </div>

      {(department && seesAllDepartments(user)) || list !== "none" ? (
        <p className="flex flex-wrap gap-4">
          {list !== "none" && <Link href={backHref}>Back to the dashboard</Link>}
          {department && seesAllDepartments(user) && <Link href={`/dashboard?month=${monthParam(month)}`}>All departments</Link>}
        </p>
      ) : null}

      {measureExceptions && list === "measures" && (
        <section aria-labelledby="exceptions" className="space-y-4">
          <h2 id="exceptions" className="text-2xl font-bold">
            Measures off target, within tolerance or not submitted, {monthLabel(month)}
          </h2>
          <PageSummary window={pageWindow(measureExceptions.total, page)} noun="measure" plural="measures" />
          {measureExceptions.items.length > 0 && <MeasureExceptionsTable items={measureExceptions.items} />}
          <Pagination label="Measure exceptions" window={pageWindow(measureExceptions.total, page)} path="/dashboard" query={{ ...query, list }} />
        </section>
      )}

      {otherExceptions && list === "others" && (
        <section aria-labelledby="exceptions" className="space-y-4">
          <h2 id="exceptions" className="text-2xl font-bold">
            Initiatives, risks and what is overdue, as at {format(parseISO(asAt), "d MMMM yyyy")}
          </h2>
          <PageSummary window={pageWindow(otherExceptions.total, page)} noun="item" plural="items" />
          {otherExceptions.items.length > 0 && <OtherExceptionsTable items={otherExceptions.items} month={month} />}
          <Pagination label="Other exceptions" window={pageWindow(otherExceptions.total, page)} path="/dashboard" query={{ ...query, list }} />
        </section>
      )}

      {departmentCards && <DepartmentScorecards cards={departmentCards.cards} window={departmentCards.window} month={month} />}

      {departmentCards && (
        <section aria-labelledby="exceptions" className="space-y-3">
          <h2 id="exceptions" className="text-2xl font-bold">
            Exceptions across the government, {monthLabel(month)}
          </h2>
          <ul className="list-disc space-y-1 pl-6">
            <li>
              <Link href={listHref("measures")}>Every measure off target, within tolerance or not submitted</Link>, worst first
            </li>
            <li>
              <Link href={listHref("others")}>Every initiative, risk and overdue item</Link> as at {format(parseISO(asAt), "d MMMM yyyy")}
            </li>
          </ul>
        </section>
      )}

      {unitCards && departments.length === 0 && <p>There is nothing for you to see here yet.</p>}

      {departments.map((units) => {
        const dept = sumScorecards(units);
        const headingId = `dept-${dept.departmentSlug}`;
        return (
          <section key={dept.departmentId} aria-labelledby={headingId} className="space-y-4">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={headingId} className="text-2xl font-bold">
                {dept.departmentName}
              </h2>
              <p className="flex gap-4">
                <Link href={`/departments/${dept.departmentSlug}?month=${monthParam(month)}`}>
                  Department dashboard<span className="sr-only">: {dept.departmentName}</span>
                </Link>
                <Link href={`/reviews/${dept.departmentSlug}/${monthParam(month)}`}>
                  Monthly review pack<span className="sr-only">: {dept.departmentName}</span>
                </Link>
              </p>
            </div>
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" aria-label={`${dept.departmentName}: summary for ${monthLabel(month)}`}>
              {(["on_target", "within_tolerance", "off_target", "no_data"] as const).map((s) => (
                <Tile key={s} label={`Measures ${STATUS_LABELS[s].toLowerCase()}`} value={dept.measures[s]} />
              ))}
              <Tile label="Submissions missing" value={dept.missing} />
              <AsAtTiles card={dept} />
            </dl>
            <div className="border border-line-soft bg-surface p-4">
              <Table caption={`${dept.departmentName}: scorecard by unit, ${monthLabel(month)}`} captionHidden>
                <THead>
                  <tr>
                    <Th>Unit</Th>
                    {(["on_target", "within_tolerance", "off_target", "no_data"] as const).map((s) => (
                      <Th key={s} numeric className="text-sm">
                        {STATUS_LABELS[s]}
                      </Th>
                    ))}
                    <Th numeric className="text-sm">
                      Missing
                    </Th>
                    <Th className="text-sm">Initiatives</Th>
                    <Th numeric className="text-sm">
                      High risks
                    </Th>
                    <Th numeric className="text-sm">
                      Overdue milestones
                    </Th>
                    <Th numeric className="text-sm">
                      Overdue recommendations
                    </Th>
                    <Th numeric className="text-sm">
                      Overspends beyond tolerance
                    </Th>
                    <Th numeric className="text-sm">
                      Efficiencies off track
                    </Th>
                  </tr>
                </THead>
                <TBody>
                  {units
                    .filter((u) => u.unitKind !== "department" || STATUSES.some((s) => u.measures[s] > 0) || u.highRisks > 0 || u.overdueRecommendations > 0 || u.overspends > 0 || u.offTrackEfficiencies > 0)
                    .map((u) => (
                      <Tr key={u.unitId}>
                        <Th scope="row" className="font-semibold">
                          {u.unitName}
                        </Th>
                        <CardCells card={u} />
                        <Td numeric className={u.overdueRecommendations ? "font-bold text-danger-dark" : ""}>
                          {u.overdueRecommendations}
                        </Td>
                        <ResourceCells card={u} />
                      </Tr>
                    ))}
                </TBody>
              </Table>
            </div>
          </section>
        );
      })}

      {list === "none" && measureExceptions && otherExceptions && (
        <section aria-labelledby="exceptions" className="space-y-4">
          <h2 id="exceptions" className="text-2xl font-bold">
            Exceptions for {monthLabel(month)}
          </h2>
          {measureExceptions.total === 0 ? (
            <p>No measure is off target, within tolerance or missing this month.</p>
          ) : (
            <>
              <MeasureExceptionsTable items={measureExceptions.items} />
              <MoreLink shown={measureExceptions.items.length} total={measureExceptions.total} href={listHref("measures")} plural="measures off target, within tolerance or not submitted" />
            </>
          )}
          {otherExceptions.total > 0 && (
            <>
              <OtherExceptionsTable items={otherExceptions.items} month={month} />
              <MoreLink shown={otherExceptions.items.length} total={otherExceptions.total} href={listHref("others")} plural="initiatives, risks and overdue items" />
            </>
          )}
        </section>
      )}
    </div>
  );
}

function MeasureExceptionsTable({ items }: { items: MeasureException[] }) {
  return (
    <div className="border border-line-soft bg-surface p-4">
      <Table caption="Measures off target, within tolerance or not submitted">
        <THead>
          <tr>
            <Th>Measure</Th>
            <Th>Unit</Th>
            <Th>Period</Th>
            <Th numeric>Figure</Th>
            <Th numeric>Target</Th>
            <Th>Status</Th>
          </tr>
        </THead>
        <TBody>
          {items.map((m) => (
            <Tr key={m.id}>
              <Th scope="row" className="font-semibold">
                <Link href={`/measures/${m.id}`}>{m.name}</Link>
              </Th>
              <Td>{m.unitName}</Td>
              <Td className="whitespace-nowrap">{m.period ? (m.frequency === "quarterly" ? quarterLabel(m.period) : format(parseISO(m.period), "MMM yyyy")) : "Not submitted"}</Td>
              <Td numeric className="font-bold">
                {formatValue(toNumber(m.value), m)}
              </Td>
              <Td numeric>{targetText(toNumber(m.target), m)}</Td>
              <Td>
                <StatusBadge status={m.status} />
                <SpecialCauseNote cause={m.specialCause} />
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}

/**
 * One row per department (its units' counts summed), a page of departments at a time; each name
 * opens that department's scorecard by unit (?department=<slug>).
 */
function DepartmentScorecards({ cards, window, month }: { cards: Scorecard[]; window: PageWindow; month: string }) {
  if (window.total === 0) return <p>There is nothing for you to see here yet.</p>;
  return (
    <section aria-labelledby="departments" className="space-y-4">
      <h2 id="departments" className="text-2xl font-bold">
        Departments
      </h2>
      <PageSummary window={window} noun="department" plural="departments" />
      <div className="border border-line-soft bg-surface p-4">
        <Table caption={`Scorecard by department, ${monthLabel(month)}; choose a department to see its units`} captionHidden>
          <THead>
            <tr>
              <Th>Department</Th>
              {SHOWN.map((s) => (
                <Th key={s} numeric className="text-sm">
                  {STATUS_LABELS[s]}
                </Th>
              ))}
              <Th numeric className="text-sm">
                Missing
              </Th>
              <Th className="text-sm">Initiatives</Th>
              <Th numeric className="text-sm">
                High risks
              </Th>
              <Th numeric className="text-sm">
                Overdue milestones
              </Th>
              <Th numeric className="text-sm">
                Overdue SLT actions
              </Th>
              <Th numeric className="text-sm">
                Overdue recommendations
              </Th>
              <Th numeric className="text-sm">
                Overspends beyond tolerance
              </Th>
              <Th numeric className="text-sm">
                Efficiencies off track
              </Th>
            </tr>
          </THead>
          <TBody>
            {cards.map((c) => (
              <Tr key={c.departmentId}>
                <Th scope="row" className="font-semibold">
                  <Link href={`/dashboard?department=${c.departmentSlug}&month=${monthParam(month)}`}>{c.departmentName}</Link>
                </Th>
                <CardCells card={c} />
                <Td numeric className={c.overdueActions ? "font-bold text-danger-dark" : ""}>
                  {c.overdueActions}
                </Td>
                <Td numeric className={c.overdueRecommendations ? "font-bold text-danger-dark" : ""}>
                  {c.overdueRecommendations}
                </Td>
                <ResourceCells card={c} />
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>
      <Pagination label="Departments" window={window} path="/dashboard" query={{ month: monthParam(month) }} />
    </section>
  );
}

/** Overspends beyond tolerance and efficiencies off track as at the month, one cell each (after the overdue counts). */
function ResourceCells({ card }: { card: Scorecard }) {
  return (
    <>
      <Td numeric className={card.overspends ? "font-bold text-danger-dark" : ""}>
        {card.overspends}
      </Td>
      <Td numeric className={card.offTrackEfficiencies ? "font-bold text-danger-dark" : ""}>
        {card.offTrackEfficiencies}
      </Td>
    </>
  );
}

/** A scorecard's counts from the measure statuses to the overdue milestones, one cell each. */
function CardCells({ card }: { card: Scorecard }) {
  return (
    <>
      {SHOWN.map((s) => (
        <Td key={s} numeric>
          {card.measures[s]}
        </Td>
      ))}
      <Td numeric className={card.missing ? "font-bold text-danger-dark" : ""}>
        {card.missing}
      </Td>
      <Td className="whitespace-nowrap">
        <span className="sr-only">
          {card.initiatives.red} red, {card.initiatives.amber} amber, {card.initiatives.green} green
        </span>
        <span aria-hidden="true" className="text-sm">
          R {card.initiatives.red} · A {card.initiatives.amber} · G {card.initiatives.green}
        </span>
      </Td>
      <Td numeric>{card.highRisks}</Td>
      <Td numeric>{card.overdueMilestones}</Td>
    </>
  );
}
