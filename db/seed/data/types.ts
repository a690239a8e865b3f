/**
 * Shapes of the demo data taken from the reference documents (COO Business Plan 2021
 * and the CLS reply to the PAC, July 2021). Dates are written as the documents give
 * them (2020/2021); the seed moves them forward by whole years so that the current
 * year plays the role of 2021 (see db/seed/dates.ts).
 */
import type {
  Direction,
  FeedbackMetric,
  Frequency,
  InitiativeType,
  MeasureCategory,
  MitigationStatus,
  QuarterRule,
  RecommendationAcceptance,
  RecommendationSource,
  RecommendationStatus,
  UnitKind,
  ValueType,
} from "../../../lib/enums";

export interface SeedUnit {
  slug: string; // url-safe, unique: "coo", "cls", "md", "pcs", "commercial", ...
  name: string;
  shortName: string; // "M&D", "P&CS"
  kind: UnitKind;
  parentSlug: string | null;
}

export interface SeedMeasure {
  code: string; // unique, e.g. "MD-INC-P1"
  name: string;
  description: string;
  unitSlug: string; // lead unit
  category: MeasureCategory;
  valueType: ValueType;
  scaleMin?: number; // for scores, e.g. 1
  scaleMax?: number; // for scores, e.g. 7
  decimals: number; // display precision
  direction: Direction;
  frequency: Frequency;
  quarterRule: QuarterRule;
  dataSource: string; // "M&D Service Management Report"
  dataLimitations?: string;
  baseline?: { value: number | null; period: string /* YYYY-MM-01 */; note?: string };
  /** null value = "to be confirmed", with the date it is due to be agreed */
  target: { value: number | null; from: string /* YYYY-MM-01 */; tbcDue?: string /* YYYY-MM-DD */ };
  /** Targets agreed later (e.g. the "to be confirmed by Q1 2021" ones), in date order: the target history. */
  laterTargets?: { value: number | null; from: string /* YYYY-MM-01 */; note?: string }[];
  amberTolerancePct?: number; // default 5
  internationalBenchmarking: boolean;
  group?: string; // "Incident resolution by severity"
  breakdown?: string; // "P1"
  isPublic: boolean;
  /** Fed by the customer survey (lib/feedback): its monthly figures are calculated from the responses. */
  feedbackMetric?: FeedbackMetric;
  /** A count of work done, used for the unit cost on the resources page (cost per IT call logged). */
  isVolume?: boolean;
  /** Generator hints for the 24 months of demo figures */
  demo: {
    start: number; // value ~24 months ago
    end: number; // value last month
    noise: number; // +/- random spread
    gaps?: number; // how many months are missing
    /** for ratio measures: typical denominator per month */
    denominator?: number;
  };
}

export interface SeedPriority {
  code: string; // "CSP-MG" etc.
  title: string; // "Modernising Government"
  description: string;
  parentCode?: string; // sub-priority -> priority
}

export interface SeedKeyObjective {
  departmentSlug: string;
  leadUnitSlug: string;
  title: string;
  description: string;
  priorityCode: string;
}

export interface SeedMilestone {
  title: string;
  plannedDate: string; // YYYY-MM-DD as in the document
}

export interface SeedInitiative {
  cspRef: string; // "GP20-OI3-10"
  title: string;
  deliverables: string;
  leadUnitSlug: string;
  type: InitiativeType;
  targetDateLabel: string; // as written: "June 2021", "1st Plan scheduled for Q2"
  targetDate: string | null; // YYYY-MM-DD (last day of the month named) or null
  wellbeingOutcomes: string; // "N/A"
  impactedMeasureText: string; // the document's free text
  impactedMeasureCodes: string[]; // links to SeedMeasure.code where one exists
  priorityCode: string;
  keyObjectiveTitle?: string;
  ongoing: boolean;
  successCriterion?: string; // required for ongoing items
  milestones: SeedMilestone[];
}

export interface SeedMitigation {
  description: string;
  owner: string;
  dueDate?: string;
  status: MitigationStatus;
}

export interface SeedRisk {
  ref: string; // "CLS-R01"
  unitSlug: string;
  title: string;
  cause: string;
  event: string;
  impact: string;
  category: string; // "People", "Information", "Governance", "Financial", "Operational"
  owner: string; // job title
  inherent: { likelihood: number; impact: number }; // 1-5
  residual: { likelihood: number; impact: number }; // 1-5
  appetite: number; // target score 1-25
  isPublic: boolean;
  mitigations: SeedMitigation[];
}

export interface SeedRecommendation {
  ref: string;
  source: RecommendationSource;
  reportTitle: string;
  reportDate: string; // YYYY-MM-DD
  unitSlug: string;
  text: string;
  response: string;
  owner: string;
  targetDate: string | null;
  status: RecommendationStatus;
  /** The department's answer (default accepted); a rejection's reason is its response. */
  acceptance?: RecommendationAcceptance;
  completionEvidence?: string;
}
