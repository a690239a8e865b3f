import type { Status } from "@/lib/measures/status";
import styles from "./sparkline.module.css";

export interface SparklinePoint {
  value: number | null;
  target: number | null;
  status: Status;
  /**
   * False for a month in which no figure falls due (the first two months of a quarterly measure's
   * quarter): the line passes over it. A month that was due and has no figure is a gap in the line.
   */
  due?: boolean;
}

/** Dot colours by status (sparkline.module.css, the status palette of globals.css); the text alternative carries the meaning. */
const DOT: Record<Status, string | undefined> = {
  on_target: styles.on,
  within_tolerance: styles.tolerance,
  off_target: styles.off,
  no_target: styles.none,
  no_data: styles.none,
};

interface SparklineProps {
  points: SparklinePoint[];
  /** What the graphic shows, in words, for screen readers (the SVG itself is hidden from them). */
  description: string;
}

/** The drawing's size in px (sparkline.module.css sizes the svg to match). */
const WIDTH = 128;
const HEIGHT = 36;

/**
 * A tiny trend line rendered on the server as inline SVG: no JavaScript, no layout shift. The figures
 * are a solid line with a dot per figure (coloured by status, the latest larger and outlined); the
 * target in force is a dashed line.
 *
 * Written small, because a department page draws one per measure and sends each twice (HTML and RSC
 * payload): whole-pixel coordinates (a point moves half a pixel at most), a level stretch of line as
 * one `H`, the dots of one status as one path, and the strokes and colours in
 * sparkline.module.css (by position: one class on the svg rather than one on each path).
 */
export function Sparkline({ points, description }: SparklineProps) {
  const [width, height, pad] = [WIDTH, HEIGHT, 4];
  const numbers = points.flatMap((p) => [p.value, p.target]).filter((n): n is number => n !== null);
  const min = numbers.length ? Math.min(...numbers) : 0;
  const max = numbers.length ? Math.max(...numbers) : 1;
  const span = max - min || Math.abs(max) || 1;
  const x = (i: number) => Math.round(pad + (i * (width - 2 * pad)) / Math.max(points.length - 1, 1));
  const y = (v: number) => Math.round(height - pad - ((v - min) / span) * (height - 2 * pad));

  /**
   * The path through the points `pick` gives; a level run is drawn to its last point only. A missing
   * value lifts the pen unless `joinGaps` or the month had nothing due.
   */
  const path = (pick: (p: SparklinePoint) => number | null, joinGaps: boolean) => {
    let d = "";
    let pen: { y: number; level: number | null } | null = null; // null: lifted; level: the x a level run has reached
    const flush = () => {
      if (pen?.level != null) d += `H${pen.level}`;
    };
    points.forEach((p, i) => {
      const v = pick(p);
      if (v === null) {
        if (!joinGaps && p.due !== false) {
          flush();
          pen = null;
        }
        return;
      }
      const py = y(v);
      if (pen === null) d += `M${x(i)} ${py}`;
      else if (py === pen.y) {
        pen.level = x(i);
        return;
      } else {
        flush();
        d += `L${x(i)} ${py}`;
      }
      pen = { y: py, level: null };
    });
    flush();
    return d;
  };

  const lastIndex = points.findLastIndex((p) => p.value !== null);
  const dots = new Map<string | undefined, string>();
  points.forEach((p, i) => {
    if (p.value === null || i === lastIndex) return;
    dots.set(DOT[p.status], `${dots.get(DOT[p.status]) ?? ""}M${x(i)} ${y(p.value)}h0`);
  });
  const latest = points[lastIndex];

  return (
    <>
      {/* No viewBox: the stylesheet sizes the svg to WIDTH × HEIGHT px, so user units are pixels. */}
      <svg aria-hidden="true" className={styles.sparkline}>
        <path d={path((p) => p.target, true)} />
        <path d={path((p) => p.value, false)} />
        {[...dots].map(([colour, d]) => (
          <path key={colour ?? ""} d={d} className={colour} />
        ))}
        {latest?.value != null && <circle cx={x(lastIndex)} cy={y(latest.value)} r={3} className={DOT[latest.status]} />}
      </svg>
      <span className="sr-only">{description}</span>
    </>
  );
}
