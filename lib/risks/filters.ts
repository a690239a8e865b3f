import type { RiskStatus } from "@/lib/enums";
import { RISK_BAND_ORDER, type RiskBand } from "./scoring";
import { routeId } from "@/lib/validation/route-id";
import { oneOf, requestedPage } from "@/lib/paging/page";
import { searchText } from "@/lib/paging/search";

/**
 * The risk register's filters, search, sort and page as they travel in the URL
 * (`/risks?department=coo&band=high&sort=ref&page=2`), so that a filtered list, a heat map cell's
 * link and the browser's back button all agree. Pure.
 */
export type RatingBasis = "residual" | "inherent";
export type StatusFilter = RiskStatus | "all";

/** The orders the register offers: rating (above appetite first, then residual score), ref, title, last reviewed, owner. */
export const RISK_SORTS = ["rating", "ref", "title", "reviewed", "owner"] as const;
export type RiskSort = (typeof RISK_SORTS)[number];
export type SortDir = "asc" | "desc";
/** The direction of each order when the URL gives none: highest rating first, stalest review first, the rest A–Z. */
export const RISK_SORT_DIR: Record<RiskSort, SortDir> = { rating: "desc", ref: "asc", title: "asc", reviewed: "asc", owner: "asc" };

export interface RiskFilters {
  /** Department slug. */
  department: string | null;
  /** A unit id: its risks and those of the units below it. */
  unit: number | null;
  /** Band of the rating chosen by `rating`. */
  band: RiskBand | null;
  /** Which rating the band and the likelihood/impact cell apply to (and which a heat map shows). */
  rating: RatingBasis;
  aboveAppetite: boolean;
  escalated: boolean;
  status: StatusFilter;
  /** One heat map cell: likelihood and impact of the chosen rating. */
  likelihood: number | null;
  impact: number | null;
  /** Text in the reference or title ("" for none). */
  q: string;
  sort: RiskSort;
  dir: SortDir;
  /** The page asked for (the list clamps it to the last page). */
  page: number;
}

export const DEFAULT_FILTERS: RiskFilters = {
  department: null,
  unit: null,
  band: null,
  rating: "residual",
  aboveAppetite: false,
  escalated: false,
  status: "open",
  likelihood: null,
  impact: null,
  q: "",
  sort: "rating",
  dir: "desc",
  page: 1,
};

type Params = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);


function oneToFive(v: string | undefined): number | null {
  const n = routeId(v);
  return n !== null && n <= 5 ? n : null;
}

/** Reads the filters from search params; anything unknown or malformed is ignored (never an error page). */
export function parseRiskFilters(params: Params): RiskFilters {
  const department = first(params.department);
  const band = first(params.band);
  const status = first(params.status);
  const sort = oneOf(params, "sort", RISK_SORTS, "rating");
  return {
    department: department && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(department) ? department : null,
    unit: routeId(first(params.unit)),
    band: (RISK_BAND_ORDER as readonly string[]).includes(band ?? "") ? (band as RiskBand) : null,
    rating: first(params.rating) === "inherent" ? "inherent" : "residual",
    aboveAppetite: first(params.above) === "1",
    escalated: first(params.escalated) === "1",
    status: status === "closed" || status === "all" ? status : "open",
    likelihood: oneToFive(first(params.likelihood)),
    impact: oneToFive(first(params.impact)),
    q: searchText(params),
    sort,
    dir: oneOf(params, "dir", ["asc", "desc"] as const, RISK_SORT_DIR[sort]),
    page: requestedPage(params),
  };
}

/**
 * The URL state of `filters` as query parameters, defaults left out (the register's canonical
 * address has none). The page is left out too: Pagination adds it (lib/paging/page.ts pageHref).
 */
export function filterParams(filters: RiskFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (filters.department) q.department = filters.department;
  if (filters.unit !== null) q.unit = String(filters.unit);
  if (filters.band) q.band = filters.band;
  if (filters.rating !== "residual") q.rating = filters.rating;
  if (filters.aboveAppetite) q.above = "1";
  if (filters.escalated) q.escalated = "1";
  if (filters.status !== "open") q.status = filters.status;
  if (filters.likelihood !== null) q.likelihood = String(filters.likelihood);
  if (filters.impact !== null) q.impact = String(filters.impact);
  if (filters.q) q.q = filters.q;
  if (filters.sort !== "rating") q.sort = filters.sort;
  if (filters.dir !== RISK_SORT_DIR[filters.sort]) q.dir = filters.dir;
  return q;
}

/** The query string of `filters` (defaults left out; the page only past 1), starting with "?" when not empty. */
export function filterQuery(filters: RiskFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(filterParams(filters));
  if (filters.page > 1) q.set("page", String(filters.page));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Whether any filter or search narrows the list beyond the default (open risks everywhere in scope); sort and page do not. */
export function isFiltered(f: RiskFilters): boolean {
  return filterQuery({ ...f, sort: DEFAULT_FILTERS.sort, dir: DEFAULT_FILTERS.dir, page: 1 }) !== "";
}
