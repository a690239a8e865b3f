import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LazyBarChart } from "@/components/charts/lazy-bar-chart";
import { StatusBadge } from "@/components/measures/status-badge";
import { MonthRefused } from "@/components/periods/month-refused";
import { EntryLinks, ResourcesHeading } from "@/components/resources/resources-heading";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import type { WorkforceDimension } from "@/lib/enums";
import { hasEnded, monthLabel, monthParam, parseMonth, viewOfMonth } from "@/lib/entry/periods";
import { log } from "@/lib/log";
import { dashboardMonths, getViewableDepartment } from "@/lib/measures/department";
import { formatValue } from "@/lib/measures/format";
import { targetText } from "@/lib/measures/target-text";
import { canOnAnyUnit, getPeoplePage, type PeoplePage, type WorkforceProfile } from "@/lib/resources/queries";
import { formatThousands } from "@/lib/resources/rules";
import { payGapSentence } from "@/lib/resources/wording";

type Search = { month?: string | string[] };

interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const department = await getViewableDepartment(await requireUser(), slug);
  return { title: department ? `${department.name}: People Dashboard` : "Page not found" };
}

const fte = (n: number | null) => (n === null ? "—" : n.toLocaleString("en-GB", { maximumFractionDigits: 2 }));
const count = (n: number | null) => (n === null ? "—" : n.toLocaleString("en-GB"));
const pct = (n: number | null) => (n === null ? "—" : `${n.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`);
const k = (pence: number | null) => (pence === null ? "—" : formatThousands(pence, 1));

const DIMENSION_LABELS: Record<WorkforceDimension, string> = {
  sex: "Headcount by sex",
  age_band: "Headcount by age band",
  length_of_service: "Headcount by length of service",
};

export default async function PeoplePageView({ params, searchParams }: PageProps) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const now = new Date();
  const today = format(now, "yyyy-MM-dd");
  const { defaultMonth } = dashboardMonths(now);
  const asked = parseMonth(typeof query.month === "string" ? query.month : null);
  const view = viewOfMonth(asked ?? defaultMonth, today);
  if (view.kind === "refused") {
    const department = await getViewableDepartment(user, slug);
    if (!department) notFound();
    return (
      <MonthRefused
        heading={`${department.name}: People Dashboard`}
        message={view.message}
        backHref={`/departments/${department.slug}/people`}
        backLabel={`Show ${monthLabel(defaultMonth)}`}
      />
    );
  }
  const { period: month, asAt } = view;
  const page = await getPeoplePage(user, slug, month, asAt);
  if (!page) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/departments/${slug}/people` });
    notFound();
  }
  const { department } = page;
  const { options } = dashboardMonths(now, month);
  const base = `/departments/${department.slug}`;
  const entryLinks =
    canOnAnyUnit(user, "workforce:enter", department.id, page.units) && hasEnded(month, now)
      ? [{ href: `${base}/people/month?month=${monthParam(month)}`, label: `Enter the workforce return for ${monthLabel(month)}` }]
      : [];

  return (
    <div className="space-y-10">
      <ResourcesHeading
        departmentSlug={department.slug}
        departmentName={department.name}
        title={`${department.name}: People Dashboard`}
        asAtText={view.asAtText}
        month={month}
        options={options}
        links={[{ href: `${base}/resources?month=${monthParam(month)}`, label: "Resources: budget, efficiencies and funding" }]}
      >
        <p className="mt-2 max-w-3xl text-ink-muted">
          The Senior Leadership Team&apos;s monthly view of {department.shortName}&apos;s people, as at the end of{" "}
          {monthLabel(month)}: FTE in post against establishment, vacancies, turnover, agency and fixed-term spend, the
          workforce measures, and the latest employee profile and gender pay gap.
        </p>
      </ResourcesHeading>

      <EntryLinks label="Enter workforce figures" links={entryLinks} />

      {page.empty ? (
        <Alert tone="info" title="No workforce figures recorded">
          <p>{department.name} has no establishment, workforce returns, workforce measures or employee profile in Baseline yet.</p>
        </Alert>
      ) : (
        <>
          <WorkforceSection page={page} />
          <MeasuresSection page={page} />
          <ProfileSection page={page} />
        </>
      )}
    </div>
  );
}

function WorkforceSection({ page }: { page: PeoplePage }) {
  const { units, total, month } = page;
  if (units.length === 0) return null;
  return (
    <section aria-labelledby="workforce" className="space-y-4">
      <h2 id="workforce" className="text-2xl font-bold">
        Staff in post, vacancies and turnover
      </h2>
      <p className="max-w-3xl text-ink-muted">
        Establishment is the budget&apos;s FTE for {month.slice(0, 4)}; in post and headcount are the latest workforce return
        up to {monthLabel(month)}; vacancies = establishment − FTE in post (a unit over establishment counts none).
        Turnover is leavers in the 12 months to {monthLabel(month)} ÷ the average headcount of those months&apos; returns.
        Agency and fixed-term spend in £&apos;000.
      </p>
      <Card>
        <Table caption={`FTE, vacancies, turnover and agency and fixed-term spend by unit, ${monthLabel(month)}`}>
          <THead>
            <tr>
              <Th>Unit</Th>
              <Th numeric>Establishment (FTE)</Th>
              <Th numeric>In post (FTE)</Th>
              <Th numeric>Vacancies (FTE)</Th>
              <Th numeric>Headcount</Th>
              <Th numeric>Turnover, 12 months</Th>
              <Th numeric>Agency, month</Th>
              <Th numeric>Agency, year to date</Th>
              <Th numeric>Fixed-term, month</Th>
              <Th numeric>Fixed-term, year to date</Th>
            </tr>
          </THead>
          <TBody>
            {units.map((u) => (
              <Tr key={u.unitId}>
                <Th scope="row">
                  {u.isDepartment ? `${u.name} (directorate)` : u.name}
                  {u.returnMonth === null ? (
                    <span className="block text-sm font-normal text-ink-muted">No workforce return this year</span>
                  ) : (
                    u.returnMonth !== month && <span className="block text-sm font-normal text-ink-muted">Latest return: {monthLabel(u.returnMonth)}</span>
                  )}
                </Th>
                <Td numeric>{fte(u.establishment)}</Td>
                <Td numeric>{fte(u.fteInPost)}</Td>
                <Td numeric>{fte(u.vacancies)}</Td>
                <Td numeric>{count(u.headcount)}</Td>
                <Td numeric>
                  {pct(u.turnoverPct)}
                  <span className="block text-sm text-ink-muted">{u.leavers12} leaver{u.leavers12 === 1 ? "" : "s"}</span>
                </Td>
                <Td numeric>{k(u.agencyMonthPence)}</Td>
                <Td numeric>{k(u.agencyYtdPence)}</Td>
                <Td numeric>{k(u.fixedTermMonthPence)}</Td>
                <Td numeric>{k(u.fixedTermYtdPence)}</Td>
              </Tr>
            ))}
            <Tr className="border-t-2 border-ink font-bold">
              <Th scope="row">Total</Th>
              <Td numeric>{fte(total.establishment)}</Td>
              <Td numeric>{fte(total.fteInPost)}</Td>
              <Td numeric>{fte(total.vacancies)}</Td>
              <Td numeric>{count(total.headcount)}</Td>
              <Td numeric>
                {pct(total.turnoverPct)}
                <span className="block text-sm font-normal text-ink-muted">
                  {total.leavers12} leaver{total.leavers12 === 1 ? "" : "s"}
                </span>
              </Td>
              <Td numeric>{k(total.agencyMonthPence)}</Td>
              <Td numeric>{k(total.agencyYtdPence)}</Td>
              <Td numeric>{k(total.fixedTermMonthPence)}</Td>
              <Td numeric>{k(total.fixedTermYtdPence)}</Td>
            </Tr>
          </TBody>
        </Table>
      </Card>
      <Card>
        <LazyBarChart
          summary={`Bar chart of FTE establishment and FTE in post by unit, the same figures as the table above. ${units
            .map((u) => `${u.name}: establishment ${fte(u.establishment)}, in post ${fte(u.fteInPost)}, vacancies ${fte(u.vacancies)}`)
            .join("; ")}.`}
          yLabel="FTE"
          decimals={1}
          series={[
            { key: "establishment", label: "Establishment (FTE)" },
            { key: "inPost", label: "In post (FTE)" },
          ]}
          groups={units.map((u) => ({ label: u.name, values: { establishment: u.establishment, inPost: u.fteInPost } }))}
        />
      </Card>
    </section>
  );
}

function MeasuresSection({ page }: { page: PeoplePage }) {
  const { measures, month } = page;
  if (measures.length === 0) return null;
  return (
    <section aria-labelledby="workforce-measures" className="space-y-4">
      <h2 id="workforce-measures" className="text-2xl font-bold">
        Workforce measures
      </h2>
      <p className="max-w-3xl text-ink-muted">
        The department&apos;s workforce measures (absence, vacancies filled under the Target Operating Model, HR cases):
        each submitted figure for {monthLabel(month)}, judged against the target in force.
      </p>
      <Card>
        <Table caption={`Workforce measures, ${monthLabel(month)}`}>
          <THead>
            <tr>
              <Th>Measure</Th>
              <Th>Unit</Th>
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
                </Th>
                <Td>{m.unitName}</Td>
                <Td numeric>{formatValue(m.value, m)}</Td>
                <Td numeric>{targetText(m.target, m)}</Td>
                <Td>
                  <StatusBadge status={m.status} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </section>
  );
}

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const dayLabel = (d: string) => format(parseISO(d), "d MMMM yyyy");

function ProfileTable({ profile }: { profile: WorkforceProfile }) {
  const total = profile.bands.reduce((t, b) => t + b.headcount, 0);
  const demo = profile.bands.some((b) => b.demoValue);
  return (
    <Card className="min-w-0">
      <Table caption={`${DIMENSION_LABELS[profile.dimension]}, ${dayLabel(profile.asOf)}`}>
        <THead>
          <tr>
            <Th>{profile.dimension === "sex" ? "Sex" : profile.dimension === "age_band" ? "Age band" : "Length of service"}</Th>
            <Th numeric>Headcount</Th>
            <Th numeric>Share</Th>
          </tr>
        </THead>
        <TBody>
          {profile.bands.map((b) => (
            <Tr key={b.band}>
              <Th scope="row" className="font-normal">
                {b.band}
                {b.demoValue && (
                  <Badge tone="warning" className="ml-2">
                    demo value
                  </Badge>
                )}
              </Th>
              <Td numeric>{count(b.headcount)}</Td>
              <Td numeric>{total > 0 ? `${Math.round((b.headcount * 100) / total)}%` : "—"}</Td>
            </Tr>
          ))}
          <Tr className="border-t-2 border-ink font-bold">
            <Th scope="row">Total</Th>
            <Td numeric>{count(total)}</Td>
            <Td numeric>{total > 0 ? "100%" : "—"}</Td>
          </Tr>
        </TBody>
      </Table>
      {demo && <p className="mt-3 text-sm text-ink-muted">Demo value: the plan shows this only as a chart, so these counts are illustrative.</p>}
    </Card>
  );
}

function ProfileSection({ page }: { page: PeoplePage }) {
  const { profiles, payGap } = page;
  if (profiles.length === 0 && payGap === null) return null;
  return (
    <section aria-labelledby="profile" className="space-y-4">
      <h2 id="profile" className="text-2xl font-bold">
        Employee profile and gender pay gap
      </h2>
      {payGap && (
        <Card title="Gender pay gap" titleAs="h3" description={`${dayLabel(payGap.asOf)}. Source: ${payGap.source}.`}>
          <p className="text-lg">{sentenceCase(payGapSentence(payGap.medianGapPct, payGap.meanGapPct))}.</p>
          <div className="mt-4">
            <Table caption="Gender pay gap: how much more men are paid than women, as a % of men's pay (negative: women are paid more)">
              <THead>
                <tr>
                  <Th>Measure</Th>
                  <Th numeric>Gap</Th>
                </tr>
              </THead>
              <TBody>
                <Tr>
                  <Th scope="row">Median</Th>
                  <Td numeric>{payGap.medianGapPct.toLocaleString("en-GB", { minimumFractionDigits: 1 })}%</Td>
                </Tr>
                <Tr>
                  <Th scope="row">Mean</Th>
                  <Td numeric>{payGap.meanGapPct.toLocaleString("en-GB", { minimumFractionDigits: 1 })}%</Td>
                </Tr>
              </TBody>
            </Table>
          </div>
        </Card>
      )}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        {profiles.map((p) => (
          <ProfileTable key={p.dimension} profile={p} />
        ))}
      </div>
    </section>
  );
}
