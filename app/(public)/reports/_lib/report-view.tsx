import type { Metadata } from "next";
import Link from "next/link";
import { FeedSubscribe } from "@/components/reports/feed-subscribe";
import { PrintButton } from "@/components/reports/print-button";
import { ReportDocument } from "@/components/reports/report-document";
import { Breadcrumbs, DataDownloads, RevisionList } from "@/components/reports/report-page-parts";
import { quarterName, quarterSlug } from "@/lib/reports/content";
import { feedPath } from "@/lib/reports/feed";
import type { PublishedReport } from "@/lib/reports/published";
import { feedAlternates } from "./feed-links";

export function reportMetadata(report: PublishedReport | null, revision?: number): Metadata {
  if (!report) return { title: "Report not found" };
  const title = `${report.content.department.name}: quarterly performance report, ${quarterName(report.quarter)}${revision ? ` (revision ${revision})` : ""}`;
  return {
    title,
    description: `The ${quarterName(report.quarter)} performance report of the ${report.content.department.name}, as published.`,
    alternates: feedAlternates({ slug: report.departmentSlug, name: report.content.department.name }),
  };
}

/** A published report's page: the report, its revisions and its data; `atRevisionUrl` for /revisions/n. */
export function PublishedReportView({ report, atRevisionUrl }: { report: PublishedReport; atRevisionUrl: boolean }) {
  const basePath = `/reports/${report.departmentSlug}/${quarterSlug(report.quarter)}`;
  const shown = report.revision.number;
  const superseded = shown < report.latest;
  return (
    <div className="mx-auto w-full max-w-6xl space-y-12 px-4 py-8 sm:px-6 sm:py-10">
      <div>
        <Breadcrumbs
          items={[
            { href: "/reports", label: "Published reports" },
            ...(atRevisionUrl ? [{ href: basePath, label: `${report.content.department.name}, ${quarterName(report.quarter)}` }, { label: `Revision ${shown}` }] : [{ label: `${report.content.department.name}, ${quarterName(report.quarter)}` }]),
          ]}
        />
        {superseded && (
          <p className="mb-6 rounded-md border-l-4 border-status-tolerance bg-warning-soft p-3" role="note" data-testid="superseded-notice">
            <span className="font-bold">This is an earlier revision.</span> It was corrected later:{" "}
            <Link href={basePath}>read the current version (revision {report.latest})</Link>.
          </p>
        )}
        <div className="mb-6 flex flex-wrap items-center gap-x-6 gap-y-2 text-sm" data-print="hide">
          <PrintButton />
          <a href="#data">Download the data (CSV, JSON)</a>
          <a href="#subscribe">Follow corrections (Atom feed)</a>
          <Link href={`/reports/government/${quarterSlug(report.quarter)}`}>All departments for {quarterName(report.quarter)}</Link>
        </div>
        <ReportDocument content={report.content} revision={report.revision} />
      </div>
      <RevisionList basePath={basePath} revisions={report.revisions} shown={atRevisionUrl ? shown : -1} latest={report.latest} />
      <FeedSubscribe
        href={feedPath(report.departmentSlug)}
        subject={`${report.content.department.name} reports`}
        other={{ href: feedPath(null), label: "Feed of every department’s reports" }}
      >
        <p>
          For Public Accounts Committee clerks, journalists and anyone following these reports: the feed tells you each time a{" "}
          {report.content.department.name} report is published or corrected, with the correction note, so you do not have to check this
          page.
        </p>
      </FeedSubscribe>
      <DataDownloads basePath={atRevisionUrl ? `${basePath}/revisions/${shown}` : basePath} />
    </div>
  );
}
