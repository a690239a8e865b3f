"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { BAR_CHART_HEIGHT, BAR_FILLS, type BarChartProps, type BarGroup } from "./lazy-bar-chart";

const INK = "#0b0c0c";
const MUTED = "#505a5f";

/**
 * Grouped bars (client only; loaded through LazyBarChart): one group per row of the page's table,
 * one bar per series, each series with its own fill pattern (BAR_FILLS).
 */
export function GroupedBarChart({ groups, series, yLabel, decimals = 0 }: BarChartProps) {
  const data = groups.map((g) => ({ label: g.label, ...g.values }));
  const fmt = (v: number) => v.toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return (
    <ResponsiveContainer width="100%" height={BAR_CHART_HEIGHT}>
      <BarChart data={data} margin={{ top: 12, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
        <defs>
          <pattern id="bar-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#ffffff" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#28a197" strokeWidth="3.5" />
          </pattern>
        </defs>
        <CartesianGrid stroke="#dde1e4" vertical={false} />
        <XAxis dataKey="label" interval={0} tick={{ fill: INK, fontSize: 12 }} stroke={MUTED} tickFormatter={(l: string) => (l.length > 14 ? `${l.slice(0, 13)}…` : l)} />
        <YAxis
          tickFormatter={(v: number) => v.toLocaleString("en-GB")}
          tick={{ fill: INK, fontSize: 13 }}
          stroke={MUTED}
          width={64}
          label={{ value: yLabel, angle: -90, position: "insideLeft", offset: 4, fill: INK, fontSize: 13, style: { textAnchor: "middle" } }}
        />
        {series.map((s, i) => {
          const look = BAR_FILLS[i % BAR_FILLS.length]!;
          return <Bar key={s.key} name={s.label} dataKey={s.key} fill={look.fill} stroke={look.stroke} strokeWidth={1.5} isAnimationActive={false} />;
        })}
        <Tooltip
          cursor={{ fill: "rgba(11, 12, 12, 0.06)" }}
          content={({ active, payload }) => {
            const p = payload?.[0]?.payload as (BarGroup["values"] & { label: string }) | undefined;
            if (!active || !p) return null;
            return (
              <div className="border border-line bg-surface px-3 py-2 text-sm shadow-md">
                <p className="font-bold">{p.label}</p>
                {series.map((s) => {
                  const v = p[s.key];
                  return (
                    <p key={s.key}>
                      {s.label}: {typeof v === "number" ? fmt(v) : "—"}
                    </p>
                  );
                })}
              </div>
            );
          }}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
