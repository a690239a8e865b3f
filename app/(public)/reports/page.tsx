import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { getPublishedReportList, type PublishedReportListItem } from "@/lib/reports/published";
import { CROSS_GOVERNMENT } from "@/lib/reports/queries";

// Rendered per request from a cached list that publishing a revision clears (PUBLISHED_REPORTS_TAG),
// so a report appears as soon as the SLT publishes it.
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
  reports: PublishedReportListItem[];
}

function groupByDepartment(rows: PublishedReportListItem[]): DepartmentGroup[] {
  const groups = new Map<string, DepartmentGroup>();
  for (const row of rows) {
    // The cross-government report is assembled from the departments' reports (listed below).
    if (row.departmentSlug === CROSS_GOVERNMENT.slug) continue;
    const group = groups.get(row.departmentSlug) ?? { slug: row.departmentSlug, name: row.departmentName, reports: [] };
    group.reports.push(row);
    groups.set(row.departmentSlug, group);
  }
  return [...groups.values()];
}

/** Quarters with at least one published department report, newest first: each has a cross-government report. */
function governmentQuarters(rows: PublishedReportListItem[]): { year: number; quarter: number; departments: number }[] {
  const quarters = new Map<string, { year: number; quarter: number; departments: number }>();
  for (const r of rows) {
    if (r.departmentSlug === CROSS_GOVERNMENT.slug) continue;
    const key = `${r.year}-q${r.quarter}`;
    const q = quarters.get(key) ?? { year: r.year, quarter: r.quarter, departments: 0 };
    q.departments += 1;
    quarters.set(key, q);
  }
  return [...quarters.values()].sort((a, b) => b.year - a.year || b.quarter - a.quarter);
}

export default async function PublishedReportsPage() {
  const rows = await getPublishedReportList();
  const groups = groupByDepartment(rows);
  const quarters = governmentQuarters(rows);

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
          <section aria-labelledby="cross-government">
            <h2 id="cross-government" className="mb-2 border-b-2 border-navy pb-2 text-2xl font-bold">
              Across government
            </h2>
            <p className="prose-width mb-4">Every department&rsquo;s published report for a quarter, in one document.</p>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {quarters.map((q) => (
                <li key={`${q.year}-q${q.quarter}`} className="flex flex-col rounded-md border border-line-soft bg-white p-5 shadow-sm">
                  <h3 className="mb-1 text-lg font-bold">
                    <Link href={`/reports/government/${q.year}-q${q.quarter}`}>
                      Quarter {q.quarter} {q.year}
                      <span className="sr-only"> cross-government report</span>
                    </Link>
                  </h3>
                  <p className="text-ink-muted">
                    {QUARTER_MONTHS[q.quarter - 1] ?? ""} {q.year}: {q.departments === 1 ? "1 department" : `${q.departments} departments`}
                  </p>
                </li>
              ))}
            </ul>
          </section>
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
                        Published <time dateTime={r.publishedAt}>{dateFormat.format(new Date(r.publishedAt))}</time>
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
