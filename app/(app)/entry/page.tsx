import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { requirePermission } from "@/lib/auth/current-user";
import { dueDate, hasEnded, lastCompletedMonth, monthLabel, monthParam, monthsBetween, parseMonth } from "@/lib/entry/periods";
import { getEntrySheet, listEntryUnits } from "@/lib/entry/queries";
import { subMonths, startOfMonth } from "date-fns";
import { EntryForm } from "./_components/entry-form";
import { saveFigures } from "./actions";

export const metadata: Metadata = { title: "Enter figures" };

export default async function EntryPage({ searchParams }: { searchParams: Promise<{ unit?: string; month?: string }> }) {
  const user = await requirePermission("figures:enter");
  const [units, params] = await Promise.all([listEntryUnits(user), searchParams]);
  const now = new Date();
  const latest = lastCompletedMonth(now);
  const months = monthsBetween(format(subMonths(startOfMonth(now), 36), "yyyy-MM-dd"), latest).reverse();

  if (units.length === 0) {
    return (
      <div className="space-y-4">
        <h1 className="text-3xl font-bold">Enter figures</h1>
        <p>There are no measures for you to enter figures for.</p>
      </div>
    );
  }
  const requestedUnit = Number(params.unit);
  const unit = units.find((u) => u.id === requestedUnit) ?? units.find((u) => u.id === user.unitId) ?? units[0]!;
  const requestedMonth = parseMonth(params.month);
  const futureMonth = requestedMonth !== null && !hasEnded(requestedMonth, now);
  const month = requestedMonth && !futureMonth ? requestedMonth : latest;
  const { rows, history } = await getEntrySheet(user, unit, month);
  const submitted = rows.filter((r) => r.current?.status === "submitted").length;
  const due = parseISO(dueDate(month));

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Enter figures</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Save your figures as a draft as they come in, then submit the month. Off-target figures need a line of
          commentary; a submitted figure can be corrected with a reason (it stays submitted), and every change is kept in its history.
        </p>
      </div>

      <form method="get" className="flex flex-wrap items-end gap-x-4 border border-line-soft bg-surface p-4" aria-label="Choose the unit and month">
        <Select name="unit" label="Unit" defaultValue={unit.id} fieldClassName="mb-0">
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.departmentName})
            </option>
          ))}
        </Select>
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
        <Link href={`/entry/csv?unit=${unit.id}`} className="ml-auto self-center">
          Use a spreadsheet (CSV)
        </Link>
      </form>

      {futureMonth && (
        <Alert tone="warning" title={`${monthLabel(requestedMonth)} has not ended yet`}>
          <p>Figures for a month can be entered once it has ended. Showing {monthLabel(month)} instead.</p>
        </Alert>
      )}

      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-2xl font-bold">
          {unit.name} · {monthLabel(month)}
        </h2>
        <p className="text-ink-muted">
          {submitted} of {rows.length} submitted · due by {format(due, "EEEE d MMMM yyyy")}
        </p>
      </div>

      {rows.length === 0 ? (
        <p>No measures of this unit are due this month.</p>
      ) : (
        <EntryForm
          key={`${unit.id}:${month}:${rows.map((r) => r.current?.version ?? 0).join(".")}`}
          action={saveFigures}
          unitId={unit.id}
          month={monthParam(month)}
          rows={rows}
          history={history}
        />
      )}
    </div>
  );
}
