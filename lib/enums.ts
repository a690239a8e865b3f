/**
 * Every enumeration stored in the database, declared once. db/schema/enums.ts builds each pgEnum
 * from these arrays, and every type in lib/, app/, components/, scripts/ and db/ derives from them.
 * No imports: client components, the seed and the pure rules can all use this file. The words shown
 * for each value live in one label map per enum, in its domain (DIRECTION_LABELS in
 * lib/measures/choices.ts, RAG_LABELS in components/measures/status-badge.tsx…).
 */

/** Organisation. */
export const UNIT_KINDS = ["department", "directorate", "service"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const ROLES = ["ADMIN", "SLT", "LEAD", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

/** Measures. */
export const MEASURE_CATEGORIES = ["customer", "service", "workforce", "commercial", "finance", "governance"] as const;
export type MeasureCategory = (typeof MEASURE_CATEGORIES)[number];

export const VALUE_TYPES = ["percent", "count", "score", "currency", "days", "ratio"] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export const DIRECTIONS = ["higher_better", "lower_better", "neither"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const FREQUENCIES = ["monthly", "quarterly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const QUARTER_RULES = ["sum", "mean", "last", "ratio"] as const;
export type QuarterRule = (typeof QUARTER_RULES)[number];

export const PERIOD_TYPES = ["month", "quarter"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const VALUE_STATUSES = ["draft", "submitted"] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];

/** Plan: initiatives and milestones. */
export const INITIATIVE_TYPES = ["project", "programme", "bau"] as const;
export type InitiativeType = (typeof INITIATIVE_TYPES)[number];

export const RAGS = ["green", "amber", "red"] as const;
export type Rag = (typeof RAGS)[number];

export const INITIATIVE_STATUSES = ["not_started", "in_progress", "complete", "ongoing", "closed"] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

export const MILESTONE_STATUSES = ["planned", "in_progress", "achieved", "missed", "cancelled"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** Risks. */
export const RISK_STATUSES = ["open", "closed"] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export const MITIGATION_STATUSES = ["planned", "in_progress", "complete"] as const;
export type MitigationStatus = (typeof MITIGATION_STATUSES)[number];

/** A control already in place, or a mitigating action still to be taken. */
export const MITIGATION_KINDS = ["control", "action"] as const;
export type MitigationKind = (typeof MITIGATION_KINDS)[number];

/** Recommendations. */
export const RECOMMENDATION_SOURCES = ["cag", "pac", "internal_audit", "other"] as const;
export type RecommendationSource = (typeof RECOMMENDATION_SOURCES)[number];

export const RECOMMENDATION_STATUSES = ["open", "in_progress", "implemented", "closed", "superseded"] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** The department's answer to a recommendation; null until it has responded. */
export const RECOMMENDATION_ACCEPTANCES = ["accepted", "partially_accepted", "rejected"] as const;
export type RecommendationAcceptance = (typeof RECOMMENDATION_ACCEPTANCES)[number];

/** SLT reviews. */
export const MEETING_STATUSES = ["planned", "held"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const ACTION_STATUSES = ["open", "done", "dropped"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Quarterly reports. */
export const REPORT_STATUSES = ["draft", "submitted", "approved", "published"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Customer feedback. */
/** Which customer-survey figure a measure is fed by (CSAT, CES or CSI); null for measures entered by hand. */
export const FEEDBACK_METRICS = ["csat", "ces", "csi"] as const;
export type FeedbackMetric = (typeof FEEDBACK_METRICS)[number];

export const FEEDBACK_CHANNELS = ["phone", "email", "in_person", "online"] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

/** How a survey response arrived: the public link (email signature) or an advisor's phone form. */
export const FEEDBACK_SOURCES = ["link", "phone"] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

/** Sessions. Why a session row was ended (lib/auth/sessions.ts); a live session has none. */
export const SESSION_END_REASONS = ["signed_out", "account_changed", "idle_timeout", "lifetime_reached"] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * Where a survey response stands in the figures (issue 15): counted on arrival; held for moderation
 * (an open-link response beyond the normal rate); or a moderator's decision on a held one. Only
 * counted and accepted responses are in the figures; rejected ones are kept but never count.
 */
export const FEEDBACK_REVIEW_STATES = ["counted", "held", "accepted", "rejected"] as const;
export type FeedbackReviewState = (typeof FEEDBACK_REVIEW_STATES)[number];

/** The states that count in the month's CSAT, CES and CSI (lib/feedback/counted-sql.ts is their SQL). */
export const COUNTED_REVIEW_STATES = ["counted", "accepted"] as const satisfies readonly FeedbackReviewState[];

/** Why an open-link response was held: too many from one source address, or a burst on the link. */
export const FEEDBACK_HOLD_REASONS = ["address_rate", "link_burst"] as const;
export type FeedbackHoldReason = (typeof FEEDBACK_HOLD_REASONS)[number];

/**
 * Resources (issue 16). A Government Plan funding line is revenue growth or capital; an efficiency
 * is the department's own or its share of a cross-cutting programme; the business plan's "Type"
 * and "Budget Type" columns are kept as written.
 */
export const FUNDING_KINDS = ["growth", "capital"] as const;
export type FundingKind = (typeof FUNDING_KINDS)[number];

export const EFFICIENCY_SCOPES = ["departmental", "cross_cutting"] as const;
export type EfficiencyScope = (typeof EFFICIENCY_SCOPES)[number];

export const EFFICIENCY_TYPES = ["spend_reduction", "income"] as const;
export type EfficiencyType = (typeof EFFICIENCY_TYPES)[number];

export const BUDGET_TYPES = ["staff", "non_staff", "income"] as const;
export type BudgetType = (typeof BUDGET_TYPES)[number];

/** Breakdowns of a department's people (the business plan's employee profile). */
export const WORKFORCE_DIMENSIONS = ["sex", "age_band", "length_of_service"] as const;
export type WorkforceDimension = (typeof WORKFORCE_DIMENSIONS)[number];
