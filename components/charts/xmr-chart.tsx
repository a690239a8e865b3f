"use client";

import { CartesianGrid, ComposedChart, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DotItemDotProps } from "recharts/types/util/types";
import { formatValue } from "@/lib/measures/format";
import { XMR_CHART_HEIGHT, type XmrChartPoint, type XmrChartProps } from "./lazy-xmr-chart";
import { INK, monthAxisProps, MUTED, valueAxisProps } from "./axis-props";
import { niceTicks } from "./nice-ticks";
import { NoteMarker, XMR_KIND_LABELS, XmrMarker } from "./xmr-marker";

const MEAN = "#1d70b8";

function FigureDot(props: DotItemDotProps) {
  const { cx, cy, payload, index } = props as DotItemDotProps & { cx?: number; cy?: number; payload?: XmrChartPoint };
  if (cx == null || cy == null || !payload || payload.value === null) return <g key={`dot-${index}`} />;
  return (
    <g key={`dot-${index}`}>
      <XmrMarker kind={payload.kind ?? "common_cause"} cx={cx} cy={cy} />
    </g>
  );
}

/**
 * The XmR (individuals) chart of a monthly measure (client only; loaded through LazyXmrChart): per
 * segment the figures, the mean and the natural process limits, each a line of its own so that none
 * is drawn across a series break; a month without a figure is a gap; a point in a signal is drawn
 * as a larger shape; a break is a vertical line; a note is its number above the month.
 */
export function XmrChart({ points, format, xLabel, yLabel }: XmrChartProps) {
  const fmt = (v: number | null) => formatValue(v, format);
  const tick = (v: number) => v.toLocaleString("en-GB", { maximumFractionDigits: format.decimals });
  const segments = [...new Set(points.map((p) => p.segment))];
  // One key per segment and line: a line stops where its segment does.
  const data = points.map((p) => ({ ...p, [`v${p.segment}`]: p.value, [`m${p.segment}`]: p.mean, [`u${p.segment}`]: p.upper, [`l${p.segment}`]: p.lower }));
  const ticks = niceTicks(points.flatMap((p) => [p.value, p.upper, p.lower]).filter((v): v is number => v !== null));
  const line = { dot: false, activeDot: false, connectNulls: false, isAnimationActive: false, type: "linear" } as const;

  return (
    <ResponsiveContainer width="100%" height={XMR_CHART_HEIGHT}>
      <ComposedChart data={data} margin={{ top: 28, right: 32, bottom: 28, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#dde1e4" vertical={false} />
        <XAxis {...monthAxisProps(xLabel)} />
        <YAxis {...valueAxisProps(yLabel, ticks, tick)} />
        {points
          .filter((p) => p.breakHere)
          .map((p) => (
            <ReferenceLine
              key={`break-${p.label}`}
              x={p.label}
              stroke={INK}
              strokeWidth={2}
              strokeDasharray="4 2"
              label={{ value: "Series break", position: "top", fill: INK, fontSize: 12 }}
            />
          ))}
        {segments.flatMap((s) => [
          <Line key={`u${s}`} name="Upper process limit" dataKey={`u${s}`} stroke={MUTED} strokeWidth={2} strokeDasharray="5 3" {...line} />,
          <Line key={`l${s}`} name="Lower process limit" dataKey={`l${s}`} stroke={MUTED} strokeWidth={2} strokeDasharray="5 3" {...line} />,
          <Line key={`m${s}`} name="Mean" dataKey={`m${s}`} stroke={MEAN} strokeWidth={2} {...line} />,
          <Line key={`v${s}`} name="Figure" dataKey={`v${s}`} stroke={INK} strokeWidth={2.5} {...line} dot={FigureDot} />,
        ])}
        {points.flatMap((p) => {
          const y = p.value ?? p.mean;
          if (y === null) return [];
          return p.notes.map((n, k) => (
            <ReferenceDot
              key={`note-${n}`}
              x={p.label}
              y={y}
              ifOverflow="visible"
              shape={({ cx, cy }) => <NoteMarker n={n} cx={Number(cx)} cy={Number(cy) - 20 - 20 * k} />}
            />
          ));
        })}
        <Tooltip
          cursor={{ stroke: MUTED, strokeDasharray: "3 3" }}
          content={({ active, payload }) => {
            const p = payload?.[0]?.payload as XmrChartPoint | undefined;
            if (!active || !p) return null;
            return (
              <div className="max-w-xs border border-line bg-surface px-3 py-2 text-sm shadow-md">
                <p className="font-bold">{p.label}</p>
                {p.breakHere && <p>Series break: a new series starts</p>}
                <p>{p.value === null ? "No figure" : `Figure: ${fmt(p.value)}`}</p>
                {p.mean !== null && <p>Mean: {fmt(p.mean)}</p>}
                {p.lower !== null && p.upper !== null && (
                  <p>
                    Process limits: {fmt(p.lower)} to {fmt(p.upper)}
                  </p>
                )}
                {p.kind !== null && <p>{XMR_KIND_LABELS[p.kind]}</p>}
                {p.signals.map((s) => (
                  <p key={s}>{s}</p>
                ))}
                {p.notes.length > 0 && <p>Note {p.notes.join(", ")}: see the list of notes</p>}
              </div>
            );
          }}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
