import type { ReactNode } from "react";
import { RagBadge, StatusBadge } from "@/components/measures/status-badge";
import { TrendBadge } from "@/components/measures/trend-badge";
import { Badge } from "@/components/ui/badge";
import { TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { Status } from "@/lib/measures/status";
import { breakMonthLabel, notComparableText } from "@/lib/measures/series-breaks";
import { quarterMonths, quarterName, type ReportContent, type ReportMeasure, type ReportMilestone } from "@/lib/reports/content";
import { formatThousands, VARIANCE_STATUS_LABELS } from "@/lib/resources/rules";
import {
  baselineText,
  changesText,
  figure,
  figureNote,
  INITIATIVE_STATUS_LABELS,
  INITIATIVE_TYPE_LABELS,
  labelOf,
  longDate,
  measureSentence,
  MITIGATION_STATUS_LABELS,
  paragraphs,
  plural,
  quarterFigure,
  RECOMMENDATION_SOURCE_LABELS,
  RECOMMENDATION_STATUS_LABELS,
  sampleNote,
  targetText,
} from "./format";
import { ChartLegend, QuarterChart } from "./quarter-chart";
import { ReportTable } from "./report-table";
import styles from "./report-print.module.css";

export interface ReportRevisionInfo {
  number: number;
  publishedAt: string | Date;
  correctionNote: string | null;
}

type Level = 2 | 3;

/**
 * A heading; `content` for the heading of one of a report's sections, which inside the
 * cross-government report (level 3) is prefixed, for screen readers, with the department's name, so
 * that its sections ("Summary", "Risks", …) are told apart by name in a list of headings or landmarks.
 */
function Heading({ level, id, className, content, children }: { level: number; id?: string; className?: string; content?: ReportContent; children: ReactNode }) {
  const Tag = `h${Math.min(6, Math.max(2, level))}` as "h2" | "h3" | "h4" | "h5" | "h6";
  return (
    <Tag id={id} className={className}>
      {content && level === 3 && <span className="sr-only">{content.department.name}: </span>}
      {children}
    </Tag>
  );
}

/** A section's table name, with the department's inside the cross-government report (level 3), where every department has one. */
const named = (content: ReportContent, level: Level, name: string) => (level === 3 ? `${content.department.name}: ${name}` : name);

const measureId = (prefix: string, code: string) => `${prefix}-measure-${code.toLowerCase()}`;

const h2 = "mb-3 border-b-2 border-navy pb-1 text-2xl font-bold";
const h3 = "mb-2 text-xl font-bold";
const h4 = "mb-2 text-lg font-bold";
const sizeOf = (level: number) => (level <= 2 ? h2 : level === 3 ? h3 : h4);

function Paragraphs({ text, empty }: { text: string; empty: string }) {
  const ps = paragraphs(text);
  if (ps.length === 0) return <p className="text-ink-muted">{empty}</p>;
  return (
    <div className="prose-width space-y-3">
      {ps.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}

const MEASURE_STATUSES: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];
const SUMMARY_WORDS: Record<Status, string> = {
  on_target: "on target",
  within_tolerance: "within tolerance",
  off_target: "off target",
  no_target: "without a target",
  no_data: "without a figure",
};

// One card per count: a row of label and figure on a phone, a tile from the small breakpoint up.
const card = "flex items-center justify-between gap-3 rounded-md border border-line-soft bg-white px-3 py-2 sm:block sm:p-3";

/** The summary in a sentence, then the counts. */
function Summary({ content, level, id }: { content: ReportContent; level: Level; id: string }) {
  const s = content.summary;
  const total = content.measures.length;
  const judged = MEASURE_STATUSES.filter((k) => s.measures[k] > 0)
    .map((k, i) => `${s.measures[k]} ${i === 0 ? (s.measures[k] === 1 ? "was " : "were ") : ""}${SUMMARY_WORDS[k]}`)
    .join(", ");
  const initiatives = content.initiatives.length;
  const provisional = content.measures.filter((m) => m.figureStatus === "provisional").length;
  const withheld = content.measures.filter((m) => m.figureStatus === "withheld").length;
  const tooFew = content.measures.filter((m) => m.sample?.tooFew).length;
  const partial = [provisional > 0 && `${plural(provisional, "figure")} ${provisional === 1 ? "is" : "are"} provisional`, withheld > 0 && `${plural(withheld, "figure")} ${withheld === 1 ? "is" : "are"} withheld`]
    .filter(Boolean)
    .join(" and ");
  return (
    <section aria-labelledby={id} className="space-y-4">
      <Heading level={level} id={id} className={sizeOf(level)} content={content}>
        Summary
      </Heading>
      <p className="prose-width">
        In {quarterName(content)}, of {plural(total, "published measure")}, {judged ? `${judged.replace(/, ([^,]*)$/, " and $1")}.` : "none had a figure."}{" "}
        {initiatives > 0 &&
          `Of ${plural(initiatives, "Government Plan initiative")}, ${s.initiatives.green} ${s.initiatives.green === 1 ? "was" : "were"} on track (green), ${s.initiatives.amber} at risk (amber) and ${s.initiatives.red} off track (red). `}
        {plural(s.milestonesAchieved, "milestone")} {s.milestonesAchieved === 1 ? "was" : "were"} achieved in the quarter and {plural(s.milestonesMissed, "milestone")} missed.{" "}
        {plural(s.risksAboveAppetite, "published risk")} {s.risksAboveAppetite === 1 ? "is" : "are"} above the department&rsquo;s risk appetite.{" "}
        {plural(s.recommendationsImplemented, "recommendation")} {s.recommendationsImplemented === 1 ? "was" : "were"} implemented and{" "}
        {s.recommendationsOutstanding} {s.recommendationsOutstanding === 1 ? "is" : "are"} outstanding.
        {partial && ` Not every month was reported for some measures: ${partial} (see each measure).`}
        {tooFew > 0 && ` ${plural(tooFew, "survey figure")} ${tooFew === 1 ? "is" : "are"} not published: too few responses (see each measure).`}
      </p>
      <dl className="grid gap-2 sm:grid-cols-3 sm:gap-3 lg:grid-cols-5" data-testid="report-summary">
        {MEASURE_STATUSES.filter((k) => k !== "no_data" || s.measures.no_data > 0).map((k) => (
          <div key={k} className={card}>
            <dt className="sm:mb-1">
              <StatusBadge status={k} />
            </dt>
            <dd className="text-2xl font-bold tabular-nums">
              {s.measures[k]} <span className="text-sm font-normal text-ink-muted">{s.measures[k] === 1 ? "measure" : "measures"}</span>
            </dd>
          </div>
        ))}
        {(
          [
            ["Milestones achieved", s.milestonesAchieved],
            ["Milestones missed", s.milestonesMissed],
            ["Risks above appetite", s.risksAboveAppetite],
            ["Recommendations implemented", s.recommendationsImplemented],
            ["Recommendations outstanding", s.recommendationsOutstanding],
          ] as const
        ).map(([label, n]) => (
          <div key={label} className={card}>
            <dt className="text-sm font-bold sm:mb-1">{label}</dt>
            <dd className="text-2xl font-bold tabular-nums">{n}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Why a figure is provisional or withheld, under it; nothing for a final figure. */
function FigureNote({ f }: { f: Parameters<typeof figureNote>[0] }) {
  const note = figureNote(f);
  return note ? <span className="block text-sm font-normal text-ink-muted">{note}</span> : null;
}

/** The trend against the previous quarter, or, across a break in the series (issue 18), why there is none. */
function ReportTrend({ m }: { m: ReportMeasure }) {
  if (!m.trendAcrossBreak) return <TrendBadge trend={m.trend} />;
  return (
    <span className="badge text-ink" data-trend="not_comparable">
      <span aria-hidden="true" className="badge-icon">
        –
      </span>
      {notComparableText(m.trendAcrossBreak)}
    </span>
  );
}

/** Issue 18: the department's public notes on the quarter's months. */
function Annotations({ m }: { m: ReportMeasure }) {
  if (!m.annotations?.length) return null;
  return (
    <div className="prose-width mt-3">
      <p className="font-semibold">Notes on the quarter&rsquo;s months</p>
      <ul className="list-disc space-y-1 pl-5">
        {m.annotations.map((a, i) => (
          <li key={i}>
            <span className="font-semibold">{breakMonthLabel(a.period)}:</span> {a.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A survey-based figure's responses and 95% interval, under it (issue 18); nothing for other figures. */
function SampleNote({ sample, m }: { sample: Parameters<typeof sampleNote>[0]; m: ReportMeasure }) {
  const note = sampleNote(sample, m);
  return note ? <span className="block text-sm font-normal text-ink-muted">{note}</span> : null;
}

function MeasureDetail({ m, content, level, idPrefix }: { m: ReportMeasure; content: ReportContent; level: number; idPrefix: string }) {
  const id = measureId(idPrefix, m.code);
  const quarter = quarterName(content);
  return (
    <section aria-labelledby={id} className="measure rounded-md border border-line-soft bg-white p-4 sm:p-5" data-testid="report-measure">
      <Heading level={level} id={id} className={h3}>
        {m.name}
      </Heading>
      <p className="mb-3 text-sm text-ink-muted">
        {m.code} · {m.unitName} · {m.frequency === "quarterly" ? "reported quarterly" : "reported monthly"}
      </p>
      <p className="prose-width mb-3">{measureSentence(m, quarter)}</p>
      <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr_auto_1fr]">
        <dt className="font-semibold">{quarter}</dt>
        <dd className="tabular-nums">
          {quarterFigure(m, m)}
          <FigureNote f={m} />
          <SampleNote sample={m.sample} m={m} />
        </dd>
        <dt className="font-semibold">Target</dt>
        <dd className="tabular-nums">{targetText(m.target, m)}</dd>
        <dt className="font-semibold">Baseline</dt>
        <dd className="tabular-nums">{baselineText(m)}</dd>
        <dt className="font-semibold">Status</dt>
        <dd>
          <StatusBadge status={m.status} />
        </dd>
        <dt className="font-semibold">Trend</dt>
        <dd>
          <ReportTrend m={m} />
        </dd>
        {changesText(m) && (
          <>
            <dt className="font-semibold">Change</dt>
            <dd>
              {changesText(m)} <span className="text-sm text-ink-muted">(two-proportion test at 95%)</span>
            </dd>
          </>
        )}
      </dl>
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,28rem)_minmax(0,1fr)]">
        <QuarterChart measure={m} />
        <ReportTable caption={`${m.name}: figures for the last five quarters`} className="text-sm">
          <THead>
            <tr>
              <Th>Quarter</Th>
              <Th numeric>Figure</Th>
              <Th numeric>Target</Th>
              <Th>Status</Th>
            </tr>
          </THead>
          <TBody>
            {m.history.map((h) => (
              <Tr key={h.label}>
                <Th scope="row" className="font-semibold whitespace-nowrap">
                  {h.label}
                  {h.seriesBreak && <span className="block text-sm font-normal text-ink-muted">New series from {breakMonthLabel(h.seriesBreak)}</span>}
                </Th>
                <Td numeric>
                  <span className="whitespace-nowrap">{quarterFigure(h, m)}</span>
                  <FigureNote f={h} />
                  <SampleNote sample={h.sample} m={m} />
                </Td>
                <Td numeric className="whitespace-nowrap">
                  {targetText(h.target, m)}
                </Td>
                <Td>
                  <StatusBadge status={h.status} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </ReportTable>
      </div>
      {m.commentary && (
        <p className="prose-width mt-3">
          <span className="font-semibold">Department&rsquo;s commentary: </span>
          {m.commentary}
        </p>
      )}
      <Annotations m={m} />
      <p className="mt-3 text-sm text-ink-muted">
        {m.description} Source: {m.dataSource}.
      </p>
    </section>
  );
}

function Measures({ content, level, prefix }: { content: ReportContent; level: Level; prefix: string }) {
  const id = `${prefix}-measures`;
  const quarter = quarterName(content);
  return (
    <section aria-labelledby={id} className="space-y-5">
      <Heading level={level} id={id} className={sizeOf(level)} content={content}>
        Performance measures
      </Heading>
      <p className="prose-width">
        Each measure&rsquo;s figure for {quarter} is derived from its monthly figures by its rule (for example, the last month, or the
        average of the three) and judged against the target in force: <strong>on target</strong> when it meets the target,{" "}
        <strong>within tolerance</strong> when it misses by no more than the measure&rsquo;s tolerance (usually 5% of the target) and{" "}
        <strong>off target</strong> otherwise. The trend compares the quarter with the one before, taking into account whether higher
        or lower is better; where a change of a measure&rsquo;s definition, data source or calculation broke its series between the two,
        they are <strong>not comparable</strong> and no trend is given. A figure built from fewer months than its rule needs is marked: an average, a ratio or a latest month is
        published as <strong>provisional</strong>, saying how many months it is built from; a total is <strong>withheld</strong>, as a
        total of fewer months would understate the quarter, and is not judged against its target.
      </p>
      {content.measures.some((m) => m.sample !== undefined) && (
        <p className="prose-width">
          Figures from a customer survey or another sample say how many responses they are based on (n) and give a{" "}
          <strong>95% interval</strong>: the range the figure would fall in 95 times out of 100 if the sampling were repeated. A figure
          based on fewer responses than the minimum sample is not published and reads <strong>too few responses</strong>. For
          percentages, a change against the previous quarter or the same quarter a year before is called <strong>significant</strong> when
          a two-proportion test at 95% finds it larger than sampling alone would explain, and <strong>within normal variation</strong> otherwise.
        </p>
      )}
      {content.measures.length === 0 ? (
        <p>This report has no published measures.</p>
      ) : (
        <>
          <ReportTable caption={named(content, level, `Measures at a glance, ${quarter}`)} className="text-sm">
            <THead>
              <tr>
                <Th>Measure</Th>
                <Th numeric>{quarter}</Th>
                <Th numeric>Target</Th>
                <Th numeric>Baseline</Th>
                <Th>Status</Th>
                <Th>Trend</Th>
              </tr>
            </THead>
            <TBody>
              {content.measures.map((m) => (
                <Tr key={m.code}>
                  <Th scope="row" className="min-w-[11rem]">
                    <a href={`#${measureId(prefix, m.code)}`}>{m.name}</a>
                    <span className="block text-sm font-normal text-ink-muted">
                      {m.code} · {m.unitName}
                    </span>
                  </Th>
                  <Td numeric>
                    <span className="whitespace-nowrap">{quarterFigure(m, m)}</span>
                    <FigureNote f={m} />
                  </Td>
                  <Td numeric className="whitespace-nowrap">
                    {targetText(m.target, m)}
                  </Td>
                  <Td numeric>
                    <span className="whitespace-nowrap">{m.baseline === null ? "Not recorded" : figure(m.baseline, m)}</span>
                    {m.baseline !== null && m.baselineLabel && <span className="block text-ink-muted">{m.baselineLabel}</span>}
                  </Td>
                  <Td>
                    <StatusBadge status={m.status} />
                  </Td>
                  <Td>
                    <ReportTrend m={m} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </ReportTable>
          <div className="space-y-2">
            <p className="font-semibold">How to read the charts</p>
            <ChartLegend />
          </div>
          <div className="space-y-5">
            {content.measures.map((m) => (
              <MeasureDetail key={m.code} m={m} content={content} level={level + 1} idPrefix={prefix} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function MilestoneList({ items, kind }: { items: ReportMilestone[]; kind: "achieved" | "missed" }) {
  if (items.length === 0) return <span className="text-ink-muted">None</span>;
  return (
    <ul className="space-y-1">
      {items.map((ms, i) => (
        <li key={i}>
          {ms.title}
          <span className="block text-ink-muted">
            {kind === "achieved"
              ? `Achieved ${longDate(ms.actualDate)} (planned ${longDate(ms.plannedDate)})${ms.late ? ", late" : ""}`
              : `Planned ${longDate(ms.plannedDate)}${ms.actualDate ? `, achieved ${longDate(ms.actualDate)}` : ms.forecastDate && ms.forecastDate !== ms.plannedDate ? `, forecast ${longDate(ms.forecastDate)}` : ""}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Initiatives({ content, level, id }: { content: ReportContent; level: Level; id: string }) {
  const quarter = quarterName(content);
  return (
    <section aria-labelledby={id} className="space-y-4">
      <Heading level={level} id={id} className={sizeOf(level)} content={content}>
        Government Plan initiatives
      </Heading>
      <p className="prose-width">
        How each initiative is progressing (its RAG rating: green on track, amber at risk, red off track) and the milestones achieved or
        missed in {quarter}{content.asAt ? `, as at ${longDate(content.asAt)}` : ""}. A milestone is missed when it fell due in the quarter and
        had not been achieved by then; one achieved late counts once, as achieved late.
      </p>
      {content.initiatives.length === 0 ? (
        <p>No initiatives are reported for this quarter.</p>
      ) : (
        <ReportTable caption={named(content, level, `Initiatives and their milestones, ${quarter}`)} className="text-sm">
          <THead>
            <tr>
              <Th>Initiative</Th>
              <Th>Progress</Th>
              <Th>Milestones achieved</Th>
              <Th>Milestones missed</Th>
            </tr>
          </THead>
          <TBody>
            {content.initiatives.map((it, i) => (
              <Tr key={`${it.cspRef}-${i}`}>
                <Th scope="row" className="min-w-[14rem]">
                  {it.title}
                  <span className="block text-sm font-normal text-ink-muted">
                    {it.cspRef} · {it.unitName} · {labelOf(INITIATIVE_TYPE_LABELS, it.type)}
                    {it.targetDateLabel ? ` · due ${it.targetDateLabel}` : ""}
                  </span>
                </Th>
                <Td className="min-w-[11rem]">
                  {it.rag ? <RagBadge rag={it.rag} /> : <span className="font-semibold">Not rated</span>}
                  <span className="mt-1 block">{labelOf(INITIATIVE_STATUS_LABELS, it.status)}</span>
                  {it.ragReason && <span className="mt-1 block text-ink-muted">{it.ragReason}</span>}
                </Td>
                <Td className="min-w-[12rem]">
                  <MilestoneList items={it.achieved} kind="achieved" />
                </Td>
                <Td className="min-w-[12rem]">
                  <MilestoneList items={it.missed} kind="missed" />
                </Td>
              </Tr>
            ))}
          </TBody>
        </ReportTable>
      )}
    </section>
  );
}

function Risks({ content, level, id }: { content: ReportContent; level: Level; id: string }) {
  return (
    <section aria-labelledby={id} className="space-y-4">
      <Heading level={level} id={id} className={sizeOf(level)} content={content}>
        Risks
      </Heading>
      <p className="prose-width">
        The department&rsquo;s open risks that it publishes, with the score after mitigation (likelihood × impact, out of 25) against the
        score it is prepared to accept (its appetite). Owners and internal controls are not published.
      </p>
      {content.risks.length === 0 ? (
        <p>No risks are published for this quarter.</p>
      ) : (
        <ReportTable caption={named(content, level, `Published risks, ${quarterName(content)}`)} className="text-sm">
          <THead>
            <tr>
              <Th>Risk</Th>
              <Th>What could happen</Th>
              <Th numeric>Score after mitigation</Th>
              <Th numeric>Appetite</Th>
              <Th>What is being done</Th>
            </tr>
          </THead>
          <TBody>
            {content.risks.map((r) => (
              <Tr key={r.ref}>
                <Th scope="row" className="min-w-[12rem]">
                  {r.title}
                  <span className="block text-sm font-normal text-ink-muted">
                    {r.ref} · {r.category}
                  </span>
                </Th>
                <Td className="min-w-[12rem]">{r.event}</Td>
                <Td numeric className="whitespace-nowrap">
                  {r.residualScore} ({r.residualBand})
                  <span className="mt-1 block">{r.aboveAppetite ? <Badge tone="danger">Above appetite</Badge> : <Badge tone="success">Within appetite</Badge>}</span>
                </Td>
                <Td numeric>{r.appetiteScore}</Td>
                <Td className="min-w-[14rem]">
                  {r.mitigations.length === 0 ? (
                    "—"
                  ) : (
                    <ul className="list-disc space-y-1 pl-4">
                      {r.mitigations.map((mi, i) => (
                        <li key={i}>
                          {mi.description} <span className="text-ink-muted">({labelOf(MITIGATION_STATUS_LABELS, mi.status).toLowerCase()})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </ReportTable>
      )}
    </section>
  );
}

function Recommendations({ content, level, id }: { content: ReportContent; level: Level; id: string }) {
  const { implemented, outstanding } = content.recommendations;
  const quarter = quarterName(content);
  return (
    <section aria-labelledby={id} className="space-y-4">
      <Heading level={level} id={id} className={sizeOf(level)} content={content}>
        Audit and scrutiny recommendations
      </Heading>
      <p className="prose-width">
        Recommendations made to the department by the Comptroller and Auditor General, the Public Accounts Committee and Internal Audit:
        those implemented in {quarter}, and those still outstanding.
      </p>
      <Heading level={level + 1} id={`${id}-implemented`} className={h3}>
        Implemented in {quarter}
      </Heading>
      {implemented.length === 0 ? (
        <p>No recommendations were implemented in the quarter.</p>
      ) : (
        <ReportTable caption={named(content, level, `Recommendations implemented in ${quarter}`)} captionHidden className="text-sm">
          <THead>
            <tr>
              <Th>Recommendation</Th>
              <Th>Implemented</Th>
              <Th>Evidence</Th>
            </tr>
          </THead>
          <TBody>
            {implemented.map((r) => (
              <Tr key={r.ref}>
                <Th scope="row" className="min-w-[16rem] font-normal">
                  <span className="font-bold">{r.ref}</span> {r.text}
                  <span className="block text-sm text-ink-muted">
                    {labelOf(RECOMMENDATION_SOURCE_LABELS, r.source)}: {r.reportTitle}
                  </span>
                </Th>
                <Td className="whitespace-nowrap">{longDate(r.implementedOn)}</Td>
                <Td className="min-w-[12rem]">{r.completionEvidence ?? "—"}</Td>
              </Tr>
            ))}
          </TBody>
        </ReportTable>
      )}
      <Heading level={level + 1} id={`${id}-outstanding`} className={h3}>
        Outstanding
      </Heading>
      {outstanding.length === 0 ? (
        <p>No recommendations are outstanding.</p>
      ) : (
        <ReportTable caption={named(content, level, `Recommendations outstanding at the end of ${quarter}`)} captionHidden className="text-sm">
          <THead>
            <tr>
              <Th>Recommendation</Th>
              <Th>Status</Th>
              <Th>Target date</Th>
            </tr>
          </THead>
          <TBody>
            {outstanding.map((r) => (
              <Tr key={r.ref}>
                <Th scope="row" className="min-w-[16rem] font-normal">
                  <span className="font-bold">{r.ref}</span> {r.text}
                  <span className="block text-sm text-ink-muted">
                    {labelOf(RECOMMENDATION_SOURCE_LABELS, r.source)}: {r.reportTitle}
                  </span>
                </Th>
                <Td className="whitespace-nowrap">{labelOf(RECOMMENDATION_STATUS_LABELS, r.status)}</Td>
                <Td className="whitespace-nowrap">
                  {r.targetDate ? longDate(r.targetDate) : "Not set"}
                  {r.overdue && (
                    <span className="mt-1 block">
                      <Badge tone="danger">Overdue</Badge>
                    </span>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </ReportTable>
      )}
    </section>
  );
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** "September 2026" for "2026-09-01". */
const monthName = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
/** A share in whole percent ("6%"), for display only. */
const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((part * 100) / whole)}%` : "—");

/**
 * Budget, outturn to date and forecast by service area, and efficiencies delivered against target
 * (schema version 3), as frozen when the revision was published; older revisions say they have none.
 */
function Resources({ content, level, id }: { content: ReportContent; level: Level; id: string }) {
  const r = content.resources;
  return (
    <section aria-labelledby={id} className="space-y-4" data-testid="report-resources">
      <Heading level={level} id={id} className={sizeOf(level)} content={content}>
        Resources
      </Heading>
      {!r ? (
        <p>No resources section in this revision: it was published before reports carried one.</p>
      ) : (
        <>
          <p className="prose-width">
            The department&rsquo;s revenue budget for {r.year} (total net revenue expenditure) by service area, what it had spent by the end of{" "}
            {monthName(r.month)} and its forecast for the year, in £ thousands. A forecast more than {r.tolerance.upperPct}% above or below the budget
            is beyond tolerance.
          </p>
          {r.serviceAreas.length === 0 ? (
            <p>No budget is recorded for {r.year}.</p>
          ) : (
            <ReportTable caption={named(content, level, `Budget and outturn by service area, ${r.year} (£'000)`)} className="text-sm">
              <THead>
                <tr>
                  <Th>Service area</Th>
                  <Th numeric>Budget</Th>
                  <Th numeric>Outturn to {monthName(r.month)}</Th>
                  <Th numeric>Forecast outturn</Th>
                  <Th>Forecast against budget</Th>
                </tr>
              </THead>
              <TBody>
                {r.serviceAreas.map((a) => (
                  <Tr key={a.name}>
                    <Th scope="row">{a.name}</Th>
                    <Td numeric>{formatThousands(a.budgetPence)}</Td>
                    <Td numeric>{formatThousands(a.outturnToDatePence)}</Td>
                    <Td numeric>{a.forecastPence === null ? "No return" : formatThousands(a.forecastPence)}</Td>
                    <Td>
                      {a.varianceStatus === null ? (
                        "—"
                      ) : (
                        <Badge tone={a.varianceStatus === "beyond_tolerance" ? "danger" : a.varianceStatus === "within_tolerance" ? "warning" : "success"}>
                          {VARIANCE_STATUS_LABELS[a.varianceStatus]}
                          {a.forecastPence !== null && a.forecastPence !== a.budgetPence && (a.forecastPence > a.budgetPence ? ": overspend" : ": underspend")}
                        </Badge>
                      )}
                    </Td>
                  </Tr>
                ))}
                <Tr className="font-bold">
                  <Th scope="row">Total</Th>
                  <Td numeric>{formatThousands(r.total.budgetPence)}</Td>
                  <Td numeric>{formatThousands(r.total.outturnToDatePence)}</Td>
                  <Td numeric>{r.total.forecastPence === null ? "—" : formatThousands(r.total.forecastPence)}</Td>
                  <Td />
                </Tr>
              </TBody>
            </ReportTable>
          )}
          <Heading level={level + 1} id={`${id}-efficiencies`} className={h3}>
            Efficiencies
          </Heading>
          {r.efficiencies.items.length === 0 ? (
            <p>No efficiencies are recorded for {r.year}.</p>
          ) : (
            <>
              <p className="prose-width">
                Savings delivered by the end of {monthName(r.month)} against the year&rsquo;s targets, in £ thousands.
                {r.efficiencies.governmentTargetPence !== null && (
                  <>
                    {" "}
                    The department&rsquo;s own efficiencies contribute {formatThousands(r.efficiencies.departmental.targetPence, 1)} towards the
                    Government&rsquo;s target of {formatThousands(r.efficiencies.governmentTargetPence)} (
                    {share(r.efficiencies.departmental.targetPence, r.efficiencies.governmentTargetPence)}); it has delivered{" "}
                    {formatThousands(r.efficiencies.departmental.deliveredToDatePence, 1)} of it so far.
                  </>
                )}
              </p>
              <ReportTable caption={named(content, level, `Efficiencies delivered against target, ${r.year} (£'000)`)} className="text-sm">
                <THead>
                  <tr>
                    <Th>Efficiencies</Th>
                    <Th numeric>Target</Th>
                    <Th numeric>Delivered to date</Th>
                    <Th numeric>Forecast</Th>
                  </tr>
                </THead>
                <TBody>
                  {(
                    [
                      ["Departmental", r.efficiencies.departmental],
                      ["Cross-cutting (the department's share)", r.efficiencies.crossCutting],
                    ] as const
                  ).map(([label, t]) => (
                    <Tr key={label}>
                      <Th scope="row">{label}</Th>
                      <Td numeric>{formatThousands(t.targetPence, 1)}</Td>
                      <Td numeric>{formatThousands(t.deliveredToDatePence, 1)}</Td>
                      <Td numeric>{formatThousands(t.forecastPence, 1)}</Td>
                    </Tr>
                  ))}
                  {r.efficiencies.governmentTargetPence !== null && (
                    <Tr>
                      <Th scope="row">Government target (all departments)</Th>
                      <Td numeric>{formatThousands(r.efficiencies.governmentTargetPence, 1)}</Td>
                      <Td numeric>—</Td>
                      <Td numeric>—</Td>
                    </Tr>
                  )}
                </TBody>
              </ReportTable>
              <ReportTable caption={named(content, level, `Each efficiency, ${r.year} (£'000)`)} className="text-sm">
                <THead>
                  <tr>
                    <Th>Efficiency</Th>
                    <Th numeric>Target</Th>
                    <Th numeric>Delivered to date</Th>
                    <Th numeric>Forecast</Th>
                    <Th>Rating</Th>
                  </tr>
                </THead>
                <TBody>
                  {r.efficiencies.items.map((e, i) => (
                    <Tr key={i}>
                      <Th scope="row" className="min-w-[14rem] font-normal">
                        {e.title}
                        <span className="block text-sm text-ink-muted">{e.scope === "cross_cutting" ? "Cross-cutting" : "Departmental"}</span>
                      </Th>
                      <Td numeric>{formatThousands(e.targetPence, 1)}</Td>
                      <Td numeric>{formatThousands(e.deliveredToDatePence, 1)}</Td>
                      <Td numeric>{formatThousands(e.forecastPence, 1)}</Td>
                      <Td>{e.rag ? <RagBadge rag={e.rag} /> : "No return"}</Td>
                    </Tr>
                  ))}
                </TBody>
              </ReportTable>
            </>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The body of a report: summary, the department's narrative, measures, initiatives, risks,
 * recommendations and resources. `level` is the heading level of its sections (2 on a department's report, 3
 * inside the cross-government report, where each department has an h2).
 */
export function ReportBody({ content, level = 2 }: { content: ReportContent; level?: Level }) {
  const p = content.department.slug;
  return (
    <div className="space-y-10">
      <Summary content={content} level={level} id={`${p}-summary`} />
      <section aria-labelledby={`${p}-introduction`} className="space-y-3">
        <Heading level={level} id={`${p}-introduction`} className={sizeOf(level)} content={content}>
          Introduction
        </Heading>
        <Paragraphs text={content.narrative.introduction} empty="The department has not written an introduction." />
      </section>
      <section aria-labelledby={`${p}-highlights`} className="space-y-3">
        <Heading level={level} id={`${p}-highlights`} className={sizeOf(level)} content={content}>
          Highlights
        </Heading>
        <Paragraphs text={content.narrative.highlights} empty="The department has not written highlights." />
      </section>
      <section aria-labelledby={`${p}-concerns`} className="space-y-3">
        <Heading level={level} id={`${p}-concerns`} className={sizeOf(level)} content={content}>
          Areas of concern and what is being done
        </Heading>
        <Paragraphs text={content.narrative.concerns} empty="The department has not written this section." />
      </section>
      <Measures content={content} level={level} prefix={p} />
      <Initiatives content={content} level={level} id={`${p}-initiatives`} />
      <Risks content={content} level={level} id={`${p}-risks`} />
      <Recommendations content={content} level={level} id={`${p}-recommendations`} />
      <Resources content={content} level={level} id={`${p}-resources`} />
    </div>
  );
}

/** Where the report stands: published (which revision, when, and why it was corrected), or a draft preview. */
export function RevisionNotice({ revision }: { revision: ReportRevisionInfo | null }) {
  if (!revision) {
    return (
      <p className="rounded-md border-l-4 border-navy bg-accent-soft p-3 font-semibold" data-testid="report-draft-notice">
        Preview: this report has not been published. Figures are as they stand today and may change before publication.
      </p>
    );
  }
  return (
    <div className="space-y-2" data-testid="report-revision">
      <p className="flex flex-wrap items-center gap-2">
        <span>
          Published <time dateTime={new Date(revision.publishedAt).toISOString()}>{longDate(revision.publishedAt)}</time>
        </span>
        <Badge tone={revision.number > 1 ? "info" : "neutral"}>{revision.number > 1 ? `Corrected: revision ${revision.number}` : "Revision 1 (as first published)"}</Badge>
      </p>
      {revision.correctionNote && (
        <p className="prose-width rounded-md border-l-4 border-accent bg-accent-soft p-3">
          <span className="font-bold">Correction: </span>
          {revision.correctionNote}
        </p>
      )}
    </div>
  );
}

/**
 * A department's quarterly performance report, rendered from its frozen content. Used by the
 * public report pages (revision given) and by the SLT's draft preview (revision null).
 */
export function ReportDocument({ content, revision }: { content: ReportContent; revision: ReportRevisionInfo | null }) {
  return (
    <article className={`${styles.report} space-y-10`} aria-labelledby="report-title" data-testid="report-document">
      <header className="space-y-3">
        <p className="text-lg font-semibold text-ink-muted">{content.department.name}</p>
        <h1 id="report-title" className="text-3xl font-bold sm:text-4xl">
          Quarterly performance report: {quarterName(content)}
        </h1>
        <p className="text-lg">{quarterMonths(content)}</p>
        {content.asAt && (
          <p className="prose-width text-ink-muted" data-testid="report-as-at">
            Initiatives, milestones, risks and recommendations as at {longDate(content.asAt)}.
          </p>
        )}
        <RevisionNotice revision={revision} />
      </header>
      <ReportBody content={content} />
    </article>
  );
}
