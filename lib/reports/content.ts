/**
 * The content of a quarterly performance report (pure; unit-tested). A report's content is built
 * from the same figures the SLT reviewed, and frozen as JSON in report_revisions when it is
 * published: the public page, its CSV and its JSON are all read from that frozen copy, so later
 * changes to figures never change what was published.
 *
 * The shape is versioned (`schemaVersion`); a change to it must keep old revisions readable
 * (readReportContent fills in what an older revision lacks).
 *
 * Version 2 added: the day the content is as at (`asAt`); the months behind each quarterly figure
 * (`monthsReported`, `monthsRequired`, `figureStatus`: a partial sum is withheld, a partial mean or
 * ratio provisional); and `late` on milestones. Its milestones "missed" are only those due in the
 * quarter and overdue at `asAt` (version 1 also counted not-yet-due and achieved-late ones).
 *
 * Version 3 added `resources` (issue 16): budget, outturn to date and forecast by service area, and
 * efficiencies delivered against target, as at the quarter's last month. Older revisions read it as
 * null ("No resources section in this revision").
 *
 * Issue 18 added optional fields, absent from revisions published before them (which render as they
 * did): on each measure the public notes on the quarter's months (`annotations`) and the break a
 * comparison with the previous quarter would cross (`trendAcrossBreak`, its trend then no_comparison);
 * on each quarter of its history the break that starts in it (`seriesBreak`); and each
 * survey-based quarter's `sample` (n, its 95% interval, and whether it had too few responses to be
 * published) and, for proportions, whether the changes against the previous quarter and the same
 * quarter a year before are significant (`changes`).
 */
import type { Frequency, Rag } from "@/lib/enums";
import { efficiencyRag, sumPence, varianceStatus, type Tolerance, type VarianceStatus } from "@/lib/resources/rules";
import { targetInForce } from "@/lib/measures/figure-rules";
import { isMilestoneOverdueAt } from "@/lib/initiatives/milestone-rules";
import { deriveQuarter, monthHasFigure, quarterCompleteness, type FigureStatus, type MonthFigure, type QuarterCompleteness, type QuarterRule } from "@/lib/measures/quarter";
import { statusOf, type Direction, type Status } from "@/lib/measures/status";
import { breakBetween, breakStartingIn } from "@/lib/measures/series-breaks";
import { trendOf, type Trend } from "@/lib/measures/trend";
import { isLowSample } from "@/lib/feedback/rules";
import { changeVerdict, quarterSample, sampleScale, scaleInterval, type ChangeVerdict, type Sample, type SampleKind } from "@/lib/statistics/sample";

export const REPORT_SCHEMA_VERSION = 3;
/** The versions a frozen revision may carry. */
export type ReportSchemaVersion = 1 | 2 | typeof REPORT_SCHEMA_VERSION;

export interface QuarterRef {
  year: number;
  quarter: number;
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-q3" (URLs and file names). */
export const quarterSlug = (q: QuarterRef) => `${q.year}-q${q.quarter}`;
/** "Q3 2026". */
export const quarterName = (q: QuarterRef) => `Q${q.quarter} ${q.year}`;
/** "July to September 2026". */
export const quarterMonths = (q: QuarterRef) => `${MONTH_NAMES[(q.quarter - 1) * 3]} to ${MONTH_NAMES[(q.quarter - 1) * 3 + 2]} ${q.year}`;

/** "2026-q3" → { year: 2026, quarter: 3 }, or null when it is not a quarter. */
export function parseQuarterSlug(slug: string): QuarterRef | null {
  const m = /^(\d{4})-q([1-4])$/.exec(slug);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  return { year, quarter: Number(m[2]) };
}

/** The first day of each month of the quarter, "YYYY-MM-01". */
export function quarterMonthPeriods(q: QuarterRef): [string, string, string] {
  const first = (q.quarter - 1) * 3 + 1;
  const p = (m: number) => `${q.year}-${String(m).padStart(2, "0")}-01`;
  return [p(first), p(first + 1), p(first + 2)];
}

/** The quarter's first and last days. */
export function quarterBounds(q: QuarterRef): { start: string; end: string } {
  const [start, , last] = quarterMonthPeriods(q);
  const [y, m] = last.split("-").map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { start, end: `${last.slice(0, 8)}${String(day).padStart(2, "0")}` };
}

export function previousQuarter(q: QuarterRef): QuarterRef {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
}

/** The quarter and the four before it, oldest first. */
export function fiveQuarters(q: QuarterRef): QuarterRef[] {
  const out = [q];
  while (out.length < 5) out.unshift(previousQuarter(out[0]!));
  return out;
}

/** The last quarter that has ended by `now`. */
export function lastCompletedQuarter(now: Date): QuarterRef {
  const current = { year: now.getFullYear(), quarter: Math.floor(now.getMonth() / 3) + 1 };
  return previousQuarter(current);
}

// ---------------------------------------------------------------------------------------------
// Content shape
// ---------------------------------------------------------------------------------------------

/**
 * The months behind a quarterly figure (lib/measures/quarter.ts quarterCompleteness). null in
 * revisions published before schema version 2, which did not record them.
 */
export interface FigureCompleteness {
  monthsReported: number | null;
  monthsRequired: number | null;
  /** final, provisional (published, flagged) or withheld (no value published); null when there is no figure. */
  figureStatus: FigureStatus | null;
}

/**
 * The sample behind a survey-based quarter's figure (issue 18; lib/statistics/sample.ts
 * quarterSample). Frozen when published: a later change to the minimum sample does not change it.
 */
export interface ReportSample {
  /** Responses (or sampled cases) behind the figure: every month's, added up. */
  n: number;
  /** The 95% interval in the figure's unit; null when there is none (or too few responses). */
  lower: number | null;
  upper: number | null;
  /** Fewer responses than the minimum sample: the figure is not published ("too few responses"). */
  tooFew: boolean;
  /** The minimum sample in force when the content was assembled. */
  minimum: number;
  /** How the interval was found, in words; null without one. */
  method: string | null;
}

export interface ReportQuarterFigure extends FigureCompleteness {
  /** "Q3 2026" */
  label: string;
  year: number;
  quarter: number;
  /** null when none was reported, the figure is withheld, or it had too few responses. */
  value: number | null;
  target: number | null;
  /** no_data when the figure is withheld or had too few responses: no status against target is claimed for it. */
  status: Status;
  /**
   * Issue 18: the first month ("YYYY-MM-01") of a break in the series that starts in this quarter (the
   * latest, if several), so that it is not comparable with earlier quarters; null when none. Absent
   * in revisions published before it was recorded.
   */
  seriesBreak?: string | null;
  /** Issue 18: a survey-based figure's sample; absent from other measures and from older revisions. */
  sample?: ReportSample | null;
}

/** Issue 18: a public note on a month of the quarter ("network outage 3–5 May"), frozen with the report. */
export interface ReportAnnotation {
  /** "YYYY-MM-01". */
  period: string;
  text: string;
}

/** Whether a proportion's change is more than sampling noise (two-proportion test at 95%); null when it cannot be tested. */
export interface ReportChanges {
  previousQuarter: ChangeVerdict | null;
  sameQuarterLastYear: ChangeVerdict | null;
}

export interface ReportMeasure extends FigureCompleteness {
  code: string;
  name: string;
  description: string;
  unitName: string;
  category: string;
  valueType: string;
  decimals: number;
  scaleMax: number | null;
  direction: Direction;
  frequency: Frequency;
  quarterRule: QuarterRule;
  dataSource: string;
  baseline: number | null;
  /** "April 2020", when the baseline has a period. */
  baselineLabel: string | null;
  /** The report's quarter. */
  value: number | null;
  target: number | null;
  status: Status;
  /** Against the previous quarter. */
  trend: Trend;
  /** The previous four quarters and this one, oldest first. */
  history: ReportQuarterFigure[];
  /** The department's latest commentary on a figure in the quarter. */
  commentary: string | null;
  /** Issue 18: the public notes on the quarter's months, in month order; absent in revisions published before them. */
  annotations?: ReportAnnotation[];
  /**
   * Issue 18: the break in the series between the previous quarter and this one (its first month), when
   * there is one: the trend is then no_comparison, as the two are not comparable. Absent before issue 18.
   */
  trendAcrossBreak?: string | null;
  /** Issue 18: the report quarter's sample (history's last); absent from other measures and from older revisions. */
  sample?: ReportSample | null;
  /** Issue 18: for a proportion from a sample; absent otherwise and from older revisions. */
  changes?: ReportChanges;
}

export interface ReportMilestone {
  title: string;
  plannedDate: string;
  /** Its date as forecast at the report's as-at day. */
  forecastDate: string | null;
  /** When it was achieved, if it was by the as-at day. */
  actualDate: string | null;
  /** Achieved after its planned date. */
  late: boolean;
}

export interface ReportInitiative {
  cspRef: string;
  title: string;
  unitName: string;
  type: string;
  status: string;
  rag: Rag | null;
  ragReason: string | null;
  targetDateLabel: string | null;
  successCriterion: string | null;
  /** Achieved in the quarter (by the as-at day), each counted once, late or not. */
  achieved: ReportMilestone[];
  /** Due in the quarter (as forecast at the as-at day) and overdue at that day. */
  missed: ReportMilestone[];
}

/** Only the fields of a risk that may be published; owners, causes and controls stay internal. */
export interface ReportRisk {
  ref: string;
  title: string;
  category: string;
  event: string;
  residualScore: number;
  residualBand: string;
  appetiteScore: number;
  aboveAppetite: boolean;
  mitigations: { description: string; status: string }[];
}

export interface ReportRecommendation {
  ref: string;
  source: string;
  reportTitle: string;
  text: string;
  status: string;
  targetDate: string | null;
  implementedOn: string | null;
  completionEvidence: string | null;
  overdue: boolean;
}

export interface ReportNarrative {
  introduction: string;
  highlights: string;
  concerns: string;
}

/** A service area's revenue in the report (amounts in integer pence). */
export interface ReportServiceArea {
  name: string;
  /** Total net revenue expenditure budget for the year. */
  budgetPence: number;
  /** Net expenditure in the year up to the report's month (the sum of its monthly actuals). */
  outturnToDatePence: number;
  /** Full-year forecast outturn from its latest return by the report's month; null without a return. */
  forecastPence: number | null;
  /** The forecast against the budget under the finance tolerance (null without a forecast). */
  varianceStatus: VarianceStatus | null;
}

export interface ReportEfficiencyTotals {
  targetPence: number;
  deliveredToDatePence: number;
  forecastPence: number;
}

export interface ReportEfficiency extends ReportEfficiencyTotals {
  title: string;
  scope: "departmental" | "cross_cutting";
  /** From the forecast against the target (efficiencyRag); null without a return. */
  rag: Rag | null;
}

/**
 * The report's resources section (schema version 3), as at `month`: the quarter's last month (or,
 * previewing a running quarter, the month of its as-at day). Totals are summed in pence from the lines.
 */
export interface ReportResources {
  /** "YYYY-MM-01". */
  month: string;
  /** The financial (calendar) year the budgets and efficiencies are for. */
  year: number;
  tolerance: { lowerPct: number; upperPct: number };
  serviceAreas: ReportServiceArea[];
  total: { budgetPence: number; outturnToDatePence: number; forecastPence: number | null };
  efficiencies: {
    items: ReportEfficiency[];
    departmental: ReportEfficiencyTotals;
    crossCutting: ReportEfficiencyTotals;
    /** The government-wide efficiencies target for the year, which the departmental ones contribute to; null when none is recorded. */
    governmentTargetPence: number | null;
  };
}

export interface ReportContent {
  schemaVersion: ReportSchemaVersion;
  department: { slug: string; name: string };
  year: number;
  quarter: number;
  /** When the content was assembled from the figures (ISO timestamp). */
  generatedAt: string;
  /**
   * The day the initiatives, milestones, risks and recommendations are as at ("YYYY-MM-DD"): the
   * quarter's last day, or the day of a preview of the running quarter. null before schema version 2.
   */
  asAt: string | null;
  narrative: ReportNarrative;
  summary: {
    measures: Record<Status, number>;
    initiatives: { green: number; amber: number; red: number; none: number };
    milestonesAchieved: number;
    milestonesMissed: number;
    risksAboveAppetite: number;
    recommendationsImplemented: number;
    recommendationsOutstanding: number;
  };
  measures: ReportMeasure[];
  initiatives: ReportInitiative[];
  risks: ReportRisk[];
  recommendations: { implemented: ReportRecommendation[]; outstanding: ReportRecommendation[] };
  /** Budget, outturn and efficiencies (schema version 3); null in revisions published before it. */
  resources: ReportResources | null;
}

/** A shape with fields `K` that an older schema version did not have. */
type Lacking<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type StoredMilestone = Lacking<ReportMilestone, "late">;
type StoredMeasure = Lacking<Omit<ReportMeasure, "history">, keyof FigureCompleteness> & { history: Lacking<ReportQuarterFigure, keyof FigureCompleteness>[] };
/** A revision's content as frozen, in any schema version (ReportContent is one). */
export type StoredReportContent = Lacking<Omit<ReportContent, "measures" | "initiatives">, "asAt" | "resources"> & {
  measures: StoredMeasure[];
  initiatives: (Omit<ReportInitiative, "achieved" | "missed"> & { achieved: StoredMilestone[]; missed: StoredMilestone[] })[];
};

/**
 * A frozen revision's content in the current shape, whatever version it was published with: what an
 * older version did not record is null (the months behind a figure, the as-at day) or derived from
 * what it did (a milestone achieved after its planned date is late). Nothing it recorded changes,
 * its schemaVersion included, so readers can tell.
 */
export function readReportContent(stored: StoredReportContent): ReportContent {
  const months = (f: Partial<FigureCompleteness>): FigureCompleteness => ({
    monthsReported: f.monthsReported ?? null,
    monthsRequired: f.monthsRequired ?? null,
    figureStatus: f.figureStatus ?? null,
  });
  const milestone = (ms: StoredMilestone): ReportMilestone => ({ ...ms, late: ms.late ?? (ms.actualDate !== null && ms.actualDate > ms.plannedDate) });
  return {
    ...stored,
    asAt: stored.asAt ?? null,
    resources: stored.resources ?? null,
    measures: stored.measures.map((m) => ({ ...m, ...months(m), history: m.history.map((h) => ({ ...h, ...months(h) })) })),
    initiatives: stored.initiatives.map((i) => ({ ...i, achieved: i.achieved.map(milestone), missed: i.missed.map(milestone) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Assembly
// ---------------------------------------------------------------------------------------------

export interface MeasureInput
  extends Omit<ReportMeasure, "value" | "target" | "status" | "trend" | "history" | "commentary" | "annotations" | "trendAcrossBreak" | keyof FigureCompleteness> {
  tolerancePct: number;
  /** Submitted figures: month periods for monthly measures, quarter starts for quarterly ones. */
  figures: { period: string; value: number | null; numerator: number | null; denominator: number | null; commentary: string | null }[];
  /** Target history, oldest first. */
  targets: { effectiveFrom: string; value: number | null }[];
  /** Issue 18: public notes on the quarter's months, in month order (none when not given). */
  annotations?: ReportAnnotation[];
  /** Issue 18: the first months of new series after breaks, at least those within the five quarters (none when not given). */
  breaks?: string[];
  /** Issue 18: what the measure's figures are estimated from (sampleKindOf), the samples behind them, and the minimum sample. */
  sampleKind?: SampleKind | null;
  samples?: { period: string; sample: Sample }[];
  minimumSample?: number;
}

/**
 * One quarter's figure of a measure and the months behind it: a quarterly measure's stored figure
 * (1 of 1), or a monthly measure's months derived by its quarter rule (of 3). A withheld figure
 * (a partial sum) has no value, so no status against target is claimed for it.
 */
function quarterFigure(m: MeasureInput, byPeriod: Map<string, MeasureInput["figures"][number]>, qq: QuarterRef): { value: number | null } & QuarterCompleteness {
  const months = quarterMonthPeriods(qq);
  if (m.frequency === "quarterly") {
    const value = byPeriod.get(months[0])?.value ?? null;
    return { value, ...quarterCompleteness(m.quarterRule, [value !== null]) };
  }
  const figures: MonthFigure[] = months.map((p) => {
    const f = byPeriod.get(p);
    return { value: f?.value ?? null, numerator: f?.numerator ?? null, denominator: f?.denominator ?? null };
  });
  const completeness = quarterCompleteness(m.quarterRule, figures.map((f) => monthHasFigure(m.quarterRule, f)));
  if (completeness.figureStatus === "withheld") return { value: null, ...completeness };
  const value = deriveQuarter(m.quarterRule, figures, m.valueType === "percent")?.value ?? null;
  // Months with parts but no figure (a ratio over nothing): there is no figure to qualify.
  return { value, ...completeness, figureStatus: value === null ? null : completeness.figureStatus };
}

/**
 * A measure's figure for each of the five quarters (see quarterFigure), with the months behind
 * it: a quarterly measure's figure is judged against the target in force at the quarter's start,
 * as the dashboards do; a monthly measure's against the target in force in the quarter's last month.
 */
export function measureForReport(m: MeasureInput, q: QuarterRef): ReportMeasure {
  const byPeriod = new Map(m.figures.map((f) => [f.period, f]));
  const breaks = m.breaks ?? [];
  const samples = m.sampleKind ? quarterSamples(m, byPeriod) : null;
  // Each quarter's pooled sample (a proportion's, unless too few): what its changes are tested on.
  const pooled: (Sample | null)[] = [];
  const history: ReportQuarterFigure[] = fiveQuarters(q).map((qq) => {
    const months = quarterMonthPeriods(qq);
    const figure = quarterFigure(m, byPeriod, qq);
    const { monthsReported, monthsRequired, figureStatus } = figure;
    const found = samples?.(qq, figure.value !== null) ?? null;
    // Below the minimum sample the figure is not published: "too few responses" (lib/feedback/rules.ts isLowSample).
    const value = found?.sample.tooFew ? null : figure.value;
    const target = targetInForce(m.targets, m.frequency === "quarterly" ? months[0] : months[2]);
    pooled.push(found?.sample.tooFew ? null : (found?.pooled ?? null));
    return {
      label: quarterName(qq),
      year: qq.year,
      quarter: qq.quarter,
      value,
      target,
      status: statusOf({ value, target, direction: m.direction, tolerancePct: m.tolerancePct }),
      monthsReported,
      monthsRequired,
      figureStatus,
      seriesBreak: breakStartingIn(breaks, months[0], months[2]),
      ...(samples ? { sample: found?.sample ?? null } : {}),
    };
  });
  const current = history[4]!;
  const previous = history[3]!;
  // The previous quarter holds a month before a break and this one a month from it on: not comparable.
  const trendAcrossBreak = breakBetween(breaks, quarterMonthPeriods(previousQuarter(q))[0], quarterMonthPeriods(q)[2]);
  const months = quarterMonthPeriods(q);
  const commentary =
    [...months]
      .reverse()
      .map((p) => byPeriod.get(p)?.commentary ?? null)
      .find((c) => c !== null && c.trim() !== "") ?? null;
  return {
    code: m.code,
    name: m.name,
    description: m.description,
    unitName: m.unitName,
    category: m.category,
    valueType: m.valueType,
    decimals: m.decimals,
    scaleMax: m.scaleMax,
    direction: m.direction,
    frequency: m.frequency,
    quarterRule: m.quarterRule,
    dataSource: m.dataSource,
    baseline: m.baseline,
    baselineLabel: m.baselineLabel,
    value: current.value,
    target: current.target,
    status: current.status,
    monthsReported: current.monthsReported,
    monthsRequired: current.monthsRequired,
    figureStatus: current.figureStatus,
    trend: trendAcrossBreak ? "no_comparison" : trendOf({ current: current.value, comparison: previous.value, direction: m.direction }),
    history,
    commentary,
    annotations: m.annotations ?? [],
    trendAcrossBreak,
    ...(samples ? { sample: current.sample ?? null } : {}),
    ...(m.sampleKind === "proportion"
      ? { changes: { previousQuarter: changeVerdict(pooled[3], pooled[4]), sameQuarterLastYear: changeVerdict(pooled[0], pooled[4]) } }
      : {}),
  };
}

/**
 * For a survey-based measure, a function giving each quarter's sample (lib/statistics/sample.ts
 * quarterSample over the months its figure is built from: the months with a figure, by its rule;
 * a quarterly measure's own figure), frozen as a ReportSample, with the pooled sample its changes
 * are tested on. Null for a quarter without a figure or a sample.
 */
function quarterSamples(m: MeasureInput, byPeriod: Map<string, MeasureInput["figures"][number]>) {
  const samples = new Map((m.samples ?? []).map((s) => [s.period, s.sample]));
  const minimum = m.minimumSample ?? 0;
  const scale = sampleScale(m.sampleKind!, m.valueType);
  return (qq: QuarterRef, hasFigure: boolean): { sample: ReportSample; pooled: Sample | null } | null => {
    if (!hasFigure) return null;
    const months = quarterMonthPeriods(qq);
    const found =
      m.frequency === "quarterly"
        ? quarterSample("last", [samples.get(months[0]) ?? null])
        : quarterSample(
            m.quarterRule,
            months.filter((p) => byPeriod.get(p) && monthHasFigure(m.quarterRule, byPeriod.get(p)!)).map((p) => samples.get(p) ?? null),
          );
    if (!found) return null;
    const tooFew = isLowSample(found.n, minimum);
    const interval = found.interval && !tooFew ? scaleInterval(found.interval, scale) : null;
    return {
      sample: { n: found.n, lower: interval?.lower ?? null, upper: interval?.upper ?? null, tooFew, minimum, method: interval ? found.method : null },
      pooled: found.pooled,
    };
  };
}

export interface MilestoneInput {
  title: string;
  plannedDate: string;
  /** Its date as forecast at the as-at day (forecastAsAt; forecastAsAtSql in a query); null: the planned date. */
  forecastDate: string | null;
  actualDate: string | null;
  status: string;
}

/**
 * A quarter's milestones as at `asAt` (the quarter's last day, or today while it runs):
 * - achieved: its actual date is in the quarter and on or before `asAt` — counted once, flagged
 *   late when that is after its planned date, and never also as missed;
 * - missed: due in the quarter (its date as forecast at `asAt` between the quarter's first day and
 *   `asAt`) and overdue at `asAt` (isMilestoneOverdueAt: not achieved by then). A milestone not yet
 *   due is not missed, so for the running quarter this is the dashboard's overdue milestones that
 *   fall in the quarter;
 * - cancelled ones are neither.
 * Pure; `milestones` keep their order.
 */
export function milestonesInQuarter(milestones: MilestoneInput[], q: QuarterRef, asAt: string): { achieved: ReportMilestone[]; missed: ReportMilestone[] } {
  const { start, end } = quarterBounds(q);
  const until = asAt < end ? asAt : end;
  const achievedBy = (m: MilestoneInput) => m.actualDate !== null && m.actualDate <= asAt;
  const pick = (m: MilestoneInput): ReportMilestone => {
    const actualDate = achievedBy(m) ? m.actualDate : null;
    return { title: m.title, plannedDate: m.plannedDate, forecastDate: m.forecastDate, actualDate, late: actualDate !== null && actualDate > m.plannedDate };
  };
  const live = milestones.filter((m) => m.status !== "cancelled");
  const achieved = live.filter((m) => m.actualDate !== null && m.actualDate >= start && m.actualDate <= until).map(pick);
  const due = (m: MilestoneInput) => (m.forecastDate ?? m.plannedDate) >= start && (m.forecastDate ?? m.plannedDate) <= end;
  const missed = live.filter((m) => due(m) && isMilestoneOverdueAt(m, [], asAt)).map(pick);
  return { achieved, missed };
}

export function summarise(content: Omit<ReportContent, "summary">): ReportContent["summary"] {
  const measures: Record<Status, number> = { on_target: 0, within_tolerance: 0, off_target: 0, no_target: 0, no_data: 0 };
  for (const m of content.measures) measures[m.status] += 1;
  const initiatives = { green: 0, amber: 0, red: 0, none: 0 };
  for (const i of content.initiatives) initiatives[i.rag ?? "none"] += 1;
  return {
    measures,
    initiatives,
    milestonesAchieved: content.initiatives.reduce((n, i) => n + i.achieved.length, 0),
    milestonesMissed: content.initiatives.reduce((n, i) => n + i.missed.length, 0),
    risksAboveAppetite: content.risks.filter((r) => r.aboveAppetite).length,
    recommendationsImplemented: content.recommendations.implemented.length,
    recommendationsOutstanding: content.recommendations.outstanding.length,
  };
}

export interface ResourcesInput {
  month: string;
  tolerance: Tolerance;
  serviceAreas: { name: string; budgetPence: number; outturnToDatePence: number; forecastPence: number | null }[];
  efficiencies: { title: string; scope: "departmental" | "cross_cutting"; targetPence: number; deliveredToDatePence: number; forecastPence: number | null }[];
  governmentTargetPence: number | null;
}

/**
 * The resources section from its lines (pure): each service area's forecast judged against its
 * budget (varianceStatus) and each efficiency's RAG (efficiencyRag) under the tolerance in force,
 * and the totals summed in pence from the lines. An efficiency without a return yet counts nothing
 * towards the forecast total; a department total forecast needs every service area's forecast.
 */
export function resourcesForReport(input: ResourcesInput): ReportResources {
  const { tolerance } = input;
  const serviceAreas: ReportServiceArea[] = input.serviceAreas.map((a) => ({
    ...a,
    varianceStatus: a.forecastPence === null ? null : varianceStatus(a.forecastPence, a.budgetPence, tolerance),
  }));
  const forecasts = serviceAreas.map((a) => a.forecastPence);
  const items: ReportEfficiency[] = input.efficiencies.map((e) => ({
    title: e.title,
    scope: e.scope,
    targetPence: e.targetPence,
    deliveredToDatePence: e.deliveredToDatePence,
    forecastPence: e.forecastPence ?? 0,
    rag: e.forecastPence === null ? null : efficiencyRag(e.forecastPence, e.targetPence, tolerance),
  }));
  const totals = (scope: ReportEfficiency["scope"]): ReportEfficiencyTotals => {
    const of = items.filter((e) => e.scope === scope);
    return {
      targetPence: sumPence(of.map((e) => e.targetPence)),
      deliveredToDatePence: sumPence(of.map((e) => e.deliveredToDatePence)),
      forecastPence: sumPence(of.map((e) => e.forecastPence)),
    };
  };
  return {
    month: input.month,
    year: Number(input.month.slice(0, 4)),
    tolerance: { lowerPct: tolerance.lowerPct, upperPct: tolerance.upperPct },
    serviceAreas,
    total: {
      budgetPence: sumPence(serviceAreas.map((a) => a.budgetPence)),
      outturnToDatePence: sumPence(serviceAreas.map((a) => a.outturnToDatePence)),
      forecastPence: forecasts.every((f): f is number => f !== null) ? sumPence(forecasts) : null,
    },
    efficiencies: { items, departmental: totals("departmental"), crossCutting: totals("cross_cutting"), governmentTargetPence: input.governmentTargetPence },
  };
}

// ---------------------------------------------------------------------------------------------
// Open data: the CSV's columns are part of the published contract — add columns at the end only.
// ---------------------------------------------------------------------------------------------

export const CSV_COLUMNS = [
  { name: "department", description: "Department's short URL name, e.g. coo" },
  { name: "report_quarter", description: "The report's quarter, e.g. 2026-Q3" },
  { name: "revision", description: "Revision of the published report (1 = as first published)" },
  { name: "measure_code", description: "Stable identifier of the measure" },
  { name: "measure_name", description: "Name of the measure" },
  { name: "unit", description: "Service or directorate responsible" },
  { name: "quarter", description: "Quarter the figure is for, e.g. 2026-Q2 (the report's quarter and the four before it)" },
  { name: "value", description: "The quarter's figure (derived from monthly figures by the measure's rule); empty when none was reported or it is withheld" },
  { name: "target", description: "Target in force for the quarter; empty when none is set" },
  { name: "baseline", description: "Baseline figure of the measure; empty when none is recorded" },
  { name: "value_type", description: "percent, count, score, currency, days or ratio" },
  { name: "status", description: "on_target, within_tolerance, off_target, no_target or no_data (also when the figure is withheld: see figure_status)" },
  { name: "data_source", description: "Where the figure comes from" },
  {
    name: "months_reported",
    description: "How many months the quarter's figure is built from (for a quarterly measure, 1 when its quarterly figure was reported); empty in revisions published before this column existed",
  },
  { name: "months_required", description: "How many the measure's rule needs: 3 for a monthly measure, 1 for a quarterly one; empty in revisions published before this column existed" },
  {
    name: "figure_status",
    description:
      "final (every month reported); provisional (an average, ratio or latest month built from fewer months: published, may change); withheld (a total with months missing, which would understate the quarter: value empty and status no_data); empty when there is no figure, or in revisions published before this column existed",
  },
  {
    name: "row_type",
    description:
      "measure (a measure's quarter: the columns above), or a row of the resources section, whose measure columns are empty: service_area (a service area's revenue), service_area_total (the department's), efficiency (one efficiency), efficiencies_departmental and efficiencies_cross_cutting (their totals), government_efficiency_target (the government-wide target the departmental efficiencies contribute to). Revisions published before the resources section have measure rows only",
  },
  { name: "resource_name", description: "Resources rows: the service area or efficiency, or Total" },
  { name: "resources_month", description: "Resources rows: the month the figures are as at, e.g. 2026-09 (the quarter's last month)" },
  {
    name: "budget_pence",
    description: "Resources rows, in pence (£1 = 100): a service area's total net revenue expenditure budget for the year; an efficiency's target; the government's efficiencies target",
  },
  { name: "outturn_to_date_pence", description: "Resources rows, in pence: net expenditure in the year up to resources_month; for efficiencies, the saving delivered to date" },
  { name: "forecast_pence", description: "Resources rows, in pence: the full-year forecast outturn (service areas) or forecast saving (efficiencies); empty without a return" },
  {
    name: "resource_status",
    description: "Service areas: on_budget, within_tolerance or beyond_tolerance (the forecast against the budget); efficiencies: green, amber or red (the forecast against the target); empty otherwise",
  },
  {
    name: "series_break",
    description:
      "Measure rows: the first month of a new series (e.g. 2026-05) when a break in the series starts in this quarter — the measure's definition, data source or calculation changed then, so this quarter's figure is not comparable with earlier quarters' (the latest, if several); empty otherwise, on resources rows, and in revisions published before this column existed",
  },
  {
    name: "n",
    description:
      "Survey-based measures (customer satisfaction, effort and sentiment, and percentages from a sample): how many responses the quarter's figure is based on. Below the minimum sample the figure is not published (value empty, status no_data: too few responses). Empty for other measures, for other rows, and in revisions published before this column existed",
  },
  {
    name: "lower",
    description:
      "Survey-based measures: the lower end of the figure's 95% interval, in the figure's unit (Wilson interval for a proportion, t interval for a mean, multinomial interval for a net score; for an average of months, from their standard errors). Empty when there is none or there were too few responses",
  },
  { name: "upper", description: "Survey-based measures: the upper end of the figure's 95% interval, in the figure's unit; empty as lower" },
] as const;

type CsvRow = (string | number | null)[];

/** The resources section as CSV rows (after the measure columns, which are empty on them). */
function resourceCsvRows(content: ReportContent, revision: number): CsvRow[] {
  const r = content.resources;
  if (!r) return [];
  // department, report_quarter and revision, then the measure columns empty up to row_type.
  const measureColumns = CSV_COLUMNS.findIndex((c) => c.name === "row_type") - 3;
  const lead = [content.department.slug, `${content.year}-Q${content.quarter}`, revision, ...Array<null>(measureColumns).fill(null)];
  // The survey sample's columns (n, lower, upper) are empty on resources rows.
  const sampleColumns: CsvRow = [null, null, null];
  const month = r.month.slice(0, 7);
  const row = (type: string, name: string | null, budget: number | null, toDate: number | null, forecast: number | null, status: string | null): CsvRow => [
    ...lead,
    type,
    name,
    month,
    budget,
    toDate,
    forecast,
    status,
    null,
    ...sampleColumns,
  ];
  const e = r.efficiencies;
  return [
    ...r.serviceAreas.map((a) => row("service_area", a.name, a.budgetPence, a.outturnToDatePence, a.forecastPence, a.varianceStatus)),
    row("service_area_total", "Total", r.total.budgetPence, r.total.outturnToDatePence, r.total.forecastPence, null),
    ...e.items.map((i) => row("efficiency", i.title, i.targetPence, i.deliveredToDatePence, i.forecastPence, i.rag)),
    row("efficiencies_departmental", "Departmental efficiencies", e.departmental.targetPence, e.departmental.deliveredToDatePence, e.departmental.forecastPence, null),
    row("efficiencies_cross_cutting", "Cross-cutting efficiencies", e.crossCutting.targetPence, e.crossCutting.deliveredToDatePence, e.crossCutting.forecastPence, null),
    ...(e.governmentTargetPence === null ? [] : [row("government_efficiency_target", "Government efficiencies target", e.governmentTargetPence, null, null, null)]),
  ];
}

/**
 * One CSV row per measure per quarter of its history, in the order of CSV_COLUMNS, then the
 * resources section's rows (row_type).
 */
export function csvRows(content: ReportContent, revision: number): CsvRow[] {
  const qName = (y: number, qq: number) => `${y}-Q${qq}`;
  const measureRows = content.measures.flatMap((m) =>
    m.history.map((h) => [
      content.department.slug,
      qName(content.year, content.quarter),
      revision,
      m.code,
      m.name,
      m.unitName,
      qName(h.year, h.quarter),
      h.value,
      h.target,
      m.baseline,
      m.valueType,
      h.status,
      m.dataSource,
      h.monthsReported,
      h.monthsRequired,
      h.figureStatus,
      "measure",
      null,
      null,
      null,
      null,
      null,
      null,
      h.seriesBreak ? h.seriesBreak.slice(0, 7) : null,
      h.sample?.n ?? null,
      h.sample?.lower ?? null,
      h.sample?.upper ?? null,
    ]),
  );
  return [...measureRows, ...resourceCsvRows(content, revision)];
}
