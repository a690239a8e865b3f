import { describe, expect, it } from "vitest";
import {
  CSV_COLUMNS,
  csvRows,
  fiveQuarters,
  lastCompletedQuarter,
  measureForReport,
  milestonesInQuarter,
  parseQuarterSlug,
  previousQuarter,
  quarterBounds,
  quarterMonthPeriods,
  quarterMonths,
  quarterName,
  quarterSlug,
  summarise,
  targetOn,
  type MeasureInput,
  type ReportContent,
} from "@/lib/reports/content";

const Q3 = { year: 2026, quarter: 3 };

describe("quarters", () => {
  it("names, slugs and parses quarters", () => {
    expect(quarterSlug(Q3)).toBe("2026-q3");
    expect(quarterName(Q3)).toBe("Q3 2026");
    expect(quarterMonths(Q3)).toBe("July to September 2026");
    expect(parseQuarterSlug("2026-q3")).toEqual(Q3);
    for (const bad of ["2026-q5", "2026-q0", "2026-Q3x", "26-q3", "2026q3", "1999-q1", ""]) expect(parseQuarterSlug(bad)).toBeNull();
  });

  it("knows each quarter's months and bounds, including leap years", () => {
    expect(quarterMonthPeriods({ year: 2026, quarter: 1 })).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(quarterBounds({ year: 2026, quarter: 4 })).toEqual({ start: "2026-10-01", end: "2026-12-31" });
    expect(quarterBounds({ year: 2028, quarter: 1 }).end).toBe("2028-03-31");
    expect(quarterBounds({ year: 2026, quarter: 2 }).end).toBe("2026-06-30");
  });

  it("steps back across years and lists the five quarters oldest first", () => {
    expect(previousQuarter({ year: 2026, quarter: 1 })).toEqual({ year: 2025, quarter: 4 });
    expect(fiveQuarters({ year: 2026, quarter: 2 }).map(quarterSlug)).toEqual(["2025-q2", "2025-q3", "2025-q4", "2026-q1", "2026-q2"]);
  });

  it("takes the last completed quarter as of a date", () => {
    expect(lastCompletedQuarter(new Date(2026, 10, 23))).toEqual({ year: 2026, quarter: 3 });
    expect(lastCompletedQuarter(new Date(2026, 0, 5))).toEqual({ year: 2025, quarter: 4 });
    expect(lastCompletedQuarter(new Date(2026, 3, 1))).toEqual({ year: 2026, quarter: 1 });
  });
});

function measure(over: Partial<MeasureInput> = {}): MeasureInput {
  return {
    code: "MD-INC-P2",
    name: "Incident resolution by severity – P2",
    description: "P2 incidents resolved within SLA",
    unitName: "Modernisation and Digital",
    category: "service",
    valueType: "percent",
    decimals: 1,
    scaleMax: null,
    direction: "higher_better",
    frequency: "monthly",
    quarterRule: "mean",
    dataSource: "M&D Service Management Report",
    baseline: 80,
    baselineLabel: "January 2020",
    tolerancePct: 5,
    figures: [],
    targets: [{ effectiveFrom: "2020-01-01", value: 90 }],
    ...over,
  };
}

const month = (period: string, value: number | null, extra: Partial<MeasureInput["figures"][number]> = {}) => ({
  period,
  value,
  numerator: null,
  denominator: null,
  commentary: null,
  ...extra,
});

describe("measureForReport", () => {
  it("derives each quarter from its months by the measure's rule and judges it against the target in force", () => {
    const m = measureForReport(
      measure({
        figures: [month("2026-04-01", 80), month("2026-05-01", 82), month("2026-06-01", 84), month("2026-07-01", 90), month("2026-08-01", 92), month("2026-09-01", 94)],
        targets: [
          { effectiveFrom: "2020-01-01", value: 90 },
          { effectiveFrom: "2026-09-01", value: 95 },
        ],
      }),
      Q3,
    );
    expect(m.history.map((h) => h.label)).toEqual(["Q3 2025", "Q4 2025", "Q1 2026", "Q2 2026", "Q3 2026"]);
    const q2 = m.history[3]!;
    expect(q2).toMatchObject({ value: 82, target: 90, status: "off_target" });
    // Q3's mean is 92; the target in force in its last month is the new 95, and 92 is within 5% of it.
    expect(m).toMatchObject({ value: 92, target: 95, status: "within_tolerance", trend: "improving" });
    expect(m.history[0]).toMatchObject({ value: null, status: "no_data" });
  });

  it("adds up a 'sum' measure and takes the last month of a 'last' measure", () => {
    const figures = [month("2026-07-01", 10), month("2026-08-01", null), month("2026-09-01", 5)];
    expect(measureForReport(measure({ quarterRule: "sum", valueType: "count", figures }), Q3).value).toBe(15);
    expect(measureForReport(measure({ quarterRule: "last", valueType: "count", figures }), Q3).value).toBe(5);
  });

  it("uses the stored quarter of a quarterly measure, judged against the target at the quarter's start", () => {
    const m = measureForReport(
      measure({
        frequency: "quarterly",
        direction: "lower_better",
        figures: [month("2026-04-01", 12), month("2026-07-01", 9)],
        targets: [
          { effectiveFrom: "2020-01-01", value: 10 },
          { effectiveFrom: "2026-08-01", value: 5 },
        ],
      }),
      Q3,
    );
    expect(m).toMatchObject({ value: 9, target: 10, status: "on_target", trend: "improving" });
  });

  it("keeps the latest non-empty commentary of the quarter", () => {
    const m = measureForReport(
      measure({
        figures: [
          month("2026-07-01", 90, { commentary: "July: two major incidents." }),
          month("2026-08-01", 91, { commentary: "August: recovery plan agreed." }),
          month("2026-09-01", 92, { commentary: "  " }),
        ],
      }),
      Q3,
    );
    expect(m.commentary).toBe("August: recovery plan agreed.");
  });

  it("finds no target before the first one takes effect", () => {
    expect(targetOn([{ effectiveFrom: "2026-04-01", value: 5 }], "2026-03-01")).toBeNull();
    expect(targetOn([{ effectiveFrom: "2026-04-01", value: 5 }], "2026-04-01")).toBe(5);
  });
});

describe("milestonesInQuarter", () => {
  const ms = (title: string, plannedDate: string, actualDate: string | null, status = actualDate ? "achieved" : "in_progress") => ({
    title,
    plannedDate,
    forecastDate: null,
    actualDate,
    status,
  });

  it("counts a milestone achieved in the quarter, and missed when planned in it but not achieved by then", () => {
    const { achieved, missed } = milestonesInQuarter(
      [
        ms("On time", "2026-08-15", "2026-08-10"),
        ms("Late but done in quarter", "2026-07-15", "2026-09-01"),
        ms("Not done", "2026-09-30", null),
        ms("Planned last quarter, done now", "2026-06-30", "2026-07-02"),
        ms("Next quarter", "2026-10-15", null),
        ms("Cancelled", "2026-08-01", null, "cancelled"),
      ],
      Q3,
    );
    expect(achieved.map((m) => m.title)).toEqual(["On time", "Late but done in quarter", "Planned last quarter, done now"]);
    expect(missed.map((m) => m.title)).toEqual(["Late but done in quarter", "Not done"]);
  });
});

describe("summary and CSV", () => {
  const m = measureForReport(measure({ figures: [month("2026-07-01", 95)] }), Q3);
  const body: Omit<ReportContent, "summary"> = {
    schemaVersion: 1,
    department: { slug: "coo", name: "Chief Operating Office" },
    year: 2026,
    quarter: 3,
    generatedAt: "2026-10-05T09:00:00.000Z",
    narrative: { introduction: "", highlights: "", concerns: "" },
    measures: [m],
    initiatives: [
      { cspRef: "GP20-OI3-10", title: "Case management", unitName: "P&CS", type: "bau", status: "in_progress", rag: "amber", ragReason: "Recruitment", targetDateLabel: null, successCriterion: null, achieved: [], missed: [{ title: "x", plannedDate: "2026-08-01", forecastDate: null, actualDate: null }] },
      { cspRef: "OI3-13", title: "Team Jersey", unitName: "P&CS", type: "programme", status: "in_progress", rag: null, ragReason: null, targetDateLabel: null, successCriterion: null, achieved: [], missed: [] },
    ],
    risks: [{ ref: "COO-R03", title: "Cyber", category: "Information", event: "A cyber attack", residualScore: 12, residualBand: "High", appetiteScore: 8, aboveAppetite: true, mitigations: [] }],
    recommendations: { implemented: [], outstanding: [] },
  };

  it("counts statuses, RAGs, milestones, risks above appetite and recommendations", () => {
    const s = summarise(body);
    expect(s.measures.on_target).toBe(1);
    expect(s.initiatives).toEqual({ green: 0, amber: 1, red: 0, none: 1 });
    expect(s).toMatchObject({ milestonesAchieved: 0, milestonesMissed: 1, risksAboveAppetite: 1, recommendationsImplemented: 0, recommendationsOutstanding: 0 });
  });

  it("writes one row per measure and quarter in the documented column order", () => {
    const rows = csvRows({ ...body, summary: summarise(body) }, 2);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toHaveLength(CSV_COLUMNS.length);
    const last = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c.name, rows[4]![i]]));
    expect(last).toMatchObject({ department: "coo", report_quarter: "2026-Q3", revision: 2, measure_code: "MD-INC-P2", quarter: "2026-Q3", value: 95, target: 90, baseline: 80, status: "on_target" });
  });
});
