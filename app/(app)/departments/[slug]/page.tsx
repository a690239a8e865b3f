import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MoreLink } from "@/components/dashboard/more-link";
import { OtherExceptionsTable } from "@/components/dashboard/other-exceptions-table";
import { AsAtTiles } from "@/components/dashboard/scorecard-tiles";
import { StatusBadge } from "@/components/measures/status-badge";
import { MonthRefused } from "@/components/periods/month-refused";
import { Button } from "@/components/ui/button";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { requireUser } from "@/lib/auth/current-user";
import { monthLabel, monthParam, parseMonth, viewOfMonth, type Period } from "@/lib/entry/periods";
import { log } from "@/lib/log";
import { dashboardMonths, getDepartmentDashboard, getViewableDepartment, pageDepartmentExceptions, type DepartmentRow } from "@/lib/measures/department";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";
import { oneOf, pageWindow, requestedPage } from "@/lib/paging/page";
import { DepartmentMeasures } from "./_components/department-measures";

type Search = { month?: string | string[]; list?: string | string[]; page?: string | string[] };

interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const department = await getViewableDepartment(await requireUser(), slug);
  return { title: department ? department.name : "Page not found" };
}

const STATUS_ORDER: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];
/** `?list=others`: every initiative, risk and overdue item behind the summary, a page at a time, instead of the measures. */
const LISTS = ["none", "others"] as const;

const pageHref = (department: DepartmentRow, month: Period, list?: "others") =>
  `/departments/${department.slug}?${new URLSearchParams({ month: monthParam(month), ...(list ? { list } : {}) }).toString()}`;

/** The department's name, the day its figures are judged at, what the page shows, and the month. */
function Heading({ department, month, options, asAtText, list }: { department: DepartmentRow; month: Period; options: Period[]; asAtText: string; list: (typeof LISTS)[number] }) {
  return (
    <div>
      <p className="mb-2 flex flex-wrap gap-x-6">
        {list === "none" ? <Link href="/departments">All departments</Link> : <Link href={pageHref(department, month)}>Back to {department.name}</Link>}
        <Link href={`/departments/${department.slug}/plan`}>Plan: from strategy to figures</Link>
        <Link href={`/departments/${department.slug}/resources?month=${monthParam(month)}`}>Resources: money</Link>
        <Link href={`/departments/${department.slug}/people?month=${monthParam(month)}`}>People Dashboard</Link>
      </p>
      <h1 className="text-3xl font-bold">{department.name}</h1>
      <p className="mt-1 font-semibold" data-testid="as-at">
        {asAtText}
      </p>
      {list === "none" && (
        <p className="mt-2 max-w-3xl text-ink-muted">
          Each measure&apos;s submitted figure for {monthLabel(month)} (quarterly measures: the latest quarter ended by
          then), judged against the target in force for its period, with its trend against the period before and the
          last 12 months.
        </p>
      )}
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        {list !== "none" && <input type="hidden" name="list" value={list} />}
        <Select name="month" label="Month" defaultValue={monthParam(month)} fieldClassName="mb-0!">
          {options.map((p) => (
            <option key={p} value={monthParam(p)}>
              {monthLabel(p)}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary">
          Show month
        </Button>
      </form>
    </div>
  );
}

export default async function DepartmentPage({ params, searchParams }: PageProps) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const now = new Date();
  const { defaultMonth } = dashboardMonths(now);
  const asked = parseMonth(typeof query.month === "string" ? query.month : null);
  const view = viewOfMonth(asked ?? defaultMonth, format(now, "yyyy-MM-dd"));
  if (view.kind === "refused") {
    const department = await getViewableDepartment(user, slug);
    if (!department) notFound();
    return <MonthRefused heading={department.name} message={view.message} backHref={`/departments/${department.slug}`} backLabel={`Show ${monthLabel(defaultMonth)}`} />;
  }
  const { period: month, asAt } = view;
  const { options } = dashboardMonths(now, month);
  const list = oneOf(query, "list", LISTS, "none");
  const asAtDay = format(parseISO(asAt), "d MMMM yyyy");

  if (list === "others") {
    const department = await getViewableDepartment(user, slug);
    if (!department) notFound();
    const page = requestedPage(query);
    const items = await pageDepartmentExceptions(user, department, asAt, page);
    const window = pageWindow(items.total, page);
    return (
      <div className="space-y-10">
        <Heading department={department} month={month} options={options} asAtText={view.asAtText} list={list} />
        <section aria-labelledby="exceptions" className="space-y-4">
          <h2 id="exceptions" className="text-2xl font-bold">
            Initiatives, risks and what is overdue, as at {asAtDay}
          </h2>
          <PageSummary window={window} noun="item" plural="items" />
          {items.items.length > 0 && <OtherExceptionsTable items={items.items} month={month} />}
          <Pagination label="Initiatives, risks and overdue items" window={window} path={`/departments/${department.slug}`} query={{ month: monthParam(month), list }} />
        </section>
      </div>
    );
  }

  const dashboard = await getDepartmentDashboard(user, slug, month, asAt);
  if (!dashboard) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/departments/${slug}` });
    notFound();
  }
  const { department, measures, summary, exceptions } = dashboard;
  const counts = STATUS_ORDER.map((s) => ({ status: s, n: measures.filter((m) => m.latest.status === s).length }));

  return (
    <div className="space-y-10">
      <Heading department={department} month={month} options={options} asAtText={view.asAtText} list={list} />

      <ul className="flex flex-wrap gap-3" aria-label={`${department.name}: measures by status in ${monthLabel(month)}`}>
        {counts.map(({ status, n }) => (
          <li key={status} className="flex items-center gap-2 border border-line-soft bg-surface px-3 py-2">
            <StatusBadge status={status} />
            <span className="text-lg font-bold tabular-nums">{n}</span>
            <span className="sr-only">
              {n === 1 ? "measure" : "measures"} {STATUS_LABELS[status].toLowerCase()}
            </span>
          </li>
        ))}
      </ul>

      <section aria-labelledby="plan-and-follow-up" className="space-y-4">
        <h2 id="plan-and-follow-up" className="text-2xl font-bold">
          Initiatives, risks and what is overdue
        </h2>
        <p className="max-w-3xl text-ink-muted">
          As they stood on {asAtDay}: initiatives by their RAG then, risks by their rating then, what was overdue, and service areas forecasting an
          overspend beyond the finance tolerance and efficiencies off track by the month&apos;s returns.
        </p>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-7" aria-label={`${department.name}: initiatives, risks and what is overdue, ${monthLabel(month)}`}>
          <AsAtTiles card={summary} />
        </dl>
        {exceptions.items.length > 0 && (
          <>
            <OtherExceptionsTable items={exceptions.items} month={month} />
            <MoreLink shown={exceptions.items.length} total={exceptions.total} href={pageHref(department, month, "others")} plural="initiatives, risks and overdue items" />
          </>
        )}
      </section>

      <DepartmentMeasures measures={measures} />
    </div>
  );
}
