/**
 * The kinds of thing the audit log records (audit_log.entity_type, as lib/**\/*.ts write them), their
 * names, and the page where an administrator can see one. Pure, client-safe.
 */
export const AUDIT_ENTITY_TYPES = [
  "user",
  "measure",
  "measure_value",
  "measure_annotation",
  "initiative",
  "milestone",
  "risk",
  "risk_mitigation",
  "recommendation",
  "report",
  "review_meeting",
  "review_action",
  "app_setting",
  "feedback_link",
  "feedback_response",
  "feedback_theme",
  // Issue 17: mail
  "outbox_message",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export const AUDIT_ENTITY_LABELS: Record<AuditEntityType, string> = {
  user: "User",
  measure: "Measure",
  measure_value: "Figure",
  measure_annotation: "Note on a month",
  initiative: "Initiative",
  milestone: "Milestone",
  risk: "Risk",
  risk_mitigation: "Risk mitigation",
  recommendation: "Recommendation",
  report: "Quarterly report",
  review_meeting: "Review meeting",
  review_action: "SLT action",
  app_setting: "Setting",
  feedback_link: "Survey link",
  feedback_response: "Survey response",
  feedback_theme: "Survey theme",
  // Issue 17: mail
  outbox_message: "Outgoing message",
};

/** The page of each kind of entity that has one of its own, by its numeric id. */
const PAGE_OF: Partial<Record<AuditEntityType, (id: string) => string>> = {
  user: (id) => `/admin/users/${id}`,
  measure: (id) => `/measures/${id}`,
  initiative: (id) => `/initiatives/${id}`,
  risk: (id) => `/risks/${id}`,
  recommendation: (id) => `/recommendations/${id}`,
  report: (id) => `/reports/manage/${id}`,
};

export const entityLabel = (type: string) => AUDIT_ENTITY_LABELS[type as AuditEntityType] ?? type;

/** Where to see the entity an entry is about, or null when it has no page (a figure, a milestone, a setting…). */
export function entityHref(type: string, id: string | null): string | null {
  if (!id || !/^[1-9]\d{0,9}$/.test(id)) return null;
  if (type === "app_setting") return null;
  return PAGE_OF[type as AuditEntityType]?.(id) ?? null;
}
