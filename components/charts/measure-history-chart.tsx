"use client";

import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DotItemDotProps } from "recharts/types/util/types";
import { formatValue } from "@/lib/measures/format";
import { STATUS_LABELS } from "@/lib/measures/status";
import { targetText } from "@/lib/measures/target-text";
import { CHART_HEIGHT, StatusMarker, type ChartPoint, type MeasureHistoryChartProps } from "./lazy-measure-history-chart";
import { INK, monthAxisProps, MUTED, valueAxisProps } from "./axis-props";
import { niceTicks } from "./nice-ticks";

const TARGET = "#1d70b8";

function FigureDot(props: DotItemDotProps) {
  const { cx, cy, payload, index } = props as DotItemDotProps & { cx?: number; cy?: number; payload?: ChartPoint };
  if (cx == null || cy == null || !payload || payload.value === null) return <g key={`dot-${index}`} />;
  return (
    <g key={`dot-${index}`}>
      <StatusMarker status={payload.status} cx={cx} cy={cy} />
    </g>
  );
}

/**
 * The full history of a measure (client only; loaded through LazyMeasureHistoryChart): the figures
 * as a line with status-coloured and status-shaped points, broken where a period has no figure, the
 * target as a step line (it changes from the month a new target applies) and the baseline as a
 * reference line.
 */
export function MeasureHistoryChart({ points, baseline, format, xLabel, yLabel }: MeasureHistoryChartProps) {
  const fmt = (v: number | null) => formatValue(v, format);
  // Short ticks: the unit is in the axis label.
  const tick = (v: number) => v.toLocaleString("en-GB", { maximumFractionDigits: format.decimals });
  // Round ticks with room above and below the figures, targets and baseline, so no marker sits on the edge.
  const ticks = niceTicks([...points.flatMap((p) => [p.value, p.target]), baseline].filter((v): v is number => v !== null));

  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart data={points} margin={{ top: 12, right: 32, bottom: 28, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#dde1e4" vertical={false} />
        <XAxis {...monthAxisProps(xLabel)} />
        <YAxis {...valueAxisProps(yLabel, ticks, tick)} />
        {baseline !== null && (
          <ReferenceLine
            y={baseline}
            stroke={MUTED}
            strokeWidth={2}
            strokeDasharray="2 3"
            ifOverflow="extendDomain"
          />
        )}
        <Line
          name="Target"
          dataKey="target"
          type="stepAfter"
          stroke={TARGET}
          strokeWidth={2.5}
          strokeDasharray="6 3"
          dot={false}
          activeDot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          name="Figure"
          dataKey="value"
          type="linear"
          stroke={INK}
          strokeWidth={2.5}
          dot={FigureDot}
          activeDot={false}
          // A period without a figure is a gap: the line is not drawn across it.
          connectNulls={false}
          isAnimationActive={false}
        />
        <Tooltip
          cursor={{ stroke: MUTED, strokeDasharray: "3 3" }}
          content={({ active, payload }) => {
            const p = payload?.[0]?.payload as ChartPoint | undefined;
            if (!active || !p) return null;
            return (
              <div className="border border-line bg-surface px-3 py-2 text-sm shadow-md">
                <p className="font-bold">{p.label}</p>
                <p>{p.value === null ? "No figure" : `Figure: ${fmt(p.value)}`}</p>
                <p>Target: {targetText(p.target, format)}</p>
                {p.value !== null && <p>{STATUS_LABELS[p.status]}</p>}
              </div>
            );
          }}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
