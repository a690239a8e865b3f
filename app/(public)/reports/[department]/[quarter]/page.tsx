import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPublishedReport } from "@/lib/reports/published";
import { PublishedReportView, reportMetadata } from "../../_lib/report-view";

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
