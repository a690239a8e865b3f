import { pgEnum } from "drizzle-orm/pg-core";

export const unitKind = pgEnum("unit_kind", ["department", "directorate", "service"]);
export const role = pgEnum("role", ["ADMIN", "SLT", "LEAD", "VIEWER"]);

export const measureCategory = pgEnum("measure_category", [
  "customer",
  "service",
  "workforce",
  "commercial",
  "finance",
  "governance",
]);
export const valueType = pgEnum("value_type", ["percent", "count", "score", "currency", "days", "ratio"]);
export const direction = pgEnum("direction", ["higher_better", "lower_better", "neither"]);
export const frequency = pgEnum("frequency", ["monthly", "quarterly"]);
export const quarterRule = pgEnum("quarter_rule", ["sum", "mean", "last", "ratio"]);
export const periodType = pgEnum("period_type", ["month", "quarter"]);
export const valueStatus = pgEnum("value_status", ["draft", "submitted"]);

export const initiativeType = pgEnum("initiative_type", ["project", "programme", "bau"]);
export const rag = pgEnum("rag", ["green", "amber", "red"]);
export const initiativeStatus = pgEnum("initiative_status", [
  "not_started",
  "in_progress",
  "complete",
  "ongoing",
  "closed",
]);
export const milestoneStatus = pgEnum("milestone_status", [
  "planned",
  "in_progress",
  "achieved",
  "missed",
  "cancelled",
]);

export const riskStatus = pgEnum("risk_status", ["open", "closed"]);
export const mitigationStatus = pgEnum("mitigation_status", ["planned", "in_progress", "complete"]);
/** A control already in place, or a mitigating action still to be taken. */
export const mitigationKind = pgEnum("mitigation_kind", ["control", "action"]);

export const recommendationSource = pgEnum("recommendation_source", ["cag", "pac", "internal_audit", "other"]);
export const recommendationStatus = pgEnum("recommendation_status", [
  "open",
  "in_progress",
  "implemented",
  "closed",
  "superseded",
]);
/** The department's answer to a recommendation; null until it has responded. */
export const recommendationAcceptance = pgEnum("recommendation_acceptance", ["accepted", "partially_accepted", "rejected"]);

export const meetingStatus = pgEnum("meeting_status", ["planned", "held"]);
export const actionStatus = pgEnum("action_status", ["open", "done", "dropped"]);

export const reportStatus = pgEnum("report_status", ["draft", "submitted", "approved", "published"]);

/** Which customer-survey figure a measure is fed by (CSAT, CES or CSI); null for measures entered by hand. */
export const feedbackMetric = pgEnum("feedback_metric", ["csat", "ces", "csi"]);
export const feedbackChannel = pgEnum("feedback_channel", ["phone", "email", "in_person", "online"]);
/** How a survey response arrived: the public link (email signature) or an advisor's phone form. */
export const feedbackSource = pgEnum("feedback_source", ["link", "phone"]);
