import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { requireUser } from "@/lib/auth/current-user";
import { monthLabel, monthParam } from "@/lib/entry/periods";
import { getViewableDepartment } from "@/lib/measures/department";
import { getWorkforceReturn } from "@/lib/resources/return-queries";
import { resolveReturnMonth } from "@/lib/resources/return-month";
import { formatPounds, vacanciesFte } from "@/lib/resources/rules";
import { saveWorkforceMonth } from "./actions";
import { WorkforceRowForm } from "./_components/workforce-row-form";

interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ month?: string | string[] }>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const department = await getViewableDepartment(await requireUser(), slug);
  return { title: department ? `People: monthly figures – ${department.name}` : "Page not found" };
}

/**
 * The People Dashboard's monthly figures, per unit of the department: a form per unit the user may
 * enter (workforce:enter on it: its lead, the department's SLT), the stored figures otherwise.
 */
export default async function WorkforceMonthPage({ params, searchParams }: PageProps) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const department = await getViewableDepartment(user, slug);
  if (!department) notFound();
  const { month, refused, options } = resolveReturnMonth(query.month, new Date());
  const rows = await getWorkforceReturn(user, department, month);
  const m = monthParam(month);
  const label = monthLabel(month);

  return (
    <div className="space-y-10">
      <div>
        <p className="mb-2 flex flex-wrap gap-x-6">
          <Link href={`/departments/${department.slug}/people?month=${m}`}>People of {department.name}</Link>
          <Link href={`/departments/${department.slug}/resources/month?month=${m}`}>Monthly resource return</Link>
        </p>
        <h1 className="text-3xl font-bold">People: monthly figures</h1>
        <p className="mt-1 text-xl font-semibold">
          {department.name} · {label}
        </p>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Each unit&apos;s headcount and FTE in post at the month&apos;s end, leavers in the month, and agency and fixed-term
          spend in the month. Vacancies are the FTE establishment (from the unit&apos;s budget) less FTE in post. Each unit
          is saved on its own; changing a month already entered needs a reason.
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
          <p>A month&apos;s figures are entered once the month is over. Showing {label} instead.</p>
        </Alert>
      )}

      <ul className="space-y-4" aria-label={`Units of ${department.name}`}>
        {rows.map((r) => (
          <li key={r.unitId} className="rounded-md border border-line-soft bg-surface p-4 shadow-sm sm:p-5">
            <h2 className="mb-3 text-lg font-bold">{r.name}</h2>
            {r.canEnter ? (
              <WorkforceRowForm action={saveWorkforceMonth} unitId={r.unitId} name={r.name} month={m} monthText={label} establishment={r.establishment} current={r.current} />
            ) : r.current ? (
              <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3">
                {[
                  ["Headcount", String(r.current.headcount)],
                  ["FTE in post", r.current.fteInPost],
                  ["FTE establishment", r.establishment ?? "No budget this year"],
                  ["Vacancies (FTE)", r.establishment === null ? "–" : vacanciesFte(Number(r.establishment), Number(r.current.fteInPost)).toFixed(2)],
                  ["Leavers in the month", String(r.current.leavers)],
                  ["Agency spend", formatPounds(r.current.agencySpendPence)],
                  ["Fixed-term spend", formatPounds(r.current.fixedTermSpendPence)],
                ].map(([term, value]) => (
                  <div key={term}>
                    <dt className="text-sm text-ink-muted">{term}</dt>
                    <dd className="font-semibold tabular-nums">{value}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p>Not entered for {label}.</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
