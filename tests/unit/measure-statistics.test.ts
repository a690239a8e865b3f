import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Sparkline, type SparklinePoint } from "@/components/charts/sparkline";
import { MeasureStatistics } from "@/components/measures/measure-statistics";
import { QuarterChart } from "@/components/reports/quarter-chart";
import { monthsBetween } from "@/lib/entry/periods";
import type { MeasureHeader, SeriesPoint } from "@/lib/measures/measure-page";
import { sampleMeasure } from "./report-fixture";

const MONTHS = monthsBetween("2024-01-01", "2026-12-01");

function header(more: Partial<MeasureHeader> = {}): MeasureHeader {
  return {
    id: 1,
    code: "T-1",
    name: "Calls answered",
    description: "",
    unitId: 1,
    unitName: "Unit",
    departmentName: "Department",
    valueType: "percent",
    decimals: 1,
    scaleMax: null,
    direction: "higher_better",
    frequency: "monthly",
    dataSource: "Test",
    dataLimitations: null,
    baselineValue: null,
    baselinePeriod: null,
    baselineNote: null,
    tolerancePct: 5,
    active: true,
    feedbackMetric: null,
    targets: [{ effectiveFrom: "2024-01-01", targetValue: 80, tbcDue: null, note: null }],
    targetDate: null,
    seriesBreaks: [],
    annotations: [],
    ...more,
  };
}

const point = (period: string, value: number): SeriesPoint => ({ period, value, numerator: null, denominator: null, commentary: null, target: 80, status: "on_target" });
const render = (m: MeasureHeader, series: SeriesPoint[]) => renderToStaticMarkup(createElement(MeasureStatistics, { measure: m, series }));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the measure page's statistics", () => {
  // 14 months about 85% (one missing), a break, then 13 months about 90% ending beyond the upper limit.
  const values = [85, 86, 84, 85, 87, 84, 86, 85, 84, 86, 85, 87, 84, 85, 90, 91, 89, 90, 91, 89, 90, 91, 89, 90, 91, 89, 97];
  const series = values.map((v, i) => point(MONTHS[i]!, v)).filter((p) => p.period !== MONTHS[5]);
  const m = header({
    seriesBreaks: [{ period: MONTHS[14]!, reason: "Calls from the new switchboard counted" }],
    annotations: [
      { id: 1, period: MONTHS[5]!, text: "Telephony outage: no figure", isPublic: false },
      { id: 2, period: MONTHS[26]!, text: "Extra staff for the winter", isPublic: true },
    ],
    targetDate: "2027-06-30",
  });
  const html = render(m, series);
  const words = text(html);

  it("tells variation and assurance in words, and lists the signals", () => {
    expect(words).toContain("Special-cause variation: improving");
    expect(words).toContain("The latest figure (Mar 2026) is part of a signal: above the upper process limit.");
    expect(words).toContain("Target consistently met");
    expect(words).toContain("Mar 2026: above the upper process limit, improving");
  });

  it("gives a table of every month first, the gap, the break and the notes in it, then the chart with its text alternative", () => {
    // The caption's words (in the span that keeps them in view while the table scrolls sideways).
    expect(html).toMatch(/<caption[^>]*><span class="scroll-caption">Calls answered: each month with its mean, process limits, moving range and signals, oldest first<\/span>/);
    const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
    expect(table.match(/<tr/g)).toHaveLength(values.length + 1);
    // A gap has no figure, no moving range and no signal; its segment's limits still apply to it.
    expect(text(table)).toContain("Jun 2024 No figure 85.33% 81.08% to 89.59% — — 1. Telephony outage: no figure");
    expect(text(table)).toContain("Jul 2024 86.0% 85.33% 81.08% to 89.59% — None");
    expect(text(table)).toContain("Mar 2025 ┆ Series break: Calls from the new switchboard counted");
    expect(text(table)).toContain("1. Telephony outage: no figure");
    expect(text(table)).toContain("2. Extra staff for the winter Public: also in the published report");
    expect(text(table)).toContain("Special cause: improving above the upper process limit");
    expect(html.indexOf("<table")).toBeLessThan(html.indexOf('role="img"'));
    expect(html).toMatch(/role="img" aria-label="XmR chart of Calls answered from Jan 2024 to Mar 2026: 26 figures, 1 month without one shown as gaps, series break in Mar 2025\. /);
    expect(words).toContain("From Mar 2025 (series break: Calls from the new switchboard counted): mean 90.00%");
    expect(words).toContain("from the first 12 figures (Mar 2025 to Feb 2026), then fixed");
  });

  it("forecasts to the target date with the method named, or says why not", () => {
    // 13 figures since the break: a forecast, kept inside 0–100%.
    expect(words).toContain("Linear trend of the last 12 months (Apr 2025 to Mar 2026)");
    expect(words).toContain("Likely to meet the target of 80.00% by 30 June 2027: the trend projects 95.53% for Jun 2027, with a 95% prediction interval of 86.09% to 100.00%");
    const short = series.slice(0, 20);
    expect(text(render(m, short))).toContain("A forecast needs at least 12 monthly figures since the series break in Mar 2025; there are 7.");
    expect(text(render(header(), series))).toContain("No target date is set for this measure, so there is no forecast.");
  });

  it("says a quarterly measure has no XmR chart", () => {
    expect(text(render(header({ frequency: "quarterly" }), series))).toContain("This measure is reported quarterly.");
  });
});

describe("the report's quarterly chart leaves a gap for a quarter without a figure", () => {
  it("draws the figure line in two pieces around the missing quarter", () => {
    expect(sampleMeasure().history.every((h) => h.value !== null)).toBe(true);
    const chart = (m: ReturnType<typeof sampleMeasure>) => renderToStaticMarkup(createElement(QuarterChart, { measure: m }));
    expect(chart(sampleMeasure()).match(/data-series="figure"/g)).toHaveLength(1);
    const missing = sampleMeasure({
      figures: [
        { period: "2025-09-01", value: 80, numerator: null, denominator: null, commentary: null },
        { period: "2025-12-01", value: 84, numerator: null, denominator: null, commentary: null },
        { period: "2026-06-01", value: 91, numerator: null, denominator: null, commentary: null },
        { period: "2026-09-01", value: 88, numerator: null, denominator: null, commentary: null },
      ],
    });
    const html = chart(missing);
    expect(html.match(/data-series="figure"/g)).toHaveLength(2);
    expect(html).toContain(">no figure</text>");
  });
});

describe("sparklines leave a gap for a missing figure", () => {
  const pt = (value: number | null, due = true): SparklinePoint => ({ value, target: null, status: value === null ? "no_data" : "on_target", due });
  const line = (points: SparklinePoint[]) => renderToStaticMarkup(createElement(Sparkline, { points, description: "x" })).match(/<path d="([^"]*)"/g)![1]!;

  it("lifts the pen at a month without a figure", () => {
    expect(line([pt(1), pt(2), pt(null), pt(3)]).match(/M/g)).toHaveLength(2);
  });

  it("passes over a quarter's months with nothing due, but not over a missing quarter", () => {
    const quarter = (v: number | null) => [pt(null, false), pt(null, false), pt(v)];
    expect(line([...quarter(1), ...quarter(2), ...quarter(3)]).match(/M/g)).toHaveLength(1);
    expect(line([...quarter(1), ...quarter(null), ...quarter(3)]).match(/M/g)).toHaveLength(2);
  });
});
