import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LazyMeasureHistoryChart, type ChartPoint } from "@/components/charts/lazy-measure-history-chart";
import { MeasureStatistics } from "@/components/measures/measure-statistics";
import { StatusBadge } from "@/components/measures/status-badge";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import type { ValueType } from "@/lib/enums";
import type { SurveyCount } from "@/lib/feedback/queries";
import { responsesText } from "@/lib/feedback/rules";
import { DIRECTION_LABELS } from "@/lib/measures/choices";
import { targetInForce } from "@/lib/measures/figure-rules";
import { formatValue } from "@/lib/measures/format";
import { targetText } from "@/lib/measures/target-text";
import { withGaps } from "@/lib/measures/gaps";
import {
  getMeasurePage,
  getViewableMeasure,
  periodLabel,
  samePeriodLastYear,
  type ChangeEntry,
  type MeasureHeader,
  type SeriesPoint,
} from "@/lib/measures/measure-page";
import { breakBetween, breakBetweenPeriods, notComparableText, periodMonths } from "@/lib/measures/series-breaks";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";
import { trendOf, TREND_LABELS, type Trend } from "@/lib/measures/trend";
import { routeId } from "@/lib/validation/route-id";
import { MonthNotes } from "./_components/month-notes";
import { SampleUncertainty } from "./_components/sample-uncertainty";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const id = routeId((await params).id);
  const measure = id === null ? null : await getViewableMeasure(await requireUser(), id);
  return { title: measure ? measure.name : "Page not found" };
}

const Y_LABELS: Record<ValueType, string> = {
  percent: "Per cent",
  count: "Number",
  score: "Score",
  currency: "Pounds (£)",
  days: "Days",
  ratio: "Ratio",
};

const ACTION_LABELS: Record<string, string> = {
  "figure.submit": "Submitted",
  "figure.correct": "Corrected",
  "figure.survey": "Calculated from the customer survey",
};

const TREND_ICONS: Record<Trend, string> = { improving: "↑", worsening: "↓", stable: "→", no_comparison: "–" };

/** "to be confirmed" inside a sentence. */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);


/** The text alternative of the chart: what a sighted reader takes from it at a glance. */
function chartSummary(m: MeasureHeader, series: SeriesPoint[]): string {
  const withFigure = series.filter((p) => p.value !== null);
  const first = withFigure[0];
  const last = withFigure.at(-1);
  if (!first || !last) return `Chart of ${m.name}: there are no submitted figures yet.`;
  const label = (p: string) => periodLabel(m.frequency, p);
  const counts = (["on_target", "within_tolerance", "off_target", "no_target"] as Status[])
    .map((s) => ({ s, n: withFigure.filter((p) => p.status === s).length }))
    .filter(({ n }) => n > 0)
    .map(({ s, n }) => `${n} ${STATUS_LABELS[s].toLowerCase()}`);
  const targetChanges = series.filter((p, i) => i > 0 && p.target !== series[i - 1]!.target);
  const targets =
    m.direction === "neither"
      ? `${targetText(null, m)}.`
      : targetChanges.length === 0
        ? `Target ${lowerFirst(targetText(last.target, m))} throughout.`
        : `The target changed ${targetChanges.length === 1 ? "once" : `${targetChanges.length} times`}: ${targetChanges
            .map((p) => `to ${lowerFirst(targetText(p.target, m))} from ${label(p.period)}`)
            .join(", ")}.`;
  const baseline = m.baselineValue !== null ? ` Baseline ${formatValue(m.baselineValue, m)}.` : "";
  return (
    `Chart of ${m.name} from ${label(first.period)} to ${label(last.period)}: ${withFigure.length} figures, ` +
    `first ${formatValue(first.value, m)}, latest ${formatValue(last.value, m)} in ${label(last.period)} (${STATUS_LABELS[last.status].toLowerCase()}). ` +
    `${counts.join(", ")}. ${targets}${baseline} Every figure is in the table below.`
  );
}

/** A trend against an earlier figure; across a break in the series (`breakPeriod`) it says the two are not comparable instead. */
function TrendItem({ title, trend, comparison, breakPeriod }: { title: string; trend: Trend; comparison: string; breakPeriod?: string | null }) {
  return (
    <div className="border border-line-soft bg-surface p-4">
      <dt className="text-sm text-ink-muted">{title}</dt>
      <dd className="mt-1">
        <span className="text-lg font-bold">
          <span aria-hidden="true">{TREND_ICONS[breakPeriod ? "no_comparison" : trend]} </span>
          {breakPeriod ? notComparableText(breakPeriod) : TREND_LABELS[trend]}
        </span>
        <span className="block text-sm text-ink-muted">{comparison}</span>
      </dd>
    </div>
  );
}

function ChangeText({ m, c }: { m: MeasureHeader; c: ChangeEntry }) {
  const to = formatValue(c.to, m);
  if (!c.hadSubmittedBefore) return <>{to}</>;
  const commentaryChanged = c.fromCommentary !== c.toCommentary;
  return (
    <>
      {c.from === c.to ? `${to} (figure unchanged)` : `${formatValue(c.from, m)} → ${to}`}
      {commentaryChanged && <span className="block text-sm text-ink-muted">Commentary changed</span>}
    </>
  );
}

/** How many survey responses a figure counts, how many are verified, and how many wait for moderation. */
function SurveyResponses({ count }: { count: SurveyCount }) {
  return (
    <span className="block text-sm">
      ({responsesText(count.responses, count.verified)})
      {count.held > 0 && (
        <span className="block text-ink-muted">
          {count.held.toLocaleString("en-GB")} more held for moderation, not counted
        </span>
      )}
    </span>
  );
}

export default async function MeasurePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const data = id === null ? null : await getMeasurePage(user, id);
  if (!data) notFound();
  const { measure: m, series, changes, thread, survey, breaks } = data;
  // A survey-fed figure names the responses it comes from: "84.6% (412 responses, 389 verified)".
  const surveyOf = new Map(survey.map((s) => [s.period, s]));

  const label = (p: string) => periodLabel(m.frequency, p);
  const withFigure = series.filter((p) => p.value !== null);
  const latest = withFigure.at(-1);
  const previous = withFigure.at(-2);
  const lastYear = latest ? series.find((p) => p.period === samePeriodLastYear(latest.period)) : undefined;
  const trend = (comparison: number | null) => trendOf({ current: latest?.value ?? null, comparison, direction: m.direction });
  // A comparison with an earlier figure across a break in the series is not made (issue 18).
  const across = (earlier: string | null | undefined) => (latest && earlier ? breakBetweenPeriods(breaks, m.frequency, earlier, latest.period) : null);
  const acrossBaseline = latest && m.baselinePeriod ? breakBetween(breaks, m.baselinePeriod, periodMonths(m.frequency, latest.period).last) : null;
  const currentTarget = m.targets.at(-1);
  const hasParts = series.some((p) => p.denominator !== null);
  const commentary = [...series].reverse().filter((p) => p.commentary).slice(0, 6);
  // A period without a figure is a gap in the line, with the target then in force (issue 18).
  const targetRows = m.targets.map((t) => ({ effectiveFrom: t.effectiveFrom, value: t.targetValue }));
  const points: ChartPoint[] = withGaps(series, m.frequency, (period) => ({ period, value: null, target: targetInForce(targetRows, period), status: "no_data" as const })).map(
    (p) => ({ label: label(p.period), value: p.value, target: p.target, status: p.status }),
  );
  const periodWord = m.frequency === "monthly" ? "Month" : "Quarter";

  return (
    <div className="space-y-10">
      <div className="space-y-3">
        <Link href="/dashboard" className="inline-block">
          Back to the dashboard
        </Link>
        <p className="font-mono text-ink-muted">
          {m.code}{" "}
          <span className="font-sans">
            · {m.unitName} · {m.departmentName}
          </span>
        </p>
        <h1 className="text-3xl font-bold">
          {m.name} {!m.active && <Badge className="align-middle">Retired</Badge>}
        </h1>
        {m.description && <p className="max-w-3xl text-lg">{m.description}</p>}
      </div>

      <section aria-labelledby="latest-heading" className="space-y-4">
        <h2 id="latest-heading" className="text-2xl font-bold">
          Latest position
        </h2>
        <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="border border-line-soft bg-surface p-4">
            <dt className="text-sm text-ink-muted">Latest figure{latest ? ` (${label(latest.period)})` : ""}</dt>
            <dd className="mt-1 space-y-2">
              <span className="block text-2xl font-bold tabular-nums">{latest ? formatValue(latest.value, m) : "No figures yet"}</span>
              {latest && surveyOf.has(latest.period) && <SurveyResponses count={surveyOf.get(latest.period)!} />}
              <StatusBadge status={latest?.status ?? "no_data"} />
            </dd>
          </div>
          <div className="border border-line-soft bg-surface p-4">
            <dt className="text-sm text-ink-muted">Target now</dt>
            <dd className="mt-1">
              <span className="block text-2xl font-bold tabular-nums">{targetText(currentTarget?.targetValue ?? null, m, currentTarget?.tbcDue)}</span>
              {currentTarget && <span className="block text-sm text-ink-muted">From {label(currentTarget.effectiveFrom)}</span>}
            </dd>
          </div>
          <div className="border border-line-soft bg-surface p-4">
            <dt className="text-sm text-ink-muted">Baseline</dt>
            <dd className="mt-1">
              <span className="block text-2xl font-bold tabular-nums">{formatValue(m.baselineValue, m)}</span>
              {m.baselinePeriod && <span className="block text-sm text-ink-muted">{label(m.baselinePeriod)}</span>}
            </dd>
          </div>
          <div className="border border-line-soft bg-surface p-4">
            <dt className="text-sm text-ink-muted">Direction</dt>
            <dd className="mt-1 text-lg font-bold">{DIRECTION_LABELS[m.direction]}</dd>
          </div>
        </dl>
        <dl className="grid gap-3 sm:grid-cols-3" aria-label="Trend of the latest figure">
          <TrendItem
            title="Against the previous period"
            trend={trend(previous?.value ?? null)}
            comparison={previous ? `${label(previous.period)}: ${formatValue(previous.value, m)}` : "No earlier figure"}
            breakPeriod={across(previous?.period)}
          />
          <TrendItem
            title="Against the same period last year"
            trend={trend(lastYear?.value ?? null)}
            comparison={lastYear ? `${label(lastYear.period)}: ${formatValue(lastYear.value, m)}` : "No figure a year earlier"}
            breakPeriod={across(lastYear?.period)}
          />
          <TrendItem
            title="Against the baseline"
            trend={trend(m.baselineValue)}
            comparison={m.baselineValue !== null ? `Baseline: ${formatValue(m.baselineValue, m)}` : "No baseline"}
            breakPeriod={m.baselineValue !== null ? acrossBaseline : null}
          />
        </dl>
      </section>

      <SampleUncertainty measure={m} series={series} />

      <section aria-labelledby="chart-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="chart-heading" className="text-2xl font-bold">
            Figures over time
          </h2>
          <a href={`/measures/${m.id}/data.csv`} download className={buttonClasses("secondary", "sm")}>
            Download the figures (CSV)
          </a>
        </div>
        <p className="max-w-3xl text-ink-muted">
          Submitted figures only; each is judged against the target in force for its {periodWord.toLowerCase()}. Within
          tolerance means within {m.tolerancePct.toLocaleString("en-GB")}% of the target.
        </p>
        <div className="border border-line-soft bg-surface p-4 shadow-sm">
          <LazyMeasureHistoryChart
            summary={chartSummary(m, series)}
            points={points}
            baseline={m.baselineValue}
            format={{ valueType: m.valueType, decimals: m.decimals, scaleMax: m.scaleMax, direction: m.direction }}
            xLabel={periodWord}
            yLabel={Y_LABELS[m.valueType]}
          />
        </div>
        <div className="border border-line-soft bg-surface p-4 shadow-sm">
          <Table caption={`${m.name}: every submitted figure, newest first`}>
            <THead>
              <tr>
                <Th>{periodWord}</Th>
                <Th numeric>Figure</Th>
                {/* The parts of a ratio are in the CSV too; on a phone the table keeps to what fits. */}
                {hasParts && (
                  <Th numeric className="hidden sm:table-cell">
                    Numerator
                  </Th>
                )}
                {hasParts && (
                  <Th numeric className="hidden sm:table-cell">
                    Denominator
                  </Th>
                )}
                <Th numeric>Target</Th>
                <Th>Status</Th>
              </tr>
            </THead>
            <TBody>
              {series.length === 0 && (
                <Tr>
                  <Td colSpan={hasParts ? 6 : 4}>No figures have been submitted yet.</Td>
                </Tr>
              )}
              {[...series].reverse().map((p) => (
                <Tr key={p.period}>
                  <Th scope="row" className="font-semibold whitespace-nowrap">
                    {label(p.period)}
                  </Th>
                  <Td numeric className="font-bold">
                    {formatValue(p.value, m)}
                    {surveyOf.has(p.period) && (
                      <span className="block text-sm font-normal">({responsesText(surveyOf.get(p.period)!.responses, surveyOf.get(p.period)!.verified)})</span>
                    )}
                  </Td>
                  {hasParts && (
                    <Td numeric className="hidden sm:table-cell">
                      {p.numerator ?? "—"}
                    </Td>
                  )}
                  {hasParts && (
                    <Td numeric className="hidden sm:table-cell">
                      {p.denominator ?? "—"}
                    </Td>
                  )}
                  <Td numeric>{targetText(p.target, m)}</Td>
                  <Td>
                    <StatusBadge status={p.status} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      </section>

      <MeasureStatistics measure={m} series={series} />
      <MonthNotes user={user} measure={m} />

      <section aria-labelledby="about-heading" className="space-y-4">
        <h2 id="about-heading" className="text-2xl font-bold">
          About this measure
        </h2>
        <dl className="grid max-w-4xl gap-x-6 gap-y-4 border border-line-soft bg-surface p-4 sm:grid-cols-[14rem_1fr]">
          <dt className="font-bold">Definition</dt>
          <dd>{m.description || "Not given."}</dd>
          <dt className="font-bold">Data source</dt>
          <dd>{m.dataSource}</dd>
          <dt className="font-bold">Limitations</dt>
          <dd>{m.dataLimitations ?? "None recorded."}</dd>
          <dt className="font-bold">Baseline</dt>
          <dd>
            {m.baselineValue === null
              ? "None recorded."
              : `${formatValue(m.baselineValue, m)}${m.baselinePeriod ? ` (${label(m.baselinePeriod)})` : ""}`}
            {m.baselineNote && <span className="block text-ink-muted">{m.baselineNote}</span>}
          </dd>
          <dt className="font-bold">Reported</dt>
          <dd>{m.frequency === "monthly" ? "Monthly" : "Quarterly"}</dd>
          <dt className="font-bold">Tolerance</dt>
          <dd>Within {m.tolerancePct.toLocaleString("en-GB")}% of the target counts as within tolerance.</dd>
          <dt className="font-bold">Serves</dt>
          <dd>
            {thread.length === 0 ? (
              "No Government Plan initiative names this measure."
            ) : (
              <ul className="space-y-2">
                {thread.map((t) => (
                  <li key={t.initiativeId}>
                    <Link href={`/initiatives/${t.initiativeId}`}>{`${t.cspRef} · ${t.initiativeTitle}`}</Link>
                    <span className="block text-sm text-ink-muted">
                      {[t.objectiveTitle && `Key objective: ${t.objectiveTitle}`, t.priority && `Priority: ${t.priority}`, t.parentPriority && `under ${t.parentPriority}`]
                        .filter(Boolean)
                        .join(" · ") || "Not linked to a key objective or priority."}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
        <div className="border border-line-soft bg-surface p-4 shadow-sm">
          <Table caption="Target history, newest first">
            <THead>
              <tr>
                <Th>Applies from</Th>
                <Th numeric>Target</Th>
                <Th>Note</Th>
              </tr>
            </THead>
            <TBody>
              {m.targets.length === 0 && (
                <Tr>
                  <Td colSpan={3}>No target has been set.</Td>
                </Tr>
              )}
              {[...m.targets].reverse().map((t) => (
                <Tr key={t.effectiveFrom}>
                  <Th scope="row" className="font-semibold whitespace-nowrap">
                    {label(t.effectiveFrom)}
                  </Th>
                  <Td numeric>{targetText(t.targetValue, m, t.tbcDue)}</Td>
                  <Td>{t.note ?? ""}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      </section>

      <section aria-labelledby="commentary-heading" className="space-y-4">
        <h2 id="commentary-heading" className="text-2xl font-bold">
          Recent commentary
        </h2>
        {commentary.length === 0 ? (
          <p>No commentary has been given with the submitted figures.</p>
        ) : (
          <ul className="max-w-4xl space-y-3">
            {commentary.map((p) => (
              <li key={p.period} className="border-l-4 border-line bg-surface p-4">
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1 font-bold">
                  {label(p.period)} <span className="tabular-nums">{formatValue(p.value, m)}</span> <StatusBadge status={p.status} />
                </p>
                <p className="mt-2 whitespace-pre-line">{p.commentary}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-4">
        <h2 id="history-heading" className="text-2xl font-bold">
          Change history
        </h2>
        <p className="max-w-3xl text-ink-muted">Submissions and corrections of these figures, newest first (the latest 50).</p>
        {changes.length === 0 ? (
          <p>No submissions or corrections have been recorded for these figures.</p>
        ) : (
          <div className="border border-line-soft bg-surface p-4 shadow-sm">
            <Table caption={`${m.name}: changes to submitted figures, newest first`} captionHidden>
              <THead>
                <tr>
                  <Th>When</Th>
                  <Th>Who</Th>
                  <Th>{periodWord}</Th>
                  <Th>Change</Th>
                  <Th>Why</Th>
                </tr>
              </THead>
              <TBody>
                {changes.map((c) => (
                  <Tr key={c.id}>
                    <Td className="whitespace-nowrap">{format(parseISO(c.at), "d MMM yyyy, HH:mm")}</Td>
                    <Td>{c.actor ?? "Unknown"}</Td>
                    <Td className="whitespace-nowrap">{label(c.period)}</Td>
                    <Td className="tabular-nums">
                      <span className="block font-semibold">{ACTION_LABELS[c.action] ?? c.action}</span>
                      <ChangeText m={m} c={c} />
                    </Td>
                    <Td>{c.reason ?? "—"}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}
