import type { RiskStatus } from "@/lib/enums";
import { RISK_BAND_ORDER, type RiskBand } from "./scoring";
import { routeId } from "@/lib/validation/route-id";

/**
 * The risk register's filters as they travel in the URL (`/risks?department=coo&band=high`), so
 * that a filtered list, a heat map cell's link and the browser's back button all agree. Pure.
 */
export type RatingBasis = "residual" | "inherent";
export type StatusFilter = RiskStatus | "all";

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
  };
}

/** The query string of `filters` (defaults left out), starting with "?" when not empty. */
export function filterQuery(filters: RiskFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (filters.department) q.set("department", filters.department);
  if (filters.unit !== null) q.set("unit", String(filters.unit));
  if (filters.band) q.set("band", filters.band);
  if (filters.rating !== "residual") q.set("rating", filters.rating);
  if (filters.aboveAppetite) q.set("above", "1");
  if (filters.escalated) q.set("escalated", "1");
  if (filters.status !== "open") q.set("status", filters.status);
  if (filters.likelihood !== null) q.set("likelihood", String(filters.likelihood));
  if (filters.impact !== null) q.set("impact", String(filters.impact));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Whether any filter narrows the list beyond the default (open risks everywhere in scope). */
export function isFiltered(f: RiskFilters): boolean {
  return filterQuery(f) !== "";
}
