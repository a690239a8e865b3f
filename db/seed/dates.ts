import { addMonths, format, parseISO, startOfMonth, subMonths } from "date-fns";

/** The year the reference documents describe as "this year". */
export const DOCUMENT_YEAR = 2021;

/**
 * Dates in the documents move forward by whole years so that the current year plays the role of
 * their 2021 (a 2020 baseline becomes last year's, a "June 2021" target date this June).
 */
export function yearShift(now: Date): number {
  return now.getFullYear() - DOCUMENT_YEAR;
}

export function shiftDate(isoDate: string, years: number): string {
  const [y, rest] = [Number(isoDate.slice(0, 4)), isoDate.slice(4)];
  const shifted = `${y + years}${rest}`;
  // 29 February in a non-leap target year becomes 28 February.
  return Number.isNaN(parseISO(shifted).getTime()) ? `${y + years}-02-28` : shifted;
}

/**
 * The years written in a text moved like its dates (issue 19), so that the words match the data
 * beside them: "August 2020" → "August 2025", "by Q1 2021" → "by Q1 2026", a range "2020–23" →
 * "2025–28". Whole years only (1900–2099): references such as "GP20-013-01" stay as they are.
 */
export function shiftYearsInText(text: string, years: number): string {
  return text.replace(/\b((?:19|20)\d\d)\b(?:([–-])(\d\d)\b(?!-\d))?/g, (_all, year: string, dash?: string, end?: string) => {
    const shifted = String(Number(year) + years);
    return dash && end ? `${shifted}${dash}${String((Number(end) + years) % 100).padStart(2, "0")}` : shifted;
  });
}

export const iso = (d: Date) => format(d, "yyyy-MM-dd");

/** First days of the last `count` completed months before `now`, oldest first. */
export function lastCompletedMonths(now: Date, count: number): string[] {
  const thisMonth = startOfMonth(now);
  return Array.from({ length: count }, (_, i) => iso(subMonths(thisMonth, count - i)));
}

export function addMonthsIso(isoDate: string, months: number): string {
  return iso(addMonths(parseISO(isoDate), months));
}
