import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { DueBadge, RecommendationStatusBadge } from "@/components/recommendations/status-badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { SortHeader } from "@/components/ui/sort-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { pageHref } from "@/lib/paging/page";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listRecommendations, listVisibleDepartments } from "@/lib/recommendations/queries";
import { countWords, DUE_SOON_DAYS, isDueSoon, isOverdue, RECOMMENDATION_SOURCES, RECOMMENDATION_STATUSES, SOURCE_LABELS, STATUS_LABELS } from "@/lib/recommendations/rules";
import { filterParams, parseFilters, type RecommendationFilters, type RecommendationSort, type RecommendationView } from "@/lib/validation/recommendation";

export const metadata: Metadata = { title: "Recommendations" };

const day = (iso: string) => format(parseISO(iso), "d MMM yyyy");

const VIEWS: { view: RecommendationView; label: string }[] = [
  { view: "all", label: "All" },
  { view: "active", label: "Open or in progress" },
  { view: "overdue", label: "Overdue" },
  { view: "due_soon", label: `Due in the next ${DUE_SOON_DAYS} days` },
];

/** The page's URL for these filters (empty ones left out; page 1), so that views and filters work without JavaScript. */
function href(f: RecommendationFilters): string {
  return pageHref("/recommendations", filterParams(f), 1);
}

export default async function RecommendationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const filters = parseFilters(await searchParams);
  const today = format(new Date(), "yyyy-MM-dd");
  const [{ rows, counts, window }, departments] = await Promise.all([listRecommendations(user, filters, today), listVisibleDepartments(user)]);
  const countOf: Record<RecommendationView, number> = { all: counts.total, active: counts.active, overdue: counts.overdue, due_soon: counts.dueSoon };
  const departmentName = departments.find((d) => d.slug === filters.department)?.name;
  const narrowed = filters.department || filters.source || filters.status || filters.q;
  const n = window.total;
  const viewWords: Record<RecommendationView, string> = {
    all: countWords(n, "recommendation"),
    active: countWords(n, "open or in-progress recommendation"),
    overdue: countWords(n, "overdue recommendation"),
    due_soon: `${countWords(n, "recommendation")} due in the next ${DUE_SOON_DAYS} days`,
  };
  const shown = viewWords[filters.view];
  const query = filterParams(filters);
  const sortable = (key: RecommendationSort) => ({ sortKey: key, sort: filters.sort, dir: filters.dir, path: "/recommendations", query });

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Recommendations</h1>
          <p className="mt-2 max-w-3xl text-ink-muted">
            Recommendations from the C&amp;AG, the Public Accounts Committee and internal audit, the department&apos;s response,
            and progress to completion — with the evidence that shows each one is done.
          </p>
        </div>
        {can(user, "recommendation:edit") && <ButtonLink href="/recommendations/new">Add a recommendation</ButtonLink>}
      </div>

      <nav aria-label="Views">
        <ul className="flex flex-wrap gap-x-1 gap-y-2 border-b-2 border-line">
          {VIEWS.map(({ view, label }) => {
            const selected = filters.view === view;
            return (
              <li key={view}>
                <Link
                  href={href({ ...filters, view })}
                  aria-current={selected ? "page" : undefined}
                  className={[
                    "-mb-0.5 inline-block border-2 px-4 py-2 font-semibold no-underline",
                    selected ? "border-line border-b-surface bg-surface text-ink visited:text-ink" : "border-transparent text-accent underline",
                  ].join(" ")}
                >
                  {label} <span className="font-normal">({countOf[view]})</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <form method="get" action="/recommendations" className="flex flex-wrap items-end gap-x-4 gap-y-2" aria-label="Filter recommendations">
        {filters.view !== "all" && <input type="hidden" name="view" value={filters.view} />}
        {filters.sort !== "priority" && <input type="hidden" name="sort" value={filters.sort} />}
        {filters.dir !== "asc" && <input type="hidden" name="dir" value={filters.dir} />}
        <Input name="q" type="search" label="Reference or words" defaultValue={filters.q} maxLength={100} fieldClassName="mb-0" className="w-full sm:w-56" />
        {departments.length > 1 && (
          <Select name="department" label="Department" defaultValue={filters.department ?? ""} placeholder="All departments" fieldClassName="mb-0">
            {departments.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </Select>
        )}
        <Select name="source" label="Source" defaultValue={filters.source ?? ""} placeholder="All sources" fieldClassName="mb-0">
          {RECOMMENDATION_SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select name="status" label="Status" defaultValue={filters.status ?? ""} placeholder="Any status" fieldClassName="mb-0">
          {RECOMMENDATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {narrowed && (
          <Link href={href({ ...filters, department: null, source: null, status: null, q: "" })} className="mb-2">
            Clear filters
          </Link>
        )}
      </form>

      <div className="space-y-1" data-testid="recommendation-counts">
        <p className="text-lg font-semibold">
          Showing {shown}
          {departmentName ? ` in ${departmentName}` : ""}
          {filters.source ? ` from ${SOURCE_LABELS[filters.source]}` : ""}
          {filters.status ? ` with status ${STATUS_LABELS[filters.status].toLowerCase()}` : ""}
          {filters.q ? ` matching “${filters.q}”` : ""}.
        </p>
        {window.pages > 1 && (
          <p>
            Page {window.page} of {window.pages}: {window.from.toLocaleString("en-GB")}–{window.to.toLocaleString("en-GB")}.
          </p>
        )}
        <p className="text-ink-muted">
          Of {countWords(counts.total, "recommendation")}
          {narrowed ? " matching the filters" : ""}, {counts.active} {counts.active === 1 ? "is" : "are"} open or in progress:{" "}
          {counts.overdue} overdue and {counts.dueSoon} due in the next {DUE_SOON_DAYS} days.
        </p>
      </div>

      {rows.length === 0 ? (
        <p>Nothing to show here.</p>
      ) : (
        <div className="border border-line-soft bg-surface p-4">
          <Table caption={`Recommendations: ${VIEWS.find((v) => v.view === filters.view)!.label.toLowerCase()}`} captionHidden>
            <THead>
              <tr>
                <SortHeader {...sortable("ref")}>Reference</SortHeader>
                <Th>Recommendation</Th>
                <Th>Source</Th>
                <Th>Unit and owner</Th>
                <SortHeader {...sortable("target")}>Target date</SortHeader>
                <SortHeader {...sortable("status")}>Status</SortHeader>
              </tr>
            </THead>
            <TBody>
              {rows.map((r) => (
                <Tr key={r.id}>
                  <Th scope="row" className="whitespace-nowrap">
                    <Link href={`/recommendations/${r.id}`}>{r.ref}</Link>
                  </Th>
                  <Td className="min-w-64">
                    <span className="line-clamp-3">{r.text}</span>
                  </Td>
                  <Td>{SOURCE_LABELS[r.source]}</Td>
                  <Td className="min-w-48">
                    {r.unitName}
                    <span className="block text-sm text-ink-muted">{r.ownerName}</span>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {r.targetDate ? day(r.targetDate) : "None set"}
                    <span className="block">
                      <DueBadge overdue={isOverdue(r, today)} dueSoon={isDueSoon(r, today)} />
                    </span>
                  </Td>
                  <Td>
                    <RecommendationStatusBadge status={r.status} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}

      <Pagination label="Recommendations" window={window} path="/recommendations" query={query} />
    </div>
  );
}
