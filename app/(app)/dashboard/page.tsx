import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { OtherExceptionsTable } from "@/components/dashboard/other-exceptions-table";
import { AsAtTiles, Tile } from "@/components/dashboard/scorecard-tiles";
import { StatusBadge } from "@/components/measures/status-badge";
import { MonthRefused } from "@/components/periods/month-refused";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { getScorecards, listMeasureExceptions, listOtherExceptions, sumScorecards } from "@/lib/dashboard/overview";
import { db } from "@/lib/db";
import { monthLabel, monthParam, parseMonth, quarterLabel, viewOfMonth } from "@/lib/entry/periods";
import { dashboardMonths } from "@/lib/measures/department";
import { formatValue } from "@/lib/measures/format";
import { STATUS_LABELS, toNumber, type Status } from "@/lib/measures/status";
import { getRiskBands } from "@/lib/settings";

export const metadata: Metadata = { title: "Dashboard" };

const STATUSES: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const user = await requireUser();
  const now = new Date();
  const today = format(now, "yyyy-MM-dd");
  const requested = parseMonth((await searchParams).month);
  const { defaultMonth } = dashboardMonths(now);
  const view = viewOfMonth(requested ?? defaultMonth, today);
  if (view.kind === "refused") {
    return <MonthRefused heading="Performance dashboard" message={view.message} backHref="/dashboard" backLabel={`Show ${monthLabel(defaultMonth)}`} />;
  }
  // Figures are the month's; everything else is as at its last day (today for the current month).
  const { period: month, asAt } = view;
  const months = dashboardMonths(now, month).options;
  const bands = getRiskBands(db);
  const [cards, measureExceptions, otherExceptions] = await Promise.all([
    bands.then((b) => getScorecards(user, { month, asAt, bands: b })),
    listMeasureExceptions(user, month),
    bands.then((b) => listOtherExceptions(user, { asAt, bands: b })),
  ]);
  const departments = [...new Map(cards.map((c) => [c.departmentId, cards.filter((x) => x.departmentId === c.departmentId)])).values()];

  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Performance dashboard</h1>
          <p className="mt-1 font-semibold" data-testid="as-at">
            {view.asAtText}
          </p>
          <p className="mt-2 max-w-3xl text-ink-muted">
            {monthLabel(month)} at a glance: each measure&apos;s figure for the month (quarterly measures: the latest quarter
            ended) against the target in force and what is missing; initiatives by their RAG, risks High after mitigation by
            their rating and what was overdue, all as they stood on that day.
          </p>
        </div>
        <form method="get" className="flex items-end gap-3" aria-label="Choose the month">
          <Select name="month" label="Month" defaultValue={monthParam(month)} fieldClassName="mb-0">
            {months.map((m) => (
              <option key={m} value={monthParam(m)}>
                {monthLabel(m)}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </form>
      </div>

      {departments.length === 0 && <p>There is nothing for you to see here yet.</p>}

      {departments.map((units) => {
        const dept = sumScorecards(units);
        const headingId = `dept-${dept.departmentSlug}`;
        return (
          <section key={dept.departmentId} aria-labelledby={headingId} className="space-y-4">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={headingId} className="text-2xl font-bold">
                {dept.departmentName}
              </h2>
              <p className="flex gap-4">
                <Link href={`/departments/${dept.departmentSlug}?month=${monthParam(month)}`}>
                  Department dashboard<span className="sr-only">: {dept.departmentName}</span>
                </Link>
                <Link href={`/reviews/${dept.departmentSlug}/${monthParam(month)}`}>
                  Monthly review pack<span className="sr-only">: {dept.departmentName}</span>
                </Link>
              </p>
            </div>
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" aria-label={`${dept.departmentName}: summary for ${monthLabel(month)}`}>
              {(["on_target", "within_tolerance", "off_target", "no_data"] as const).map((s) => (
                <Tile key={s} label={`Measures ${STATUS_LABELS[s].toLowerCase()}`} value={dept.measures[s]} />
              ))}
              <Tile label="Submissions missing" value={dept.missing} />
              <AsAtTiles card={dept} />
            </dl>
            <div className="border border-line-soft bg-surface p-4">
              <Table caption={`${dept.departmentName}: scorecard by unit, ${monthLabel(month)}`} captionHidden>
                <THead>
                  <tr>
                    <Th>Unit</Th>
                    {(["on_target", "within_tolerance", "off_target", "no_data"] as const).map((s) => (
                      <Th key={s} numeric className="text-sm">
                        {STATUS_LABELS[s]}
                      </Th>
                    ))}
                    <Th numeric className="text-sm">
                      Missing
                    </Th>
                    <Th className="text-sm">Initiatives</Th>
                    <Th numeric className="text-sm">
                      High risks
                    </Th>
                    <Th numeric className="text-sm">
                      Overdue milestones
                    </Th>
                    <Th numeric className="text-sm">
                      Overdue recommendations
                    </Th>
                  </tr>
                </THead>
                <TBody>
                  {units
                    .filter((u) => u.unitKind !== "department" || STATUSES.some((s) => u.measures[s] > 0) || u.highRisks > 0 || u.overdueRecommendations > 0)
                    .map((u) => (
                      <Tr key={u.unitId}>
                        <Th scope="row" className="font-semibold">
                          {u.unitName}
                        </Th>
                        {(["on_target", "within_tolerance", "off_target", "no_data"] as const).map((s) => (
                          <Td key={s} numeric>
                            {u.measures[s]}
                          </Td>
                        ))}
                        <Td numeric className={u.missing ? "font-bold text-danger-dark" : ""}>
                          {u.missing}
                        </Td>
                        <Td className="whitespace-nowrap">
                          <span className="sr-only">
                            {u.initiatives.red} red, {u.initiatives.amber} amber, {u.initiatives.green} green
                          </span>
                          <span aria-hidden="true" className="text-sm">
                            R {u.initiatives.red} · A {u.initiatives.amber} · G {u.initiatives.green}
                          </span>
                        </Td>
                        <Td numeric>{u.highRisks}</Td>
                        <Td numeric>{u.overdueMilestones}</Td>
                        <Td numeric className={u.overdueRecommendations ? "font-bold text-danger-dark" : ""}>
                          {u.overdueRecommendations}
                        </Td>
                      </Tr>
                    ))}
                </TBody>
              </Table>
            </div>
          </section>
        );
      })}

      <section aria-labelledby="exceptions" className="space-y-4">
        <h2 id="exceptions" className="text-2xl font-bold">
          Exceptions for {monthLabel(month)}
        </h2>
        {measureExceptions.length === 0 ? (
          <p>No measure is off target, within tolerance or missing this month.</p>
        ) : (
          <div className="border border-line-soft bg-surface p-4">
            <Table caption="Measures off target, within tolerance or not submitted">
              <THead>
                <tr>
                  <Th>Measure</Th>
                  <Th>Unit</Th>
                  <Th>Period</Th>
                  <Th numeric>Figure</Th>
                  <Th numeric>Target</Th>
                  <Th>Status</Th>
                </tr>
              </THead>
              <TBody>
                {measureExceptions.map((m) => (
                  <Tr key={m.id}>
                    <Th scope="row" className="font-semibold">
                      <Link href={`/measures/${m.id}`}>{m.name}</Link>
                    </Th>
                    <Td>{m.unitName}</Td>
                    <Td className="whitespace-nowrap">{m.period ? (m.frequency === "quarterly" ? quarterLabel(m.period) : format(parseISO(m.period), "MMM yyyy")) : "Not submitted"}</Td>
                    <Td numeric className="font-bold">
                      {formatValue(toNumber(m.value), m)}
                    </Td>
                    <Td numeric>{m.target === null ? "—" : formatValue(toNumber(m.target), m)}</Td>
                    <Td>
                      <StatusBadge status={m.status} />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
        {otherExceptions.length > 0 && (
          <OtherExceptionsTable items={otherExceptions} month={month} />
        )}
      </section>
    </div>
  );
}
