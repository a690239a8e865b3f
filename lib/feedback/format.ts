import type { FeedbackMetric } from "@/lib/enums";

/** A survey figure as people read it: "82.5%", "5.4 out of 7", "+32". */
export function formatMetric(metric: FeedbackMetric, value: number | null): string {
  if (value === null) return "No responses";
  if (metric === "csat") return `${value.toLocaleString("en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
  if (metric === "ces") return `${value.toLocaleString("en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 })} out of 7`;
  const rounded = Math.round(value);
  return rounded > 0 ? `+${rounded}` : String(rounded);
}
