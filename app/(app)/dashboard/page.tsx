import { format, parseISO, startOfMonth, subMonths } from "date-fns";
import type { Metadata } from "next";
import { StatusBadge } from "@/components/measures/status-badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { formatValue } from "@/lib/measures/format";
import { listLatestMeasures, type LatestMeasureRow } from "@/lib/measures/queries";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";

export const metadata: Metadata = { title: "Dashboard" };

const STATUS_ORDER: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];

function periodLabel(row: LatestMeasureRow): string {
  if (!row.period) return "No figures yet";
  const d = parseISO(row.period);
  if (row.frequency === "quarterly") return `Q${Math.floor(d.getMonth() / 3) + 1} ${d.getFullYear()}`;
  return format(d, "MMM yyyy");
}

function targetLabel(row: LatestMeasureRow): string {
  if (row.target !== null) return formatValue(row.target, row);
  if (row.targetTbcDue) return `To be confirmed (due ${format(parseISO(row.targetTbcDue), "d MMM yyyy")})`;
  return "No target";
}

export default async function DashboardPage() {
  const user = await requireUser();
  const rows = await listLatestMeasures(user);
  const lastMonth = format(subMonths(startOfMonth(new Date()), 1), "yyyy-MM-dd");
  // A monthly measure whose last completed month has no submitted figure yet.
  const isLate = (r: LatestMeasureRow) => r.frequency === "monthly" && (r.period === null || r.period < lastMonth);

  const departments = new Map<number, { slug: string; name: string; rows: LatestMeasureRow[] }>();
  for (const r of rows) {
    const dept = departments.get(r.departmentId) ?? { slug: r.departmentSlug, name: r.departmentName, rows: [] };
    dept.rows.push(r);
    departments.set(r.departmentId, dept);
  }

  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-3xl font-bold">Performance dashboard</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          The latest submitted figure for each measure, judged against the target in force for its period. Within
          tolerance means within 5% of target unless the measure says otherwise.
        </p>
      </div>

      {departments.size === 0 && <p>There are no measures you can see yet.</p>}

      {[...departments.entries()].map(([id, dept]) => {
        const counts = STATUS_ORDER.map((s) => ({ status: s, n: dept.rows.filter((r) => r.status === s).length }));
        const headingId = `dept-${dept.slug}`;
        return (
          <section key={id} aria-labelledby={headingId} className="space-y-4">
            <h2 id={headingId} className="text-2xl font-bold">
              {dept.name}
            </h2>
            <ul className="flex flex-wrap gap-3" aria-label={`${dept.name}: measures by status`}>
              {counts.map(({ status, n }) => (
                <li key={status} className="flex items-center gap-2 border border-line-soft bg-surface px-3 py-2">
                  <StatusBadge status={status} />
                  <span className="text-lg font-bold tabular-nums">{n}</span>
                  <span className="sr-only">{n === 1 ? "measure" : "measures"} {STATUS_LABELS[status].toLowerCase()}</span>
                </li>
              ))}
            </ul>
            {/* On a phone each measure is a card; from md up, a table. */}
            <ul className="space-y-3 md:hidden" aria-label={`${dept.name}: measures`}>
              {dept.rows.map((r) => (
                <li key={r.id} className="border border-line-soft bg-surface p-4">
                  <p className="font-bold">{r.name}</p>
                  <p className="text-sm text-ink-muted">
                    {r.unitShortName} · {periodLabel(r)}
                  </p>
                  <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
                    <dt className="text-ink-muted">Latest</dt>
                    <dd className="font-bold tabular-nums">{formatValue(r.value, r)}</dd>
                    <dt className="text-ink-muted">Target</dt>
                    <dd className="tabular-nums">{targetLabel(r)}</dd>
                  </dl>
                  <div className="mt-2">
                    <StatusBadge status={r.status} />
                  </div>
                  {isLate(r) && <p className="mt-1 text-sm font-semibold text-danger-dark">Last month not submitted</p>}
                </li>
              ))}
            </ul>
            <div className="hidden border border-line-soft bg-surface p-4 shadow-sm md:block">
              <Table caption={`${dept.name}: latest figure, target and status of each measure`} captionHidden>
                <THead>
                  <tr>
                    <Th>Measure</Th>
                    <Th>Unit</Th>
                    <Th>Period</Th>
                    <Th numeric>Latest</Th>
                    <Th numeric>Target</Th>
                    <Th>Status</Th>
                  </tr>
                </THead>
                <TBody>
                  {dept.rows.map((r) => {
                    const late = isLate(r);
                    return (
                      <Tr key={r.id}>
                        <Th scope="row" className="font-semibold">
                          {r.name}
                          {r.groupName && r.breakdown && !r.name.startsWith(r.groupName) && (
                            <span className="block text-sm font-normal text-ink-muted">
                              {r.groupName} · {r.breakdown}
                            </span>
                          )}
                        </Th>
                        <Td>{r.unitShortName}</Td>
                        <Td className="whitespace-nowrap">
                          {periodLabel(r)}
                          {late && <span className="block text-sm font-semibold text-danger-dark">Last month not submitted</span>}
                        </Td>
                        <Td numeric className="font-bold">
                          {formatValue(r.value, r)}
                        </Td>
                        <Td numeric>{targetLabel(r)}</Td>
                        <Td>
                          <StatusBadge status={r.status} />
                        </Td>
                      </Tr>
                    );
                  })}
                </TBody>
              </Table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
