"use client";

import dynamic from "next/dynamic";

/** One group of bars (a service area, a unit): its label and a value per series (null: none). */
export interface BarGroup {
  label: string;
  values: Record<string, number | null>;
}

export interface BarSeries {
  key: string;
  label: string;
}

export interface BarChartProps {
  groups: BarGroup[];
  series: BarSeries[];
  /** The axis title, with its unit ("£'000", "FTE"). */
  yLabel: string;
  /** Decimals of the figures in the tooltip. */
  decimals?: number;
}

export const BAR_CHART_HEIGHT = 320;

/**
 * The fills of the series, in order: solid, hatched, outlined. Each is told apart by its pattern as
 * well as its colour (and every chart has its table first), so no series relies on colour alone.
 */
export const BAR_FILLS = [
  { fill: "#12436d", stroke: "#12436d", pattern: null },
  { fill: "url(#bar-hatch)", stroke: "#28a197", pattern: "hatch" },
  { fill: "#ffffff", stroke: "#0b0c0c", pattern: null },
] as const;

export function BarSwatch({ index }: { index: number }) {
  const look = BAR_FILLS[index % BAR_FILLS.length]!;
  return (
    <svg width="18" height="14" aria-hidden="true">
      <defs>
        <pattern id={`swatch-hatch-${index}`} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="5" height="5" fill="#ffffff" />
          <line x1="0" y1="0" x2="0" y2="5" stroke="#28a197" strokeWidth="3" />
        </pattern>
      </defs>
      <rect
        x="1"
        y="1"
        width="16"
        height="12"
        fill={look.pattern ? `url(#swatch-hatch-${index})` : look.fill}
        stroke={look.stroke}
        strokeWidth="1.5"
      />
    </svg>
  );
}

const Chart = dynamic(() => import("./bar-chart").then((m) => m.GroupedBarChart), {
  ssr: false,
  // Same height as the chart, so that nothing below moves when it arrives.
  loading: () => (
    <div className="flex h-full items-center justify-center bg-canvas text-ink-muted">
      <span aria-hidden="true">Loading chart…</span>
    </div>
  ),
});

/**
 * A grouped bar chart, loaded in its own chunk after the page (Recharts is large). The region has a
 * fixed height and its text alternative from the start; the page gives the same figures as a table
 * before it.
 */
export function LazyBarChart({ summary, ...props }: BarChartProps & { summary: string }) {
  return (
    <div>
      <div role="img" aria-label={summary} style={{ height: BAR_CHART_HEIGHT }}>
        <Chart {...props} />
      </div>
      <ul className="mt-3 flex flex-wrap gap-x-5 gap-y-2 text-sm" aria-label="Chart key">
        {props.series.map((s, i) => (
          <li key={s.key} className="flex items-center gap-2">
            <BarSwatch index={i} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
