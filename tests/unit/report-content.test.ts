import { describe, expect, it } from "vitest";
import { targetInForce } from "@/lib/measures/figure-rules";
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
  readReportContent,
  resourcesForReport,
  summarise,
  type MeasureInput,
  type ReportContent,
} from "@/lib/reports/content";
import { sampleContent } from "./report-fixture";

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
    const figures = [month("2026-07-01", 10), month("2026-08-01", 7), month("2026-09-01", 5)];
    expect(measureForReport(measure({ quarterRule: "sum", valueType: "count", figures }), Q3)).toMatchObject({ value: 22, figureStatus: "final", monthsReported: 3, monthsRequired: 3 });
    expect(measureForReport(measure({ quarterRule: "last", valueType: "count", figures }), Q3).value).toBe(5);
  });

  it("withholds a sum with a month missing: no value and no status against target", () => {
    const figures = [month("2026-07-01", 10), month("2026-08-01", null), month("2026-09-01", 5)];
    const m = measureForReport(measure({ quarterRule: "sum", valueType: "count", direction: "lower_better", targets: [{ effectiveFrom: "2020-01-01", value: 100 }], figures }), Q3);
    expect(m).toMatchObject({ value: null, target: 100, status: "no_data", trend: "no_comparison", monthsReported: 2, monthsRequired: 3, figureStatus: "withheld" });
    expect(m.history[4]).toMatchObject({ value: null, status: "no_data", figureStatus: "withheld", monthsReported: 2 });
  });

  it("publishes a mean or ratio of 2 of 3 months as provisional, judged against target; 'last' only when its last month is missing", () => {
    const two = [month("2026-07-01", 90), month("2026-08-01", 94)];
    expect(measureForReport(measure({ quarterRule: "mean", figures: two }), Q3)).toMatchObject({ value: 92, status: "on_target", monthsReported: 2, monthsRequired: 3, figureStatus: "provisional" });
    expect(measureForReport(measure({ quarterRule: "last", figures: two }), Q3)).toMatchObject({ value: 94, figureStatus: "provisional" });
    const ratio = [month("2026-07-01", 90, { numerator: 9, denominator: 10 }), month("2026-09-01", null)];
    expect(measureForReport(measure({ quarterRule: "ratio", figures: ratio }), Q3)).toMatchObject({ value: 90, monthsReported: 1, figureStatus: "provisional" });
    expect(measureForReport(measure({ quarterRule: "last", figures: [month("2026-09-01", 91)] }), Q3)).toMatchObject({ value: 91, monthsReported: 1, figureStatus: "final" });
  });

  it("needs one figure of a quarterly measure, and has no status for a quarter without figures", () => {
    const m = measureForReport(measure({ frequency: "quarterly", quarterRule: "sum", figures: [month("2026-07-01", 9)] }), Q3);
    expect(m).toMatchObject({ value: 9, monthsReported: 1, monthsRequired: 1, figureStatus: "final" });
    expect(m.history[3]).toMatchObject({ value: null, monthsReported: 0, monthsRequired: 1, figureStatus: null });
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
    expect(targetInForce([{ effectiveFrom: "2026-04-01", value: 5 }], "2026-03-01")).toBeNull();
    expect(targetInForce([{ effectiveFrom: "2026-04-01", value: 5 }], "2026-04-01")).toBe(5);
  });
});

describe("milestonesInQuarter", () => {
  const ms = (title: string, plannedDate: string, actualDate: string | null, status = actualDate ? "achieved" : "in_progress", forecastDate: string | null = null) => ({
    title,
    plannedDate,
    forecastDate,
    actualDate,
    status,
  });
  const titles = (list: { title: string }[]) => list.map((m) => m.title);

  it("counts a milestone achieved in the quarter once, as achieved, flagged late when after its planned date, never also as missed", () => {
    const { achieved, missed } = milestonesInQuarter(
      [
        ms("On time", "2026-08-15", "2026-08-10"),
        ms("Late but done in quarter", "2026-07-15", "2026-09-01"),
        ms("Planned last quarter, done now", "2026-06-30", "2026-07-02"),
        ms("Not done", "2026-09-29", null),
      ],
      Q3,
      "2026-09-30",
    );
    expect(titles(achieved)).toEqual(["On time", "Late but done in quarter", "Planned last quarter, done now"]);
    expect(achieved.map((m) => m.late)).toEqual([false, true, true]);
    expect(titles(missed)).toEqual(["Not done"]);
    expect(missed[0]).toMatchObject({ actualDate: null, late: false });
  });

  it("does not count a milestone not yet due at the as-at day as missed", () => {
    const list = [ms("Due 20 Aug", "2026-08-20", null), ms("Due 30 Sep", "2026-09-30", null), ms("Next quarter", "2026-10-15", null)];
    // Running quarter, previewed on 1 August: nothing is due yet.
    expect(milestonesInQuarter(list, Q3, "2026-08-01").missed).toEqual([]);
    // On 25 August only the first is overdue; one due on the quarter's last day is not missed on that day.
    expect(titles(milestonesInQuarter(list, Q3, "2026-08-25").missed)).toEqual(["Due 20 Aug"]);
    expect(titles(milestonesInQuarter(list, Q3, "2026-09-30").missed)).toEqual(["Due 20 Aug"]);
  });

  it("judges by the date as forecast at the as-at day, not the planned date", () => {
    const { missed } = milestonesInQuarter(
      [
        // Planned in Q2, slipped into Q3 and still not done: missed in Q3.
        ms("Slipped into the quarter", "2026-06-15", null, "in_progress", "2026-08-01"),
        // Planned in Q3 but forecast into Q4 by the end of Q3: not due in Q3.
        ms("Moved out", "2026-08-01", null, "in_progress", "2026-11-01"),
      ],
      Q3,
      "2026-09-30",
    );
    expect(titles(missed)).toEqual(["Slipped into the quarter"]);
    expect(missed[0]!.forecastDate).toBe("2026-08-01");
  });

  it("ignores what happened after the as-at day: an achievement after it is still missed then", () => {
    const { achieved, missed } = milestonesInQuarter([ms("Done in October", "2026-08-15", "2026-10-03")], Q3, "2026-09-30");
    expect(achieved).toEqual([]);
    expect(missed).toEqual([{ title: "Done in October", plannedDate: "2026-08-15", forecastDate: null, actualDate: null, late: false }]);
    // Previewing the running quarter on 20 September: a milestone achieved on 25 September is not yet achieved.
    const early = milestonesInQuarter([ms("Done 25 Sep", "2026-09-25", "2026-09-25")], Q3, "2026-09-20");
    expect(early).toEqual({ achieved: [], missed: [] });
  });

  it("never counts a cancelled milestone", () => {
    const { achieved, missed } = milestonesInQuarter([ms("Cancelled", "2026-08-01", null, "cancelled"), ms("Cancelled, dated", "2026-08-01", "2026-08-02", "cancelled")], Q3, "2026-09-30");
    expect(achieved).toEqual([]);
    expect(missed).toEqual([]);
  });
});

describe("summary and CSV", () => {
  const m = measureForReport(measure({ figures: [month("2026-07-01", 95)] }), Q3);
  const body: Omit<ReportContent, "summary"> = {
    schemaVersion: 2,
    department: { slug: "coo", name: "Chief Operating Office" },
    year: 2026,
    quarter: 3,
    generatedAt: "2026-10-05T09:00:00.000Z",
    asAt: "2026-09-30",
    narrative: { introduction: "", highlights: "", concerns: "" },
    measures: [m],
    initiatives: [
      { cspRef: "GP20-OI3-10", title: "Case management", unitName: "P&CS", type: "bau", status: "in_progress", rag: "amber", ragReason: "Recruitment", targetDateLabel: null, successCriterion: null, achieved: [], missed: [{ title: "x", plannedDate: "2026-08-01", forecastDate: null, actualDate: null, late: false }] },
      { cspRef: "OI3-13", title: "Team Jersey", unitName: "P&CS", type: "programme", status: "in_progress", rag: null, ragReason: null, targetDateLabel: null, successCriterion: null, achieved: [], missed: [] },
    ],
    risks: [{ ref: "COO-R03", title: "Cyber", category: "Information", event: "A cyber attack", residualScore: 12, residualBand: "High", appetiteScore: 8, aboveAppetite: true, mitigations: [] }],
    recommendations: { implemented: [], outstanding: [] },
    resources: null,
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
    // The months behind the figure: 1 of 3, so a mean is provisional.
    expect(last).toMatchObject({ months_reported: 1, months_required: 3, figure_status: "provisional" });
  });

  it("keeps the published columns in place: the months behind a figure are added at the end", () => {
    expect(CSV_COLUMNS.map((c) => c.name)).toEqual([
      "department",
      "report_quarter",
      "revision",
      "measure_code",
      "measure_name",
      "unit",
      "quarter",
      "value",
      "target",
      "baseline",
      "value_type",
      "status",
      "data_source",
      "months_reported",
      "months_required",
      "figure_status",
      "row_type",
      "resource_name",
      "resources_month",
      "budget_pence",
      "outturn_to_date_pence",
      "forecast_pence",
      "resource_status",
      "series_break",
      "n",
      "lower",
      "upper",
    ]);
  });
});

describe("readReportContent: revisions published with an older schema", () => {
  it("leaves current content as it is", () => {
    const content = sampleContent();
    expect(readReportContent(content)).toEqual(content);
  });

  it("reads a schema version 1 revision: months behind each figure unrecorded (null), late derived, nothing it recorded changed", () => {
    const current = sampleContent();
    const strip = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([k]) => !["monthsReported", "monthsRequired", "figureStatus"].includes(k)));
    const v1 = {
      ...current,
      schemaVersion: 1,
      asAt: undefined,
      measures: current.measures.map((m) => ({ ...strip(m), history: m.history.map(strip) })),
      initiatives: [{ cspRef: "X", title: "X", unitName: "U", type: "bau", status: "in_progress", rag: null, ragReason: null, targetDateLabel: null, successCriterion: null, achieved: [{ title: "Late", plannedDate: "2026-07-01", forecastDate: null, actualDate: "2026-08-01" }], missed: [] }],
    } as unknown as ReportContent;
    const read = readReportContent(v1);
    expect(read.schemaVersion).toBe(1);
    expect(read.asAt).toBeNull();
    expect(read.measures[0]).toMatchObject({ value: current.measures[0]!.value, monthsReported: null, monthsRequired: null, figureStatus: null });
    expect(read.measures[0]!.history.every((h) => h.monthsReported === null && h.figureStatus === null)).toBe(true);
    expect(read.initiatives[0]!.achieved[0]!.late).toBe(true);
    // Its CSV has the new columns empty.
    const row = csvRows(read, 1)[4]!;
    expect(row.slice(13, 16)).toEqual([null, null, null]);
  });

  it("reads a schema version 2 revision: no resources section (null), measure rows only in its CSV", () => {
    const current = sampleContent();
    const v2 = { ...current, resources: undefined, schemaVersion: 2 } as unknown as ReportContent;
    const read = readReportContent(v2);
    expect(read.resources).toBeNull();
    const rows = csvRows(read, 1);
    expect(rows.every((r) => r[CSV_COLUMNS.findIndex((c) => c.name === "row_type")] === "measure")).toBe(true);
  });
});

function sampleResources() {
  return resourcesForReport({
    month: "2026-09-01",
    tolerance: { lowerPct: 2, upperPct: 5 },
    serviceAreas: [
      { name: "COO Directorate", budgetPence: 55_800_000, outturnToDatePence: 41_900_001, forecastPence: 55_967_400 },
      { name: "Modernisation and Digital", budgetPence: 1_988_300_000, outturnToDatePence: 1_500_000_000, forecastPence: 2_115_551_200 },
    ],
    efficiencies: [
      { title: "OneGov", scope: "departmental", targetPence: 90_000_000, deliveredToDatePence: 67_500_000, forecastPence: 90_000_000 },
      { title: "Boards", scope: "departmental", targetPence: 20_000_000, deliveredToDatePence: 11_250_000, forecastPence: 15_000_000 },
      { title: "Agency staff", scope: "cross_cutting", targetPence: 11_660_000, deliveredToDatePence: 7_125_000, forecastPence: null },
    ],
    governmentTargetPence: 2_000_000_000,
  });
}

describe("the resources section (schema version 3)", () => {
  it("judges each line under the tolerance and sums the totals in pence", () => {
    const r = sampleResources();
    expect(r.year).toBe(2026);
    expect(r.serviceAreas.map((a) => a.varianceStatus)).toEqual(["on_budget", "beyond_tolerance"]);
    expect(r.total).toEqual({ budgetPence: 2_044_100_000, outturnToDatePence: 1_541_900_001, forecastPence: 2_171_518_600 });
    expect(r.efficiencies.items.map((e) => e.rag)).toEqual(["green", "red", null]);
    expect(r.efficiencies.departmental).toEqual({ targetPence: 110_000_000, deliveredToDatePence: 78_750_000, forecastPence: 105_000_000 });
    // An efficiency with no return yet forecasts nothing.
    expect(r.efficiencies.crossCutting).toEqual({ targetPence: 11_660_000, deliveredToDatePence: 7_125_000, forecastPence: 0 });
    expect(r.efficiencies.governmentTargetPence).toBe(2_000_000_000);
  });

  it("has no department forecast total when a service area has no return", () => {
    const r = resourcesForReport({
      month: "2026-03-01",
      tolerance: { lowerPct: 2, upperPct: 5 },
      serviceAreas: [
        { name: "A", budgetPence: 100, outturnToDatePence: 0, forecastPence: null },
        { name: "B", budgetPence: 200, outturnToDatePence: 10, forecastPence: 200 },
      ],
      efficiencies: [],
      governmentTargetPence: null,
    });
    expect(r.total).toEqual({ budgetPence: 300, outturnToDatePence: 10, forecastPence: null });
    expect(r.serviceAreas[0]!.varianceStatus).toBeNull();
  });

  it("adds the section's rows to the CSV after the measures', with the measure columns empty", () => {
    const content = { ...sampleContent(), resources: sampleResources() };
    const rows = csvRows(content, 3).map((row) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c.name, row[i]])));
    expect(rows.every((r) => Object.keys(r).length === CSV_COLUMNS.length)).toBe(true);
    const measures = rows.filter((r) => r.row_type === "measure");
    expect(measures).toHaveLength(5);
    expect(measures.every((r) => r.resource_name === null && r.budget_pence === null)).toBe(true);
    const resources = rows.filter((r) => r.row_type !== "measure");
    expect(resources.map((r) => r.row_type)).toEqual([
      "service_area",
      "service_area",
      "service_area_total",
      "efficiency",
      "efficiency",
      "efficiency",
      "efficiencies_departmental",
      "efficiencies_cross_cutting",
      "government_efficiency_target",
    ]);
    expect(resources.every((r) => r.department === "coo" && r.report_quarter === "2026-Q3" && r.revision === 3 && r.measure_code === null && r.figure_status === null)).toBe(true);
    expect(resources[1]).toMatchObject({ resource_name: "Modernisation and Digital", resources_month: "2026-09", budget_pence: 1_988_300_000, outturn_to_date_pence: 1_500_000_000, forecast_pence: 2_115_551_200, resource_status: "beyond_tolerance" });
    expect(resources[2]).toMatchObject({ resource_name: "Total", budget_pence: 2_044_100_000, forecast_pence: 2_171_518_600, resource_status: null });
    expect(resources[8]).toMatchObject({ budget_pence: 2_000_000_000, outturn_to_date_pence: null });
  });
});
