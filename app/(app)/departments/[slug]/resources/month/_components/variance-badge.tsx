import { VARIANCE_STATUS_LABELS, type VarianceStatus } from "@/lib/resources/rules";

/** The pill colours of the measure statuses, the words of the variance rule: the word and shape carry the meaning. */
const LOOK: Record<VarianceStatus, { status: string; icon: string }> = {
  on_budget: { status: "on_target", icon: "✓" },
  within_tolerance: { status: "within_tolerance", icon: "▲" },
  beyond_tolerance: { status: "off_target", icon: "✕" },
};

/** A forecast's variance status against its budget or allocation ("On budget", "Beyond tolerance"). */
export function VarianceBadge({ status }: { status: VarianceStatus }) {
  const look = LOOK[status];
  return (
    <span className="pill" data-status={look.status}>
      <span aria-hidden="true" className="badge-icon">
        {look.icon}
      </span>
      {VARIANCE_STATUS_LABELS[status]}
    </span>
  );
}
