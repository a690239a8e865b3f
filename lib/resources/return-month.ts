import { format, startOfMonth, subMonths } from "date-fns";
import { hasEnded, lastCompletedMonth, monthsBetween, parseMonth, type Period } from "@/lib/entry/periods";

/** How many months back the returns' month pickers go (this year and last, and then some). */
export const RETURN_MONTHS_SHOWN = 24;

export interface ReturnMonth {
  /** The month shown: the one asked for, or the last completed month. */
  month: Period;
  /** The month asked for when it has not ended yet (refused: the page says so and shows `month`). */
  refused: Period | null;
  /** The months to choose from, newest first. */
  options: Period[];
}

/**
 * The month of a return page (`?month=YYYY-MM`), as the figures entry page does it: the last
 * completed month by default; a month not yet ended is refused (the page says so and shows the last
 * completed month instead); anything that is not a month reads as no month.
 */
export function resolveReturnMonth(param: string | string[] | undefined, now: Date): ReturnMonth {
  const latest = lastCompletedMonth(now);
  const asked = parseMonth(typeof param === "string" ? param : null);
  const refused = asked !== null && !hasEnded(asked, now) ? asked : null;
  const month = asked && !refused ? asked : latest;
  const from = format(subMonths(startOfMonth(now), RETURN_MONTHS_SHOWN), "yyyy-MM-dd");
  const options = monthsBetween(month < from ? month : from, latest).reverse();
  return { month, refused, options };
}
