import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { listCatalogue, type CatalogueRow } from "@/lib/measures/catalogue";
import { DIRECTION_LABELS, FREQUENCY_LABELS } from "@/lib/measures/choices";
import { targetText } from "@/lib/measures/target-text";
import { shortMonthLabel, targetLabel, unitOfMeasurementLabel } from "./_components/labels";

export const metadata: Metadata = { title: "Measures" };

interface UnitGroup {
  id: number;
  name: string;
  rows: CatalogueRow[];
}

function CurrentTarget({ row }: { row: CatalogueRow }) {
  return (
    <>
      {row.targetFrom === null ? (
        <span className="text-ink-muted">{targetText(null, row)}</span>
      ) : (
        <span className={row.targetValue === null ? "" : "font-semibold"}>{targetLabel(row, { value: row.targetValue, tbcDue: row.tbcDue })}</span>
      )}
      {row.nextTargetFrom !== null && (
        <span className="block text-sm text-ink-muted">
          From {shortMonthLabel(row.nextTargetFrom)}: {targetLabel(row, { value: row.nextTargetValue, tbcDue: row.nextTbcDue })}
        </span>
      )}
    </>
  );
}

export default async function MeasuresPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const user = await requirePermission("measure:manage");
  const [rows, { saved }] = await Promise.all([listCatalogue(user), searchParams]);

  // Rows arrive ordered by department, unit and position: group them without reordering.
  const departments = new Map<number, { name: string; units: Map<number, UnitGroup> }>();
  for (const r of rows) {
    const dept = departments.get(r.departmentId) ?? { name: r.departmentName, units: new Map<number, UnitGroup>() };
    const unit = dept.units.get(r.unitId) ?? { id: r.unitId, name: r.unitName, rows: [] };
    unit.rows.push(r);
    dept.units.set(r.unitId, unit);
    departments.set(r.departmentId, dept);
  }

  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Measures</h1>
          <p className="mt-2 max-w-3xl text-ink-muted">
            The performance measures {user.role === "ADMIN" ? "of every department" : "of your department"}: what each one
            counts, where its figures come from and the target in force today. A change of target keeps the earlier
            targets, so past months are still judged against the target in force then.
          </p>
        </div>
        <ButtonLink href="/admin/measures/new">Add a measure</ButtonLink>
      </div>

      {saved && <Alert tone="success" title="Changes saved" />}
      {departments.size === 0 && <p>There are no measures to manage yet.</p>}

      {[...departments.entries()].map(([deptId, dept]) => {
        const headingId = `department-${deptId}`;
        const all = [...dept.units.values()].flatMap((u) => u.rows);
        const retired = all.filter((r) => !r.active).length;
        return (
          <section key={deptId} aria-labelledby={headingId} className="space-y-4">
            <div>
              <h2 id={headingId} className="text-2xl font-bold">
                {dept.name}
              </h2>
              <p className="text-ink-muted">
                {all.length - retired} active {all.length - retired === 1 ? "measure" : "measures"}
                {retired > 0 && `, ${retired} retired`}
              </p>
            </div>
            {[...dept.units.values()].map((unit) => (
              <div key={unit.id} className="border border-line-soft bg-surface p-4 shadow-sm">
                <h3 className="mb-2 text-xl font-bold">{unit.name}</h3>
                {/* On a phone or tablet each measure is a card; from lg up, a table. */}
                <ul className="divide-y divide-line-soft lg:hidden" aria-label={`${unit.name}: measures`}>
                  {unit.rows.map((r) => (
                    <li key={r.id} className="py-3">
                      <p className="font-mono text-sm text-ink-muted">{r.code}</p>
                      <p className="font-bold">
                        <Link href={`/admin/measures/${r.id}`}>{r.name}</Link>
                      </p>
                      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                        <dt className="text-ink-muted">Unit</dt>
                        <dd>{unitOfMeasurementLabel(r)}</dd>
                        <dt className="text-ink-muted">Reported</dt>
                        <dd>
                          {FREQUENCY_LABELS[r.frequency]} · {DIRECTION_LABELS[r.direction]}
                        </dd>
                        <dt className="text-ink-muted">Target</dt>
                        <dd>
                          <CurrentTarget row={r} />
                        </dd>
                      </dl>
                      <div className="mt-2">{r.active ? <Badge tone="success">Active</Badge> : <Badge>Retired</Badge>}</div>
                    </li>
                  ))}
                </ul>
                <div className="hidden lg:block">
                  {/* Fixed column widths, so that the tables of all units line up. */}
                  <Table caption={`${unit.name}: measures`} captionHidden className="table-fixed">
                    <THead>
                      <tr>
                        <Th className="w-[9rem]">Code</Th>
                        <Th>Measure</Th>
                        <Th className="w-[7.5rem]">Unit</Th>
                        <Th className="w-[6.5rem]">Frequency</Th>
                        <Th className="w-[7rem]">Direction</Th>
                        <Th className="w-[9.5rem]">Current target</Th>
                        <Th className="w-[6rem]">Status</Th>
                        <Th className="w-[3.5rem]">
                          <span className="sr-only">Actions</span>
                        </Th>
                      </tr>
                    </THead>
                    <TBody>
                      {unit.rows.map((r) => (
                        <Tr key={r.id} className={r.active ? undefined : "bg-canvas"}>
                          <Td className="font-mono text-sm break-words">{r.code}</Td>
                          <Th scope="row" className="font-semibold">
                            {r.name}
                            {r.groupName && !r.name.startsWith(r.groupName) && (
                              <span className="block text-sm font-normal text-ink-muted">
                                {r.groupName}
                                {r.breakdown && ` · ${r.breakdown}`}
                              </span>
                            )}
                          </Th>
                          <Td>{unitOfMeasurementLabel(r)}</Td>
                          <Td>{FREQUENCY_LABELS[r.frequency]}</Td>
                          <Td>{DIRECTION_LABELS[r.direction]}</Td>
                          <Td>
                            <CurrentTarget row={r} />
                          </Td>
                          <Td>{r.active ? <Badge tone="success">Active</Badge> : <Badge>Retired</Badge>}</Td>
                          <Td>
                            <Link href={`/admin/measures/${r.id}`}>
                              Edit<span className="sr-only"> {r.name}</span>
                            </Link>
                          </Td>
                        </Tr>
                      ))}
                    </TBody>
                  </Table>
                </div>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}
