import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { RagBadge } from "@/components/measures/status-badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { requireUser } from "@/lib/auth/current-user";
import { monthLabel, monthParam } from "@/lib/entry/periods";
import { getViewableDepartment } from "@/lib/measures/department";
import { getMonthlyReturn } from "@/lib/resources/return-queries";
import { resolveReturnMonth } from "@/lib/resources/return-month";
import { efficiencyRag, formatPounds, varianceStatus, type Tolerance } from "@/lib/resources/rules";
import { saveEfficiencyMonth, saveFinanceMonth, saveFundingMonth } from "./actions";
import { ReturnRowForm } from "./_components/return-row-form";
import { VarianceBadge } from "./_components/variance-badge";

interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ month?: string | string[] }>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const department = await getViewableDepartment(await requireUser(), slug);
  return { title: department ? `Monthly resource return – ${department.name}` : "Page not found" };
}

/** A row the user may not enter: the stored figures in words, with their status. */
function ReadOnlyRow({
  baseLabel,
  basePence,
  ytdLabel,
  ytdPence,
  amountLabel,
  current,
  judge,
  tolerance,
}: {
  baseLabel: string;
  basePence: number;
  ytdLabel: string;
  ytdPence: number;
  amountLabel: string;
  current: { amountPence: number; forecastPence: number; commentary: string | null } | null;
  judge: "variance" | "rag";
  tolerance: Tolerance;
}) {
  return (
    <>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3">
        <Pair term={baseLabel}>{formatPounds(basePence)}</Pair>
        <Pair term={amountLabel}>{current ? formatPounds(current.amountPence) : "Not entered"}</Pair>
        <Pair term={`${ytdLabel} (incl. this month)`}>{formatPounds(ytdPence)}</Pair>
        <Pair term="Full-year forecast">{current ? formatPounds(current.forecastPence) : "Not entered"}</Pair>
        {current && (
          <Pair term={judge === "variance" ? "Status" : "RAG"}>
            {judge === "variance" ? <VarianceBadge status={varianceStatus(current.forecastPence, basePence, tolerance)} /> : <RagBadge rag={efficiencyRag(current.forecastPence, basePence, tolerance)} />}
          </Pair>
        )}
      </dl>
      {current?.commentary && <p className="mt-2 max-w-3xl whitespace-pre-line">{current.commentary}</p>}
      <p className="mt-2 text-sm text-ink-muted">Read only: the responsible unit&apos;s lead or the department&apos;s SLT enters this line.</p>
    </>
  );
}

function Pair({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-sm text-ink-muted">{term}</dt>
      <dd className="font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function RowCard({ title, meta, children, editHref }: { title: string; meta?: string | null; children: ReactNode; editHref?: string | null }) {
  return (
    <li className="rounded-md border border-line-soft bg-surface p-4 shadow-sm sm:p-5">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-lg font-bold">{title}</h3>
        {editHref && (
          <Link href={editHref}>
            Edit the definition<span className="sr-only"> of {title}</span>
          </Link>
        )}
      </div>
      {meta && <p className="-mt-2 mb-3 text-ink-muted">{meta}</p>}
      {children}
    </li>
  );
}

/**
 * The monthly resource return: for each service area, funding line and efficiency of the
 * department in the month's year, the month's figure and the full-year forecast — a form per row
 * where the user may enter it (finance:enter on its unit), the stored figures otherwise.
 */
export default async function MonthlyReturnPage({ params, searchParams }: PageProps) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const department = await getViewableDepartment(user, slug);
  if (!department) notFound();
  const { month, refused, options } = resolveReturnMonth(query.month, new Date());
  const data = await getMonthlyReturn(user, department, month);
  const m = monthParam(month);
  const label = monthLabel(month);
  const year = month.slice(0, 4);
  const growth = data.fundingLines.filter((l) => l.kind === "growth");
  const capital = data.fundingLines.filter((l) => l.kind === "capital");
  const base = `/departments/${department.slug}/resources`;

  const fundingSection = (id: string, heading: string, lines: typeof data.fundingLines) => (
    <section aria-labelledby={id} className="space-y-4">
      <h2 id={id} className="text-2xl font-bold">
        {heading}
      </h2>
      {lines.length === 0 ? (
        <p>No {heading.toLowerCase()} lines for {year}.</p>
      ) : (
        <ul className="space-y-4">
          {lines.map((l) => (
            <RowCard key={l.id} title={l.ref ? `${l.ref} ${l.name}` : l.name} meta={`Led by ${l.leadUnitName ?? department.name}`} editHref={data.canManage ? `${base}/funding/${l.id}/edit` : null}>
              {l.canEnter ? (
                <ReturnRowForm
                  action={saveFundingMonth}
                  idField="programmeId"
                  idValue={l.id}
                  month={m}
                  monthText={label}
                  name={l.name}
                  judge="variance"
                  baseLabel="Allocation"
                  basePence={l.allocationPence}
                  amountField="spend"
                  amountLabel={`Spend in ${label}`}
                  forecastLabel={`Full-year forecast spend, ${year}`}
                  ytdLabel="Spend to date"
                  ytdBeforePence={l.ytdBeforePence}
                  previousForecastPence={l.previousForecastPence}
                  current={l.current && { version: l.current.version, amountPence: l.current.spendPence, forecastPence: l.current.forecastPence, commentary: l.current.commentary }}
                  tolerance={data.tolerance}
                />
              ) : (
                <ReadOnlyRow
                  baseLabel="Allocation"
                  basePence={l.allocationPence}
                  ytdLabel="Spend to date"
                  ytdPence={l.ytdBeforePence + (l.current?.spendPence ?? 0)}
                  amountLabel={`Spend in ${label}`}
                  current={l.current && { amountPence: l.current.spendPence, forecastPence: l.current.forecastPence, commentary: l.current.commentary }}
                  judge="variance"
                  tolerance={data.tolerance}
                />
              )}
            </RowCard>
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <div className="space-y-10">
      <div>
        <p className="mb-2 flex flex-wrap gap-x-6">
          <Link href={`${base}?month=${m}`}>Resources of {department.name}</Link>
          <Link href={`/departments/${department.slug}/people/month?month=${m}`}>People: monthly figures</Link>
        </p>
        <h1 className="text-3xl font-bold">Monthly resource return</h1>
        <p className="mt-1 text-xl font-semibold">
          {department.name} · {label}
        </p>
        <p className="mt-2 max-w-3xl text-ink-muted">
          For each service area, Government Plan funding line and efficiency: the month&apos;s figure and the full-year
          forecast. A forecast more than {data.tolerance.lowerPct}% from its budget or allocation (beyond{" "}
          {data.tolerance.upperPct}% is beyond tolerance), or an efficiency that is not green, needs commentary. Each row
          is saved on its own, so a busy month can be entered a line at a time; changing a month already entered needs a
          reason, kept in the audit trail.
        </p>
        <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Choose the month">
          <Select name="month" label="Month" defaultValue={m} fieldClassName="mb-0!">
            {options.map((p) => (
              <option key={p} value={monthParam(p)}>
                {monthLabel(p)}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary">
            Show month
          </Button>
        </form>
      </div>

      {refused && (
        <Alert tone="warning" title={`${monthLabel(refused)} has not ended yet`}>
          <p>A month&apos;s return is entered once the month is over. Showing {label} instead.</p>
        </Alert>
      )}

      <section aria-labelledby="service-areas" className="space-y-4">
        <h2 id="service-areas" className="text-2xl font-bold">
          Service areas: net revenue expenditure
        </h2>
        <p className="max-w-3xl text-ink-muted">Against each service area&apos;s total net revenue expenditure budget for {year} (DEL − income + non-cash).</p>
        {data.serviceAreas.length === 0 ? (
          <p>No service area of {department.name} has a budget for {year}.</p>
        ) : (
          <ul className="space-y-4">
            {data.serviceAreas.map((a) => (
              <RowCard key={a.unitId} title={a.name}>
                {a.canEnter ? (
                  <ReturnRowForm
                    action={saveFinanceMonth}
                    idField="unitId"
                    idValue={a.unitId}
                    month={m}
                    monthText={label}
                    name={a.name}
                    judge="variance"
                    baseLabel="Budget"
                    basePence={a.budgetPence}
                    amountField="actual"
                    amountLabel={`Actual net expenditure in ${label}`}
                    forecastLabel={`Forecast outturn for ${year}`}
                    ytdLabel="Actual to date"
                    ytdBeforePence={a.ytdBeforePence}
                    previousForecastPence={a.previousForecastPence}
                    current={a.current && { version: a.current.version, amountPence: a.current.actualPence, forecastPence: a.current.forecastPence, commentary: a.current.commentary }}
                    tolerance={data.tolerance}
                  />
                ) : (
                  <ReadOnlyRow
                    baseLabel="Budget"
                    basePence={a.budgetPence}
                    ytdLabel="Actual to date"
                    ytdPence={a.ytdBeforePence + (a.current?.actualPence ?? 0)}
                    amountLabel={`Actual in ${label}`}
                    current={a.current && { amountPence: a.current.actualPence, forecastPence: a.current.forecastPence, commentary: a.current.commentary }}
                    judge="variance"
                    tolerance={data.tolerance}
                  />
                )}
              </RowCard>
            ))}
          </ul>
        )}
      </section>

      {fundingSection("growth", "Government Plan growth", growth)}
      {fundingSection("capital", "Capital programme", capital)}
      {data.canManage && (
        <p>
          <Link href={`${base}/funding/new`}>Add a funding line</Link>
        </p>
      )}

      <section aria-labelledby="efficiencies" className="space-y-4">
        <h2 id="efficiencies" className="text-2xl font-bold">
          Efficiencies
        </h2>
        {data.efficiencies.length === 0 ? (
          <p>No efficiencies for {year}.</p>
        ) : (
          <ul className="space-y-4">
            {data.efficiencies.map((e) => (
              <RowCard
                key={e.id}
                title={e.title}
                meta={`${e.scope === "cross_cutting" ? "Cross-cutting" : "Departmental"} · led by ${e.leadUnitName ?? department.name}`}
                editHref={data.canManage ? `${base}/efficiencies/${e.id}/edit` : null}
              >
                {e.canEnter ? (
                  <ReturnRowForm
                    action={saveEfficiencyMonth}
                    idField="efficiencyId"
                    idValue={e.id}
                    month={m}
                    monthText={label}
                    name={e.title}
                    judge="rag"
                    baseLabel="Target"
                    basePence={e.targetPence}
                    amountField="delivered"
                    amountLabel={`Saving delivered in ${label}`}
                    forecastLabel={`Full-year forecast delivery, ${year}`}
                    ytdLabel="Delivered to date"
                    ytdBeforePence={e.ytdBeforePence}
                    previousForecastPence={e.previousForecastPence}
                    current={e.current && { version: e.current.version, amountPence: e.current.deliveredPence, forecastPence: e.current.forecastPence, commentary: e.current.commentary }}
                    tolerance={data.tolerance}
                  />
                ) : (
                  <ReadOnlyRow
                    baseLabel="Target"
                    basePence={e.targetPence}
                    ytdLabel="Delivered to date"
                    ytdPence={e.ytdBeforePence + (e.current?.deliveredPence ?? 0)}
                    amountLabel={`Delivered in ${label}`}
                    current={e.current && { amountPence: e.current.deliveredPence, forecastPence: e.current.forecastPence, commentary: e.current.commentary }}
                    judge="rag"
                    tolerance={data.tolerance}
                  />
                )}
              </RowCard>
            ))}
          </ul>
        )}
        {data.canManage && (
          <p>
            <Link href={`${base}/efficiencies/new`}>Add an efficiency</Link>
          </p>
        )}
      </section>
    </div>
  );
}
