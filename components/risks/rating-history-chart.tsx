import { format, parseISO } from "date-fns";
import type { RiskReviewRow } from "@/lib/risks/queries";

const W = 600;
const H = 240;
const PAD = { top: 16, right: 96, bottom: 40, left: 44 };
const INK = "#0b0c0c";
const MUTED = "#505a5f";
const APPETITE = "#1d70b8";

/**
 * The residual score at each review as a line, with the appetite as a dashed line: a small inline
 * SVG (no client code). It is an image with a text alternative; the table beside it has every point.
 */
export function RatingHistoryChart({ reviews, appetite, summary }: { reviews: RiskReviewRow[]; appetite: number; summary: string }) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const y = (score: number) => PAD.top + innerH - (score / 25) * innerH;
  const x = (i: number) => PAD.left + (reviews.length <= 1 ? innerW / 2 : (i / (reviews.length - 1)) * innerW);
  const points = reviews.map((r, i) => ({ x: x(i), y: y(r.score), r }));
  const labelEvery = Math.max(1, Math.ceil(reviews.length / 6));

  return (
    // Never narrower than its own size (the labels stay legible on a phone); the region scrolls instead.
    <div className="relative overflow-x-auto" role="region" aria-label="Rating history chart" tabIndex={0}>
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="h-auto w-full max-w-2xl min-w-[34rem]" preserveAspectRatio="xMinYMin meet">
      {[0, 5, 10, 15, 20, 25].map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={PAD.left + innerW} y1={y(t)} y2={y(t)} stroke="#dde1e4" />
          <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end" fontSize="13" fill={INK}>
            {t}
          </text>
        </g>
      ))}
      <text x={14} y={PAD.top + innerH / 2} fontSize="13" fill={INK} textAnchor="middle" transform={`rotate(-90 14 ${PAD.top + innerH / 2})`}>
        Residual score
      </text>
      <line x1={PAD.left} x2={PAD.left + innerW} y1={y(appetite)} y2={y(appetite)} stroke={APPETITE} strokeWidth="2.5" strokeDasharray="7 4" />
      <text x={PAD.left + innerW + 6} y={y(appetite) + 4} fontSize="13" fill={APPETITE} fontWeight="bold">
        Appetite {appetite}
      </text>
      {points.length > 1 && (
        <polyline points={points.map((p) => `${p.x},${p.y}`).join(" ")} fill="none" stroke={INK} strokeWidth="2.5" />
      )}
      {points.map((p, i) => (
        <g key={p.r.id}>
          <circle cx={p.x} cy={p.y} r="5" fill={p.r.score > appetite ? "#d4351c" : "#00796b"} stroke="#fff" strokeWidth="1.5" />
          <text x={p.x} y={p.y - 10} textAnchor="middle" fontSize="12" fill={INK} fontWeight="bold">
            {p.r.score}
          </text>
          {(i % labelEvery === 0 || i === points.length - 1) && (
            <text x={p.x} y={H - PAD.bottom + 20} textAnchor="middle" fontSize="12" fill={MUTED}>
              {format(parseISO(p.r.reviewedOn), "d MMM yy")}
            </text>
          )}
        </g>
      ))}
      <line x1={PAD.left} x2={PAD.left + innerW} y1={y(0)} y2={y(0)} stroke={MUTED} />
    </svg>
    </div>
  );
}
