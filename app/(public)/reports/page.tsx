import type { Metadata } from "next";
import Link from "next/link";
import { FeedSubscribe } from "@/components/reports/feed-subscribe";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { pageWindow, requestedPage } from "@/lib/paging/page";
import { feedPath } from "@/lib/reports/feed";
import { getPublishedReportIndex, type PublishedReportListItem } from "@/lib/reports/published";
import { feedAlternates } from "./_lib/feed-links";

// Rendered per request from Postgres, so a report is listed on every instance as soon as it is published.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Published reports",
  description: "Quarterly performance reports published by Government of Jersey departments.",
  alternates: feedAlternates(null),
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const QUARTER_MONTHS = ["January to March", "April to June", "July to September", "October to December"] as const;

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Jersey" });

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const slugOf = (q: { year: number; quarter: number }) => `${q.year}-q${q.quarter}`;

/** The page's reports by quarter (they arrive newest quarter first), so each quarter is one heading. */
function byQuarter(rows: PublishedReportListItem[]): { year: number; quarter: number; reports: PublishedReportListItem[] }[] {
  const groups: { year: number; quarter: number; reports: PublishedReportListItem[] }[] = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && last.year === r.year && last.quarter === r.quarter) last.reports.push(r);
    else groups.push({ year: r.year, quarter: r.quarter, reports: [r] });
  }
  return groups;
}

export default async function PublishedReportsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const requested = requestedPage(params);
  const index = await getPublishedReportIndex({ department: one(params.department), quarter: one(params.quarter), page: requested });
  const window = pageWindow(index.total, requested);
  const query = { department: index.department?.slug, quarter: index.quarter ? slugOf(index.quarter) : null };
  const filtered = index.department !== null || index.quarter !== null;

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

      <div className="mb-10">
        <FeedSubscribe
          href={feedPath(null)}
          subject="every department’s reports"
          other={index.department ? { href: feedPath(index.department.slug), label: `Feed of ${index.department.name} reports only` } : undefined}
        >
          <p>
            For Public Accounts Committee clerks, journalists and anyone following a department: the feed tells you each time a report is
            published or corrected, with the correction note, so you do not have to check these pages. Each report&rsquo;s page also offers a
            feed of its department&rsquo;s reports only.
          </p>
        </FeedSubscribe>
      </div>

      {index.quarters.length === 0 ? (
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
              {index.quarters.map((q) => (
                <li key={slugOf(q)} className="flex flex-col rounded-md border border-line-soft bg-white p-5 shadow-sm">
                  <h3 className="mb-1 text-lg font-bold">
                    <Link href={`/reports/government/${slugOf(q)}`}>
                      Quarter {q.quarter} {q.year}
                      <span className="sr-only"> cross-government report</span>
                    </Link>
                  </h3>
                  <p className="text-ink-muted">
                    {QUARTER_MONTHS[q.quarter - 1] ?? ""} {q.year}: {q.departments === 1 ? "1 department" : `${q.departments.toLocaleString("en-GB")} departments`}
                  </p>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="by-department" className="space-y-6">
            <h2 id="by-department" className="border-b-2 border-navy pb-2 text-2xl font-bold">
              Department reports
            </h2>
            <form method="get" action="/reports" aria-label="Choose the reports shown" className="flex flex-wrap items-end gap-x-4 gap-y-3 rounded-md border border-line-soft bg-white p-4">
              <Select name="department" label="Department" defaultValue={index.department?.slug ?? ""} fieldClassName="mb-0! w-full max-w-md">
                <option value="">All departments</option>
                {index.departments.map((d) => (
                  <option key={d.slug} value={d.slug}>
                    {d.name}
                  </option>
                ))}
              </Select>
              <Select name="quarter" label="Quarter" defaultValue={index.quarter ? slugOf(index.quarter) : ""} fieldClassName="mb-0!" className="min-w-40">
                <option value="">All quarters</option>
                {index.quarters.map((q) => (
                  <option key={slugOf(q)} value={slugOf(q)}>
                    Quarter {q.quarter} {q.year}
                  </option>
                ))}
              </Select>
              <Button type="submit" variant="secondary">
                Show reports
              </Button>
              {filtered && (
                <Link href="/reports" className="inline-flex min-h-11 items-center">
                  Show every report
                </Link>
              )}
            </form>
            <PageSummary window={window} noun="report" plural="reports" filtered={filtered} />

            {byQuarter(index.rows).map((group) => (
              <section key={slugOf(group)} aria-labelledby={`quarter-${slugOf(group)}`}>
                <h3 id={`quarter-${slugOf(group)}`} className="mb-4 text-xl font-bold">
                  Quarter {group.quarter} {group.year}: {QUARTER_MONTHS[group.quarter - 1] ?? ""} {group.year}
                </h3>
                <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                  {group.reports.map((r) => (
                    <li key={r.reportId} className="flex flex-col rounded-md border border-line-soft bg-white p-5 shadow-sm">
                      <h4 className="mb-3 text-lg font-bold">
                        <Link href={`/reports/${r.departmentSlug}/${slugOf(r)}`}>
                          <span className="sr-only">
                            Quarter {r.quarter} {r.year} report,{" "}
                          </span>
                          {r.departmentName}
                        </Link>
                      </h4>
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

            <Pagination label="Department reports" window={window} path="/reports" query={query} />
          </section>
        </div>
      )}
    </div>
  );
}
