import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { RagCell } from "@/components/initiatives/rag-cell";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { ariaSortOf, SortableTh, SortLink } from "@/components/ui/sortable-th";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { RAG_LABELS } from "@/components/measures/status-badge";
import { monthLabel } from "@/lib/entry/periods";
import {
  INITIATIVE_SORT_LABELS,
  INITIATIVE_SORTS,
  initiativeListParams,
  initiativeListQuery,
  type InitiativeSort,
} from "@/lib/initiatives/list-params";
import { listInitiativeFilterOptions, listInitiatives, type InitiativeFilters, type InitiativeListRow } from "@/lib/initiatives/queries";
import { pageHref } from "@/lib/paging/page";
import { SEARCH_MAX } from "@/lib/paging/search";
import { INITIATIVE_TYPES, RAGS } from "@/lib/enums";
import { INITIATIVE_TYPE_LABELS } from "@/lib/initiatives/labels";

export const metadata: Metadata = { title: "Government Plan initiatives" };

type Search = Record<string, string | string[] | undefined>;
const day = (iso: string) => format(parseISO(iso), "d MMM yyyy");

function NextMilestone({ r }: { r: InitiativeListRow }) {
  if (!r.nextMilestone) return <span className="text-ink-muted">None open</span>;
  return (
    <>
      {r.nextMilestone.overdue ? (
        <Badge tone="danger">
          <span aria-hidden="true">!</span> Overdue{r.overdueCount > 1 ? ` (${r.overdueCount})` : ""}
        </Badge>
      ) : (
        <span className="text-sm font-semibold">Next</span>
      )}{" "}
      <span className="text-sm whitespace-nowrap">{day(r.nextMilestone.expected)}</span>
      <span className="mt-1 line-clamp-2 block text-sm">{r.nextMilestone.title}</span>
    </>
  );
}

const target = (r: InitiativeListRow) => r.targetDateLabel ?? (r.targetDate ? day(r.targetDate) : "—");

export default async function InitiativesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const [query, user] = await Promise.all([searchParams, requireUser()]);
  const today = format(new Date(), "yyyy-MM-dd");
  const params = initiativeListParams(query);
  const options = await listInitiativeFilterOptions(user, params.department, params.unitId);
  const { departments } = options;
  const several = departments.length > 1;

  // Only a department and unit the user may see are kept; anything else is ignored.
  const department = several ? options.department : null;
  const unit = options.units.find((u) => u.id === params.unitId) ?? null;
  const { type, rag, overdue, q, sort, dir } = params;
  const filters: InitiativeFilters = { department, unitId: unit?.id ?? null, type, rag, overdue, q };
  const { rows, window } = await listInitiatives(user, filters, { sort, dir, page: params.page }, today);
  const filtered = Boolean(department || unit || type || rag || overdue || q);
  const state = initiativeListQuery({ ...params, department, unitId: unit?.id ?? null });
  const timelineDept = department ?? departments[0]?.slug;

  const sortHref = (key: InitiativeSort) => {
    const nextDir = key === sort && dir === "asc" ? "desc" : null;
    return pageHref("/initiatives", { ...state, sort: key === "unit" ? null : key, dir: nextDir }, 1);
  };
  const sortBy = (key: InitiativeSort) => ({ active: sort === key, direction: dir, href: sortHref(key) });

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Government Plan initiatives</h1>
          <p className="mt-2 max-w-3xl text-ink-muted">
            Each initiative of the Government Plan with its lead unit, its latest RAG rating and the next milestone due (or the
            earliest one overdue), as of {day(today)}.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          {timelineDept && (
            <Link href={`/initiatives/timeline?department=${timelineDept}&year=${today.slice(0, 4)}`} className="font-semibold">
              Timeline view
            </Link>
          )}
          {can(user, "initiative:edit") && (
            <ButtonLink href="/initiatives/new" variant="secondary" size="sm">
              New initiative
            </ButtonLink>
          )}
        </div>
      </div>

      <form method="get" className="flex flex-wrap items-end gap-x-4 gap-y-3 border border-line-soft bg-surface p-4" aria-label="Filter initiatives">
        <Input name="q" type="search" label="CSP reference or title" defaultValue={q} maxLength={SEARCH_MAX} fieldClassName="mb-0" className="min-w-56" />
        {several && (
          <Select name="department" label="Department" defaultValue={department ?? ""} placeholder="All departments" fieldClassName="mb-0">
            {departments.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </Select>
        )}
        {options.department ? (
          <Select name="unit" label="Lead unit" defaultValue={unit ? String(unit.id) : ""} placeholder="All units" fieldClassName="mb-0">
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.depth > 1 ? `\u00a0\u00a0${u.name}` : u.name}
              </option>
            ))}
          </Select>
        ) : (
          // Units are listed for one department at a time (hundreds across government): without
          // JavaScript, choosing a department and showing the list brings its units here.
          <Select name="unit" label="Lead unit" disabled placeholder="Choose a department first" fieldClassName="mb-0">
            {null}
          </Select>
        )}
        <Select name="type" label="Type" defaultValue={type ?? ""} placeholder="All types" fieldClassName="mb-0" className="min-w-36">
          {INITIATIVE_TYPES.map((t) => (
            <option key={t} value={t}>
              {INITIATIVE_TYPE_LABELS[t]}
            </option>
          ))}
        </Select>
        <Select name="rag" label="RAG" defaultValue={rag ?? ""} placeholder="Any rating" fieldClassName="mb-0" className="min-w-40">
          {RAGS.map((r) => (
            <option key={r} value={r}>
              {RAG_LABELS[r]}
            </option>
          ))}
          <option value="none">Not rated</option>
        </Select>
        <div className="flex min-h-11 items-center gap-2">
          <input type="checkbox" id="overdue" name="overdue" value="1" defaultChecked={overdue} className="size-6 accent-accent" />
          <label htmlFor="overdue" className="font-bold">
            Only with overdue milestones
          </label>
        </div>
        {/* The sort also lives in the column headers; here it is at hand on a phone, where the table scrolls sideways. */}
        <Select name="sort" label="Sort by" defaultValue={sort} fieldClassName="mb-0" className="min-w-40">
          {INITIATIVE_SORTS.map((s) => (
            <option key={s} value={s}>
              {INITIATIVE_SORT_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select name="dir" label="Order" defaultValue={dir} fieldClassName="mb-0" className="min-w-36">
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </Select>
        <div className="flex items-center gap-4">
          <Button type="submit" variant="secondary">
            Show initiatives
          </Button>
          {filtered && <Link href={pageHref("/initiatives", { ...state, q: null, department: null, unit: null, type: null, rag: null, overdue: null }, 1)}>Clear filters</Link>}
        </div>
      </form>

      <PageSummary window={window} noun="initiative" plural="initiatives" filtered={filtered} />

      {/* One table at every width (it scrolls sideways on a phone): a second, card-shaped copy of the
          fifty rows for phones doubled the page. */}
      {rows.length > 0 && (
        <div className="border border-line-soft bg-surface p-4 shadow-sm">
          <Table
            caption="Initiatives: CSP reference and title, lead unit, type, RAG, next or overdue milestone, target date and last update"
            captionHidden
            className="min-w-[60rem] table-fixed"
          >
            <THead>
              <tr>
                <Th aria-sort={ariaSortOf(sort === "ref" || sort === "title", dir)}>
                  <SortLink {...sortBy("ref")}>CSP ref</SortLink> and <SortLink {...sortBy("title")}>initiative</SortLink>
                </Th>
                <SortableTh className="w-24" {...sortBy("unit")}>
                  Lead unit
                </SortableTh>
                {/* A fixed layout lets a word or badge wider than its column run into the next cell (issue 19): the type
                    column takes "Programme", the RAG one the widest badge, "Green – on track", unbroken. */}
                <Th className="w-32">Type</Th>
                <SortableTh className="w-56" {...sortBy("rag")}>
                  RAG
                </SortableTh>
                <SortableTh className="w-40" {...sortBy("next")}>
                  Next or overdue milestone
                </SortableTh>
                <SortableTh className="w-32" {...sortBy("target")}>
                  Target date
                </SortableTh>
                <SortableTh className="w-28" {...sortBy("updated")}>
                  Last update
                </SortableTh>
              </tr>
            </THead>
            <TBody>
              {rows.map((r) => (
                <Tr key={r.id}>
                  <Th scope="row" className="font-semibold">
                    <span className="block font-mono text-sm font-normal text-ink-muted">{r.cspRef}</span>
                    <Link href={`/initiatives/${r.id}`}>{r.title}</Link>
                  </Th>
                  <Td>
                    {r.unitShortName}
                    <span className="block text-sm text-ink-muted">{r.departmentShortName}</span>
                  </Td>
                  <Td>{INITIATIVE_TYPE_LABELS[r.type]}</Td>
                  <Td>
                    <RagCell rag={r.rag} />
                  </Td>
                  <Td>
                    <NextMilestone r={r} />
                  </Td>
                  <Td className="text-sm">
                    {target(r)}
                    {r.targetDate && r.targetDateLabel && <span className="block text-ink-muted">{day(r.targetDate)}</span>}
                  </Td>
                  <Td className="text-sm">{r.lastUpdate ? monthLabel(r.lastUpdate) : <span className="text-ink-muted">None</span>}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}

      <Pagination label="Initiatives" window={window} path="/initiatives" query={state} />
    </div>
  );
}
