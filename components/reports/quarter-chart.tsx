import { useId } from "react";
import { formatValue } from "@/lib/measures/format";
import type { Status } from "@/lib/measures/status";
import type { ReportMeasure } from "@/lib/reports/content";
import { columnCentres, niceStep, stepDecimals, yScale } from "./chart-geometry";

/**
 * A measure's five quarters as a small line chart in inline SVG (no client JavaScript): the figure
 * with a marker whose shape gives its status, the target as a dashed step line and the baseline
 * as a dotted line. The same figures are in the data table that always accompanies the chart,
 * so the chart itself only needs a name for screen readers.
 */
const W = 360;
const H = 190;
const M = { top: 22, right: 12, bottom: 40, left: 58 };

const STATUS_COLOUR: Record<Status, string> = {
  on_target: "var(--color-status-on)",
  within_tolerance: "var(--color-status-tolerance)",
  off_target: "var(--color-status-off)",
  no_target: "var(--color-ink)",
  no_data: "var(--color-ink-muted)",
};

export function StatusMarker({ status, x, y }: { status: Status; x: number; y: number }) {
  const fill = STATUS_COLOUR[status];
  switch (status) {
    case "on_target":
      return <circle cx={x} cy={y} r={5.5} fill={fill} stroke="#fff" strokeWidth={1.5} />;
    case "within_tolerance":
      return <path d={`M${x} ${y - 7}L${x + 7} ${y + 5}H${x - 7}Z`} fill={fill} stroke="var(--color-ink)" strokeWidth={1} />;
    case "off_target":
      return <path d={`M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}`} stroke={fill} strokeWidth={3.5} strokeLinecap="round" />;
    default:
      return <rect x={x - 4.5} y={y - 4.5} width={9} height={9} fill="#fff" stroke={fill} strokeWidth={2} />;
  }
}

function axisLabel(v: number, valueType: string, decimals: number): string {
  const text = new Intl.NumberFormat("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
  if (valueType === "percent") return `${text}%`;
  if (valueType === "currency") return `£${text}`;
  return text;
}

export function QuarterChart({ measure }: { measure: ReportMeasure }) {
  const titleId = useId();
  const history = measure.history;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const scale = yScale([...history.map((h) => h.value), ...history.map((h) => h.target), measure.baseline], M.top, plotH);
  const xs = columnCentres(history.length, M.left, plotW);
  const slot = plotW / Math.max(1, history.length);
  const title = `Chart of ${measure.name}, ${history[0]?.label ?? ""} to ${history[history.length - 1]?.label ?? ""}. The figures, targets and statuses are in the table with it.`;

  if (!scale) {
    return (
      <p className="text-sm text-ink-muted" data-testid="chart-empty">
        No figures were reported in these five quarters, so there is nothing to chart.
      </p>
    );
  }
  const step = scale.ticks.length > 1 ? scale.ticks[1]! - scale.ticks[0]! : niceStep(scale.max - scale.min);
  const tickDecimals = stepDecimals(step);

  // The figure as a line broken where a quarter has no figure.
  const segments: string[] = [];
  let current = "";
  history.forEach((h, i) => {
    if (h.value === null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    current += `${current ? "L" : "M"}${xs[i]!.toFixed(1)} ${scale.y(h.value).toFixed(1)}`;
  });
  if (current) segments.push(current);

  // The target as a step line: one level per quarter, joined where consecutive quarters have one.
  let target = "";
  history.forEach((h, i) => {
    if (h.target === null) return;
    const y = scale.y(h.target).toFixed(1);
    const x0 = (xs[i]! - slot / 2).toFixed(1);
    const x1 = (xs[i]! + slot / 2).toFixed(1);
    const joined = i > 0 && history[i - 1]!.target !== null;
    target += joined ? `L${x0} ${y}L${x1} ${y}` : `M${x0} ${y}L${x1} ${y}`;
  });

  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} className="h-auto w-full max-w-[28rem]" data-testid="quarter-chart">
      <title id={titleId}>{title}</title>
      {scale.ticks.map((t) => (
        <g key={t}>
          <line x1={M.left} x2={W - M.right} y1={scale.y(t)} y2={scale.y(t)} stroke="var(--color-line-soft)" strokeWidth={1} />
          <text x={M.left - 6} y={scale.y(t) + 4} textAnchor="end" fontSize={11} fill="var(--color-ink-muted)">
            {axisLabel(t, measure.valueType, tickDecimals)}
          </text>
        </g>
      ))}
      <line x1={M.left} x2={W - M.right} y1={M.top + plotH} y2={M.top + plotH} stroke="var(--color-ink)" strokeWidth={1} />
      {measure.baseline !== null && (
        <line
          x1={M.left}
          x2={W - M.right}
          y1={scale.y(measure.baseline)}
          y2={scale.y(measure.baseline)}
          stroke="var(--color-ink-muted)"
          strokeWidth={1.5}
          strokeDasharray="1 4"
          strokeLinecap="round"
          data-series="baseline"
        />
      )}
      {target && <path d={target} fill="none" stroke="var(--color-navy)" strokeWidth={2} strokeDasharray="6 4" data-series="target" />}
      {segments.map((d) => (
        <path key={d} d={d} fill="none" stroke="var(--color-accent)" strokeWidth={2.5} data-series="figure" />
      ))}
      {history.map((h, i) =>
        h.value === null ? (
          <text key={h.label} x={xs[i]} y={M.top + plotH - 6} textAnchor="middle" fontSize={11} fill="var(--color-ink-muted)">
            {h.sample?.tooFew ? "too few" : h.figureStatus === "withheld" ? "withheld" : "no figure"}
          </text>
        ) : (
          <g key={h.label}>
            <StatusMarker status={h.status} x={xs[i]!} y={scale.y(h.value)} />
            <text x={xs[i]} y={scale.y(h.value) - 10} textAnchor="middle" fontSize={11} fontWeight={700} fill="var(--color-ink)">
              {formatValue(h.value, { ...measure, valueType: measure.valueType === "score" || measure.valueType === "days" ? "count" : measure.valueType })}
            </text>
          </g>
        ),
      )}
      {history.map((h, i) => (
        <text key={h.label} x={xs[i]} y={H - 22} textAnchor="middle" fontSize={11} fill="var(--color-ink)">
          <tspan x={xs[i]}>Q{h.quarter}</tspan>
          <tspan x={xs[i]} dy={13}>
            {h.year}
          </tspan>
        </text>
      ))}
    </svg>
  );
}

/** What the lines and shapes of the charts mean, in words. */
export function ChartLegend() {
  const item = "inline-flex items-center gap-1.5";
  return (
    <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm" aria-label="How to read the charts">
      <li className={item}>
        <svg width="26" height="12" aria-hidden="true">
          <line x1="1" x2="25" y1="6" y2="6" stroke="var(--color-accent)" strokeWidth="2.5" />
        </svg>
        Figure
      </li>
      <li className={item}>
        <svg width="26" height="12" aria-hidden="true">
          <line x1="1" x2="25" y1="6" y2="6" stroke="var(--color-navy)" strokeWidth="2" strokeDasharray="6 4" />
        </svg>
        Target
      </li>
      <li className={item}>
        <svg width="26" height="12" aria-hidden="true">
          <line x1="2" x2="25" y1="6" y2="6" stroke="var(--color-ink-muted)" strokeWidth="1.5" strokeDasharray="1 4" strokeLinecap="round" />
        </svg>
        Baseline
      </li>
      {(["on_target", "within_tolerance", "off_target", "no_target"] as const).map((s) => (
        <li key={s} className={item}>
          <svg width="16" height="16" aria-hidden="true">
            <StatusMarker status={s} x={8} y={9} />
          </svg>
          {s === "on_target" ? "On target" : s === "within_tolerance" ? "Within tolerance" : s === "off_target" ? "Off target" : "No target"}
        </li>
      ))}
    </ul>
  );
}
