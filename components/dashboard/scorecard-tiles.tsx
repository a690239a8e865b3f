import type { ReactNode } from "react";
import type { Scorecard } from "@/lib/dashboard/overview";

/** One count of a scorecard, as a term and its value (inside a `<dl>`). */
export function Tile({ label, value, children }: { label: string; value: number; children?: ReactNode }) {
  return (
    <div className="border border-line-soft bg-surface px-3 py-2">
      <dt className="text-sm text-ink-muted">{label}</dt>
      <dd className="flex items-center gap-2 text-xl font-bold tabular-nums">
        {children}
        {value}
      </dd>
    </div>
  );
}

/** The counts of a scorecard judged as at its day D (getScorecards): risks, initiatives, what is overdue, overspends and efficiencies off track. */
export function AsAtTiles({ card }: { card: Scorecard }) {
  return (
    <>
      <Tile label="Risks High after mitigation" value={card.highRisks} />
      <Tile label="Initiatives red" value={card.initiatives.red} />
      <Tile label="Initiatives amber" value={card.initiatives.amber} />
      <Tile label="Initiatives green" value={card.initiatives.green} />
      <Tile label="Milestones overdue" value={card.overdueMilestones} />
      <Tile label="SLT actions overdue" value={card.overdueActions} />
      <Tile label="Recommendations overdue" value={card.overdueRecommendations} />
      <Tile label="Overspends beyond tolerance" value={card.overspends} />
      <Tile label="Efficiencies off track" value={card.offTrackEfficiencies} />
    </>
  );
}
