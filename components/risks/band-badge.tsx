import { RISK_BAND_LABELS, type EscalationState, type RiskBand } from "@/lib/risks/scoring";

/**
 * Band colours: a fill that darkens with the band, each with a text colour of at least 4.5:1
 * contrast on it. The word is always shown, so the band reads without colour too.
 */
export const BAND_LOOK: Record<RiskBand, { className: string; fill: string; text: string }> = {
  low: { className: "bg-[#00703c] text-white border-[#00703c]", fill: "#00703c", text: "#ffffff" },
  medium: { className: "bg-[#ffbf47] text-ink border-[#ffbf47]", fill: "#ffbf47", text: "#0b0c0c" },
  high: { className: "bg-[#f47738] text-ink border-[#f47738]", fill: "#f47738", text: "#0b0c0c" },
  very_high: { className: "bg-[#942514] text-white border-[#942514]", fill: "#942514", text: "#ffffff" },
};

/** A score with its band: "15 High". */
export function BandBadge({ score, band, className }: { score: number; band: RiskBand; className?: string }) {
  return (
    <span className={["pill", BAND_LOOK[band].className, className].filter(Boolean).join(" ")} data-band={band}>
      <span className="tabular-nums">{score}</span> {RISK_BAND_LABELS[band]}
    </span>
  );
}

/** The appetite flag: "Above appetite – escalate" or "Escalated to ELT"; nothing within appetite unless asked. */
export function EscalationBadge({ state, showWithin, className }: { state: EscalationState; showWithin?: boolean; className?: string }) {
  if (state === "escalate") {
    return (
      <span className={["pill", "border-danger bg-danger-soft text-danger-dark", className].filter(Boolean).join(" ")} data-flag="escalate">
        <span aria-hidden="true">▲</span>
        Above appetite – escalate
      </span>
    );
  }
  if (state === "escalated") {
    return (
      <span className={["pill", "border-navy bg-navy text-white", className].filter(Boolean).join(" ")} data-flag="escalated">
        <span aria-hidden="true">⬆</span>
        Escalated to ELT
      </span>
    );
  }
  if (!showWithin) return null;
  return (
    <span className={["pill", "border-line bg-white text-ink", className].filter(Boolean).join(" ")} data-flag="within">
      <span aria-hidden="true">✓</span>
      Within appetite
    </span>
  );
}
