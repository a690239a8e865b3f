import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPublishedReport } from "@/lib/reports/published";
import { parseRevisionParam } from "../../../../_lib/downloads";
import { PublishedReportView, reportMetadata } from "../../../../_lib/report-view";

/*
 * Rendered per request, never from a per-instance page cache: which revision is current is read
 * from Postgres each time (one small query), so every instance shows a new revision as soon as it
 * is published; the content itself comes from memory, by immutable revision id
 * (lib/reports/published.ts). Per request also means the page gets the nonce CSP like any other.
 */
export const dynamic = "force-dynamic";

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
