import { addMonths, format, parseISO } from "date-fns";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getMinResponses } from "@/lib/feedback/queries";
import { isLowSample } from "@/lib/feedback/rules";
import { formatValue } from "@/lib/measures/format";
import { periodLabel, type MeasureHeader, type SeriesPoint } from "@/lib/measures/measure-page";
import { getMeasureSamples } from "@/lib/statistics/queries";
import { CHANGE_VERDICT_LABELS, changeVerdict, SAMPLE_METHODS, sampleInterval, sampleScale, scaleInterval, type Sample } from "@/lib/statistics/sample";
import { compactSampleText, intervalRange, sampleSentence, tooFewText } from "@/lib/statistics/sample-text";

/** How many periods back the table and the comparisons reach: a year, and the same period a year before. */
const MONTHS_BACK = 12;

const periodBefore = (period: string, months: number) => format(addMonths(parseISO(period), -months), "yyyy-MM-dd");

/**
 * A survey-based figure's sample (issue 18): how many responses the latest figure is based on and
 * its 95% interval, the too-few-responses flag below the minimum sample, whether the changes
 * against the previous period and the same period a year before are significant (proportions),
 * and the same for each period of the last year. Nothing for a measure that is not estimated from
 * a sample. Its own query, bounded by the measure and the year shown.
 */
export async function SampleUncertainty({ measure: m, series }: { measure: MeasureHeader; series: SeriesPoint[] }) {
  const latest = series.filter((p) => p.value !== null).at(-1);
  if (!latest) return null;
  const [{ kind, samples }, minimum] = await Promise.all([getMeasureSamples(m.id, periodBefore(latest.period, MONTHS_BACK), latest.period), getMinResponses()]);
  if (kind === null) return null;

  const label = (p: string) => periodLabel(m.frequency, p);
  const unit = { valueType: m.valueType, decimals: m.decimals };
  const scale = sampleScale(kind, m.valueType);
  const sampleAt = new Map(samples.map((s) => [s.period, s.sample]));
  const figureAt = new Map(series.map((p) => [p.period, p.value]));
  const intervalOf = (s: Sample) => {
    const i = sampleInterval(s);
    return i && scaleInterval(i, scale);
  };
  const current = sampleAt.get(latest.period);
  const step = m.frequency === "monthly" ? 1 : 3;
  const comparisons =
    kind === "proportion"
      ? [
          { title: m.frequency === "monthly" ? "Against the previous month" : "Against the previous quarter", period: periodBefore(latest.period, step) },
          { title: m.frequency === "monthly" ? "Against the same month last year" : "Against the same quarter last year", period: periodBefore(latest.period, 12) },
        ]
      : [];

  return (
    <section aria-labelledby="sample-heading" className="space-y-4" data-testid="sample-uncertainty">
      <h2 id="sample-heading" className="text-2xl font-bold">
        Sample size and uncertainty
      </h2>
      <div className="max-w-3xl space-y-2 border border-line-soft bg-surface p-4">
        {current ? (
          <>
            <p className="text-lg">
              <span className="font-bold">{label(latest.period)}:</span> {sampleSentence(current.n, intervalOf(current), unit)}
            </p>
            {isLowSample(current.n, minimum) && (
              <p className="font-semibold">
                <span aria-hidden="true">! </span>
                {tooFewText(minimum)}: treat this figure with caution. A published report shows &ldquo;too few responses&rdquo; in place of a
                quarter&apos;s figure based on fewer than {minimum.toLocaleString("en-GB")}.
              </p>
            )}
          </>
        ) : (
          <p>The sample behind the figure for {label(latest.period)} is not recorded, so no interval can be given.</p>
        )}
        <p className="text-sm text-ink-muted">
          The 95% interval is the range the figure would fall in 95 times out of 100 if the sampling were repeated: {SAMPLE_METHODS[kind]}.
        </p>
      </div>
      {comparisons.length > 0 && (
        <dl className="grid max-w-3xl gap-3 sm:grid-cols-2" aria-label="Whether the latest change is more than sampling noise">
          {comparisons.map((c) => {
            const before = sampleAt.get(c.period);
            const verdict = changeVerdict(before, current);
            return (
              <div key={c.title} className="border border-line-soft bg-surface p-4">
                <dt className="text-sm text-ink-muted">{c.title}</dt>
                <dd className="mt-1">
                  {verdict && before ? (
                    <>
                      <span className="block text-lg font-bold">{CHANGE_VERDICT_LABELS[verdict]}</span>
                      <span className="block text-sm text-ink-muted">
                        {label(c.period)}: {formatValue(figureAt.get(c.period) ?? null, m)} ({compactSampleText(before.n, null, unit)}). Two-proportion test at 95%.
                      </span>
                    </>
                  ) : (
                    <span className="block">No sample for {label(c.period)} to compare with.</span>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      {samples.length > 0 && (
        <details className="max-w-3xl border border-line-soft bg-surface p-4">
          <summary className="cursor-pointer font-semibold">Sample size and 95% interval for each {m.frequency === "monthly" ? "month" : "quarter"} of the last year</summary>
          <Table caption={`${m.name}: responses and 95% interval, newest first`} captionHidden className="mt-3">
            <THead>
              <tr>
                <Th>{m.frequency === "monthly" ? "Month" : "Quarter"}</Th>
                <Th numeric>Figure</Th>
                <Th numeric>Responses</Th>
                <Th numeric>95% interval</Th>
              </tr>
            </THead>
            <TBody>
              {[...samples].reverse().map(({ period, sample }) => {
                const interval = intervalOf(sample);
                return (
                  <Tr key={period}>
                    <Th scope="row" className="font-semibold whitespace-nowrap">
                      {label(period)}
                    </Th>
                    <Td numeric>{formatValue(figureAt.get(period) ?? null, m)}</Td>
                    <Td numeric>
                      {sample.n.toLocaleString("en-GB")}
                      {isLowSample(sample.n, minimum) && <span className="block text-sm">{tooFewText(minimum)}</span>}
                    </Td>
                    <Td numeric className="whitespace-nowrap">
                      {interval ? intervalRange(interval.lower, interval.upper, unit) : "None"}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </details>
      )}
    </section>
  );
}
