import type { Metadata } from "next";
import Link from "next/link";
import { DepartmentSearch } from "@/components/lists/department-search";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { lastCompletedQuarter, quarterMonths, quarterName, quarterSlug } from "@/lib/reports/content";
import { pageWindow, requestedPage } from "@/lib/paging/page";
import { searchText } from "@/lib/paging/search";
import { listManagedReports } from "@/lib/reports/manage";
import { startableQuarters, STATUS_TONES, statusLabel } from "@/lib/reports/workflow";
import { createReport } from "./actions";
import { StartReportForm } from "./_components/start-report-form";

export const metadata: Metadata = { title: "Manage quarterly reports" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/Jersey" });

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ManageReportsPage({ searchParams }: { searchParams: SearchParams }) {
  const [user, params] = await Promise.all([requirePermission("report:edit"), searchParams]);
  const search = searchText(params);
  const requested = requestedPage(params);
  const { total, rows: departments } = await listManagedReports(user, { page: requested, search });
  const window = pageWindow(total, requested);
  const last = lastCompletedQuarter(new Date());

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">Manage quarterly reports</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Each quarter the department builds its performance report from the submitted figures, writes the narrative and submits it; the
          Senior Leadership Team approves and publishes it. Publishing freezes the report: later changes to figures reach the public only through
          a correction, published as a new revision with a note.
        </p>
        <p className="mt-2">
          <Link href="/reports">Published reports, as the public sees them</Link>
        </p>
      </div>

      {(total > 1 || search !== "") && (
        <div className="space-y-3">
          <DepartmentSearch action="/reports/manage" search={search} />
          <PageSummary window={window} noun="department" plural="departments" filtered={search !== ""} />
        </div>
      )}

      {departments.map((d) => {
        const free = startableQuarters(last, d.reports);
        const lastIsFree = free[0]?.year === last.year && free[0]?.quarter === last.quarter;
        return (
          <Card
            key={d.id}
            title={d.name}
            description={lastIsFree ? `The ${quarterName(last)} report (${quarterMonths(last)}) has not been started.` : undefined}
          >
            {free.length > 0 && (
              <div className="mb-6">
                <StartReportForm
                  action={createReport}
                  departmentId={d.id}
                  departmentName={d.name}
                  quarters={free.map((q) => ({ value: quarterSlug(q), label: quarterName(q) }))}
                />
              </div>
            )}
            {d.reports.length === 0 ? (
              <p>No reports yet.</p>
            ) : (
              <Table caption={`${d.name}: reports by quarter, newest first`} captionHidden>
                <THead>
                  <tr>
                    <Th>Quarter</Th>
                    <Th>Status</Th>
                    <Th>Last changed</Th>
                  </tr>
                </THead>
                <TBody>
                  {d.reports.map((r) => (
                    <Tr key={r.id}>
                      <Th scope="row" className="whitespace-nowrap">
                        <Link href={`/reports/manage/${r.id}`}>
                          {quarterName(r)}
                          <span className="sr-only"> report, {d.name}</span>
                        </Link>
                      </Th>
                      <Td>
                        <Badge className="whitespace-normal!" tone={r.revisions > 0 && r.status !== "published" ? "warning" : STATUS_TONES[r.status]}>
                          {statusLabel(r.status, r.revisions)}
                        </Badge>
                      </Td>
                      <Td className="whitespace-nowrap">{dateFormat.format(new Date(r.updatedAt))}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
        );
      })}

      <Pagination label="Departments" window={window} path="/reports/manage" query={{ q: search }} />
    </div>
  );
}
