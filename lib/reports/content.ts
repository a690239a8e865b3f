/**
 * The content of a quarterly performance report (pure; unit-tested). A report's content is built
 * from the same figures the SLT reviewed, and frozen as JSON in report_revisions when it is
 * published: the public page, its CSV and its JSON are all read from that frozen copy, so later
 * changes to figures never change what was published.
 *
 * The shape is versioned (`schemaVersion`); a change to it must keep old revisions readable.
 */
import { deriveQuarter, type MonthFigure, type QuarterRule } from "@/lib/measures/quarter";
import { statusOf, type Direction, type Status } from "@/lib/measures/status";
import { trendOf, type Trend } from "@/lib/measures/trend";

export const REPORT_SCHEMA_VERSION = 1;

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

export interface ReportQuarterFigure {
  /** "Q3 2026" */
  label: string;
  year: number;
  quarter: number;
  value: number | null;
  target: number | null;
  status: Status;
}

export interface ReportMeasure {
  code: string;
  name: string;
  description: string;
  unitName: string;
  category: string;
  valueType: string;
  decimals: number;
  scaleMax: number | null;
  direction: Direction;
  frequency: "monthly" | "quarterly";
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
}

export interface ReportMilestone {
  title: string;
  plannedDate: string;
  forecastDate: string | null;
  actualDate: string | null;
}

export interface ReportInitiative {
  cspRef: string;
  title: string;
  unitName: string;
  type: string;
  status: string;
  rag: "green" | "amber" | "red" | null;
  ragReason: string | null;
  targetDateLabel: string | null;
  successCriterion: string | null;
  achieved: ReportMilestone[];
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

export interface ReportContent {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  department: { slug: string; name: string };
  year: number;
  quarter: number;
  /** When the content was assembled from the figures (ISO timestamp). */
  generatedAt: string;
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
}

// ---------------------------------------------------------------------------------------------
// Assembly
// ---------------------------------------------------------------------------------------------

export interface MeasureInput extends Omit<ReportMeasure, "value" | "target" | "status" | "trend" | "history" | "commentary"> {
  tolerancePct: number;
  /** Submitted figures: month periods for monthly measures, quarter starts for quarterly ones. */
  figures: { period: string; value: number | null; numerator: number | null; denominator: number | null; commentary: string | null }[];
  /** Target history, oldest first. */
  targets: { effectiveFrom: string; value: number | null }[];
}

/** The target in force on `period`: the latest effective on or before it. */
export function targetOn(targets: MeasureInput["targets"], period: string): number | null {
  let found: number | null = null;
  for (const t of targets) if (t.effectiveFrom <= period) found = t.value;
  return found;
}

/**
 * A measure's figure for each of the five quarters: a quarterly measure's stored figure (judged
 * against the target in force at the quarter's start, as the dashboards do), or a monthly measure's
 * months derived by its quarter rule (judged against the target in force in the quarter's last month).
 */
export function measureForReport(m: MeasureInput, q: QuarterRef): ReportMeasure {
  const byPeriod = new Map(m.figures.map((f) => [f.period, f]));
  const history: ReportQuarterFigure[] = fiveQuarters(q).map((qq) => {
    const months = quarterMonthPeriods(qq);
    let value: number | null;
    let target: number | null;
    if (m.frequency === "quarterly") {
      value = byPeriod.get(months[0])?.value ?? null;
      target = targetOn(m.targets, months[0]);
    } else {
      const figures: MonthFigure[] = months.map((p) => {
        const f = byPeriod.get(p);
        return { value: f?.value ?? null, numerator: f?.numerator ?? null, denominator: f?.denominator ?? null };
      });
      value = deriveQuarter(m.quarterRule, figures, m.valueType === "percent")?.value ?? null;
      target = targetOn(m.targets, months[2]);
    }
    return { label: quarterName(qq), year: qq.year, quarter: qq.quarter, value, target, status: statusOf({ value, target, direction: m.direction, tolerancePct: m.tolerancePct }) };
  });
  const current = history[4]!;
  const previous = history[3]!;
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
    trend: trendOf({ current: current.value, comparison: previous.value, direction: m.direction }),
    history,
    commentary,
  };
}

export interface MilestoneInput {
  title: string;
  plannedDate: string;
  forecastDate: string | null;
  actualDate: string | null;
  status: string;
}

/**
 * Milestones achieved in the quarter (actual date inside it), and missed in it (planned inside it
 * and not achieved by the planned date; cancelled ones are neither).
 */
export function milestonesInQuarter(milestones: MilestoneInput[], q: QuarterRef): { achieved: ReportMilestone[]; missed: ReportMilestone[] } {
  const { start, end } = quarterBounds(q);
  const pick = (m: MilestoneInput): ReportMilestone => ({ title: m.title, plannedDate: m.plannedDate, forecastDate: m.forecastDate, actualDate: m.actualDate });
  const achieved = milestones.filter((m) => m.actualDate !== null && m.actualDate >= start && m.actualDate <= end).map(pick);
  const missed = milestones
    .filter((m) => m.status !== "cancelled" && m.plannedDate >= start && m.plannedDate <= end && (m.actualDate === null || m.actualDate > m.plannedDate))
    .map(pick);
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
  { name: "value", description: "The quarter's figure (derived from monthly figures by the measure's rule); empty when none was reported" },
  { name: "target", description: "Target in force for the quarter; empty when none is set" },
  { name: "baseline", description: "Baseline figure of the measure; empty when none is recorded" },
  { name: "value_type", description: "percent, count, score, currency, days or ratio" },
  { name: "status", description: "on_target, within_tolerance, off_target, no_target or no_data" },
  { name: "data_source", description: "Where the figure comes from" },
] as const;

/** One CSV row per measure per quarter of its history, in the order of CSV_COLUMNS. */
export function csvRows(content: ReportContent, revision: number): (string | number | null)[][] {
  const qName = (y: number, qq: number) => `${y}-Q${qq}`;
  return content.measures.flatMap((m) =>
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
    ]),
  );
}
