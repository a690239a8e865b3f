import type { PointKind } from "@/lib/statistics/series";

/**
 * The marker of a point on the XmR chart, centred on (cx, cy), the same in the chart, its key and
 * the summaries beside it. The shape carries the meaning (Making Data Count's colours help
 * scanning: blue improving, orange concerning, purple neither): a small grey circle for common
 * cause, a diamond for special cause improving, a square for concerning, a triangle for neither.
 */
export const XMR_KIND_LABELS: Record<PointKind, string> = {
  common_cause: "Common cause",
  improvement: "Special cause: improving",
  concern: "Special cause: concerning",
  neutral: "Special cause: neither improving nor concerning",
};

const COLOUR: Record<PointKind, string> = {
  common_cause: "#505a5f",
  improvement: "#1d70b8",
  concern: "#f47738",
  neutral: "#4c2c92",
};

export function XmrMarker({ kind, cx, cy, size = 6 }: { kind: PointKind; cx: number; cy: number; size?: number }) {
  const s = size;
  const fill = COLOUR[kind];
  switch (kind) {
    case "improvement":
      return <polygon points={`${cx},${cy - s * 1.3} ${cx + s * 1.3},${cy} ${cx},${cy + s * 1.3} ${cx - s * 1.3},${cy}`} style={{ fill, stroke: "#0b0c0c", strokeWidth: 1 }} />;
    case "concern":
      return <rect x={cx - s} y={cy - s} width={s * 2} height={s * 2} style={{ fill, stroke: "#0b0c0c", strokeWidth: 1 }} />;
    case "neutral":
      return <polygon points={`${cx},${cy - s * 1.2} ${cx + s * 1.15},${cy + s * 0.85} ${cx - s * 1.15},${cy + s * 0.85}`} style={{ fill, stroke: "#0b0c0c", strokeWidth: 1 }} />;
    default:
      return <circle cx={cx} cy={cy} r={s * 0.6} style={{ fill }} />;
  }
}

/** A note's number in a circle, drawn above its month's point. */
export function NoteMarker({ n, cx, cy }: { n: number; cx: number; cy: number }) {
  return (
    <g>
      <circle cx={cx} cy={cy} r={9} style={{ fill: "#ffffff", stroke: "#0b0c0c", strokeWidth: 1.5 }} />
      <text x={cx} y={cy + 4} textAnchor="middle" fontSize={11} fontWeight={700} fill="#0b0c0c">
        {n}
      </text>
    </g>
  );
}
