import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPublishedReport } from "@/lib/reports/published";
import { PublishedReportView, reportMetadata } from "../../_lib/report-view";

/*
 * Rendered per request, never from a per-instance page cache: which revision is current is read
 * from Postgres each time (one small query), so every instance shows a new revision as soon as it
 * is published; the content itself comes from memory, by immutable revision id
 * (lib/reports/published.ts). Per request also means the page gets the nonce CSP like any other.
 */
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ department: string; quarter: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { department, quarter } = await params;
  return reportMetadata(await getPublishedReport(department, quarter));
}

/** A department's published report for a quarter (e.g. /reports/coo/2026-q3), at its latest revision. No sign-in. */
export default async function PublishedReportPage({ params }: Props) {
  const { department, quarter } = await params;
  const report = await getPublishedReport(department, quarter);
  if (!report) notFound();
  return <PublishedReportView report={report} atRevisionUrl={false} />;
}
