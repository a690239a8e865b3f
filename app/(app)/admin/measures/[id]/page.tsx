import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/current-user";
import { getMeasureForEdit, listManageableUnits } from "@/lib/measures/catalogue";
import { addTargetChange, removeSeriesBreak, updateMeasure } from "../actions";
import { shortMonthLabel, targetLabel } from "../_components/labels";
import { breakMonthLabel as longMonthLabel } from "@/lib/measures/series-breaks";
import { MeasureForm } from "../_components/measure-form";
import { RemoveBreakForm } from "../_components/remove-break-form";
import { TargetForm } from "../_components/target-form";
import { routeId } from "@/lib/validation/route-id";

export const metadata: Metadata = { title: "Edit measure" };

export default async function EditMeasurePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const actor = await requirePermission("measure:manage");
  const id = routeId((await params).id);
  if (id === null) notFound();
  const [measure, units, { saved }] = await Promise.all([getMeasureForEdit(actor, id), listManageableUnits(actor), searchParams]);
  if (!measure) notFound();
  const { targets, breaks, unitName, ...definition } = measure;

  return (
    <div className="space-y-8">
      <Link href="/admin/measures" className="inline-block">
        Back to measures
      </Link>
      <div>
        <p className="font-mono text-ink-muted">
          {measure.code} <span className="font-sans">· {unitName}</span>
        </p>
        <h1 className="mt-1 text-3xl font-bold">
          {measure.name} {!measure.active && <Badge className="align-middle">Retired</Badge>}
        </h1>
      </div>
      {saved === "created" && (
        <Alert tone="success" title="Measure added">
          <p>Its first target is shown below. You can change the target or the definition on this page.</p>
        </Alert>
      )}

      <section aria-labelledby="targets-heading" className="space-y-4">
        <h2 id="targets-heading" className="text-2xl font-bold">
          Targets
        </h2>
        <p className="max-w-3xl text-ink-muted">
          Each month is judged against the latest target that applies from that month or earlier. The target in force
          this month is marked.
        </p>
        <div className="border border-line-soft bg-surface p-4 shadow-sm">
          <Table caption="Target history, newest first">
            <THead>
              <tr>
                <Th>Applies from</Th>
                <Th>Target</Th>
                <Th>Reason or note</Th>
                <Th>Recorded</Th>
              </tr>
            </THead>
            <TBody>
              {targets.map((t) => (
                <Tr key={t.id}>
                  <Th scope="row" className="whitespace-nowrap">
                    {shortMonthLabel(t.effectiveFrom)}
                    {t.inForce && (
                      <Badge tone="info" className="ml-2">
                        In force
                      </Badge>
                    )}
                  </Th>
                  <Td className={t.targetValue === null ? "" : "font-semibold tabular-nums"}>
                    {targetLabel(measure, { value: t.targetValue, tbcDue: t.tbcDue })}
                  </Td>
                  <Td>{t.note ?? <span className="text-ink-muted">None</span>}</Td>
                  <Td className="text-sm whitespace-nowrap">
                    {t.createdByName && <span className="block">{t.createdByName}</span>}
                    <span className="block text-ink-muted">{format(t.createdAt, "d MMM yyyy, HH:mm")}</span>
                  </Td>
                </Tr>
              ))}
              {targets.length === 0 && (
                <Tr>
                  <Td colSpan={4}>No target has been set.</Td>
                </Tr>
              )}
            </TBody>
          </Table>
        </div>
        <div className="pt-2">
          <h3 className="mb-3 text-xl font-bold">Change target</h3>
          <TargetForm
            action={addTargetChange}
            measure={{ id: measure.id, version: measure.version, valueType: measure.valueType, scaleMin: measure.scaleMin, scaleMax: measure.scaleMax }}
          />
        </div>
      </section>

      <section aria-labelledby="breaks-heading" className="space-y-4 border-t-2 border-line-soft pt-8">
        <h2 id="breaks-heading" className="text-2xl font-bold">
          Breaks in the series
        </h2>
        <p className="max-w-3xl text-ink-muted">
          A break is recorded when a change of definition, data source, unit of measurement or scale makes figures from a month
          on not comparable with earlier ones: trends and control limits restart there. Record one with the change, below.
        </p>
        {breaks.length === 0 ? (
          <p>No break has been recorded.</p>
        ) : (
          <div className="border border-line-soft bg-surface p-4 shadow-sm">
            <Table caption="Breaks in the series, newest first">
              <THead>
                <tr>
                  <Th>New series from</Th>
                  <Th>Reason</Th>
                  <Th>Recorded</Th>
                </tr>
              </THead>
              <TBody>
                {breaks.map((b) => (
                  <Tr key={b.id}>
                    <Th scope="row" className="whitespace-nowrap">
                      {shortMonthLabel(b.period)}
                    </Th>
                    <Td>
                      <span className="block">{b.reason}</span>
                      <RemoveBreakForm action={removeSeriesBreak} measureId={measure.id} version={measure.version} breakId={b.id} monthLabel={longMonthLabel(b.period)} />
                    </Td>
                    <Td className="text-sm whitespace-nowrap">
                      {b.createdByName && <span className="block">{b.createdByName}</span>}
                      <span className="block text-ink-muted">{format(b.createdAt, "d MMM yyyy, HH:mm")}</span>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </section>

      <section aria-labelledby="definition-heading" className="space-y-4 border-t-2 border-line-soft pt-8">
        <h2 id="definition-heading" className="text-2xl font-bold">
          Definition
        </h2>
        <MeasureForm mode="edit" action={updateMeasure} units={units} measure={definition} />
      </section>
    </div>
  );
}
