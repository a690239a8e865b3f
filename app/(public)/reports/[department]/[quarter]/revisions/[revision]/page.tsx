import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPublishedReport } from "@/lib/reports/published";
import { parseRevisionParam } from "../../../../_lib/downloads";
import { PublishedReportView, reportMetadata } from "../../../../_lib/report-view";

/*
 * A published revision never changes, so the page is rendered on its first visit and then served
 * whole from Next's cache until publishing a revision revalidates its tags (the reads in
 * lib/reports/published.ts carry them). Static rendering means the shared header is rendered for
 * an anonymous visitor here, as the cached copy is the same for everyone.
 */
export const dynamic = "force-static";
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

interface Props {
  params: Promise<{ department: string; quarter: string; revision: string }>;
}

async function load(params: Props["params"]) {
  const { department, quarter, revision } = await params;
  const n = parseRevisionParam(revision);
  return n === null ? null : getPublishedReport(department, quarter, n);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const report = await load(params);
  return reportMetadata(report, report?.revision.number);
}

/** One revision of a published report, exactly as it was published (e.g. /reports/coo/2026-q3/revisions/1). */
export default async function ReportRevisionPage({ params }: Props) {
  const report = await load(params);
  if (!report) notFound();
  return <PublishedReportView report={report} atRevisionUrl />;
}
