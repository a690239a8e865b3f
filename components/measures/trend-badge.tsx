import { TREND_LABELS, type Trend } from "@/lib/measures/trend";

/**
 * Whether a measure is getting better or worse than the previous period, in a word and a shape
 * ("▲ Improving", "▼ Worsening", "● Stable"); the arrow means better or worse, not up or down, so
 * a falling absence rate is "▲ Improving". Colour is never the only signal.
 */
const LOOK: Record<Trend, { icon: string; className: string }> = {
  improving: { icon: "▲", className: "text-success" },
  worsening: { icon: "▼", className: "text-danger-dark" },
  stable: { icon: "●", className: "text-ink" },
  no_comparison: { icon: "–", className: "text-ink-muted" },
};

export function TrendBadge({ trend, className }: { trend: Trend; className?: string }) {
  const look = LOOK[trend];
  return (
    <span className={["badge", look.className, className].filter(Boolean).join(" ")} data-trend={trend}>
      <span aria-hidden="true" className="badge-icon">
        {look.icon}
      </span>
      {TREND_LABELS[trend]}
    </span>
  );
}
