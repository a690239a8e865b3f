import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LazyBarChart } from "@/components/charts/lazy-bar-chart";
import { RagBadge, StatusBadge } from "@/components/measures/status-badge";
import { MonthRefused } from "@/components/periods/month-refused";
import { EntryLinks, ResourcesHeading } from "@/components/resources/resources-heading";
import { VarianceBadge } from "@/components/resources/variance-badge";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { hasEnded, monthLabel, monthParam, parseMonth, viewOfMonth } from "@/lib/entry/periods";
import { log } from "@/lib/log";
import { dashboardMonths, getViewableDepartment } from "@/lib/measures/department";
import { formatValue } from "@/lib/measures/format";
import { targetText } from "@/lib/measures/target-text";
import {
  canOnAnyUnit,
  getResourcesPage,
  type CostAndPerformance,
  type Efficiencies,
  type EfficiencyRow,
  type EfficiencyTotals,
  type FundingGroup,
  type ResourcesPage,
} from "@/lib/resources/queries";
import { formatPounds, formatThousands, roundToThousands, VARIANCE_STATUS_LABELS } from "@/lib/resources/rules";
import { contributionSentence, signedThousands, unitCostBasis, unitCostLabel, varianceWord } from "@/lib/resources/wording";

type Search = { month?: string | string[] };

interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const department = await getViewableDepartment(await requireUser(), slug);
  return { title: department ? `${department.name}: resources` : "Page not found" };
}

const k = (pence: number | null) => (pence === null ? "—" : formatThousands(pence));
const signed = (pence: number | null) => (pence === null ? "—" : signedThousands(pence));

export default async function ResourcesPageView({ params, searchParams }: PageProps) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const now = new Date();
  const { defaultMonth } = dashboardMonths(now);
  const asked = parseMonth(typeof query.month === "string" ? query.month : null);
  const view = viewOfMonth(asked ?? defaultMonth, format(now, "yyyy-MM-dd"));
  if (view.kind === "refused") {
    const department = await getViewableDepartment(user, slug);
    if (!department) notFound();
    return (
      <MonthRefused
        heading={`${department.name}: resources`}
        message={view.message}
        backHref={`/departments/${department.slug}/resources`}
        backLabel={`Show ${monthLabel(defaultMonth)}`}
      />
    );
  }
  const { period: month } = view;
  const page = await getResourcesPage(user, slug, month);
  if (!page) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/departments/${slug}/resources` });
    notFound();
  }
  const { department, year } = page;
  const { options } = dashboardMonths(now, month);
  const base = `/departments/${department.slug}`;
  const departmentScope = { unitId: department.id, departmentId: department.id, ancestorIds: [] };
  const manages = can(user, "budget:manage", departmentScope);
  const entryLinks = [
    ...(canOnAnyUnit(user, "finance:enter", department.id, page.serviceAreas) && hasEnded(month, now)
      ? [{ href: `${base}/resources/month?month=${monthParam(month)}`, label: `Enter the monthly return for ${monthLabel(month)}` }]
      : []),
    ...(manages
      ? [
          { href: `${base}/resources/funding/new`, label: "Add a funding line" },
          { href: `${base}/resources/efficiencies/new`, label: "Add an efficiency" },
        ]
      : []),
  ];

  return (
    <div className="space-y-10">
      <ResourcesHeading
        departmentSlug={department.slug}
        departmentName={department.name}
        title={`${department.name}: resources`}
        asAtText={view.asAtText}
        month={month}
        options={options}
        links={[
          { href: `${base}/people?month=${monthParam(month)}`, label: "People Dashboard" },
          { href: `${base}/plan`, label: "Plan: from strategy to figures" },
        ]}
      >
        <p className="mt-2 max-w-3xl text-ink-muted">
          The money behind {department.shortName}&apos;s services in {year}, as at the end of {monthLabel(month)}: the
          months of {year} up to {monthLabel(month)}, and the latest forecast made by then. Figures in £&apos;000 unless
          stated; totals are summed in pence before rounding.
        </p>
      </ResourcesHeading>

      <EntryLinks
        label="Enter resources"
        links={[{ href: `${base}/resources/budget?year=${year}`, label: manages ? `Budget for ${year}: view or edit` : `Budget for ${year}` }, ...entryLinks]}
      />

      {page.empty ? (
        <Alert tone="info" title={`No resources recorded for ${year}`}>
          <p>
            {department.name} has no budget, funding lines or efficiencies for {year} in Baseline yet.
            {manages ? " Start with the budget for each service area." : " They are added by the department's Senior Leadership Team."}
          </p>
        </Alert>
      ) : (
        <>
          <BudgetSection page={page} />
          <FteSection page={page} />
          <EfficienciesSection efficiencies={page.efficiencies} shortName={department.shortName} year={year} />
          <FundingSection groups={page.funding} year={year} />
          <CostSection cost={page.cost} page={page} />
        </>
      )}
    </div>
  );
}

function BudgetSection({ page }: { page: ResourcesPage }) {
  const { serviceAreas: areas, total, tolerance, month, monthsElapsed, year } = page;
  const commented = areas.filter((a) => a.status !== null && a.status !== "on_budget");
  const nameOf = (a: (typeof areas)[number]) => (a.isDepartment ? `${a.name} (directorate)` : a.name);
  return (
    <section aria-labelledby="budget" className="space-y-4">
      <h2 id="budget" className="text-2xl font-bold">
        Budget against forecast by service area
      </h2>
      <p className="max-w-3xl text-ink-muted">
        Budget is total net revenue expenditure (DEL − income + non-cash). <strong>Budget to date is a straight-line
        profile</strong>: the year&apos;s budget × {monthsElapsed} month{monthsElapsed === 1 ? "" : "s"} ÷ 12, because the
        plan gives no monthly profile. A forecast within {tolerance.lowerPct}% of budget is on budget, within{" "}
        {tolerance.upperPct}% within tolerance, further (over or under) beyond tolerance.
      </p>
      {areas.length === 0 ? (
        <p>No service area has a budget for {year}.</p>
      ) : (
        <>
          <Card>
            <Table caption={`Budget, actual to date and forecast outturn by service area, ${monthLabel(month)} (£'000)`}>
              <THead>
                <tr>
                  <Th>Service area</Th>
                  <Th numeric>Budget</Th>
                  <Th numeric>Budget to date</Th>
                  <Th numeric>Actual to date</Th>
                  <Th numeric>Forecast outturn</Th>
                  <Th numeric>Variance</Th>
                  <Th>Status</Th>
                </tr>
              </THead>
              <TBody>
                {areas.map((a) => (
                  <Tr key={a.unitId}>
                    <Th scope="row">{nameOf(a)}</Th>
                    <Td numeric>{k(a.budgetPence)}</Td>
                    <Td numeric>{k(a.budgetToDatePence)}</Td>
                    <Td numeric>{k(a.ytdActualPence)}</Td>
                    <Td numeric>
                      {k(a.forecastPence)}
                      {a.forecastMonth && a.forecastMonth !== month && <span className="block text-sm text-ink-muted">made in {monthLabel(a.forecastMonth)}</span>}
                    </Td>
                    <Td numeric>
                      {signed(a.variancePence)}
                      {varianceWord(a.variancePence) && <span className="block text-sm text-ink-muted">{varianceWord(a.variancePence)}</span>}
                    </Td>
                    <Td>
                      <VarianceBadge status={a.status} />
                    </Td>
                  </Tr>
                ))}
                <Tr className="border-t-2 border-ink font-bold">
                  <Th scope="row">Total</Th>
                  <Td numeric>{k(total.budgetPence)}</Td>
                  <Td numeric>{k(total.budgetToDatePence)}</Td>
                  <Td numeric>{k(total.ytdActualPence)}</Td>
                  <Td numeric>
                    {k(total.forecastPence)}
                    {total.forecastPence === null && (
                      <span className="block text-sm font-normal text-ink-muted">
                        {total.withForecast} of {areas.length} have a forecast
                      </span>
                    )}
                  </Td>
                  <Td numeric>{signed(total.variancePence)}</Td>
                  <Td>
                    <VarianceBadge status={total.status} />
                  </Td>
                </Tr>
              </TBody>
            </Table>
          </Card>
          <Card>
            <LazyBarChart
              summary={`Bar chart of budget, forecast outturn and actual to date by service area in £'000, the same figures as the table above. ${areas
                .map((a) => `${a.name}: budget ${k(a.budgetPence)}, forecast ${k(a.forecastPence)}, actual to date ${k(a.ytdActualPence)}${a.status ? ` (${VARIANCE_STATUS_LABELS[a.status].toLowerCase()})` : ""}`)
                .join("; ")}.`}
              yLabel="£'000"
              series={[
                { key: "budget", label: "Budget" },
                { key: "forecast", label: "Forecast outturn" },
                { key: "actual", label: "Actual to date" },
              ]}
              groups={areas.map((a) => ({
                label: a.name,
                values: {
                  budget: roundToThousands(a.budgetPence),
                  forecast: a.forecastPence === null ? null : roundToThousands(a.forecastPence),
                  actual: roundToThousands(a.ytdActualPence),
                },
              }))}
            />
          </Card>
          {commented.length > 0 && (
            <div className="space-y-2">
              <h3 className="text-xl font-bold">Why forecasts are off budget</h3>
              <ul className="max-w-3xl space-y-3">
                {commented.map((a) => (
                  <li key={a.unitId}>
                    <strong>{a.name}</strong> ({VARIANCE_STATUS_LABELS[a.status!].toLowerCase()}, {varianceWord(a.variancePence)}{" "}
                    £{formatThousands(Math.abs(a.variancePence!))}k): {a.forecastCommentary ?? "No commentary given."}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <details className="max-w-4xl">
            <summary className="cursor-pointer font-semibold">Budget lines: the departmental service analysis</summary>
            <div className="mt-3">
              <Table caption={`Departmental service analysis, ${year} (£'000)`}>
                <THead>
                  <tr>
                    <Th>Service area</Th>
                    <Th numeric>Income</Th>
                    <Th numeric>DEL</Th>
                    <Th numeric>Near-cash net</Th>
                    <Th numeric>Non-cash</Th>
                    <Th numeric>Total net</Th>
                    <Th numeric>FTE</Th>
                  </tr>
                </THead>
                <TBody>
                  {areas.map((a) => (
                    <Tr key={a.unitId}>
                      <Th scope="row">{nameOf(a)}</Th>
                      <Td numeric>{k(a.incomePence)}</Td>
                      <Td numeric>{k(a.delPence)}</Td>
                      <Td numeric>{k(a.delPence - a.incomePence)}</Td>
                      <Td numeric>{k(a.nonCashPence)}</Td>
                      <Td numeric>{k(a.budgetPence)}</Td>
                      <Td numeric>{fte(a.fteEstablishment)}</Td>
                    </Tr>
                  ))}
                  <Tr className="border-t-2 border-ink font-bold">
                    <Th scope="row">Total</Th>
                    <Td numeric>{k(total.incomePence)}</Td>
                    <Td numeric>{k(total.delPence)}</Td>
                    <Td numeric>{k(total.delPence - total.incomePence)}</Td>
                    <Td numeric>{k(total.nonCashPence)}</Td>
                    <Td numeric>{k(total.budgetPence)}</Td>
                    <Td numeric>{fte(total.fteEstablishment)}</Td>
                  </Tr>
                </TBody>
              </Table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

const fte = (n: number | null) => (n === null ? "—" : n.toLocaleString("en-GB", { maximumFractionDigits: 2 }));

function FteSection({ page }: { page: ResourcesPage }) {
  const { serviceAreas: areas, total, department, month } = page;
  if (areas.length === 0) return null;
  return (
    <section aria-labelledby="fte" className="space-y-4">
      <h2 id="fte" className="text-2xl font-bold">
        Staff: FTE in post against establishment
      </h2>
      <p className="max-w-3xl text-ink-muted">
        Establishment is the budget&apos;s FTE; in post is the latest workforce return up to {monthLabel(month)}. Vacancies,
        turnover and agency spend are on the{" "}
        <Link href={`/departments/${department.slug}/people?month=${monthParam(month)}`}>People Dashboard</Link>.
      </p>
      <Card>
        <Table caption={`FTE establishment and in post by service area, ${monthLabel(month)}`}>
          <THead>
            <tr>
              <Th>Service area</Th>
              <Th numeric>Establishment (FTE)</Th>
              <Th numeric>In post (FTE)</Th>
              <Th numeric>Difference (FTE)</Th>
            </tr>
          </THead>
          <TBody>
            {areas.map((a) => (
              <Tr key={a.unitId}>
                <Th scope="row">{a.name}</Th>
                <Td numeric>{fte(a.fteEstablishment)}</Td>
                <Td numeric>{fte(a.fteInPost)}</Td>
                <Td numeric>{a.fteInPost === null ? "—" : fte(Math.round((a.fteInPost - a.fteEstablishment) * 100) / 100)}</Td>
              </Tr>
            ))}
            <Tr className="border-t-2 border-ink font-bold">
              <Th scope="row">Total</Th>
              <Td numeric>{fte(total.fteEstablishment)}</Td>
              <Td numeric>{fte(total.fteInPost)}</Td>
              <Td numeric>{total.fteInPost === null ? "—" : fte(Math.round((total.fteInPost - total.fteEstablishment) * 100) / 100)}</Td>
            </Tr>
          </TBody>
        </Table>
      </Card>
    </section>
  );
}

function EfficiencyTable({ caption, rows, total, showProgramme }: { caption: string; rows: EfficiencyRow[]; total: EfficiencyTotals; showProgramme: boolean }) {
  return (
    <Table caption={caption}>
      <THead>
        <tr>
          <Th>Efficiency</Th>
          {showProgramme && <Th>Programme</Th>}
          <Th numeric>Target</Th>
          <Th numeric>Delivered to date</Th>
          <Th numeric>Forecast</Th>
          <Th>RAG</Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((e) => (
          <Tr key={e.id}>
            <Th scope="row" className="font-normal">
              <span className="font-bold">{e.title}</span>
              <span className="block text-sm text-ink-muted">
                {[e.leadUnitName ? `Lead: ${e.leadUnitName}` : null, e.recurring ? "recurring" : "one-off", e.type === "income" ? "income" : "spend reduction"]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
              {e.rag !== null && e.rag !== "green" && e.forecastCommentary && <span className="block text-sm">{e.forecastCommentary}</span>}
            </Th>
            {showProgramme && <Td>{e.programme ?? "—"}</Td>}
            <Td numeric>{formatThousands(e.targetPence, 1)}</Td>
            <Td numeric>{formatThousands(e.deliveredToDatePence, 1)}</Td>
            <Td numeric>{e.forecastPence === null ? "—" : formatThousands(e.forecastPence, 1)}</Td>
            <Td>{e.rag === null ? <span className="pill" data-status="no_data">No return yet</span> : <RagBadge rag={e.rag} />}</Td>
          </Tr>
        ))}
        <Tr className="border-t-2 border-ink font-bold">
          <Th scope="row">Total</Th>
          {showProgramme && <Td />}
          <Td numeric>{formatThousands(total.targetPence, 1)}</Td>
          <Td numeric>{formatThousands(total.deliveredToDatePence, 1)}</Td>
          <Td numeric>{total.forecastPence === null ? "—" : formatThousands(total.forecastPence, 1)}</Td>
          <Td />
        </Tr>
      </TBody>
    </Table>
  );
}

function EfficienciesSection({ efficiencies: e, shortName, year }: { efficiencies: Efficiencies; shortName: string; year: number }) {
  if (e.departmental.length + e.crossCutting.length === 0) return null;
  return (
    <section aria-labelledby="efficiencies" className="space-y-4">
      <h2 id="efficiencies" className="text-2xl font-bold">
        Efficiencies
      </h2>
      {e.departmental.length > 0 && (
        <p className="text-lg">
          {e.governmentTargetPence !== null
            ? `${contributionSentence(shortName, e.departmentalTotal.targetPence, e.governmentTargetPence)} in ${year}.`
            : `${shortName}'s contribution: ${formatThousands(e.departmentalTotal.targetPence)}k in ${year} (no government target recorded for ${year}).`}
        </p>
      )}
      <p className="max-w-3xl text-ink-muted">
        Each efficiency&apos;s RAG compares its full-year forecast with its target: green within the lower tolerance,
        amber within the upper, red beyond. Delivered to date sums the months of {year} so far. £&apos;000, one decimal.
      </p>
      {e.departmental.length > 0 && (
        <Card>
          <EfficiencyTable caption={`${shortName}'s own efficiencies, ${year} (£'000)`} rows={e.departmental} total={e.departmentalTotal} showProgramme={false} />
        </Card>
      )}
      {e.crossCutting.length > 0 && (
        <Card>
          <EfficiencyTable
            caption={`Cross-cutting efficiencies ${shortName} leads or shares, ${year} (£'000): counted separately`}
            rows={e.crossCutting}
            total={e.crossCuttingTotal}
            showProgramme
          />
        </Card>
      )}
    </section>
  );
}

function FundingSection({ groups, year }: { groups: FundingGroup[]; year: number }) {
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="funding" className="space-y-4">
      <h2 id="funding" className="text-2xl font-bold">
        Government Plan growth and capital
      </h2>
      <p className="max-w-3xl text-ink-muted">
        Each funding line&apos;s allocation for {year}, its spend to date and its latest full-year forecast, judged against
        the allocation by the same tolerance as budgets, and the initiatives it pays for.
      </p>
      {groups.map((g) => (
        <Card key={`${g.kind}:${g.source}`}>
          <Table caption={`${g.source}, ${year} (£'000)`}>
            <THead>
              <tr>
                <Th>Funding line</Th>
                <Th numeric>Allocation</Th>
                <Th numeric>Spend to date</Th>
                <Th numeric>Forecast</Th>
                <Th>Status</Th>
                <Th>Initiatives funded</Th>
              </tr>
            </THead>
            <TBody>
              {g.lines.map((l) => (
                <Tr key={l.id}>
                  <Th scope="row" className="font-normal">
                    <span className="font-bold">{l.ref ? `${l.ref} ${l.name}` : l.name}</span>
                    {l.leadUnitName && <span className="block text-sm text-ink-muted">Lead: {l.leadUnitName}</span>}
                    {l.status !== null && l.status !== "on_budget" && l.forecastCommentary && <span className="block text-sm">{l.forecastCommentary}</span>}
                  </Th>
                  <Td numeric>{k(l.allocationPence)}</Td>
                  <Td numeric>{k(l.spendToDatePence)}</Td>
                  <Td numeric>{k(l.forecastPence)}</Td>
                  <Td>
                    <VarianceBadge status={l.status} />
                  </Td>
                  <Td>
                    {l.initiatives.length === 0 ? (
                      <span className="text-ink-muted">None linked</span>
                    ) : (
                      <ul className="min-w-48 space-y-1">
                        {l.initiatives.map((i) => (
                          <li key={i.id}>
                            <Link href={`/initiatives/${i.id}`}>{i.title}</Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                </Tr>
              ))}
              <Tr className="border-t-2 border-ink font-bold">
                <Th scope="row">Total</Th>
                <Td numeric>{k(g.allocationPence)}</Td>
                <Td numeric>{k(g.spendToDatePence)}</Td>
                <Td numeric>{k(g.forecastPence)}</Td>
                <Td />
                <Td />
              </Tr>
            </TBody>
          </Table>
        </Card>
      ))}
    </section>
  );
}

function CostSection({ cost, page }: { cost: CostAndPerformance[]; page: ResourcesPage }) {
  const { month } = page;
  return (
    <section aria-labelledby="cost" className="space-y-4">
      <h2 id="cost" className="text-2xl font-bold">
        Cost and performance
      </h2>
      <p className="max-w-3xl text-ink-muted">
        Each service area&apos;s spend beside its measures&apos; submitted figures for {monthLabel(month)} (quarterly measures:
        the latest quarter ended by then), judged against the target in force. Where a service counts its work (a volume
        measure), the unit cost is its actual net expenditure divided by that count.
      </p>
      {cost.map(({ area, measures }) => {
        const volumes = measures.filter((m) => m.cost !== null);
        return (
          <Card key={area.unitId} title={area.name} titleAs="h3">
            <p>
              Actual net expenditure to date: <strong>£{k(area.ytdActualPence)}k</strong> of a £{k(area.budgetPence)}k budget
              ({area.ytdMonths} month{area.ytdMonths === 1 ? "" : "s"}); in {monthLabel(month)}:{" "}
              {area.monthActualPence === null ? "no return" : `£${k(area.monthActualPence)}k`}.
            </p>
            {volumes.map((m) => {
              const c = m.cost!;
              const label = unitCostLabel(m.name);
              return (
                <p key={m.id} className="mt-2">
                  {label[0]!.toUpperCase() + label.slice(1)} in {monthLabel(month)}:{" "}
                  <strong>{c.monthUnitCostPence === null ? "not available" : formatPounds(c.monthUnitCostPence)}</strong>
                  {c.monthVolume !== null && area.monthActualPence !== null && (
                    <> ({unitCostBasis(m.name)}: £{k(area.monthActualPence)}k ÷ {formatValue(c.monthVolume, { valueType: "count", decimals: 0 })})</>
                  )}
                  ; year to date: <strong>{c.ytdUnitCostPence === null ? "not available" : formatPounds(c.ytdUnitCostPence)}</strong> (
                  {unitCostBasis(m.name)}: £{k(c.ytdActualPence)}k ÷ {formatValue(c.ytdVolume, { valueType: "count", decimals: 0 })}, over the{" "}
                  {c.ytdMonths} month{c.ytdMonths === 1 ? "" : "s"} with both).
                </p>
              );
            })}
            {measures.length === 0 ? (
              <p className="mt-3 text-ink-muted">No measures for this service area.</p>
            ) : (
              <div className="mt-4">
                <Table caption={`${area.name}: measures in ${monthLabel(month)}`}>
                  <THead>
                    <tr>
                      <Th>Measure</Th>
                      <Th numeric>Figure</Th>
                      <Th numeric>Target</Th>
                      <Th>Status</Th>
                    </tr>
                  </THead>
                  <TBody>
                    {measures.map((m) => (
                      <Tr key={m.id}>
                        <Th scope="row" className="font-normal">
                          <Link href={`/measures/${m.id}`}>{m.name}</Link>
                          {m.isVolume && <span className="block text-sm text-ink-muted">Volume measure</span>}
                        </Th>
                        <Td numeric>{formatValue(m.value, m)}</Td>
                        <Td numeric>{targetText(m.target, m)}</Td>
                        <Td>
                          <StatusBadge status={m.status} />
                        </Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              </div>
            )}
          </Card>
        );
      })}
    </section>
  );
}
