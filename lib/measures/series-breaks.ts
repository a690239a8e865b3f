import type { Frequency } from "@/lib/enums";

/*
 * Breaks in a measure's series (issue 18), as pure rules shared by the catalogue form, the server
 * and every view that compares two periods. A break recorded from month B means that figures from B
 * on are not comparable with figures before it: the definition, data source or calculation changed.
 * Client-safe: the catalogue form uses seriesDefinitionChanges to offer a break as the user types.
 */

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "May 2026" for "2026-05-01". */
export const breakMonthLabel = (period: string) => `${MONTH_NAMES[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;

/** The first and last month a stored period covers: the month itself, or a quarter's three months. */
export function periodMonths(frequency: Frequency, period: string): { first: string; last: string } {
  if (frequency === "monthly") return { first: period, last: period };
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7)) + 2;
  return { first: period, last: `${year + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, "0")}-01` };
}

/**
 * The break that a comparison of an earlier period with a later one crosses, or null: the latest
 * break B with `earlierFirst` < B ≤ `laterLast`, so that the earlier period holds a month before B
 * and the later one a month from B on. Both bounds are months ("YYYY-MM-01"): the first month of
 * the earlier period (a quarter's first) and the last month of the later one (a quarter's third,
 * periodMonths). A break on the earlier period's first month is not crossed: both are after it.
 * The two may be given in either order.
 */
export function breakBetween(breaks: readonly string[], earlierFirst: string, laterLast: string): string | null {
  const [from, to] = earlierFirst <= laterLast ? [earlierFirst, laterLast] : [laterLast, earlierFirst];
  let found: string | null = null;
  for (const b of breaks) if (b > from && b <= to && (found === null || b > found)) found = b;
  return found;
}

/** breakBetween for two stored periods of a measure (months, or quarters by their first month). */
export function breakBetweenPeriods(breaks: readonly string[], frequency: Frequency, earlier: string, later: string): string | null {
  const [a, b] = earlier <= later ? [earlier, later] : [later, earlier];
  return breakBetween(breaks, periodMonths(frequency, a).first, periodMonths(frequency, b).last);
}

/** The latest break that starts within the months `first`…`last` (a quarter of the open data), or null. */
export function breakStartingIn(breaks: readonly string[], first: string, last: string): string | null {
  let found: string | null = null;
  for (const b of breaks) if (b >= first && b <= last && (found === null || b > found)) found = b;
  return found;
}

/** What a comparison across a break says instead of a change: "Not comparable: series break in May 2026". */
export const notComparableText = (breakPeriod: string) => `Not comparable: series break in ${breakMonthLabel(breakPeriod)}`;

// ---------------------------------------------------------------------------------------------
// Which catalogue edits may record a break
// ---------------------------------------------------------------------------------------------

/**
 * The definition fields whose change can make figures incomparable, so that saving them may record a
 * break: the definition (description), the data source, the unit of measurement (value type) and a
 * score's scale. Not the decimals shown (figures are stored to 4 places whatever is shown), the quarter
 * rule (applied to every quarter when it is read, so quarters before and after the change are
 * derived alike), the direction or tolerance (how a figure is judged, not the figure), nor the name.
 */
export const SERIES_BREAK_FIELDS = ["description", "dataSource", "valueType", "scale"] as const;
export type SeriesBreakField = (typeof SERIES_BREAK_FIELDS)[number];

export const SERIES_BREAK_FIELD_LABELS: Record<SeriesBreakField, string> = {
  description: "definition",
  dataSource: "data source",
  valueType: "unit of measurement",
  scale: "scale",
};

export interface SeriesDefinition {
  description: string | null;
  dataSource: string | null;
  valueType: string;
  scaleMin: string | number | null;
  scaleMax: string | number | null;
}

/** Text as it counts for a change: line endings and surrounding spaces do not. */
const text = (v: string | null) => (v ?? "").replace(/\r\n?/g, "\n").trim();
/** A scale bound as a number ("7.0000" is 7), null when blank. */
const bound = (v: string | number | null) => (v === null || v === "" ? null : Number(v));

/** The break fields that differ between the stored definition and the one being saved, in SERIES_BREAK_FIELDS order. */
export function seriesDefinitionChanges(before: SeriesDefinition, after: SeriesDefinition): SeriesBreakField[] {
  const changed: Record<SeriesBreakField, boolean> = {
    description: text(before.description) !== text(after.description),
    dataSource: text(before.dataSource) !== text(after.dataSource),
    valueType: before.valueType !== after.valueType,
    scale: bound(before.scaleMin) !== bound(after.scaleMin) || bound(before.scaleMax) !== bound(after.scaleMax),
  };
  return SERIES_BREAK_FIELDS.filter((f) => changed[f]);
}

/** "definition and data source", "definition, data source and scale". */
export function changesText(fields: readonly SeriesBreakField[]): string {
  const words = fields.map((f) => SERIES_BREAK_FIELD_LABELS[f]);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
