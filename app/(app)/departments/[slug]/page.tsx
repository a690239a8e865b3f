import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Sparkline } from "@/components/charts/sparkline";
import { OtherExceptionsTable } from "@/components/dashboard/other-exceptions-table";
import { AsAtTiles } from "@/components/dashboard/scorecard-tiles";
import { StatusBadge } from "@/components/measures/status-badge";
import { TrendBadge } from "@/components/measures/trend-badge";
import { MonthRefused } from "@/components/periods/month-refused";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { monthLabel, monthParam, parseMonth, quarterLabel, viewOfMonth } from "@/lib/entry/periods";
import { log } from "@/lib/log";
import { dashboardMonths, getDepartmentDashboard, getViewableDepartment, type DepartmentMeasure, type SeriesPoint } from "@/lib/measures/department";
import { formatValue } from "@/lib/measures/format";
import { STATUS_LABELS, type Status } from "@/lib/measures/status";
import type { MeasureCategory } from "@/lib/enums";
import { CATEGORY_LABELS } from "@/lib/measures/choices";

interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ month?: string | string[] }>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const department = await getViewableDepartment(await requireUser(), slug);
  return { title: department ? department.name : "Page not found" };
}

const STATUS_ORDER: Status[] = ["on_target", "within_tolerance", "off_target", "no_target", "no_data"];

/** "Oct 2026" for a month, "Q3 2026" for a quarter. */
function pointLabel(m: DepartmentMeasure, p: SeriesPoint): string {
  return m.frequency === "quarterly" && p.period ? quarterLabel(p.period) : format(parseISO(p.month), "MMM yyyy");
}

const targetLabel = (m: DepartmentMeasure) => (m.latest.target !== null ? formatValue(m.latest.target, m) : "No target");

/** The sparkline's text alternative: every figure of the 12 months, and how many were on target. */
function seriesDescription(m: DepartmentMeasure): string {
  const span = m.frequency === "quarterly" ? "Quarters ended in the last 12 months" : "Last 12 months";
  const figures = m.series.filter((p) => p.value !== null);
  if (figures.length === 0) return `${span}: no submitted figures.`;
  const list = figures.map((p) => `${formatValue(p.value, m)} in ${pointLabel(m, p)}`).join(", ");
  const judged = figures.filter((p) => p.status !== "no_target");
  const onTarget = judged.filter((p) => p.status === "on_target").length;
  return `${span}: ${list}.${judged.length > 0 ? ` ${onTarget} of ${figures.length} on target.` : ""}`;
}

/** A measure on its own, or a grouped measure (e.g. incident resolution P1–P4) with one member per breakdown. */
type Block = { kind: "single"; measure: DepartmentMeasure } | { kind: "group"; name: string; members: DepartmentMeasure[] };

interface UnitSection {
  id: number;
  name: string;
  categories: { category: MeasureCategory; blocks: Block[] }[];
}

/** Units in order, categories in order within each, and grouped measures kept together where the first member sits. */
function arrange(measures: DepartmentMeasure[]): UnitSection[] {
  const units = new Map<number, UnitSection>();
  for (const m of measures) {
    const unit = units.get(m.unitId) ?? { id: m.unitId, name: m.unitName, categories: [] };
    units.set(m.unitId, unit);
    let cat = unit.categories.find((c) => c.category === m.category);
    if (!cat) unit.categories.push((cat = { category: m.category, blocks: [] }));
    if (m.groupName) {
      const group = cat.blocks.find((b) => b.kind === "group" && b.name === m.groupName);
      if (group && group.kind === "group") group.members.push(m);
      else cat.blocks.push({ kind: "group", name: m.groupName, members: [m] });
    } else cat.blocks.push({ kind: "single", measure: m });
  }
  return [...units.values()];
}

/** A grouped measure's row shows only its breakdown ("P1"); the rest of its name is read out. */
function memberName(m: DepartmentMeasure, group: string | null) {
  if (!group || !m.breakdown) return <>{m.name}</>;
  return (
    <>
      <span className="sr-only">{group} – </span>
      {m.breakdown}
    </>
  );
}

function DetailsLink({ m }: { m: DepartmentMeasure }) {
  return (
    <Link href={`/measures/${m.id}`} className="text-sm font-normal">
      Measure details<span className="sr-only">: {m.name}</span>
    </Link>
  );
}

function Latest({ m }: { m: DepartmentMeasure }) {
  return m.latest.value === null ? <span className="font-normal text-ink-muted">No figure</span> : <>{formatValue(m.latest.value, m)}</>;
}

function Trend({ m }: { m: DepartmentMeasure }) {
  return (
    <>
      <TrendBadge trend={m.trend} />
      {m.previous && m.previous.value !== null && (
        <span className="block text-sm text-ink-muted">
          {m.trend === "no_comparison" ? "Previous: " : "from "}
          {formatValue(m.previous.value, m)} in {pointLabel(m, m.previous)}
        </span>
      )}
    </>
  );
}

function Spark({ m }: { m: DepartmentMeasure }) {
  return <Sparkline points={m.series} description={seriesDescription(m)} connectGaps={m.frequency === "quarterly"} />;
}

function MeasureRow({ m, group }: { m: DepartmentMeasure; group: string | null }) {
  return (
    <Tr>
      <Th scope="row" className={["font-semibold", group ? "pl-6" : ""].join(" ")}>
        {memberName(m, group)}
      </Th>
      <Td numeric>
        <span className="font-bold">
          <Latest m={m} />
        </span>
        <span className="block text-sm whitespace-nowrap text-ink-muted">{pointLabel(m, m.latest)}</span>
      </Td>
      <Td numeric>{targetLabel(m)}</Td>
      <Td>
        <StatusBadge status={m.latest.status} />
      </Td>
      <Td>
        <Trend m={m} />
      </Td>
      <Td>
        <Spark m={m} />
        {/* Outside the row header, so that the header reads as the measure's name alone. */}
        <span className="block">
          <DetailsLink m={m} />
        </span>
      </Td>
    </Tr>
  );
}

function MeasureCard({ m, group }: { m: DepartmentMeasure; group: string | null }) {
  return (
    <>
      <p className="font-bold">{memberName(m, group)}</p>
      <p className="text-sm text-ink-muted">{pointLabel(m, m.latest)}</p>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        <dt className="text-ink-muted">Latest</dt>
        <dd className="font-bold tabular-nums">
          <Latest m={m} />
        </dd>
        <dt className="text-ink-muted">Target</dt>
        <dd className="tabular-nums">{targetLabel(m)}</dd>
      </dl>
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2">
        <StatusBadge status={m.latest.status} />
        <TrendBadge trend={m.trend} />
      </div>
      <div className="mt-2 flex items-end justify-between gap-4">
        <Spark m={m} />
        <DetailsLink m={m} />
      </div>
    </>
  );
}

export default async function DepartmentPage({ params, searchParams }: PageProps) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const now = new Date();
  const { defaultMonth } = dashboardMonths(now);
  const asked = parseMonth(typeof query.month === "string" ? query.month : null);
  const view = viewOfMonth(asked ?? defaultMonth, format(now, "yyyy-MM-dd"));
  if (view.kind === "refused") {
    const department = await getViewableDepartment(user, slug);
    if (!department) notFound();
    return <MonthRefused heading={department.name} message={view.message} backHref={`/departments/${department.slug}`} backLabel={`Show ${monthLabel(defaultMonth)}`} />;
  }
  const { period: month, asAt } = view;
  const { options } = dashboardMonths(now, month);

  const dashboard = await getDepartmentDashboard(user, slug, month, asAt);
  if (!dashboard) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/departments/${slug}` });
    notFound();
  }
  const { department, measures, summary, exceptions } = dashboard;
  const units = arrange(measures);
  const counts = STATUS_ORDER.map((s) => ({ status: s, n: measures.filter((m) => m.latest.status === s).length }));

  return (
    <div className="space-y-10">
      <div>
        <p className="mb-2 flex flex-wrap gap-x-6">
          <Link href="/departments">All departments</Link>
          <Link href={`/departments/${department.slug}/plan`}>Plan: from strategy to figures</Link>
        </p>
        <h1 className="text-3xl font-bold">{department.name}</h1>
        <p className="mt-1 font-semibold" data-testid="as-at">
          {view.asAtText}
        </p>
        <p className="mt-2 max-w-3xl text-ink-muted">
          Each measure&apos;s submitted figure for {monthLabel(month)} (quarterly measures: the latest quarter ended by
          then), judged against the target in force for its period, with its trend against the period before and the
          last 12 months.
        </p>
        <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
          <Select name="month" label="Month" defaultValue={monthParam(month)} fieldClassName="mb-0!">
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

      <ul className="flex flex-wrap gap-3" aria-label={`${department.name}: measures by status in ${monthLabel(month)}`}>
        {counts.map(({ status, n }) => (
          <li key={status} className="flex items-center gap-2 border border-line-soft bg-surface px-3 py-2">
            <StatusBadge status={status} />
            <span className="text-lg font-bold tabular-nums">{n}</span>
            <span className="sr-only">
              {n === 1 ? "measure" : "measures"} {STATUS_LABELS[status].toLowerCase()}
            </span>
          </li>
        ))}
      </ul>

      <section aria-labelledby="plan-and-follow-up" className="space-y-4">
        <h2 id="plan-and-follow-up" className="text-2xl font-bold">
          Initiatives, risks and what is overdue
        </h2>
        <p className="max-w-3xl text-ink-muted">As they stood on {format(parseISO(asAt), "d MMMM yyyy")}: initiatives by their RAG then, risks by their rating then, and what was overdue.</p>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-7" aria-label={`${department.name}: initiatives, risks and what is overdue, ${monthLabel(month)}`}>
          <AsAtTiles card={summary} />
        </dl>
        {exceptions.length > 0 && <OtherExceptionsTable items={exceptions} month={month} />}
      </section>

      {units.length === 0 && <p>This department has no measures yet.</p>}

      {units.map((unit) => {
        const unitHeading = `unit-${unit.id}`;
        return (
          <section key={unit.id} aria-labelledby={unitHeading} className="space-y-6">
            <h2 id={unitHeading} className="text-2xl font-bold">
              {unit.name}
            </h2>
            {unit.categories.map(({ category, blocks }) => {
              const label = `${unit.name}: ${CATEGORY_LABELS[category]} measures`;
              return (
                <section key={category} aria-labelledby={`${unitHeading}-${category}`} className="space-y-3">
                  <h3 id={`${unitHeading}-${category}`} className="text-xl font-bold">
                    {/* Two units may both have "Workforce" measures: the unit tells their sections apart. */}
                    <span className="sr-only">{unit.name}: </span>
                    {CATEGORY_LABELS[category]}
                  </h3>

                  {/* On a phone each measure (or group of measures) is a card; from md up, a table. */}
                  <ul className="space-y-3 md:hidden" aria-label={label}>
                    {blocks.map((b) =>
                      b.kind === "single" ? (
                        <li key={b.measure.id} className="border border-line-soft bg-surface p-4">
                          <MeasureCard m={b.measure} group={null} />
                        </li>
                      ) : (
                        <li key={`g-${b.name}`} className="border border-line-soft bg-surface p-4">
                          <h4 className="font-bold">{b.name}</h4>
                          <ul className="mt-2 divide-y divide-line-soft">
                            {b.members.map((m) => (
                              <li key={m.id} className="py-3">
                                <MeasureCard m={m} group={b.name} />
                              </li>
                            ))}
                          </ul>
                        </li>
                      ),
                    )}
                  </ul>

                  <div className="hidden border border-line-soft bg-surface p-4 shadow-sm md:block">
                    <Table caption={`${label}: figure, target, status, trend and the last 12 months`} captionHidden className="min-w-[52rem] table-fixed">
                      {/* Fixed widths so that the columns of every unit's tables line up down the page. */}
                      <THead>
                        <tr>
                          <Th className="w-[27%]">Measure</Th>
                          <Th numeric className="w-[11%]">
                            Latest
                          </Th>
                          <Th numeric className="w-[10%]">
                            Target
                          </Th>
                          <Th className="w-[19%]">Status</Th>
                          <Th className="w-[18%]">Trend</Th>
                          <Th className="w-[15%]">Last 12 months</Th>
                        </tr>
                      </THead>
                      {blocks.map((b) =>
                        b.kind === "single" ? (
                          <TBody key={b.measure.id}>
                            <MeasureRow m={b.measure} group={null} />
                          </TBody>
                        ) : (
                          <TBody key={`g-${b.name}`} aria-labelledby={`group-${b.members[0]!.id}`}>
                            <tr className="border-b border-line-soft bg-canvas">
                              <th id={`group-${b.members[0]!.id}`} scope="rowgroup" colSpan={6} className="px-3 py-2 text-left font-bold">
                                {b.name}
                              </th>
                            </tr>
                            {b.members.map((m) => (
                              <MeasureRow key={m.id} m={m} group={b.name} />
                            ))}
                          </TBody>
                        ),
                      )}
                    </Table>
                  </div>
                </section>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}
