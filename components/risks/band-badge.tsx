import { RISK_BAND_LABELS, type EscalationState, type RiskBand } from "@/lib/risks/scoring";

/**
 * Band colours: a fill that darkens with the band, each with a text colour of at least 4.5:1
 * contrast on it. The word is always shown, so the band reads without colour too. The pills get the
 * same colours from the `.pill` component class (app/globals.css), keyed on data-band / data-flag.
 */
export const BAND_LOOK: Record<RiskBand, { fill: string; text: string }> = {
  low: { fill: "#00703c", text: "#ffffff" },
  medium: { fill: "#ffbf47", text: "#0b0c0c" },
  high: { fill: "#f47738", text: "#0b0c0c" },
  very_high: { fill: "#942514", text: "#ffffff" },
};

const pill = (className?: string) => (className ? `pill ${className}` : "pill");

/** A score with its band: "15 High". */
export function BandBadge({ score, band, className }: { score: number; band: RiskBand; className?: string }) {
  return (
    <span className={pill(className)} data-band={band}>
      <span className="tabular-nums">{score}</span> {RISK_BAND_LABELS[band]}
    </span>
  );
}

/** The appetite flag: "Above appetite – escalate" or "Escalated to ELT"; nothing within appetite unless asked. */
export function EscalationBadge({ state, showWithin, className }: { state: EscalationState; showWithin?: boolean; className?: string }) {
  if (state === "escalate") {
    return (
      <span className={pill(className)} data-flag="escalate">
        <span aria-hidden="true">▲</span>
        Above appetite – escalate
      </span>
    );
  }
  if (state === "escalated") {
    return (
      <span className={pill(className)} data-flag="escalated">
        <span aria-hidden="true">⬆</span>
        Escalated to ELT
      </span>
    );
  }
  if (!showWithin) return null;
  return (
    <span className={pill(className)} data-flag="within">
      <span aria-hidden="true">✓</span>
      Within appetite
    </span>
  );
}
