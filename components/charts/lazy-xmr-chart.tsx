"use client";

import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import type { PointKind } from "@/lib/statistics/series";
import { NoteMarker, XMR_KIND_LABELS, XmrMarker } from "./xmr-marker";

/** One month of the XmR chart. */
export interface XmrChartPoint {
  /** "Apr 2026". */
  label: string;
  /** Null: no figure for the month (a gap in the line). */
  value: number | null;
  /** Null for a gap or a segment without limits. */
  kind: PointKind | null;
  /** The segment (0, 1, …): a series break starts a new one, with its own mean and limits. */
  segment: number;
  mean: number | null;
  upper: number | null;
  lower: number | null;
  /** Set on the first month after a series break. */
  breakHere: boolean;
  /** The numbers of the notes on the month. */
  notes: number[];
  /** The month's signals in words, for the tooltip. */
  signals: string[];
}

export interface XmrChartProps {
  points: XmrChartPoint[];
  /** How figures are shown on the axis and in the tooltip (statistics get one decimal more than figures). */
  format: { valueType: string; decimals: number; scaleMax: string | null };
  xLabel: string;
  yLabel: string;
}

export const XMR_CHART_HEIGHT = 340;

const Chart = dynamic(() => import("./xmr-chart").then((m) => m.XmrChart), {
  ssr: false,
  // Same height as the chart, so that nothing below moves when it arrives.
  loading: () => (
    <div className="flex h-full items-center justify-center bg-canvas text-ink-muted">
      <span aria-hidden="true">Loading chart…</span>
    </div>
  ),
});

function Key({ children, label }: { children: ReactNode; label: string }) {
  return (
    <li className="flex items-center gap-2">
      <svg width="28" height="16" aria-hidden="true">
        {children}
      </svg>
      {label}
    </li>
  );
}

/**
 * The XmR chart, loaded in its own chunk after the page (Recharts is large). The region has a fixed
 * height and its text alternative from the start; the table before it gives every figure, limit and
 * signal, and the key below says what each line and shape means in words.
 */
export function LazyXmrChart({ summary, ...props }: XmrChartProps & { summary: string }) {
  const kinds = (["common_cause", "improvement", "concern", "neutral"] as const).filter((k) => k === "common_cause" || props.points.some((p) => p.kind === k));
  return (
    <div>
      <div role="img" aria-label={summary} style={{ height: XMR_CHART_HEIGHT }}>
        <Chart {...props} />
      </div>
      <ul className="mt-3 flex flex-wrap gap-x-5 gap-y-2 text-sm" aria-label="Chart key">
        <Key label="Figure">
          <line x1="0" y1="8" x2="28" y2="8" stroke="#0b0c0c" strokeWidth="2.5" />
        </Key>
        <Key label="Mean">
          <line x1="0" y1="8" x2="28" y2="8" stroke="#1d70b8" strokeWidth="2" />
        </Key>
        <Key label="Process limits">
          <line x1="0" y1="8" x2="28" y2="8" stroke="#505a5f" strokeWidth="2" strokeDasharray="5 3" />
        </Key>
        {props.points.some((p) => p.breakHere) && (
          <Key label="Series break: limits recalculated after it">
            <line x1="14" y1="0" x2="14" y2="16" stroke="#0b0c0c" strokeWidth="2" strokeDasharray="4 2" />
          </Key>
        )}
        {props.points.some((p) => p.value === null) && (
          <Key label="A gap in the line: no figure for that month">
            <path d="M0,8 H9 M19,8 H28" stroke="#0b0c0c" strokeWidth="2.5" />
          </Key>
        )}
        {kinds.map((k) => (
          <Key key={k} label={XMR_KIND_LABELS[k]}>
            <XmrMarker kind={k} cx={14} cy={8} size={5} />
          </Key>
        ))}
        {props.points.some((p) => p.notes.length > 0) && (
          <Key label="A note on the month (numbered as in the list of notes)">
            <NoteMarker n={1} cx={14} cy={8} />
          </Key>
        )}
      </ul>
    </div>
  );
}
