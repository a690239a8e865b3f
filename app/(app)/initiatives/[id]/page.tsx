import { format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/measures/status-badge";
import { MilestoneStateBadge } from "@/components/initiatives/milestone-state-badge";
import { RagCell } from "@/components/initiatives/rag-cell";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { monthLabel, quarterLabel } from "@/lib/entry/periods";
import { log } from "@/lib/log";
import { formatValue } from "@/lib/measures/format";
import { formatThousands } from "@/lib/resources/rules";
import { getUnitScope } from "@/lib/org/queries";
import { getInitiativePage } from "@/lib/initiatives/queries";
import {
  completionCriterionProblem,
  milestoneView,
  updatePeriod,
} from "@/lib/initiatives/rules";
import { INITIATIVE_STATUS_LABELS, INITIATIVE_TYPE_LABELS } from "@/lib/initiatives/labels";
import { addMilestone, cancelMilestone, editMilestone, recordInitiativeUpdate } from "../actions";
import { MilestoneAddForm, MilestoneCancelForm, MilestoneEditForm } from "./_components/milestone-forms";
import { UpdateForm } from "./_components/update-form";
import { routeId } from "@/lib/validation/route-id";

interface PageProps {
  params: Promise<{ id: string }>;
}

const day = (iso: string | null) => (iso ? format(parseISO(iso), "d MMM yyyy") : "—");
const stamp = (at: string) => format(new Date(at), "d MMM yyyy, HH:mm");

async function load({ params }: PageProps) {
  const { id } = await params;
  const user = await requireUser();
  const n = routeId(id);
  const page = n ? await getInitiativePage(user, n) : null;
  return { user, page, id };
}

export async function generateMetadata(props: PageProps): Promise<Metadata> {
  const { page } = await load(props);
  return { title: page ? `${page.initiative.cspRef}: ${page.initiative.title}` : "Page not found" };
}

export default async function InitiativePage(props: PageProps) {
  const { user, page, id } = await load(props);
  if (!page) {
    log("warn", "page refused or missing", { userId: user.id, role: user.role, path: `/initiatives/${id}` });
    notFound();
  }
  const { initiative: i, updates, milestones, measures } = page;
  const today = format(new Date(), "yyyy-MM-dd");
  const scope = await getUnitScope(i.leadUnitId);
  const canEdit = scope !== null && can(user, "initiative:edit", scope);
  const period = updatePeriod(today);
  const thisMonth = updates.find((u) => u.period === period) ?? null;
  const criterionProblem = completionCriterionProblem(i);
  const changes = milestones
    .flatMap((m) => m.changes.map((c) => ({ ...c, milestone: m.title })))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  return (
    <article className="space-y-10">
      <header className="space-y-3">
        <p>
          <Link href="/initiatives">All initiatives</Link>
        </p>
        <p className="font-mono text-lg font-semibold text-ink-muted">{i.cspRef}</p>
        <h1 className="text-3xl font-bold">{i.title}</h1>
        <p className="text-ink-muted">
          Led by {i.unitName}, {i.departmentName}. {INITIATIVE_TYPE_LABELS[i.type]} · {INITIATIVE_STATUS_LABELS[i.status]}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <RagCell rag={i.rag} />
          {i.ragReason && <span className="max-w-3xl">{i.ragReason}</span>}
        </div>
        {canEdit && (
          <p>
            <ButtonLink href={`/initiatives/${i.id}/edit`} variant="secondary" size="sm">
              Edit initiative
            </ButtonLink>
          </p>
        )}
      </header>

      {(i.ongoing || i.successCriterion || criterionProblem) &&
        (criterionProblem ? (
          <Alert tone="warning" title={criterionProblem}>
            <p>
              {i.ongoing ? "This is an ongoing item" : "This item has no target date"}: without a completion or success criterion nobody
              can say when it is complete or whether it is succeeding.
            </p>
          </Alert>
        ) : (
          <section aria-labelledby="criterion" className="border-l-[6px] border-navy bg-navy-soft p-4">
            <h2 id="criterion" className="text-lg font-bold">
              {i.ongoing ? "Ongoing: how we know it is complete or succeeding" : "Completion criterion"}
            </h2>
            <p className="mt-1 whitespace-pre-line">{i.successCriterion}</p>
          </section>
        ))}

      <Card title="From the business plan">
        <dl className="grid gap-x-8 gap-y-3 sm:grid-cols-[minmax(10rem,auto)_1fr]">
          <dt className="font-semibold">Deliverables</dt>
          <dd className="whitespace-pre-line">{i.deliverables || "—"}</dd>
          <dt className="font-semibold">Lead unit</dt>
          <dd>{i.unitName}</dd>
          <dt className="font-semibold">Type</dt>
          <dd>{INITIATIVE_TYPE_LABELS[i.type]}</dd>
          <dt className="font-semibold">CSP priority</dt>
          <dd>{i.priority ? `${i.priority.code} – ${i.priority.title}` : "—"}</dd>
          <dt className="font-semibold">Key objective</dt>
          <dd>{i.keyObjective ?? "—"}</dd>
          <dt className="font-semibold">Funded by</dt>
          <dd>
            {i.funding.length === 0 ? (
              "No Government Plan funding line is linked to it."
            ) : (
              <ul className="space-y-1">
                {i.funding.map((f) => (
                  <li key={f.id}>
                    {f.ref && <span className="font-mono text-sm">{f.ref} </span>}
                    {f.name}{" "}
                    {/* On one line from sm up; on a phone it would run off the page. */}
                    <span className="text-ink-muted sm:whitespace-nowrap">
                      ({f.kind === "capital" ? "capital" : "growth"} {f.year}: £{formatThousands(f.allocationPence)}k allocated)
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt className="font-semibold">Planned start</dt>
          <dd>{day(i.startDate)}</dd>
          <dt className="font-semibold">Target delivery</dt>
          <dd>
            {i.targetDateLabel ?? "—"}
            {i.targetDate && <span className="text-ink-muted"> (recorded as {day(i.targetDate)})</span>}
          </dd>
          <dt className="font-semibold">Island wellbeing outcomes</dt>
          <dd className="whitespace-pre-line">{i.wellbeingOutcomes || "—"}</dd>
        </dl>
      </Card>

      <section aria-labelledby="measures" className="space-y-3">
        <h2 id="measures" className="text-2xl font-bold">
          Measures impacted by its success
        </h2>
        {i.impactedMeasuresText && (
          <p className="max-w-3xl">
            <span className="font-semibold">In the plan&apos;s words: </span>
            {i.impactedMeasuresText}
          </p>
        )}
        {measures.length === 0 ? (
          <p className="text-ink-muted">No catalogued measure is linked to this initiative.</p>
        ) : (
          <Table caption="Catalogued measures impacted, with their latest submitted figure and status">
            <THead>
              <tr>
                <Th>Measure</Th>
                <Th numeric>Latest figure</Th>
                <Th>Period</Th>
                <Th>Status</Th>
              </tr>
            </THead>
            <TBody>
              {measures.map((m) => (
                <Tr key={m.id}>
                  <Th scope="row" className="font-semibold">
                    <Link href={`/measures/${m.id}`}>{m.name}</Link>
                    <span className="block text-sm font-normal text-ink-muted">{m.code}</span>
                  </Th>
                  <Td numeric>{m.value === null ? "No figure" : formatValue(m.value, m)}</Td>
                  <Td>{m.period ? (m.periodType === "quarter" ? quarterLabel(m.period) : monthLabel(m.period)) : "—"}</Td>
                  <Td>
                    <StatusBadge status={m.status} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="updates" className="space-y-4">
        <h2 id="updates" className="text-2xl font-bold">
          Monthly status updates
        </h2>
        {canEdit && (
          <Card title={`Update for ${monthLabel(period)}`} titleAs="h3">
            <UpdateForm
              action={recordInitiativeUpdate}
              initiativeId={i.id}
              version={i.version}
              monthLabel={monthLabel(period)}
              current={thisMonth ? { rag: thisMonth.rag, reason: thisMonth.reason, commentary: thisMonth.commentary } : null}
            />
          </Card>
        )}
        {updates.length === 0 ? (
          <p className="text-ink-muted">No status update has been recorded yet.</p>
        ) : (
          <Table caption="RAG history, newest first">
            <THead>
              <tr>
                <Th>Month</Th>
                <Th>RAG</Th>
                <Th>Reason and commentary</Th>
                <Th>Recorded</Th>
              </tr>
            </THead>
            <TBody>
              {updates.map((u) => (
                <Tr key={u.id}>
                  <Th scope="row" className="whitespace-nowrap">
                    {monthLabel(u.period)}
                  </Th>
                  <Td>
                    <RagCell rag={u.rag} />
                  </Td>
                  <Td className="max-w-xl">
                    {u.reason && <p className="font-semibold">{u.reason}</p>}
                    {u.commentary && <p className="whitespace-pre-line">{u.commentary}</p>}
                    {!u.reason && !u.commentary && <span className="text-ink-muted">—</span>}
                  </Td>
                  <Td className="text-sm">
                    {u.by ?? "Unknown"}
                    <span className="block whitespace-nowrap text-ink-muted">{stamp(u.at)}</span>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="milestones" className="space-y-4">
        <h2 id="milestones" className="text-2xl font-bold">
          Milestones
        </h2>
        {milestones.length === 0 ? (
          <p className="text-ink-muted">No milestones recorded.</p>
        ) : (
          <Table caption={`Milestones as of ${day(today)}`} captionHidden className="min-w-[44rem]">
            <THead>
              <tr>
                <Th>Milestone</Th>
                <Th>Planned</Th>
                <Th>Forecast</Th>
                <Th>Actual</Th>
                <Th>State</Th>
              </tr>
            </THead>
            <TBody>
              {milestones.map((m) => (
                <Tr key={m.id}>
                  <Th scope="row" className="max-w-md font-semibold">
                    {m.title}
                  </Th>
                  <Td className="whitespace-nowrap">{day(m.plannedDate)}</Td>
                  <Td className="whitespace-nowrap">{day(m.forecastDate)}</Td>
                  <Td className="whitespace-nowrap">{day(m.actualDate)}</Td>
                  <Td>
                    <MilestoneStateBadge state={milestoneView(m, today)} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}

        <h3 className="pt-2 text-xl font-bold">Forecast changes</h3>
        {changes.length === 0 ? (
          <p className="text-ink-muted">No milestone&apos;s forecast has moved.</p>
        ) : (
          <Table caption="Forecast changes, newest first" captionHidden className="min-w-[44rem]">
            <THead>
              <tr>
                <Th>Milestone</Th>
                <Th>Moved</Th>
                <Th>Reason</Th>
                <Th>Recorded</Th>
              </tr>
            </THead>
            <TBody>
              {changes.map((c, n) => (
                <Tr key={n}>
                  <Th scope="row" className="max-w-xs text-sm font-semibold">
                    {c.milestone}
                  </Th>
                  <Td className="text-sm whitespace-nowrap">
                    {day(c.fromDate)} → {day(c.toDate)}
                  </Td>
                  <Td className="max-w-md">{c.reason}</Td>
                  <Td className="text-sm">
                    {c.by ?? "Unknown"}
                    <span className="block whitespace-nowrap text-ink-muted">{stamp(c.at)}</span>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}

        {canEdit && (
          <div className="space-y-3">
            <h3 className="pt-2 text-xl font-bold">Update milestones</h3>
            {milestones
              .filter((m) => m.status !== "cancelled")
              .map((m) => (
                <details key={m.id} className="border border-line-soft bg-surface p-4">
                  <summary className="cursor-pointer font-semibold text-accent underline">
                    Update milestone: {m.title}
                  </summary>
                  <div className="mt-4">
                    <MilestoneEditForm action={editMilestone} milestone={m} today={today} />
                    {!m.actualDate && <MilestoneCancelForm action={cancelMilestone} milestone={m} />}
                  </div>
                </details>
              ))}
            <details className="border border-line-soft bg-surface p-4">
              <summary className="cursor-pointer font-semibold text-accent underline">Add a milestone</summary>
              <div className="mt-4">
                <MilestoneAddForm action={addMilestone} initiativeId={i.id} />
              </div>
            </details>
          </div>
        )}
      </section>
    </article>
  );
}
