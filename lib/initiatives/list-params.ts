import { INITIATIVE_TYPES, RAGS, type InitiativeType, type Rag } from "@/lib/enums";
import { oneOf, requestedPage } from "@/lib/paging/page";
import { searchText } from "@/lib/paging/search";

/**
 * The URL state of the initiatives list (`/initiatives?q=…&department=…&sort=rag&dir=desc&page=2`),
 * read from the search params once. Pure: anything malformed falls back to its default, so that a
 * hand-edited URL shows the list rather than an error, and no raw value reaches SQL.
 */

/** Sort keys, each a column of the list; "unit" (department, then lead unit) is the default. */
export const INITIATIVE_SORTS = ["unit", "ref", "title", "rag", "next", "target", "updated"] as const;
export type InitiativeSort = (typeof INITIATIVE_SORTS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const INITIATIVE_SORT_LABELS: Record<InitiativeSort, string> = {
  unit: "Lead unit",
  ref: "CSP reference",
  title: "Title",
  rag: "RAG (red first)",
  next: "Next or overdue milestone",
  target: "Target date",
  updated: "Last update",
};

export interface InitiativeListParams {
  /** A department slug as written in the URL; the page keeps it only if the user may see it. */
  department: string | null;
  unitId: number | null;
  type: InitiativeType | null;
  rag: Rag | "none" | null;
  overdue: boolean;
  q: string;
  sort: InitiativeSort;
  dir: SortDirection;
  page: number;
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export function initiativeListParams(params: Params): InitiativeListParams {
  const department = first(params.department);
  const unit = first(params.unit);
  const type = oneOf(params, "type", ["", ...INITIATIVE_TYPES], "");
  const rag = oneOf(params, "rag", ["", ...RAGS, "none"], "");
  return {
    department: /^[a-z0-9][a-z0-9-]{0,99}$/.test(department) ? department : null,
    // An int4 id: a longer number would make Postgres refuse the query.
    unitId: /^[1-9]\d{0,9}$/.test(unit) && Number(unit) <= 2_147_483_647 ? Number(unit) : null,
    type: type || null,
    rag: rag || null,
    overdue: first(params.overdue) === "1",
    q: searchText(params),
    sort: oneOf(params, "sort", INITIATIVE_SORTS, "unit"),
    dir: oneOf(params, "dir", SORT_DIRECTIONS, "asc"),
    page: requestedPage(params),
  };
}

/**
 * The list's URL state for links (pagination, sort headers, "clear"), defaults left out so that
 * the canonical URL stays short; `page` is added by pageHref.
 */
export function initiativeListQuery(p: Omit<InitiativeListParams, "page">): Record<string, string | number | null> {
  return {
    q: p.q || null,
    department: p.department,
    unit: p.unitId,
    type: p.type,
    rag: p.rag,
    overdue: p.overdue ? "1" : null,
    sort: p.sort === "unit" ? null : p.sort,
    dir: p.dir === "asc" ? null : p.dir,
  };
}
