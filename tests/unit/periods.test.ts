import { getDay, parseISO } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dueDate,
  hasEnded,
  isDueIn,
  isQuarterEnd,
  lastCompletedMonth,
  monthLabel,
  monthParam,
  monthsBetween,
  parseMonth,
  quarterLabel,
  quarterStart,
  storedAt,
  toPeriod,
  viewOfMonth,
} from "@/lib/entry/periods";

/** Months as the app writes them, over a range wide enough to cross leap years and year ends. */
const anyPeriod = fc.record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }) }).map(({ year, month }) => `${year}-${String(month).padStart(2, "0")}-01`);
/** Any moment in a month (local time), to be "now". */
const anyMoment = fc
  .record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 0, max: 11 }), day: fc.integer({ min: 1, max: 31 }), minute: fc.integer({ min: 0, max: 24 * 60 - 1 }) })
  .map(({ year, month, day, minute }) => new Date(year, month, Math.min(day, new Date(year, month + 1, 0).getDate()), 0, minute));

const isWeekday = (isoDate: string) => ![0, 6].includes(getDay(parseISO(isoDate)));

describe("toPeriod, lastCompletedMonth, monthParam, monthLabel", () => {
  it("a period is the first day of its month", () => {
    expect(toPeriod(new Date(2026, 9, 17, 15, 30))).toBe("2026-10-01");
    expect(toPeriod(new Date(2026, 0, 1, 0, 0))).toBe("2026-01-01");
    expect(toPeriod(new Date(2026, 11, 31, 23, 59))).toBe("2026-12-01");
  });

  it("the month leads normally enter is the one before now, across a year end", () => {
    expect(lastCompletedMonth(new Date(2026, 10, 22))).toBe("2026-10-01");
    expect(lastCompletedMonth(new Date(2026, 10, 1, 0, 0))).toBe("2026-10-01");
    expect(lastCompletedMonth(new Date(2027, 0, 15))).toBe("2026-12-01");
    expect(lastCompletedMonth(new Date(2026, 2, 31))).toBe("2026-02-01");
  });

  it("formats for URLs and headings", () => {
    expect(monthParam("2026-10-01")).toBe("2026-10");
    expect(monthLabel("2026-10-01")).toBe("October 2026");
  });
});

describe("hasEnded", () => {
  it("is true from the first moment of the next month", () => {
    expect(hasEnded("2026-10-01", new Date(2026, 10, 1, 0, 0, 0))).toBe(true);
    expect(hasEnded("2026-10-01", new Date(2026, 9, 31, 23, 59, 59))).toBe(false);
    expect(hasEnded("2026-12-01", new Date(2027, 0, 1))).toBe(true);
    expect(hasEnded("2026-12-01", new Date(2026, 11, 31, 23, 59))).toBe(false);
  });

  it("is true for past months and false for future ones", () => {
    expect(hasEnded("2024-02-01", new Date(2026, 10, 22))).toBe(true);
    expect(hasEnded("2027-01-01", new Date(2026, 10, 22))).toBe(false);
  });

  it("is never true for the current month, and always true for the month before", () => {
    fc.assert(
      fc.property(anyMoment, (now) => {
        expect(hasEnded(toPeriod(now), now)).toBe(false);
        expect(hasEnded(lastCompletedMonth(now), now)).toBe(true);
      }),
    );
  });
});

describe("parseMonth", () => {
  it.each([
    ["2026-10", "2026-10-01"],
    ["2026-01", "2026-01-01"],
    ["2026-12", "2026-12-01"],
  ])("reads %j as %j", (input, period) => {
    expect(parseMonth(input)).toBe(period);
  });

  it.each(["2026-13", "2026-00", "2026-1", "26-10", "2026-10-01", "2026/10", " 2026-10", "2026-10 ", "October 2026", "", null, undefined])("refuses %j", (input) => {
    expect(parseMonth(input)).toBeNull();
  });
});

describe("quarters", () => {
  it.each([
    ["2026-01-01", "2026-01-01", false, "Q1 2026"],
    ["2026-02-01", "2026-01-01", false, "Q1 2026"],
    ["2026-03-01", "2026-01-01", true, "Q1 2026"],
    ["2026-04-01", "2026-04-01", false, "Q2 2026"],
    ["2026-06-01", "2026-04-01", true, "Q2 2026"],
    ["2026-09-01", "2026-07-01", true, "Q3 2026"],
    ["2026-10-01", "2026-10-01", false, "Q4 2026"],
    ["2026-11-01", "2026-10-01", false, "Q4 2026"],
    ["2026-12-01", "2026-10-01", true, "Q4 2026"],
  ])("%s is in the quarter starting %s (quarter end: %s, %s)", (period, start, end, label) => {
    expect(quarterStart(period)).toBe(start);
    expect(isQuarterEnd(period)).toBe(end);
    expect(quarterLabel(period)).toBe(label);
  });

  it("a monthly measure is due every month and stored against it; a quarterly one only at the quarter's end, stored against its first month", () => {
    expect(isDueIn("monthly", "2026-10-01")).toBe(true);
    expect(storedAt("monthly", "2026-10-01")).toBe("2026-10-01");
    expect(isDueIn("quarterly", "2026-10-01")).toBe(false);
    expect(isDueIn("quarterly", "2026-11-01")).toBe(false);
    expect(isDueIn("quarterly", "2026-12-01")).toBe(true);
    expect(storedAt("quarterly", "2026-12-01")).toBe("2026-10-01");
    expect(storedAt("quarterly", "2026-09-01")).toBe("2026-07-01");
  });

  it("every quarter has exactly one quarter-end month, its third", () => {
    fc.assert(
      fc.property(anyPeriod, (period) => {
        const start = quarterStart(period);
        const months = monthsBetween(start, monthsBetween(start, `${start.slice(0, 4)}-12-01`)[2]!);
        expect(months).toHaveLength(3);
        expect(months.map(isQuarterEnd)).toEqual([false, false, true]);
        expect(months).toContain(period);
        expect(months.map(quarterStart)).toEqual([start, start, start]);
        expect(Number(start.slice(5, 7)) % 3).toBe(1);
      }),
    );
  });
});

describe("dueDate", () => {
  it("is the 10th working day of the next month by default", () => {
    // 1 November 2026 is a Sunday: the 10th working day is Friday 13th.
    expect(dueDate("2026-10-01", 10)).toBe("2026-11-13");
    expect(dueDate("2026-10-01")).toBe("2026-11-13");
  });

  it.each([
    ["2026-10-01", 1, "2026-11-02"], // Sunday the 1st: Monday the 2nd
    ["2026-07-01", 1, "2026-08-03"], // Saturday 1 August: Monday the 3rd
    ["2026-08-01", 1, "2026-09-01"], // Tuesday 1 September
    ["2026-08-01", 5, "2026-09-07"], // Tue 1 … Fri 4, then Mon 7
    ["2026-11-01", 10, "2026-12-14"], // Tuesday 1 December: Mon 14th is the 10th
    ["2026-12-01", 10, "2027-01-14"], // across the year end (public holidays are not counted out)
    ["2028-01-01", 20, "2028-02-28"], // leap year February
    ["2026-10-01", 21, "2026-11-30"], // the last working day of November (Monday 30th)
    ["2026-10-01", 22, "2026-12-01"], // past the month's 21 working days it runs on
  ] as const)("%s, working day %i → %s", (period, n, expected) => {
    expect(dueDate(period, n)).toBe(expected);
    expect(isWeekday(expected)).toBe(true);
  });

  it("is always a weekday and the nth Monday–Friday counted from the 1st of the next month", () => {
    fc.assert(
      fc.property(anyPeriod, fc.integer({ min: 1, max: 23 }), (period, n) => {
        const due = dueDate(period, n);
        expect(isWeekday(due)).toBe(true);
        const firstOfNext = monthsBetween(period, `${Number(period.slice(0, 4)) + 1}-12-01`)[1]!;
        expect(due >= firstOfNext).toBe(true);
        let weekdays = 0;
        for (let d = parseISO(firstOfNext); d <= parseISO(due); d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) {
          if (![0, 6].includes(getDay(d))) weekdays += 1;
        }
        expect(weekdays).toBe(n);
      }),
    );
  });

  it("moves later, never earlier, as the working day grows", () => {
    fc.assert(
      fc.property(anyPeriod, fc.integer({ min: 1, max: 22 }), (period, n) => {
        expect(dueDate(period, n + 1) > dueDate(period, n)).toBe(true);
      }),
    );
  });
});

describe("monthsBetween", () => {
  it("lists the months inclusive, oldest first, across a year end", () => {
    expect(monthsBetween("2026-11-01", "2027-02-01")).toEqual(["2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"]);
    expect(monthsBetween("2026-10-01", "2026-10-01")).toEqual(["2026-10-01"]);
    expect(monthsBetween("2026-10-01", "2026-09-01")).toEqual([]);
  });
});

describe("viewOfMonth: what a page of a month is built from", () => {
  const today = "2026-12-04";

  it("judges an ended month at its last day, and the current month at today", () => {
    expect(viewOfMonth("2025-08-01", today)).toEqual({ kind: "shown", period: "2025-08-01", asAt: "2025-08-31", asAtText: "As at 31 August 2025" });
    expect(viewOfMonth("2024-02-01", today)).toMatchObject({ asAt: "2024-02-29" });
    expect(viewOfMonth("2026-11-01", today)).toMatchObject({ asAt: "2026-11-30", asAtText: "As at 30 November 2026" });
    expect(viewOfMonth("2026-12-01", today)).toEqual({ kind: "shown", period: "2026-12-01", asAt: today, asAtText: "As at today, 4 December 2026" });
  });

  it("refuses a month that has not started, naming the latest month there is", () => {
    expect(viewOfMonth("2099-01-01", today)).toEqual({
      kind: "refused",
      period: "2099-01-01",
      latest: "2026-12-01",
      message: "January 2099 has not started yet. Choose a month up to December 2026.",
    });
    expect(viewOfMonth("2027-01-01", today).kind).toBe("refused");
    expect(viewOfMonth("2027-01-01", "2026-12-31").kind).toBe("refused");
    expect(viewOfMonth("2027-01-01", "2027-01-01")).toMatchObject({ kind: "shown", asAt: "2027-01-01", asAtText: "As at today, 1 January 2027" });
  });

  it("never judges a month after today or after its own end", () => {
    fc.assert(
      fc.property(anyPeriod, anyPeriod, (period, todayMonth) => {
        const day = `${todayMonth.slice(0, 8)}15`;
        const view = viewOfMonth(period, day);
        expect(view.kind === "refused").toBe(period > todayMonth);
        if (view.kind === "shown") {
          expect(view.asAt <= day).toBe(true);
          expect(view.asAt.slice(0, 7)).toBe(period.slice(0, 7) === todayMonth.slice(0, 7) ? day.slice(0, 7) : period.slice(0, 7));
        }
      }),
    );
  });
});
