import { addMonths, format, parseISO } from "date-fns";
import { describe, expect, it } from "vitest";
import { SPC_WINDOW_MONTHS, specialCauseAt, specialCauseOf, spcWindow, type SpcPoint } from "@/lib/statistics/special-cause";

const month = (i: number) => format(addMonths(parseISO("2024-01-01"), i), "yyyy-MM-dd");
/** Figures from January 2024, one a month; null leaves a gap. */
const series = (values: (number | null)[], start = 0): SpcPoint[] =>
  values.flatMap((value, i) => (value === null ? [] : [{ period: month(start + i), value }]));
/** A settled baseline: mean 50, every moving range 2, so limits 50 ± 5.32 and sigma 1.77. */
const BASELINE = [49, 51, 49, 51, 49, 51, 49, 51, 49, 51, 49, 51];

const at = (figures: SpcPoint[], latest: string, breaks: string[] = []) => specialCauseOf(spcWindow(figures, breaks, latest), latest, "higher_better");

describe("special-cause variation of the month viewed", () => {
  it("names a point beyond a limit improving or concerning by the measure's direction, neither without one", () => {
    const figures = series([...BASELINE, 50, 70]);
    const latest = month(13);
    expect(at(figures, latest)).toEqual({ kind: "improving", signal: "beyond_limit", side: "high" });
    expect(specialCauseOf(spcWindow(figures, [], latest), latest, "lower_better")?.kind).toBe("concerning");
    expect(specialCauseOf(spcWindow(figures, [], latest), latest, "neither")?.kind).toBe("neither");
    expect(at(series([...BASELINE, 50, 30]), latest)).toMatchObject({ kind: "concerning", side: "low" });
  });

  it("finds a run of 8 on one side of the mean, but not across a missing month", () => {
    expect(at(series([...BASELINE, 51.5, 51.5, 51.5, 51.5, 51.5, 51.5, 51.5, 51.5]), month(19))).toMatchObject({ kind: "improving", signal: "run_of_8" });
    expect(at(series([...BASELINE, 51.5, 51.5, 51.5, 51.5, null, 51.5, 51.5, 51.5, 51.5]), month(20))).toBeNull();
  });

  it("is nothing for a point within normal variation, a month without a figure, or fewer than 6 figures", () => {
    expect(at(series([...BASELINE, 50, 52]), month(13))).toBeNull();
    expect(at(series([...BASELINE, 50, 70]), month(14))).toBeNull();
    expect(at(series([49, 51, 49, 51, 70]), month(4))).toBeNull();
  });

  it("restarts at a break: the limits come from the figures after it", () => {
    // Before the break the series ran near 100; after it near 50. 70 is beyond the new limits only.
    const before = series([100, 90, 110, 95, 105, 100, 90, 110]);
    const after = series([...BASELINE, 70], 8);
    const latest = month(20);
    expect(at([...before, ...after], latest, [month(8)])).toMatchObject({ kind: "improving", signal: "beyond_limit" });
    expect(at([...before, ...after], latest)).toMatchObject({ kind: "concerning" });
    // A break later than the month viewed does not apply to it.
    expect(spcWindow([...before, ...after], [month(30)], latest).since).toBeNull();
  });

  it("reads the baseline and the last 24 months only, and keeps the verdict", () => {
    const values = [...BASELINE, ...Array.from({ length: 30 }, (_, i) => (i % 2 ? 49 : 51)), 70];
    const figures = series(values);
    const latest = month(values.length - 1);
    const w = spcWindow(figures, [], latest);
    expect(w.points).toHaveLength(12 + SPC_WINDOW_MONTHS);
    expect(w.points.slice(0, 12).map((p) => p.value)).toEqual(BASELINE);
    expect(specialCauseOf(w, latest, "higher_better")).toMatchObject({ kind: "improving", signal: "beyond_limit" });
    expect(specialCauseAt(null, w.points.map((p) => ({ p: p.period, v: String(p.value) })), latest, "higher_better")).toBe("improving");
    expect(specialCauseAt(null, null, latest, "higher_better")).toBeNull();
  });
});
