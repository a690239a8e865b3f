import type { Metadata } from "next";
import Link from "next/link";
import { DepartmentSearch } from "@/components/lists/department-search";
import { StatusBadge } from "@/components/measures/status-badge";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { requireUser } from "@/lib/auth/current-user";
import { lastCompletedMonth, monthLabel } from "@/lib/entry/periods";
import { listDepartmentSummaries } from "@/lib/measures/department";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";
import { pageWindow, requestedPage } from "@/lib/paging/page";
import { searchText } from "@/lib/paging/search";

export const metadata: Metadata = { title: "Departments" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const STATUS_ORDER: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];

export default async function DepartmentsPage({ searchParams }: { searchParams: SearchParams }) {
  const [user, params] = await Promise.all([requireUser(), searchParams]);
  const month = lastCompletedMonth(new Date());
  const search = searchText(params);
  const requested = requestedPage(params);
  const { total, rows: departments } = await listDepartmentSummaries(user, { month, page: requested, search });
  const window = pageWindow(total, requested);
  const query = { q: search };

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">Departments</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Measures of each department you can see, counted by status for {monthLabel(month)} (quarterly measures: the
          latest quarter ended by then). Open a department for its figures, trends and the last 12 months.
        </p>
      </div>

      {(total > 1 || search !== "") && <DepartmentSearch action="/departments" search={search} />}
      {(total > 0 || search !== "") && <PageSummary window={window} noun="department" plural="departments" filtered={search !== ""} />}
      {total === 0 && search === "" && <p>There are no departments you can see.</p>}

      <ul className="grid gap-4 lg:grid-cols-2">
        {departments.map((d) => (
          <li key={d.id} className="rounded-md border border-line-soft bg-surface p-5 shadow-sm">
            <h2 className="text-xl font-bold">
              <Link href={`/departments/${d.slug}`}>{d.name}</Link>
            </h2>
            <p className="mt-1 text-ink-muted">
              {d.measureCount} {d.measureCount === 1 ? "measure" : "measures"}
            </p>
            {/* The items' look is set once on the list (*: variants): fifty cards repeat it 250 times otherwise. */}
            <ul
              className="mt-3 flex flex-wrap gap-2 *:flex *:items-center *:gap-2 *:border *:border-line-soft *:px-2 *:py-1"
              aria-label={`${d.name}: measures by status in ${monthLabel(month)}`}
            >
              {STATUS_ORDER.map((s) => (
                <li key={s}>
                  <StatusBadge status={s} />
                  <b className="tabular-nums">{d.counts[s]}</b>
                  <span className="sr-only">
                    {d.counts[s] === 1 ? "measure" : "measures"} {STATUS_LABELS[s].toLowerCase()}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>

      <Pagination label="Departments" window={window} path="/departments" query={query} />
    </div>
  );
}
