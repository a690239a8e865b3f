import type { Status } from "@/lib/measures/status";

export interface SparklinePoint {
  value: number | null;
  target: number | null;
  status: Status;
}

/** Marker colours by status (the status palette of globals.css); the text alternative carries the meaning. */
const MARKER: Record<Status, string> = {
  on_target: "var(--color-status-on)",
  within_tolerance: "var(--color-status-tolerance)",
  off_target: "var(--color-status-off)",
  no_target: "var(--color-ink-muted)",
  no_data: "var(--color-ink-muted)",
};

interface SparklineProps {
  points: SparklinePoint[];
  /** What the graphic shows, in words, for screen readers (the SVG itself is hidden from them). */
  description: string;
  /** Join figures across months without one (quarterly measures); otherwise a missing month breaks the line. */
  connectGaps?: boolean;
  width?: number;
  height?: number;
  className?: string;
}

/**
 * A tiny trend line rendered on the server as inline SVG: no JavaScript, no layout shift. The figures
 * are a solid line with a dot per figure (coloured by status, the latest larger); the target in force
 * is a dashed line.
 */
export function Sparkline({ points, description, connectGaps = false, width = 128, height = 36, className }: SparklineProps) {
  const pad = 4;
  const numbers = points.flatMap((p) => [p.value, p.target]).filter((n): n is number => n !== null);
  const min = numbers.length ? Math.min(...numbers) : 0;
  const max = numbers.length ? Math.max(...numbers) : 1;
  const span = max - min || Math.abs(max) || 1;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / Math.max(points.length - 1, 1);
  const y = (v: number) => height - pad - ((v - min) / span) * (height - 2 * pad);

  const path = (pick: (p: SparklinePoint) => number | null, joinGaps: boolean) => {
    let d = "";
    let pen = false;
    points.forEach((p, i) => {
      const v = pick(p);
      if (v === null) {
        if (!joinGaps) pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  const lastIndex = points.findLastIndex((p) => p.value !== null);

  return (
    <span className={["inline-block", className].filter(Boolean).join(" ")}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false" className="block overflow-visible">
        <path d={path((p) => p.target, true)} fill="none" stroke="var(--color-ink-muted)" strokeWidth={1} strokeDasharray="3 2" />
        <path d={path((p) => p.value, connectGaps)} fill="none" stroke="var(--color-navy)" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
        {points.map((p, i) =>
          p.value === null ? null : (
            <circle key={i} cx={x(i)} cy={y(p.value)} r={i === lastIndex ? 3 : 1.75} fill={MARKER[p.status]} stroke={i === lastIndex ? "var(--color-ink)" : "none"} strokeWidth={1} />
          ),
        )}
      </svg>
      <span className="sr-only">{description}</span>
    </span>
  );
}
