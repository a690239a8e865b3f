import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RagBadge, StatusBadge } from "@/components/measures/status-badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { requireUser } from "@/lib/auth/current-user";
import { lastCompletedMonth, monthLabel } from "@/lib/entry/periods";
import { log } from "@/lib/log";
import { getViewableDepartment } from "@/lib/measures/department";
import { INITIATIVE_TYPE_LABELS } from "@/lib/initiatives/labels";
import { formatValue } from "@/lib/measures/format";
import { MILESTONE_STATE_LABELS, type MilestoneState } from "@/lib/reviews/rules";
import { getGoldenThread, listObjectiveYears, type ThreadFunding, type ThreadInitiative, type ThreadObjective } from "@/lib/plan/golden-thread";
import { formatThousands, sumPence } from "@/lib/resources/rules";

interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ year?: string | string[] }>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const department = await getViewableDepartment(await requireUser(), slug);
  return { title: department ? `${department.name}: plan` : "Page not found" };
}

const MILESTONE_ICON: Record<MilestoneState, string> = { achieved: "✓", cancelled: "–", missed: "!", due: "◷", upcoming: "○" };
/** "12 Mar 2026", kept on one line (no-break spaces): a milestone's state and date may wrap before it, never inside it. */
const dateLabel = (iso: string) => format(parseISO(iso), "d\u00a0MMM\u00a0yyyy");
/** "£5,000k" from pence. */
const money = (pence: number) => `£${formatThousands(pence)}k`;
const fundingName = (f: { ref: string | null; name: string }) => (f.ref ? `${f.ref} ${f.name}` : f.name);

/** A priority's money: the funding lines that pay for its initiatives, each with its allocation and the initiatives it funds. */
function PriorityFunding({ funding }: { funding: ThreadFunding[] }) {
  if (funding.length === 0) return <p className="text-sm text-ink-muted">No Government Plan funding line is linked to this priority&apos;s initiatives.</p>;
  return (
    <div>
      <h3 className="text-lg font-bold">
        Funding: {money(sumPence(funding.map((f) => f.allocationPence)))} allocated across {funding.length} {funding.length === 1 ? "line" : "lines"}
      </h3>
      <ul className="mt-1 space-y-1 text-sm">
        {funding.map((f) => (
          <li key={f.id}>
            <span className="font-semibold">{fundingName(f)}</span> ({f.kind === "capital" ? "capital" : "growth"}, {money(f.allocationPence)}) → funds{" "}
            {f.initiatives.map((i, n) => (
              <span key={i.id}>
                {n > 0 && ", "}
                <Link href={`/initiatives/${i.id}`}>{i.cspRef}</Link>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

function MilestoneLine({ m }: { m: ThreadInitiative["milestones"][number] }) {
  const when = m.actualDate
    ? `Achieved ${dateLabel(m.actualDate)}`
    : `${MILESTONE_STATE_LABELS[m.state]}, ${m.forecastDate && m.forecastDate !== m.plannedDate ? "forecast" : "planned"} ${dateLabel(m.forecastDate ?? m.plannedDate)}`;
  return (
    <li className="flex gap-2">
      <span aria-hidden="true" className={["w-4 shrink-0 text-center font-bold", m.state === "missed" ? "text-danger" : ""].join(" ")}>
        {MILESTONE_ICON[m.state]}
      </span>
      <span className="min-w-0">
        {m.title}{" "}
        <span className={["text-sm", m.state === "missed" ? "font-bold text-danger-dark" : "text-ink-muted"].join(" ")}>
          ({when})
        </span>
      </span>
    </li>
  );
}

function Initiative({ i }: { i: ThreadInitiative }) {
  return (
    <li className="border border-line-soft bg-surface p-4">
      <h4 className="font-bold">
        <Link href={`/initiatives/${i.id}`}>
          <span className="font-mono text-sm">{i.cspRef}</span> · {i.title}
        </Link>
      </h4>
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-ink-muted">
        {i.rag ? <RagBadge rag={i.rag} /> : <span className="font-bold">No RAG reported</span>}
        <span>{INITIATIVE_TYPE_LABELS[i.type]}</span>
        <span>Led by {i.unitName}</span>
      </div>
      <p className="mt-1 text-sm">
        <span className="font-bold">Funded by: </span>
        {i.funding.length === 0 ? <span className="text-ink-muted">no Government Plan funding line linked</span> : i.funding.map((f) => `${fundingName(f)} (${money(f.allocationPence)})`).join("; ")}
      </p>
      {i.ongoing && (
        <p className="mt-2 text-sm">
          <span className="font-bold">Ongoing – complete when: </span>
          {i.successCriterion ?? <span className="font-bold text-danger-dark">no completion criterion recorded</span>}
        </p>
      )}
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <div>
          <h5 className="text-sm font-bold">Milestones</h5>
          {i.milestones.length === 0 ? (
            <p className="mt-1 text-sm font-bold text-danger-dark">No milestones: progress cannot be followed.</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm">
              {i.milestones.map((m) => (
                <MilestoneLine key={m.id} m={m} />
              ))}
            </ul>
          )}
        </div>
        <div>
          <h5 className="text-sm font-bold">Measures impacted</h5>
          {i.measures.length === 0 ? (
            <p className="mt-1 text-sm text-ink-muted">No catalogued measure linked.</p>
          ) : (
            <ul className="mt-1 space-y-2 text-sm">
              {i.measures.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <Link href={`/measures/${m.id}`}>{m.name}</Link>
                  <span className="tabular-nums">{formatValue(m.value, m)}</span>
                  <StatusBadge status={m.status} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </li>
  );
}

function Objective({ k }: { k: ThreadObjective }) {
  return (
    <li className="space-y-3">
      <div>
        <h3 className="text-xl font-bold">{k.title}</h3>
        <p className="text-sm text-ink-muted">Key objective · lead: {k.leadUnitName}</p>
        {k.description && <p className="mt-1 max-w-3xl text-sm">{k.description}</p>}
      </div>
      {k.initiatives.length === 0 ? (
        <p className="text-sm font-bold text-danger-dark">No Government Plan initiative delivers this objective.</p>
      ) : (
        <ul className="space-y-3">
          {k.initiatives.map((i) => (
            <Initiative key={i.id} i={i} />
          ))}
        </ul>
      )}
    </li>
  );
}

function GapList({ id, title, items }: { id: string; title: string; items: { key: string | number; node: React.ReactNode }[] }) {
  return (
    <li>
      <span className="font-bold tabular-nums">{items.length}</span> {title}
      {items.length > 0 && (
        <details className="mt-1">
          <summary className="cursor-pointer text-sm">
            Show them<span className="sr-only">: {title}</span>
          </summary>
          <ul id={id} className="mt-1 list-disc space-y-1 pl-6 text-sm">
            {items.map((it) => (
              <li key={it.key}>{it.node}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

export default async function DepartmentPlanPage({ params, searchParams }: PageProps) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const department = await getViewableDepartment(user, slug);
  if (!department) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/departments/${slug}/plan` });
    notFound();
  }
  const now = new Date();
  const years = await listObjectiveYears(department.id);
  const asked = Number(typeof query.year === "string" ? query.year : NaN);
  const year = years.includes(asked) ? asked : (years.find((y) => y <= now.getFullYear()) ?? years[0] ?? now.getFullYear());
  const month = lastCompletedMonth(now);
  const thread = await getGoldenThread(department.id, year, month, format(now, "yyyy-MM-dd"));
  const { gaps } = thread;
  const initiativeLink = (i: ThreadInitiative) => <Link href={`/initiatives/${i.id}`}>{`${i.cspRef} · ${i.title}`}</Link>;

  return (
    <div className="space-y-10">
      <div>
        <p className="mb-2">
          <Link href={`/departments/${department.slug}`}>{department.name}: measures</Link>
        </p>
        <h1 className="text-3xl font-bold">{department.name}: from strategy to figures</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          The golden thread: each Common Strategic Policy priority the department serves, its key objectives for {year}, the
          Government Plan initiatives that deliver them, their milestones, and the measures each initiative impacts with their
          status for {monthLabel(month)}. The money runs through it: under each priority, the Government Plan growth and capital lines
          for {year} that pay for its initiatives (allocations in £ thousands), and on each initiative the lines that fund it.
        </p>
        {years.length > 1 && (
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
        )}
      </div>

      <section aria-labelledby="gaps" className="border border-line-soft bg-surface p-4">
        <h2 id="gaps" className="text-xl font-bold">
          Where the thread breaks
        </h2>
        <ul className="mt-3 space-y-2">
          <GapList
            id="gap-priorities"
            title="priorities with no measure tracing to them"
            items={gaps.prioritiesWithoutMeasure.map((p) => ({ key: p.id, node: <a href={`#priority-${p.id}`}>{`${p.code} ${p.title}`}</a> }))}
          />
          <GapList
            id="gap-objectives"
            title="key objectives with no initiative"
            items={gaps.objectivesWithoutInitiative.map((k) => ({ key: k.id, node: k.title }))}
          />
          <GapList
            id="gap-milestones"
            title="initiatives with no milestone"
            items={gaps.initiativesWithoutMilestone.map((i) => ({ key: i.id, node: initiativeLink(i) }))}
          />
          <GapList
            id="gap-measures"
            title="initiatives with no catalogued measure linked"
            items={gaps.initiativesWithoutMeasure.map((i) => ({ key: i.id, node: initiativeLink(i) }))}
          />
          <GapList
            id="gap-funding"
            title="funding lines linked to no initiative (money with no thread)"
            items={gaps.fundingWithoutInitiative.map((f) => ({ key: f.id, node: `${fundingName(f)}: ${money(f.allocationPence)} (${f.kind === "capital" ? "capital" : "growth"})` }))}
          />
        </ul>
      </section>

      {thread.priorities.length === 0 && <p>This department has no key objectives or initiatives recorded yet.</p>}

      {thread.priorities.map((p) => (
        <section key={p.id} id={`priority-${p.id}`} aria-labelledby={`priority-${p.id}-h`} className="space-y-5">
          <div className="border-l-4 border-navy pl-4">
            {p.parent && (
              <p className="text-sm text-ink-muted">
                {p.parent.code} {p.parent.title} ›
              </p>
            )}
            <h2 id={`priority-${p.id}-h`} className="text-2xl font-bold">
              <span className="font-mono text-lg">{p.code}</span> {p.title}
            </h2>
            <p className={["text-sm", p.measureCount === 0 ? "font-bold text-danger-dark" : "text-ink-muted"].join(" ")}>
              Common Strategic Policy priority ·{" "}
              {p.measureCount === 0 ? "no measure traces to it" : `${p.measureCount} ${p.measureCount === 1 ? "measure traces" : "measures trace"} to it`}
            </p>
          </div>
          <PriorityFunding funding={p.funding} />
          {p.objectives.length > 0 && (
            <ul className="space-y-8">
              {p.objectives.map((k) => (
                <Objective key={k.id} k={k} />
              ))}
            </ul>
          )}
          {p.initiatives.length > 0 && (
            <div className="space-y-3">
              <h3 className="text-xl font-bold">Initiatives serving the priority directly</h3>
              <ul className="space-y-3">
                {p.initiatives.map((i) => (
                  <Initiative key={i.id} i={i} />
                ))}
              </ul>
            </div>
          )}
        </section>
      ))}

      {(thread.unattached.objectives.length > 0 || thread.unattached.initiatives.length > 0) && (
        <section aria-labelledby="unattached" className="space-y-4">
          <h2 id="unattached" className="text-2xl font-bold">
            Not linked to a strategic priority
          </h2>
          <ul className="space-y-6">
            {thread.unattached.objectives.map((k) => (
              <Objective key={k.id} k={k} />
            ))}
            {thread.unattached.initiatives.map((i) => (
              <Initiative key={i.id} i={i} />
            ))}
          </ul>
        </section>
      )}

      {thread.otherPriorities.length > 0 && (
        <section aria-labelledby="other-priorities">
          <h2 id="other-priorities" className="text-xl font-bold">
            Priorities this department&apos;s plan does not serve
          </h2>
          <ul className="mt-2 list-disc pl-6 text-sm">
            {thread.otherPriorities.map((p) => (
              <li key={p.code}>
                {p.code} {p.title}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
