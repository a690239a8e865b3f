/**
 * A forecast's status against its budget or allocation (lib/resources/rules.ts varianceStatus), as a
 * pill with a shape and words like the measure statuses: the colours reuse the status palette (on
 * budget as on target, within tolerance alike, beyond tolerance as off target), and the word and
 * shape carry the meaning, so it reads the same without colour.
 */
import { VARIANCE_STATUS_LABELS, type VarianceStatus } from "@/lib/resources/rules";

const LOOK: Record<VarianceStatus, { palette: string; icon: string }> = {
  on_budget: { palette: "on_target", icon: "✓" },
  within_tolerance: { palette: "within_tolerance", icon: "▲" },
  beyond_tolerance: { palette: "off_target", icon: "✕" },
};

/** The status, or "No forecast" when there is none yet. */
export function VarianceBadge({ status }: { status: VarianceStatus | null }) {
  if (status === null) {
    return (
      <span className="pill" data-status="no_data">
        <span aria-hidden="true" className="badge-icon">
          ?
        </span>
        No forecast
      </span>
    );
  }
  const look = LOOK[status];
  return (
    <span className="pill" data-status={look.palette}>
      <span aria-hidden="true" className="badge-icon">
        {look.icon}
      </span>
      {VARIANCE_STATUS_LABELS[status]}
    </span>
  );
}
