import { format, parseISO, startOfMonth, subMonths } from "date-fns";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { RagBadge, StatusBadge } from "@/components/measures/status-badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { getScorecards, listMeasureExceptions, listOtherExceptions, type Scorecard } from "@/lib/dashboard/overview";
import { hasEnded, lastCompletedMonth, monthLabel, monthParam, monthsBetween, parseMonth, quarterLabel } from "@/lib/entry/periods";
import { formatValue } from "@/lib/measures/format";
import { STATUS_LABELS, toNumber, type Status } from "@/lib/measures/status";

export const metadata: Metadata = { title: "Dashboard" };

const STATUSES: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];
const KIND_LABELS = {
  initiative: "Initiative",
  risk: "Risk",
  milestone: "Milestone overdue",
  action: "SLT action overdue",
  recommendation: "Recommendation overdue",
} as const;

function total(cards: Scorecard[]): Scorecard {
  const sum = (f: (c: Scorecard) => number) => cards.reduce((s, c) => s + f(c), 0);
  return {
    ...cards[0]!,
    measures: Object.fromEntries(STATUSES.map((s) => [s, sum((c) => c.measures[s])])) as Record<Status, number>,
    missing: sum((c) => c.missing),
    initiatives: { green: sum((c) => c.initiatives.green), amber: sum((c) => c.initiatives.amber), red: sum((c) => c.initiatives.red) },
    highRisks: sum((c) => c.highRisks),
    overdueMilestones: sum((c) => c.overdueMilestones),
    overdueActions: sum((c) => c.overdueActions),
    overdueRecommendations: sum((c) => c.overdueRecommendations),
  };
}

function Tile({ label, value, children }: { label: string; value: number; children?: ReactNode }) {
  return (
    <div className="border border-line-soft bg-surface px-3 py-2">
      <dt className="text-sm text-ink-muted">{label}</dt>
      <dd className="flex items-center gap-2 text-xl font-bold tabular-nums">
        {children}
        {value}
      </dd>
    </div>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const user = await requireUser();
  const now = new Date();
  const today = format(now, "yyyy-MM-dd");
  const requested = parseMonth((await searchParams).month);
  const month = requested && hasEnded(requested, now) ? requested : lastCompletedMonth(now);
  const [cards, measureExceptions, otherExceptions] = await Promise.all([
    getScorecards(user, month, today),
    listMeasureExceptions(user, month),
    listOtherExceptions(user, today),
  ]);
  const months = monthsBetween(format(subMonths(startOfMonth(now), 24), "yyyy-MM-dd"), lastCompletedMonth(now)).reverse();
  const departments = [...new Map(cards.map((c) => [c.departmentId, cards.filter((x) => x.departmentId === c.departmentId)])).values()];

  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Performance dashboard</h1>
          <p className="mt-2 max-w-3xl text-ink-muted">
            {monthLabel(month)} at a glance: each measure&apos;s figure for the month (quarterly measures: the latest quarter
            ended) against the target in force, what is missing, initiatives by RAG, risks High after mitigation and what is overdue.
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
        const dept = total(units);
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
              <Tile label="Risks High after mitigation" value={dept.highRisks} />
              <Tile label="Initiatives red" value={dept.initiatives.red} />
              <Tile label="Initiatives amber" value={dept.initiatives.amber} />
              <Tile label="Initiatives green" value={dept.initiatives.green} />
              <Tile label="Milestones overdue" value={dept.overdueMilestones} />
              <Tile label="SLT actions overdue" value={dept.overdueActions} />
              <Tile label="Recommendations overdue" value={dept.overdueRecommendations} />
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
          <div className="border border-line-soft bg-surface p-4">
            <Table caption="Initiatives red or amber, risks High after mitigation, and what is overdue (milestones, SLT actions, recommendations)">
              <THead>
                <tr>
                  <Th>Type</Th>
                  <Th>Item</Th>
                  <Th>Unit</Th>
                  <Th>Detail</Th>
                  <Th>Date</Th>
                </tr>
              </THead>
              <TBody>
                {otherExceptions.map((e) => (
                  <Tr key={`${e.kind}-${e.id}`}>
                    <Td className="whitespace-nowrap">
                      {e.kind === "initiative" ? <RagBadge rag={e.detail.startsWith("red") ? "red" : "amber"} /> : KIND_LABELS[e.kind]}
                    </Td>
                    <Th scope="row" className="font-semibold">
                      {e.href ? (
                        <Link href={e.href}>{e.title}</Link>
                      ) : e.kind === "action" ? (
                        <Link href={`/reviews/${e.departmentSlug}/${monthParam(month)}`}>{e.title}</Link>
                      ) : (
                        e.title
                      )}
                    </Th>
                    <Td>{e.unitName}</Td>
                    <Td>{e.kind === "initiative" ? e.detail.replace(/^(red|amber): ?/, "") : e.detail}</Td>
                    <Td className="whitespace-nowrap">{e.date ? format(parseISO(e.date), "d MMM yyyy") : ""}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}
