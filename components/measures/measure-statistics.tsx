import { format, parseISO } from "date-fns";
import type { ReactNode } from "react";
import { LazyXmrChart, type XmrChartPoint } from "@/components/charts/lazy-xmr-chart";
import { XMR_KIND_LABELS, XmrMarker } from "@/components/charts/xmr-marker";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ValueType } from "@/lib/enums";
import { AXIS_LABELS } from "@/lib/measures/choices";
import { formatValue } from "@/lib/measures/format";
import type { MeasureHeader, SeriesPoint } from "@/lib/measures/measure-page";
import { forecastToTarget, type Forecast } from "@/lib/statistics/forecast";
import {
  BASELINE_FIGURES,
  buildXmrSeries,
  describeSignal,
  MEANING_LABELS,
  MIN_FIGURES_FOR_LIMITS,
  monthLabel,
  signalPhrase,
  type AssuranceKind,
  type PointKind,
  type Summary,
  type VariationKind,
  type XmrSegment,
  type XmrSeries,
} from "@/lib/statistics/series";

/** The marker shape that goes with each variation summary (the chart's shapes). */
const VARIATION_SHAPE: Record<VariationKind, PointKind | null> = {
  improving: "improvement",
  concerning: "concern",
  neither: "neutral",
  common_cause: "common_cause",
  too_few: null,
};

/** The range a figure can take, as the entry rules allow it (lib/validation/measure.ts: valueRangeProblem). */
const FIGURE_BOUNDS: Record<ValueType, (m: MeasureHeader) => { min: number | null; max: number | null }> = {
  percent: () => ({ min: 0, max: 100 }),
  score: (m) => ({ min: null, max: m.scaleMax === null ? null : Number(m.scaleMax) }),
  count: () => ({ min: 0, max: null }),
  days: () => ({ min: 0, max: null }),
  currency: () => ({ min: null, max: null }),
  ratio: () => ({ min: null, max: null }),
};

const ASSURANCE_ICON: Record<AssuranceKind, string> = { consistently_met: "✓", consistently_missed: "✕", may_vary: "↕", none: "–" };

function Shape({ kind }: { kind: PointKind }) {
  return (
    <svg width="18" height="18" aria-hidden="true" className="mr-2 inline-block align-[-3px]">
      <XmrMarker kind={kind} cx={9} cy={9} size={kind === "common_cause" ? 9 : 6} />
    </svg>
  );
}

function SummaryItem({ title, summary, icon }: { title: string; summary: Summary<string>; icon: ReactNode }) {
  return (
    <div className="border border-line-soft bg-surface p-4">
      <dt className="text-sm text-ink-muted">{title}</dt>
      <dd className="mt-1">
        <span className="block text-lg font-bold">
          {icon}
          {summary.text}
        </span>
        <span className="mt-1 block text-sm">{summary.detail}</span>
      </dd>
    </div>
  );
}

/** How each segment's limits were worked out, in words. */
function limitsText(s: XmrSegment, fmt: (v: number) => string): string {
  const since = s.break ? `From ${monthLabel(s.from)} (series break: ${s.break.reason})` : `From ${monthLabel(s.from)}`;
  if (!s.limits || !s.baseline) {
    return `${since}: ${s.figures === 1 ? "1 figure" : `${s.figures} figures`}, too few for process limits (${MIN_FIGURES_FOR_LIMITS} needed).`;
  }
  const l = s.limits;
  const base = s.baseline.trial
    ? `trial limits from all ${s.baseline.figures} figures so far, recalculated as figures arrive until there are ${BASELINE_FIGURES}`
    : `from the first ${BASELINE_FIGURES} figures (${monthLabel(s.baseline.from)} to ${monthLabel(s.baseline.to)}), then fixed`;
  return `${since}: mean ${fmt(l.mean)}, process limits ${fmt(l.lowerLimit)} to ${fmt(l.upperLimit)}, ${base}.`;
}

function chartSummary(name: string, xmr: XmrSeries, fmt: (v: number) => string): string {
  const first = xmr.rows[0];
  const last = xmr.rows.at(-1);
  if (!first || !last) return `XmR chart of ${name}: there are no submitted figures yet.`;
  const figures = xmr.rows.filter((r) => r.value !== null).length;
  const gaps = xmr.rows.length - figures;
  const breaks = xmr.segments.filter((s) => s.index > 0);
  const latest = xmr.segments.at(-1)!;
  const signalled = xmr.rows.filter((r) => r.kind !== null && r.kind !== "common_cause").length;
  return [
    `XmR chart of ${name} from ${monthLabel(first.period)} to ${monthLabel(last.period)}: ${figures} figures`,
    gaps > 0 ? `, ${gaps} ${gaps === 1 ? "month" : "months"} without one shown as gaps` : "",
    breaks.length > 0 ? `, series ${breaks.length === 1 ? "break" : "breaks"} in ${breaks.map((s) => monthLabel(s.from)).join(", ")}` : "",
    ". ",
    latest.limits ? `Latest mean ${fmt(latest.limits.mean)}, process limits ${fmt(latest.limits.lowerLimit)} to ${fmt(latest.limits.upperLimit)}. ` : "",
    `${signalled === 0 ? "No figure is" : signalled === 1 ? "1 figure is" : `${signalled} figures are`} part of a signal. `,
    `${xmr.variation.text}. Every figure, limit and signal is in the table above.`,
  ].join("");
}

function ForecastBlock({ forecast, fmt }: { forecast: Forecast; fmt: (v: number) => string }) {
  if (forecast.kind === "none") return <p className="max-w-3xl">{forecast.reason}</p>;
  return (
    <dl className="grid max-w-4xl gap-x-6 gap-y-3 border border-line-soft bg-surface p-4 sm:grid-cols-[14rem_1fr]">
      <dt className="font-bold">Verdict</dt>
      <dd>
        <span className="block text-lg font-bold">
          <span aria-hidden="true">{forecast.verdict === "likely" ? "✓ " : "✕ "}</span>
          {forecast.verdict === "likely" ? "Likely to meet the target" : "Unlikely to meet the target"}
        </span>
        <span className="block">{forecast.text}</span>
      </dd>
      <dt className="font-bold">Projection for {monthLabel(forecast.targetPeriod)}</dt>
      <dd className="tabular-nums">
        {fmt(forecast.estimate)} (95% prediction interval {fmt(forecast.lower)} to {fmt(forecast.upper)})
      </dd>
      <dt className="font-bold">Method</dt>
      <dd>
        {forecast.method}: a least-squares straight line, projected to the month of the target date. &ldquo;Likely&rdquo; means the
        projected figure meets the target; the interval is the range a single month&rsquo;s figure would fall in 95 times out of 100 if the
        trend held.
      </dd>
    </dl>
  );
}

/**
 * The measure's statistics (issue 18): variation and assurance in words (NHS England, "Making Data
 * Count"), the signals, the XmR table then its chart, the notes, and the forecast to target. A
 * server component: everything but the chart is HTML on arrival.
 */
export function MeasureStatistics({ measure: m, series }: { measure: MeasureHeader; series: SeriesPoint[] }) {
  if (m.frequency !== "monthly") {
    return (
      <section aria-labelledby="variation-heading" className="space-y-4">
        <h2 id="variation-heading" className="text-2xl font-bold">
          Variation and signals
        </h2>
        <p className="max-w-3xl">
          Statistical process control and the forecast to target need monthly figures. This measure is reported quarterly.
        </p>
      </section>
    );
  }
  // Means, limits and ranges get one decimal more than the figures (Wheeler).
  const stat = { valueType: m.valueType, decimals: m.decimals + 1, scaleMax: m.scaleMax };
  const fmt = (v: number) => formatValue(v, stat);
  const fmtFigure = (v: number | null) => formatValue(v, m);
  const target = m.targets.at(-1)?.targetValue ?? null;
  const xmr = buildXmrSeries({ figures: series, breaks: m.seriesBreaks, annotations: m.annotations, direction: m.direction, target, format: fmt });
  const latest = xmr.segments.at(-1);
  const forecast = forecastToTarget({
    figures: latest ? xmr.rows.flatMap((r) => (r.segment === latest.index && r.value !== null ? [{ period: r.period, value: r.value }] : [])) : [],
    since: latest?.break?.period ?? null,
    target,
    targetDate: m.targetDate,
    direction: m.direction,
    bounds: FIGURE_BOUNDS[m.valueType](m),
    format: fmt,
  });
  const points: XmrChartPoint[] = xmr.rows.map((r) => ({
    label: monthLabel(r.period),
    value: r.value,
    kind: r.kind,
    segment: r.segment,
    mean: r.mean,
    upper: r.upperLimit,
    lower: r.lowerLimit,
    breakHere: r.break !== null && r.segment > 0,
    notes: r.annotations.map((a) => a.number),
    signals: r.signals.map((s) => `${signalPhrase(s.kind, s.side)} (${MEANING_LABELS[s.meaning]})`),
  }));
  const shape = VARIATION_SHAPE[xmr.variation.kind];

  return (
    <>
      <section aria-labelledby="variation-heading" className="space-y-4">
        <h2 id="variation-heading" className="text-2xl font-bold">
          Variation and signals
        </h2>
        <p className="max-w-3xl text-ink-muted">
          An XmR chart tells normal month-to-month variation from a real change, by the rules of NHS England&rsquo;s &ldquo;Making Data
          Count&rdquo;. Months without a figure are gaps; after a series break the mean and limits start again.
        </p>
        <dl className="grid gap-3 md:grid-cols-2">
          <SummaryItem title="Variation" summary={xmr.variation} icon={shape ? <Shape kind={shape} /> : <span aria-hidden="true">– </span>} />
          <SummaryItem title="Assurance against the target" summary={xmr.assurance} icon={<span aria-hidden="true">{ASSURANCE_ICON[xmr.assurance.kind]} </span>} />
        </dl>

        <h3 className="text-xl font-bold">Signals</h3>
        {xmr.segments.every((s) => !s.limits) ? (
          <p>No signals can be found without process limits.</p>
        ) : xmr.signals.length === 0 ? (
          <p>No signals: every figure is within normal variation for its series.</p>
        ) : (
          <ul className="max-w-4xl space-y-2" aria-label="Signals, oldest first">
            {xmr.signals.map((s) => (
              <li key={`${s.kind}-${s.periods[0]}-${s.side}`} className="flex items-start">
                <Shape kind={s.meaning} />
                <span>{describeSignal(s)}</span>
              </li>
            ))}
          </ul>
        )}

        <h3 className="text-xl font-bold">Process limits</h3>
        <ul className="max-w-4xl list-disc space-y-1 pl-6">
          {xmr.segments.map((s) => (
            <li key={s.from}>{limitsText(s, fmt)}</li>
          ))}
          {xmr.segments.length === 0 && <li>There are no submitted figures yet.</li>}
        </ul>

        {xmr.rows.length > 0 && (
          <div className="border border-line-soft bg-surface p-4 shadow-sm">
            <Table caption={`${m.name}: each month with its mean, process limits, moving range and signals, oldest first`}>
              <THead>
                <tr>
                  <Th>Month</Th>
                  <Th numeric>Figure</Th>
                  <Th numeric>Mean</Th>
                  <Th numeric>Process limits</Th>
                  <Th numeric>Moving range</Th>
                  <Th>Signal</Th>
                  <Th>Notes</Th>
                </tr>
              </THead>
              <TBody>
                {xmr.rows.map((r) => (
                  <Tr key={r.period}>
                    <Th scope="row" className="font-semibold whitespace-nowrap">
                      {monthLabel(r.period)}
                      {r.break && (
                        <span className="block text-sm font-normal whitespace-normal">
                          <span aria-hidden="true">┆ </span>
                          <strong>Series break:</strong> {r.break.reason}
                        </span>
                      )}
                    </Th>
                    <Td numeric className="font-bold">
                      {r.value === null ? <span className="font-normal text-ink-muted">No figure</span> : fmtFigure(r.value)}
                    </Td>
                    <Td numeric>{r.mean === null ? "—" : fmt(r.mean)}</Td>
                    <Td numeric className="whitespace-nowrap">
                      {r.lowerLimit === null || r.upperLimit === null ? "—" : `${fmt(r.lowerLimit)} to ${fmt(r.upperLimit)}`}
                    </Td>
                    <Td numeric>{r.movingRange === null ? "—" : fmt(r.movingRange)}</Td>
                    <Td>
                      {r.kind === null ? (
                        "—"
                      ) : r.signals.length === 0 ? (
                        "None"
                      ) : (
                        <>
                          <span className="flex items-center font-semibold">
                            <Shape kind={r.kind} />
                            {XMR_KIND_LABELS[r.kind]}
                          </span>
                          <ul className="text-sm">
                            {r.signals.map((s) => (
                              <li key={`${s.kind}-${s.side}`}>{signalPhrase(s.kind, s.side)}</li>
                            ))}
                          </ul>
                        </>
                      )}
                    </Td>
                    <Td>
                      {r.annotations.map((a) => (
                        <span key={a.id} className="block">
                          {`${a.number}. ${a.text}`}
                          {a.isPublic && <span className="block text-sm text-ink-muted">Public: also in the published report</span>}
                        </span>
                      ))}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}

        {xmr.rows.length > 0 && (
          <div className="border border-line-soft bg-surface p-4 shadow-sm">
            <LazyXmrChart
              summary={chartSummary(m.name, xmr, fmt)}
              points={points}
              format={stat}
              xLabel="Month"
              yLabel={AXIS_LABELS[m.valueType]}
            />
          </div>
        )}

        {xmr.annotations.length > 0 && (
          <>
            <h3 className="text-xl font-bold">Notes on the figures</h3>
            <ol className="max-w-4xl space-y-2" aria-label="Notes on the figures, numbered as on the chart">
              {xmr.annotations.map((a) => (
                <li key={a.id}>
                  <strong>{`${a.number}. ${monthLabel(a.period)}:`}</strong> {a.text}
                  {a.isPublic ? " (public: also in the published report)" : " (internal)"}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      <section aria-labelledby="forecast-heading" className="space-y-4">
        <h2 id="forecast-heading" className="text-2xl font-bold">
          Forecast to target
        </h2>
        {m.targetDate && (
          <p className="text-ink-muted">
            Target date: {format(parseISO(m.targetDate), "d MMMM yyyy")}
          </p>
        )}
        <ForecastBlock forecast={forecast} fmt={fmt} />
      </section>
    </>
  );
}
