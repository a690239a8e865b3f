/**
 * Performance status badges. Each status has a colour from the status palette (globals.css),
 * a shape and a word: the word and shape carry the meaning, the colour only helps scanning,
 * so the badge reads the same in greyscale, in print and for colour-blind readers.
 */

import type { Rag } from "@/lib/enums";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";

export type MeasureStatus = Status;

interface Look {
  label: string;
  icon: string;
}

// The pill's colours come from the `.pill` component class (app/globals.css), keyed on data-status / data-rag.
export const STATUS_LOOK: Record<MeasureStatus, Look> = {
  on_target: { label: STATUS_LABELS.on_target, icon: "✓" },
  within_tolerance: { label: STATUS_LABELS.within_tolerance, icon: "▲" },
  off_target: { label: STATUS_LABELS.off_target, icon: "✕" },
  no_target: { label: STATUS_LABELS.no_target, icon: "–" },
  no_data: { label: STATUS_LABELS.no_data, icon: "?" },
};

/** The status of a measure for a period, e.g. in a dashboard row or a report table. */
export function StatusBadge({ status, className }: { status: MeasureStatus; className?: string }) {
  const look = STATUS_LOOK[status];
  return (
    <span className={className ? `pill ${className}` : "pill"} data-status={status}>
      <span aria-hidden="true" className="badge-icon">
        {look.icon}
      </span>
      {look.label}
    </span>
  );
}

export const RAG_LOOK: Record<Rag, Look> = {
  green: { label: "Green – on track", icon: "✓" },
  amber: { label: "Amber – at risk", icon: "▲" },
  red: { label: "Red – off track", icon: "✕" },
};

export const RAG_LABELS: Record<Rag, string> = { green: RAG_LOOK.green.label, amber: RAG_LOOK.amber.label, red: RAG_LOOK.red.label };

/** The RAG rating of an initiative, milestone or risk, with its shape and words. */
export function RagBadge({ rag, className }: { rag: Rag; className?: string }) {
  const look = RAG_LOOK[rag];
  return (
    <span className={className ? `pill ${className}` : "pill"} data-rag={rag}>
      <span aria-hidden="true" className="badge-icon">
        {look.icon}
      </span>
      {look.label}
    </span>
  );
}
