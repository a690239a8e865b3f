import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { MAX_CSV_ROWS } from "@/lib/entry/csv-limits";
import { log } from "@/lib/log";
import { getViewableDepartment } from "@/lib/measures/department";
import { getBudgetSheet, type BudgetSheetRow } from "@/lib/resources/budgets";
import { formatThousands, nearCashNetPence, totalNetPence, type BudgetLines } from "@/lib/resources/rules";
import { BUDGET_YEAR_MAX, BUDGET_YEAR_MIN } from "@/lib/validation/budget";
import { importBudgets, saveBudget } from "./actions";
import { BudgetForm } from "./_components/budget-form";
import { BudgetImportForm } from "./_components/budget-import-form";

interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ year?: string | string[] }>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const department = await getViewableDepartment(await requireUser(), slug);
  return { title: department ? `${department.name}: budget` : "Page not found" };
}

const CSV_COLUMNS: [string, string][] = [
  ["unit", "The service area's code, as in its address (e.g. md). The department's own line is the department's code (e.g. coo). Units of this department only."],
  ["year", "The financial (calendar) year, four digits, e.g. 2026."],
  ["income", "Income in pounds, up to 2 decimals, e.g. 1019000 or 1,019,000.00. 0 if there is none."],
  ["del", "DEL (gross near-cash expenditure) in pounds."],
  ["non_cash", "Non-cash expenditure in pounds."],
  ["fte", "FTE establishment, up to 2 decimals, e.g. 14.5."],
];

/** "290" or "14.5": FTE without trailing zeros, grouped in thousands. */
const fte = (text: string) => Number(text).toLocaleString("en-GB", { maximumFractionDigits: 2 });

/** The six figures of a line, in £'000 (each rounded from pence; the derived lines computed before rounding). */
function Figures({ lines, fteText }: { lines: BudgetLines; fteText: string }) {
  return (
    <>
      <Td numeric>{formatThousands(lines.incomePence)}</Td>
      <Td numeric>{formatThousands(lines.delPence)}</Td>
      <Td numeric>{formatThousands(nearCashNetPence(lines))}</Td>
      <Td numeric>{formatThousands(lines.nonCashPence)}</Td>
      <Td numeric>{formatThousands(totalNetPence(lines))}</Td>
      <Td numeric>{fte(fteText)}</Td>
    </>
  );
}

function Line({ row }: { row: BudgetSheetRow }) {
  return (
    <Tr>
      <Th scope="row" className={row.depth > 1 ? "pl-8 font-normal" : "font-normal"}>
        {row.label}
      </Th>
      {row.budget ? (
        <Figures lines={row.budget} fteText={row.budget.fteEstablishment} />
      ) : (
        <Td colSpan={6} className="text-ink-muted">
          No budget set for this year
        </Td>
      )}
    </Tr>
  );
}

function yearRefused(slug: string, name: string, asked: string) {
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">{name}: budget</h1>
      <Alert tone="warning" title="That is not a year we can show">
        <p>
          “{asked}” is not a year from {BUDGET_YEAR_MIN} to {BUDGET_YEAR_MAX}. Write the year as four digits, e.g. {new Date().getFullYear()}.
        </p>
      </Alert>
      <p>
        <Link href={`/departments/${slug}/resources/budget`}>Show this year&apos;s budget</Link>
      </p>
    </div>
  );
}

export default async function BudgetPage({ params, searchParams }: PageProps) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const thisYear = new Date().getFullYear();
  const asked = typeof query.year === "string" ? query.year : null;
  const year = asked === null ? thisYear : /^\d{4}$/.test(asked) && Number(asked) >= BUDGET_YEAR_MIN && Number(asked) <= BUDGET_YEAR_MAX ? Number(asked) : null;
  if (year === null) {
    const department = await getViewableDepartment(user, slug);
    if (!department) notFound();
    return yearRefused(department.slug, department.name, asked ?? "");
  }
  const sheet = await getBudgetSheet(user, slug, year);
  if (!sheet) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/departments/${slug}/resources/budget` });
    notFound();
  }
  const { department, rows, total } = sheet;
  const years = [...new Set([...sheet.years, thisYear, thisYear + 1, year])].sort((a, b) => b - a);
  const base = `/departments/${department.slug}`;
  const editable = rows.filter((r) => r.canManage);

  return (
    <div className="space-y-10">
      <div>
        <p className="mb-2 flex flex-wrap gap-x-6">
          <Link href={`${base}/resources`}>{department.name}: resources</Link>
          <Link href={base}>{department.name}: measures</Link>
        </p>
        <h1 className="text-3xl font-bold">
          {department.name}: budget {year}
        </h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Each service area&apos;s revenue budget for the year, laid out like the business plan&apos;s &ldquo;Departmental Service
          Analysis&rdquo;. Near-cash net revenue expenditure is DEL less income; total net revenue expenditure adds non-cash. Both,
          and the total row, are calculated from the stored figures, never typed.
        </p>
        <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
          <Select name="year" label="Year" defaultValue={String(year)} fieldClassName="mb-0!">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary">
            Show year
          </Button>
        </form>
      </div>

      <section aria-labelledby="analysis" className="space-y-3">
        <h2 id="analysis" className="text-2xl font-bold">
          Departmental service analysis
        </h2>
        {sheet.budgeted === 0 && (
          <Alert tone="info" title={`No budgets for ${year} yet`}>
            <p>{sheet.canManage ? "Set each service area's budget below, or import them from a ledger CSV." : `${department.name} has not set its budgets for ${year}.`}</p>
          </Alert>
        )}
        <Table caption={`${department.name}: service analysis ${year} (£'000)`}>
          <THead>
            <tr>
              <Th>Service area</Th>
              <Th numeric>Income</Th>
              <Th numeric>DEL</Th>
              <Th numeric>Near-cash net revenue expenditure</Th>
              <Th numeric>Non-cash</Th>
              <Th numeric>Total net revenue expenditure</Th>
              <Th numeric>FTE establishment</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <Line key={r.unitId} row={r} />
            ))}
            <Tr className="border-t-2 border-ink font-bold">
              <Th scope="row">Total</Th>
              <Figures lines={total} fteText={sheet.totalFte} />
            </Tr>
          </TBody>
        </Table>
        <p className="max-w-3xl text-sm text-ink-muted">
          Amounts in thousands of pounds, each rounded to the nearest £1,000 (half away from zero). The total is added up in pence
          from the service areas&apos; stored figures and then rounded, so it may differ by 1 from the sum of the rounded lines.
          FTE is the funded establishment, not the people in post.
        </p>
        {rows.some((r) => r.budget) && (
          <ul className="max-w-3xl space-y-1 text-sm text-ink-muted">
            {rows.flatMap((r) =>
              r.budget ? [<li key={r.unitId}>{`${r.label}: last changed ${format(new Date(r.budget.updatedAt), "d MMM yyyy, HH:mm")}${r.budget.updatedBy ? ` by ${r.budget.updatedBy}` : ""}.`}</li>] : [],
            )}
          </ul>
        )}
      </section>

      {editable.length > 0 && (
        <section aria-labelledby="edit" className="space-y-4">
          <h2 id="edit" className="text-2xl font-bold">
            Set or change a budget
          </h2>
          <p className="max-w-3xl text-ink-muted">
            Type amounts in pounds (&ldquo;4,511,000&rdquo; or &ldquo;£4,511,000.00&rdquo;). Every change needs a reason and is kept in the
            audit log with the figures before and after. If someone else changed the budget since you opened this page, your save is
            refused and what is stored now is shown.
          </p>
          {editable.map((r) => (
            <details key={`${r.unitId}-${year}`} className="rounded-md border border-line-soft bg-surface p-4">
              <summary className="cursor-pointer font-bold">
                {r.budget ? `Change ${r.label}'s budget` : `Set ${r.label}'s budget`}
                <span className="sr-only"> for {year}</span>
              </summary>
              <div className="mt-4">
                <BudgetForm
                  action={saveBudget}
                  unitId={r.unitId}
                  label={r.label}
                  year={year}
                  stored={
                    r.budget && {
                      version: r.budget.version,
                      incomePence: r.budget.incomePence,
                      delPence: r.budget.delPence,
                      nonCashPence: r.budget.nonCashPence,
                      fteEstablishment: r.budget.fteEstablishment,
                    }
                  }
                />
              </div>
            </details>
          ))}
        </section>
      )}

      {sheet.canManage && (
        <section aria-labelledby="import" className="space-y-4 rounded-md border border-line-soft bg-surface p-5">
          <h2 id="import" className="text-2xl font-bold">
            Import budgets from the ledger (CSV)
          </h2>
          <p className="max-w-3xl">
            Download the template for {year}, fill it in from the ledger, and upload it. The whole file is checked first: if any row has
            a problem, nothing is saved and every problem is listed by line and column. Only rows that differ from what is stored are
            saved, each with an audit entry &ldquo;Imported from&rdquo; the file&apos;s name, so uploading the same file again changes
            nothing. Rows whose four amounts are all empty are skipped. Up to {MAX_CSV_ROWS.toLocaleString("en-GB")} rows.
          </p>
          <p>
            <a href={`${base}/resources/budget/template?year=${year}`} download>
              Download the {year} template (CSV)
            </a>
          </p>
          <Table caption="The file's columns">
            <THead>
              <tr>
                <Th>Column</Th>
                <Th>What to write</Th>
              </tr>
            </THead>
            <TBody>
              {CSV_COLUMNS.map(([name, what]) => (
                <Tr key={name}>
                  <Td>
                    <code>{name}</code>
                  </Td>
                  <Td>{what}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <BudgetImportForm action={importBudgets} departmentId={department.id} />
        </section>
      )}
    </div>
  );
}
