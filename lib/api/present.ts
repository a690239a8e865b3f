import "server-only";
import type { z } from "zod";
import type { Frequency } from "@/lib/enums";
import { csvPeriod, entryMonthOf } from "@/lib/entry/csv";
import { monthParam, type Period } from "@/lib/entry/periods";
import type { SheetRow } from "@/lib/entry/sheet";
import { publicBaseUrl } from "@/lib/feedback/base-url";
import type { ApiUnit } from "./queries";
import type { storedFigure } from "./schemas";

/** How the API writes what the entry module reads: figures, periods and the addresses to see them at. */

export type StoredFigure = z.infer<typeof storedFigure>;

/** A sheet row's stored figure in the API's shape; null when none has been entered. */
export function storedFigureOf(current: SheetRow["current"]): StoredFigure | null {
  if (!current) return null;
  return {
    value: current.value,
    numerator: current.numerator,
    denominator: current.denominator,
    commentary: current.commentary,
    status: current.status,
    version: current.version,
    updatedAt: current.updatedAt,
    updatedBy: current.updatedBy,
  };
}

/** "2026-10" for a monthly figure, "2026-Q3" for a quarterly one (the figures CSV's periods). */
export const apiPeriod = (frequency: Frequency, stored: Period): string => csvPeriod(frequency, stored);

/** The month a figure is entered in, YYYY-MM (a quarterly figure: the quarter's last month), for the entry page's address. */
export function entryMonthParam(frequency: Frequency, stored: Period): string {
  return monthParam(entryMonthOf(apiPeriod(frequency, stored))!.month);
}

export const apiBase = () => `${publicBaseUrl()}/api/v1`;

/** Where a figure is in the API, and where people see it in Baseline. */
export function figureLinks(unit: Pick<ApiUnit, "id" | "slug">, measure: { measureId: number; code: string; frequency: Frequency }, stored: Period) {
  const base = publicBaseUrl();
  return {
    self: `${apiBase()}/units/${unit.slug}/figures/${encodeURIComponent(measure.code)}/${apiPeriod(measure.frequency, stored)}`,
    measurePage: `${base}/measures/${measure.measureId}`,
    entryPage: entryPageUrl(unit.id, entryMonthParam(measure.frequency, stored)),
  };
}

export const entryPageUrl = (unitId: number, month: string) => `${publicBaseUrl()}/entry?unit=${unitId}&month=${month}`;

/** A figure's ETag: its version ("0" when there is none yet), the value If-Match sends back. */
export const figureEtag = (figure: { version: number } | null) => `"${figure?.version ?? 0}"`;
