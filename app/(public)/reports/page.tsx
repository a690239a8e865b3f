import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { listPublishedReports, type PublishedReportSummary } from "@/lib/reports/queries";

// Always read fresh: a report appears as soon as the SLT publishes it.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Published reports",
  description: "Quarterly performance reports published by Government of Jersey departments.",
};

const QUARTER_MONTHS = ["January to March", "April to June", "July to September", "October to December"] as const;

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Jersey" });

interface DepartmentGroup {
  slug: string;
  name: string;
  reports: PublishedReportSummary[];
}

function groupByDepartment(rows: PublishedReportSummary[]): DepartmentGroup[] {
  const groups = new Map<string, DepartmentGroup>();
  for (const row of rows) {
    const group = groups.get(row.departmentSlug) ?? { slug: row.departmentSlug, name: row.departmentName, reports: [] };
    group.reports.push(row);
    groups.set(row.departmentSlug, group);
  }
  return [...groups.values()];
}

export default async function PublishedReportsPage() {
  const groups = groupByDepartment(await listPublishedReports());

  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-12">
      <div className="prose-width mb-10">
        <h1 className="mb-4 text-3xl font-bold sm:text-4xl">Published performance reports</h1>
        <p className="text-lg">
          Each quarter, departments report how they performed against their key performance indicators, how their
          Government Plan initiatives are progressing and which risks they are managing. Once the Senior Leadership Team
          publishes a report, anyone can read it here — no account needed.
        </p>
      </div>

      {groups.length === 0 ? (
        <section aria-labelledby="no-reports" className="rounded-md border border-line-soft bg-white p-6 shadow-sm sm:p-8">
          <div className="flex gap-4">
            <svg viewBox="0 0 24 24" aria-hidden="true" className="mt-1 size-8 shrink-0 text-ink-muted" fill="none" stroke="currentColor" strokeWidth="1.75">
              <path d="M7 3h7l5 5v13H7z" strokeLinejoin="round" />
              <path d="M14 3v5h5M10 13h6M10 17h6" strokeLinecap="round" />
            </svg>
            <div className="prose-width">
              <h2 id="no-reports" className="mb-2 text-xl font-bold">
                No reports yet
              </h2>
              <p>
                No reports have been published yet. The first quarterly report will appear here once the Senior
                Leadership Team publishes it.
              </p>
            </div>
          </div>
        </section>
      ) : (
        <div className="space-y-10">
          {groups.map((group) => (
            <section key={group.slug} aria-labelledby={`dept-${group.slug}`}>
              <h2 id={`dept-${group.slug}`} className="mb-4 border-b-2 border-navy pb-2 text-2xl font-bold">
                {group.name}
              </h2>
              <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {group.reports.map((r) => (
                  <li key={r.reportId} className="flex flex-col rounded-md border border-line-soft bg-white p-5 shadow-sm">
                    <h3 className="mb-1 text-lg font-bold">
                      <Link href={`/reports/${r.departmentSlug}/${r.year}-q${r.quarter}`}>
                        Quarter {r.quarter} {r.year}
                        <span className="sr-only"> report, {group.name}</span>
                      </Link>
                    </h3>
                    <p className="mb-3 text-ink-muted">{QUARTER_MONTHS[r.quarter - 1] ?? ""} {r.year}</p>
                    <div className="mt-auto flex flex-wrap items-center gap-2 text-sm">
                      <span>
                        Published <time dateTime={r.publishedAt.toISOString()}>{dateFormat.format(r.publishedAt)}</time>
                      </span>
                      {r.revision > 1 && <Badge tone="info">Corrected (revision {r.revision})</Badge>}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
