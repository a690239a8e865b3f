import { Badge } from "@/components/ui/badge";
import { STATUS_LABELS, type RecommendationStatus } from "@/lib/recommendations/rules";

/** Word, shape and colour for each status: the word and shape carry the meaning, the colour helps scanning. */
const LOOK: Record<RecommendationStatus, { icon: string; className: string }> = {
  open: { icon: "○", className: "bg-white border-ink text-ink" },
  in_progress: { icon: "◐", className: "bg-accent-soft border-accent text-accent-dark" },
  implemented: { icon: "✓", className: "bg-status-on border-status-on text-status-on-fg" },
  closed: { icon: "■", className: "bg-navy border-navy text-white" },
  superseded: { icon: "–", className: "bg-line-soft border-ink-muted text-ink" },
};

/** The status of a recommendation (open, in progress, implemented, closed, superseded). */
export function RecommendationStatusBadge({ status }: { status: RecommendationStatus }) {
  const look = LOOK[status];
  return (
    <span className={`pill ${look.className}`} data-status={status}>
      <span aria-hidden="true" className="badge-icon">
        {look.icon}
      </span>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** "Overdue" or "Due soon" next to a target date; nothing otherwise. */
export function DueBadge({ overdue, dueSoon }: { overdue: boolean; dueSoon: boolean }) {
  if (overdue)
    return (
      <Badge tone="danger">
        <span aria-hidden="true">✕</span>Overdue
      </Badge>
    );
  if (dueSoon)
    return (
      <Badge tone="warning">
        <span aria-hidden="true">▲</span>Due soon
      </Badge>
    );
  return null;
}
