"use client";

import dynamic from "next/dynamic";
import { formatValue } from "@/lib/measures/format";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";

/** One point of the chart: the aggregated series, never raw rows. */
export interface ChartPoint {
  /** "Aug 2026" or "Q3 2026". */
  label: string;
  value: number | null;
  target: number | null;
  status: Status;
}

export interface MeasureHistoryChartProps {
  points: ChartPoint[];
  baseline: number | null;
  /** How figures are shown on the axis and in the tooltip. */
  format: { valueType: string; decimals: number; scaleMax: string | null; direction?: string };
  xLabel: string;
  yLabel: string;
}

export const CHART_HEIGHT = 320;

/** Status colours come from the palette in globals.css; the shape carries the meaning too. */
export const STATUS_COLOUR: Record<Status, string> = {
  on_target: "var(--color-status-on)",
  within_tolerance: "var(--color-status-tolerance)",
  off_target: "var(--color-status-off)",
  no_target: "var(--color-ink-muted)",
  no_data: "var(--color-status-nodata)",
};

/**
 * The marker of a figure, centred on (cx, cy): a circle on target, a triangle within tolerance,
 * a cross off target, a hollow diamond with no target — the same shapes in the chart and its legend.
 */
export function StatusMarker({ status, cx, cy, size = 6 }: { status: Status; cx: number; cy: number; size?: number }) {
  const colour = STATUS_COLOUR[status];
  const s = size;
  switch (status) {
    case "on_target":
      return <circle cx={cx} cy={cy} r={s * 1.1} style={{ fill: colour, stroke: "#fff", strokeWidth: 1.5 }} />;
    case "within_tolerance":
      return (
        <polygon
          points={`${cx},${cy - s * 1.2} ${cx + s * 1.15},${cy + s * 0.85} ${cx - s * 1.15},${cy + s * 0.85}`}
          style={{ fill: colour, stroke: "#0b0c0c", strokeWidth: 1 }}
        />
      );
    case "off_target":
      return (
        <path
          d={`M${cx - s},${cy - s} L${cx + s},${cy + s} M${cx + s},${cy - s} L${cx - s},${cy + s}`}
          style={{ stroke: colour, strokeWidth: 3.5, strokeLinecap: "round" }}
        />
      );
    default:
      return (
        <polygon
          points={`${cx},${cy - s} ${cx + s},${cy} ${cx},${cy + s} ${cx - s},${cy}`}
          style={{ fill: "#fff", stroke: colour, strokeWidth: 2 }}
        />
      );
  }
}

const Chart = dynamic(() => import("./measure-history-chart").then((m) => m.MeasureHistoryChart), {
  ssr: false,
  // Same height as the chart, so that nothing below moves when it arrives.
  loading: () => (
    <div className="flex h-full items-center justify-center bg-canvas text-ink-muted">
      <span aria-hidden="true">Loading chart…</span>
    </div>
  ),
});

const LEGEND_STATUSES: Status[] = ["on_target", "within_tolerance", "off_target", "no_target"];

/**
 * The history chart, loaded in its own chunk after the page (Recharts is large). The region has
 * a fixed height and its text alternative from the start; the page gives the full table.
 */
export function LazyMeasureHistoryChart({ summary, ...props }: MeasureHistoryChartProps & { summary: string }) {
  return (
    <div>
      <div role="img" aria-label={summary} style={{ height: CHART_HEIGHT }}>
        <Chart {...props} />
      </div>
      <ul className="mt-3 flex flex-wrap gap-x-5 gap-y-2 text-sm" aria-label="Chart key">
        <li className="flex items-center gap-2">
          <svg width="28" height="12" aria-hidden="true">
            <line x1="0" y1="6" x2="28" y2="6" stroke="#0b0c0c" strokeWidth="2.5" />
          </svg>
          Figure
        </li>
        <li className="flex items-center gap-2">
          <svg width="28" height="12" aria-hidden="true">
            <path d="M0,9 H14 V3 H28" fill="none" stroke="#1d70b8" strokeWidth="2.5" strokeDasharray="6 3" />
          </svg>
          Target (steps when it changed)
        </li>
        {props.baseline !== null && (
          <li className="flex items-center gap-2">
            <svg width="28" height="12" aria-hidden="true">
              <line x1="0" y1="6" x2="28" y2="6" stroke="#505a5f" strokeWidth="2" strokeDasharray="2 3" />
            </svg>
            Baseline ({formatValue(props.baseline, props.format)})
          </li>
        )}
        {props.points.some((p) => p.value === null) && (
          <li className="flex items-center gap-2">
            <svg width="28" height="12" aria-hidden="true">
              <path d="M0,6 H9 M19,6 H28" stroke="#0b0c0c" strokeWidth="2.5" />
            </svg>
            A gap in the line: no figure for that period
          </li>
        )}
        {LEGEND_STATUSES.map((s) => (
          <li key={s} className="flex items-center gap-2">
            <svg width="16" height="16" aria-hidden="true">
              <StatusMarker status={s} cx={8} cy={8} size={5} />
            </svg>
            {STATUS_LABELS[s]}
          </li>
        ))}
      </ul>
    </div>
  );
}
