import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/measures/status-badge";
import { FeedSubscribe } from "@/components/reports/feed-subscribe";
import { longDate, plural } from "@/components/reports/format";
import { PrintButton } from "@/components/reports/print-button";
import { ReportBody, RevisionNotice } from "@/components/reports/report-document";
import { Breadcrumbs, DataDownloads } from "@/components/reports/report-page-parts";
import styles from "@/components/reports/report-print.module.css";
import { ReportTable } from "@/components/reports/report-table";
import { StatusBarsChart } from "@/components/reports/status-bars-chart";
import { TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { Status } from "@/lib/measures/status";
import { quarterMonths, quarterName, quarterSlug, type ReportMeasure } from "@/lib/reports/content";
import { feedPath } from "@/lib/reports/feed";
import { getGovernmentReport } from "@/lib/reports/published";
import { feedAlternates } from "../../_lib/feed-links";

/*
 * Rendered per request, never from a per-instance page cache: which revision is current is read
 * from Postgres each time (one small query), so every instance shows a new revision as soon as it
 * is published; the content itself comes from memory, by immutable revision id
 * (lib/reports/published.ts). Per request also means the page gets the nonce CSP like any other.
 */
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ quarter: string }>;
}

const STATUSES: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];

/** " 2 figures were provisional and 1 withheld …", when some figures were built from fewer months than their rule needs. */
function partial(measures: ReportMeasure[]): string {
  const provisional = measures.filter((m) => m.figureStatus === "provisional").length;
  const withheld = measures.filter((m) => m.figureStatus === "withheld").length;
  if (provisional + withheld === 0) return "";
  return ` ${plural(provisional, "figure")} ${provisional === 1 ? "was" : "were"} provisional and ${withheld} withheld, as not every month was reported (each department's section says which).`;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { quarter } = await params;
  const report = await getGovernmentReport(quarter);
  if (!report) return { title: "Report not found" };
  return {
    title: `Cross-government performance report, ${quarterName(report.quarter)}`,
    description: `Every department's published performance report for ${quarterName(report.quarter)}, in one document.`,
    alternates: feedAlternates(null),
  };
}

/**
 * The cross-government report for a quarter (e.g. /reports/government/2026-q3): every department's
 * published report for the quarter at its latest revision, with totals across government. Nothing
 * unpublished: departments that have not published are left out and named as such.
 */
export default async function GovernmentReportPage({ params }: Props) {
  const { quarter } = await params;
  const report = await getGovernmentReport(quarter);
  if (!report) notFound();
  const q = report.quarter;
  const name = quarterName(q);
  const depts = report.departments;
  const total = (pick: (d: (typeof depts)[number]) => number) => depts.reduce((n, d) => n + pick(d), 0);
  const basePath = `/reports/government/${quarterSlug(q)}`;

  return (
    <div className="mx-auto w-full max-w-6xl space-y-12 px-4 py-8 sm:px-6 sm:py-10">
      <div>
        <Breadcrumbs items={[{ href: "/reports", label: "Published reports" }, { label: `Cross-government, ${name}` }]} />
        <div className="mb-6 flex flex-wrap items-center gap-x-6 gap-y-2 text-sm" data-print="hide">
          <PrintButton />
          <a href="#data">Download the data (CSV, JSON)</a>
        </div>
        <article className={`${styles.report} space-y-10`} aria-labelledby="report-title" data-testid="government-report">
          <header className="space-y-3">
            <p className="text-lg font-semibold text-ink-muted">Government of Jersey</p>
            <h1 id="report-title" className="text-3xl font-bold sm:text-4xl">
              Cross-government performance report: {name}
            </h1>
            <p className="text-lg">{quarterMonths(q)}</p>
            <p className="prose-width">
              This report brings together the quarterly reports published by {depts.length === 1 ? "one department" : `${depts.length} departments`}{" "}
              for {name}, each as its latest published revision. A department that has not yet published its report for the quarter is not
              included.
            </p>
            <ul className="space-y-1" aria-label="Departments included">
              {depts.map((d) => (
                <li key={d.content.department.slug}>
                  <Link href={`/reports/${d.content.department.slug}/${quarterSlug(q)}`}>{d.content.department.name}</Link>{" "}
                  <span className="text-sm text-ink-muted">
                    revision {d.revision.number}, published {longDate(d.revision.publishedAt)}
                  </span>
                </li>
              ))}
            </ul>
          </header>

          <section aria-labelledby="government-summary" className="space-y-5">
            <h2 id="government-summary" className="mb-3 border-b-2 border-navy pb-1 text-2xl font-bold">
              Across government
            </h2>
            <p className="prose-width">
              Of {total((d) => d.content.measures.length)} published measures, {total((d) => d.content.summary.measures.on_target)} were on
              target, {total((d) => d.content.summary.measures.within_tolerance)} within tolerance and{" "}
              {total((d) => d.content.summary.measures.off_target)} off target in {name}.
              {partial(depts.flatMap((d) => d.content.measures))}
            </p>
            <StatusBarsChart
              title={`Measures by status for each department, ${name}. The counts are in the table that follows.`}
              rows={depts.map((d) => ({ label: d.content.department.name, counts: d.content.summary.measures }))}
            />
            <ReportTable caption={`Measures by status, by department, ${name}`} className="text-sm">
              <THead>
                <tr>
                  <Th>Department</Th>
                  {STATUSES.map((s) => (
                    <Th key={s} numeric>
                      <StatusBadge status={s} />
                    </Th>
                  ))}
                  <Th numeric>All measures</Th>
                </tr>
              </THead>
              <TBody>
                {depts.map((d) => (
                  <Tr key={d.content.department.slug}>
                    <Th scope="row">{d.content.department.name}</Th>
                    {STATUSES.map((s) => (
                      <Td key={s} numeric>
                        {d.content.summary.measures[s]}
                      </Td>
                    ))}
                    <Td numeric>{d.content.measures.length}</Td>
                  </Tr>
                ))}
                <Tr className="border-t-2 border-ink font-bold">
                  <Th scope="row">All departments</Th>
                  {STATUSES.map((s) => (
                    <Td key={s} numeric>
                      {total((d) => d.content.summary.measures[s])}
                    </Td>
                  ))}
                  <Td numeric>{total((d) => d.content.measures.length)}</Td>
                </Tr>
              </TBody>
            </ReportTable>
            <ReportTable caption={`Initiatives, milestones, risks and recommendations, by department, ${name}`} className="text-sm">
              <THead>
                <tr>
                  <Th>Department</Th>
                  <Th numeric>Initiatives on track (green)</Th>
                  <Th numeric>At risk (amber)</Th>
                  <Th numeric>Off track (red)</Th>
                  <Th numeric>Milestones achieved</Th>
                  <Th numeric>Milestones missed</Th>
                  <Th numeric>Risks above appetite</Th>
                  <Th numeric>Recommendations implemented</Th>
                  <Th numeric>Recommendations outstanding</Th>
                </tr>
              </THead>
              <TBody>
                {depts.map(({ content: c }) => (
                  <Tr key={c.department.slug}>
                    <Th scope="row">{c.department.name}</Th>
                    <Td numeric>{c.summary.initiatives.green}</Td>
                    <Td numeric>{c.summary.initiatives.amber}</Td>
                    <Td numeric>{c.summary.initiatives.red}</Td>
                    <Td numeric>{c.summary.milestonesAchieved}</Td>
                    <Td numeric>{c.summary.milestonesMissed}</Td>
                    <Td numeric>{c.summary.risksAboveAppetite}</Td>
                    <Td numeric>{c.summary.recommendationsImplemented}</Td>
                    <Td numeric>{c.summary.recommendationsOutstanding}</Td>
                  </Tr>
                ))}
              </TBody>
            </ReportTable>
          </section>

          {depts.map((d) => (
            <section key={d.content.department.slug} aria-labelledby={`dept-${d.content.department.slug}`} className="space-y-6 border-t-4 border-navy pt-6">
              <h2 id={`dept-${d.content.department.slug}`} className="text-3xl font-bold">
                {d.content.department.name}
              </h2>
              <RevisionNotice revision={d.revision} />
              <p data-print="hide">
                <Link href={`/reports/${d.content.department.slug}/${quarterSlug(q)}`}>
                  {d.content.department.name}&rsquo;s report on its own page, with its revisions
                </Link>
              </p>
              <ReportBody content={d.content} level={3} />
            </section>
          ))}
        </article>
      </div>
      <FeedSubscribe href={feedPath(null)} subject="every department’s reports">
        <p>
          For Public Accounts Committee clerks, journalists and anyone following these reports: the feed tells you each time a department
          publishes a report or a correction, with the correction note, so you do not have to check this page. Each department&rsquo;s
          report page also offers a feed of its reports only.
        </p>
      </FeedSubscribe>
      <DataDownloads basePath={basePath}>
        <p className="prose-width">
          The CSV has the rows of every department&rsquo;s report (the <code className="font-mono">department</code> and{" "}
          <code className="font-mono">revision</code> columns say whose and which). The JSON has <code className="font-mono">quarter</code> and{" "}
          <code className="font-mono">departments</code>, a list with one entry per department made of the fields below.
        </p>
      </DataDownloads>
    </div>
  );
}
