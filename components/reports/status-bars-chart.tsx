import { useId } from "react";
import type { Status } from "@/lib/measures/status";

/**
 * Measures by status for each department, as horizontal stacked bars in inline SVG. Each segment
 * carries its status's shape and count as well as its colour; the table beside it has the words.
 */
const ORDER: { status: Status; icon: string; fill: string; text: string }[] = [
  { status: "on_target", icon: "✓", fill: "var(--color-status-on)", text: "#fff" },
  { status: "within_tolerance", icon: "▲", fill: "var(--color-status-tolerance)", text: "var(--color-ink)" },
  { status: "off_target", icon: "✕", fill: "var(--color-status-off)", text: "#fff" },
  { status: "no_target", icon: "–", fill: "#fff", text: "var(--color-ink)" },
  { status: "no_data", icon: "?", fill: "var(--color-status-nodata)", text: "#fff" },
];

export interface StatusBarRow {
  label: string;
  counts: Record<Status, number>;
}

export function StatusBarsChart({ rows, title }: { rows: StatusBarRow[]; title: string }) {
  const titleId = useId();
  // Each department's name above its bar, so that long names are never cut off.
  const W = 640;
  const left = 2;
  const right = 16;
  const barH = 30;
  const label = 22;
  const gap = 14;
  const H = rows.length * (label + barH + gap);
  const plotW = W - left - right;
  const most = Math.max(1, ...rows.map((r) => ORDER.reduce((n, o) => n + r.counts[o.status], 0)));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} className="h-auto w-full max-w-3xl" data-testid="status-bars-chart">
      <title id={titleId}>{title}</title>
      {rows.map((r, i) => {
        const y = i * (label + barH + gap) + label;
        let x = left;
        return (
          <g key={r.label}>
            <text x={left} y={y - 6} fontSize={15} fontWeight={700} fill="var(--color-ink)">
              {r.label}
            </text>
            {ORDER.map((o) => {
              const n = r.counts[o.status];
              if (n === 0) return null;
              const w = (n / most) * plotW;
              const seg = (
                <g key={o.status}>
                  <rect x={x} y={y} width={w} height={barH} fill={o.fill} stroke="var(--color-ink)" strokeWidth={1} />
                  {w >= 30 && (
                    <text x={x + w / 2} y={y + barH / 2 + 5} textAnchor="middle" fontSize={14} fontWeight={700} fill={o.text}>
                      {o.icon} {n}
                    </text>
                  )}
                </g>
              );
              x += w;
              return seg;
            })}
          </g>
        );
      })}
    </svg>
  );
}
