/**
 * The risk register's fixed choices and their words. No zod here: the client forms import these,
 * and lib/validation/risk.ts builds its schemas from them.
 */

export const RISK_CATEGORIES = [
  "Financial",
  "Governance",
  "Information",
  "Legal and regulatory",
  "Operational",
  "People",
  "Reputational",
  "Strategic",
  "Technology",
] as const;

export const RISK_STATUSES = ["open", "closed"] as const;
export const MITIGATION_KINDS = ["control", "action"] as const;
export const MITIGATION_STATUSES = ["planned", "in_progress", "complete"] as const;

export type MitigationKind = (typeof MITIGATION_KINDS)[number];
export type MitigationStatus = (typeof MITIGATION_STATUSES)[number];

export const RISK_STATUS_LABELS: Record<(typeof RISK_STATUSES)[number], string> = { open: "Open", closed: "Closed" };
export const MITIGATION_KIND_LABELS: Record<MitigationKind, string> = { control: "Control in place", action: "Mitigating action" };
export const MITIGATION_STATUS_LABELS: Record<MitigationStatus, string> = { planned: "Planned", in_progress: "In progress", complete: "Complete" };
