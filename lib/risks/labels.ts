/**
 * The risk register's categories, and the words for its fixed choices (declared in lib/enums.ts).
 * No zod here: the client forms import these, and lib/validation/risk.ts builds its schemas from them.
 */
import type { MitigationKind, MitigationStatus, RiskStatus } from "@/lib/enums";

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

export const RISK_STATUS_LABELS: Record<RiskStatus, string> = { open: "Open", closed: "Closed" };
export const MITIGATION_KIND_LABELS: Record<MitigationKind, string> = { control: "Control in place", action: "Mitigating action" };
export const MITIGATION_STATUS_LABELS: Record<MitigationStatus, string> = { planned: "Planned", in_progress: "In progress", complete: "Complete" };
