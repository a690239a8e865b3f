import { pgEnum } from "drizzle-orm/pg-core";
import {
  ACTION_STATUSES,
  BUDGET_TYPES,
  EFFICIENCY_SCOPES,
  EFFICIENCY_TYPES,
  FUNDING_KINDS,
  WORKFORCE_DIMENSIONS,
  DIRECTIONS,
  FEEDBACK_CHANNELS,
  FEEDBACK_HOLD_REASONS,
  FEEDBACK_METRICS,
  FEEDBACK_REVIEW_STATES,
  FEEDBACK_SOURCES,
  FREQUENCIES,
  INITIATIVE_STATUSES,
  INITIATIVE_TYPES,
  MEASURE_CATEGORIES,
  MEETING_STATUSES,
  MILESTONE_STATUSES,
  MITIGATION_KINDS,
  MITIGATION_STATUSES,
  PERIOD_TYPES,
  QUARTER_RULES,
  RAGS,
  RECOMMENDATION_ACCEPTANCES,
  RECOMMENDATION_SOURCES,
  RECOMMENDATION_STATUSES,
  REPORT_STATUSES,
  RISK_STATUSES,
  ROLES,
  SESSION_END_REASONS,
  UNIT_KINDS,
  VALUE_STATUSES,
  VALUE_TYPES,
} from "../../lib/enums";

// The values are declared once in lib/enums.ts (client-safe); each pgEnum is built from them.

export const unitKind = pgEnum("unit_kind", UNIT_KINDS);
export const role = pgEnum("role", ROLES);

export const measureCategory = pgEnum("measure_category", MEASURE_CATEGORIES);
export const valueType = pgEnum("value_type", VALUE_TYPES);
export const direction = pgEnum("direction", DIRECTIONS);
export const frequency = pgEnum("frequency", FREQUENCIES);
export const quarterRule = pgEnum("quarter_rule", QUARTER_RULES);
export const periodType = pgEnum("period_type", PERIOD_TYPES);
export const valueStatus = pgEnum("value_status", VALUE_STATUSES);

export const initiativeType = pgEnum("initiative_type", INITIATIVE_TYPES);
export const rag = pgEnum("rag", RAGS);
export const initiativeStatus = pgEnum("initiative_status", INITIATIVE_STATUSES);
export const milestoneStatus = pgEnum("milestone_status", MILESTONE_STATUSES);

export const riskStatus = pgEnum("risk_status", RISK_STATUSES);
export const mitigationStatus = pgEnum("mitigation_status", MITIGATION_STATUSES);
/** A control already in place, or a mitigating action still to be taken. */
export const mitigationKind = pgEnum("mitigation_kind", MITIGATION_KINDS);

export const recommendationSource = pgEnum("recommendation_source", RECOMMENDATION_SOURCES);
export const recommendationStatus = pgEnum("recommendation_status", RECOMMENDATION_STATUSES);
/** The department's answer to a recommendation; null until it has responded. */
export const recommendationAcceptance = pgEnum("recommendation_acceptance", RECOMMENDATION_ACCEPTANCES);

export const meetingStatus = pgEnum("meeting_status", MEETING_STATUSES);
export const actionStatus = pgEnum("action_status", ACTION_STATUSES);

export const reportStatus = pgEnum("report_status", REPORT_STATUSES);

/** Which customer-survey figure a measure is fed by (CSAT, CES or CSI); null for measures entered by hand. */
export const feedbackMetric = pgEnum("feedback_metric", FEEDBACK_METRICS);
export const feedbackChannel = pgEnum("feedback_channel", FEEDBACK_CHANNELS);
/** How a survey response arrived: the public link (email signature) or an advisor's phone form. */
export const feedbackSource = pgEnum("feedback_source", FEEDBACK_SOURCES);

/** Why a session row was ended (signed out, account changed, idle or too old); null while live. */
export const sessionEndReason = pgEnum("session_end_reason", SESSION_END_REASONS);
/** Counted, held for moderation, accepted or rejected by a moderator (issue 15). */
export const feedbackReviewState = pgEnum("feedback_review_state", FEEDBACK_REVIEW_STATES);
export const feedbackHoldReason = pgEnum("feedback_hold_reason", FEEDBACK_HOLD_REASONS);

/** Resources (issue 16). */
export const fundingKind = pgEnum("funding_kind", FUNDING_KINDS);
export const efficiencyScope = pgEnum("efficiency_scope", EFFICIENCY_SCOPES);
export const efficiencyType = pgEnum("efficiency_type", EFFICIENCY_TYPES);
export const budgetType = pgEnum("budget_type", BUDGET_TYPES);
export const workforceDimension = pgEnum("workforce_dimension", WORKFORCE_DIMENSIONS);
