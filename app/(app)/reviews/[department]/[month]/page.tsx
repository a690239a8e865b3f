import { addMonths, format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SpecialCauseNote } from "@/components/measures/special-cause-note";
import { RagBadge, StatusBadge } from "@/components/measures/status-badge";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { MonthRefused } from "@/components/periods/month-refused";
import { isFutureMonth, monthLabel, monthParam, parseMonth, viewOfMonth } from "@/lib/entry/periods";
import { formatValue } from "@/lib/measures/format";
import { targetText } from "@/lib/measures/target-text";
import { departmentScope, getReviewDepartment, getReviewPack, type ActionHistoryEntry, type PackAction } from "@/lib/reviews/pack";
import { listActionOwners } from "@/lib/reviews/queries";
import { ACTION_STATUS_LABELS, MILESTONE_STATE_LABELS } from "@/lib/reviews/rules";
import { addReviewAction, recordMeeting, updateReviewAction } from "../../actions";
import { AddActionForm } from "./_components/add-action-form";
import { MeetingForm } from "./_components/meeting-form";
import { FigureNotes, OtherMonthNotes } from "./_components/month-notes";
import { PrintButton } from "./_components/print-button";
import { ResourcesSection } from "./_components/resources-section";
import { UpdateActionForm } from "./_components/update-action-form";
import styles from "./print.module.css";

export const metadata: Metadata = { title: "Monthly review pack" };

const day = (iso: string | null) => (iso ? format(parseISO(iso), "d MMM yyyy") : "—");

const FIELD_LABELS: Record<string, string> = { status: "status", dueDate: "due date", closingNote: "closing note" };

function describeChange(h: ActionHistoryEntry): string {
  if (h.action.endsWith(".create")) return "Action agreed";
  const before = h.before ?? {};
  const after = h.after ?? {};
  const parts = Object.keys(FIELD_LABELS)
    .filter((k) => k !== "closingNote" && before[k] !== after[k])
    .map((k) => `${FIELD_LABELS[k]} ${String(before[k] ?? "none")} → ${String(after[k] ?? "none")}`);
  return parts.length ? `Changed ${parts.join("; ")}` : "Closing note changed";
}

function ActionItem({ item, canManage }: { item: PackAction; canManage: boolean }) {
  const { overdue } = item;
  return (
    <li className="border-l-4 border-line py-2 pl-4" data-testid="review-action">
      <p className="font-semibold">{item.description}</p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        <dt className="text-ink-muted">Owner</dt>
        <dd>{item.ownerName}</dd>
        <dt className="text-ink-muted">Due</dt>
        <dd>
          {day(item.dueDate)} {overdue && <Badge tone="danger">Overdue</Badge>}
        </dd>
        <dt className="text-ink-muted">Status</dt>
        <dd>{ACTION_STATUS_LABELS[item.status]}</dd>
        <dt className="text-ink-muted">Agreed at</dt>
        <dd>{monthLabel(item.meetingPeriod)} meeting</dd>
        {item.link && (
          <>
            <dt className="text-ink-muted">Linked {item.link.kind}</dt>
            <dd className="sm:col-span-3">
              <Link href={`/${item.link.kind === "measure" ? "measures" : item.link.kind === "initiative" ? "initiatives" : "risks"}/${item.link.id}`}>{item.link.label}</Link>
            </dd>
          </>
        )}
        {item.closingNote && (
          <>
            <dt className="text-ink-muted">Closing note</dt>
            <dd className="sm:col-span-3">{item.closingNote}</dd>
          </>
        )}
      </dl>
      {item.history.length > 0 && (
        <div className="mt-2 text-sm">
          <h4 className="font-semibold">History</h4>
          <ol className="list-inside list-disc text-ink-muted">
            {item.history.map((h, i) => (
              <li key={i}>
                {format(new Date(h.at), "d MMM yyyy, HH:mm")} – {h.actor ?? "unknown"}: {describeChange(h)}
                {h.reason ? ` (“${h.reason}”)` : ""}
              </li>
            ))}
          </ol>
        </div>
      )}
      {canManage && (
        <UpdateActionForm
          action={updateReviewAction}
          item={{ id: item.id, version: item.version, status: item.status, dueDate: item.dueDate, closingNote: item.closingNote, description: item.description }}
        />
      )}
    </li>
  );
}

export default async function ReviewPackPage({ params }: { params: Promise<{ department: string; month: string }> }) {
  const user = await requireUser();
  const { department: slug, month } = await params;
  const period = parseMonth(month);
  if (!period) notFound();
  const department = await getReviewDepartment(slug);
  // Out of scope answers "not found", like a department that does not exist.
  if (!department || !can(user, "unit:view", departmentScope(department))) notFound();
  const canManage = can(user, "review:manage", departmentScope(department));
  const today = format(new Date(), "yyyy-MM-dd");
  // A month not yet started has no pack (and must not open an empty, editable one); a past pack is as at its month's end.
  const view = viewOfMonth(period, today);
  if (view.kind === "refused") {
    const latest = `/reviews/${department.slug}/${monthParam(view.latest)}`;
    return <MonthRefused heading={`${department.name}: monthly review`} message={view.message} backHref={latest} backLabel={`Open the ${monthLabel(view.latest)} pack`} />;
  }
  const [pack, owners] = await Promise.all([getReviewPack(department, period, view.asAt), canManage ? listActionOwners(department.id) : []]);
  const { meeting } = pack;
  const prev = monthParam(format(addMonths(parseISO(period), -1), "yyyy-MM-dd"));
  const next = monthParam(format(addMonths(parseISO(period), 1), "yyyy-MM-dd"));

  return (
    <article className={`${styles.pack} space-y-10`}>
      <header className="space-y-3">
        <p data-print="hide">
          <Link href="/reviews">All reviews</Link>
        </p>
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-3xl font-bold">
              {department.name}: monthly review, {monthLabel(period)}
            </h1>
            <p className="mt-2 text-ink-muted">
              {meeting?.status === "held" ? `Meeting held on ${day(meeting.heldOn)}.` : "Meeting not yet held."} {view.asAtText}.
            </p>
          </div>
          <PrintButton />
        </div>
        <nav aria-label="Other months" className="flex gap-4 text-sm" data-print="hide">
          <Link href={`/reviews/${department.slug}/${prev}`}>← {monthLabel(`${prev}-01`)}</Link>
          {!isFutureMonth(`${next}-01`, today) && <Link href={`/reviews/${department.slug}/${next}`}>{monthLabel(`${next}-01`)} →</Link>}
        </nav>
      </header>

      <section aria-labelledby="meeting">
        <h2 id="meeting" className="mb-3 text-2xl font-bold">
          The meeting
        </h2>
        <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
          <dt className="font-semibold">Held on</dt>
          <dd>{meeting?.heldOn ? day(meeting.heldOn) : "Not recorded"}</dd>
          <dt className="font-semibold">Attendees</dt>
          <dd className="whitespace-pre-line">{meeting?.attendees || "Not recorded"}</dd>
          <dt className="font-semibold">Decisions</dt>
          <dd className="whitespace-pre-line">{meeting?.decisions || "Not recorded"}</dd>
        </dl>
        {canManage && (
          <MeetingForm
            action={recordMeeting}
            departmentId={department.id}
            month={month}
            meeting={meeting ? { heldOn: meeting.heldOn, attendees: meeting.attendees, decisions: meeting.decisions, version: meeting.version } : null}
          />
        )}
      </section>

      <section aria-labelledby="exceptions">
        <h2 id="exceptions" className="mb-1 text-2xl font-bold">
          1. Exceptions
        </h2>
        <p className="mb-3 text-ink-muted">
          Measures off target, within tolerance or without a submitted figure for {monthLabel(period)}: {pack.exceptions.length} of {pack.measuresReviewed}.
        </p>
        {pack.exceptions.length === 0 ? (
          <p>Every measure due this month is on target.</p>
        ) : (
          <Table caption={`Exceptions for ${monthLabel(period)}`} captionHidden>
            <THead>
              <tr>
                <Th>Measure</Th>
                <Th numeric>Figure</Th>
                <Th numeric>Target</Th>
                <Th>Status</Th>
                <Th>Commentary</Th>
              </tr>
            </THead>
            <TBody>
              {pack.exceptions.map((m) => (
                <Tr key={m.id}>
                  <Th scope="row">
                    {m.name}
                    <span className="block text-sm font-normal text-ink-muted">
                      {m.code} · {m.unitShortName}
                      {m.frequency === "quarterly" ? " · quarterly" : ""}
                    </span>
                  </Th>
                  <Td numeric className="whitespace-nowrap">{formatValue(m.value, m)}</Td>
                  <Td numeric className="whitespace-nowrap">{targetText(m.target, m)}</Td>
                  <Td>
                    <StatusBadge status={m.status} />
                    {m.status === "no_data" && <span className="mt-1 block text-sm">{m.hasDraft ? "Draft, not submitted" : "Not entered"}</span>}
                    <SpecialCauseNote cause={m.specialCause} />
                  </Td>
                  <Td className="text-sm">
                    {m.commentary ?? "—"}
                    <FigureNotes notes={pack.notes.filter((n) => n.measureId === m.id)} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        <OtherMonthNotes pack={pack} />
      </section>

      <section aria-labelledby="carried">
        <h2 id="carried" className="mb-1 text-2xl font-bold">
          2. Open actions from earlier meetings
        </h2>
        <p className="mb-3 text-ink-muted">Actions carry forward to every later pack until they are closed.</p>
        {pack.carriedForward.length === 0 ? (
          <p>No open actions from earlier meetings.</p>
        ) : (
          <ul className="space-y-4" aria-label="Open actions from earlier meetings">
            {pack.carriedForward.map((a) => (
              <ActionItem key={a.id} item={a} canManage={canManage} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="risks">
        <h2 id="risks" className="mb-1 text-2xl font-bold">
          3. Risks above tolerance
        </h2>
        <p className="mb-3 text-ink-muted">Open risks whose residual score (likelihood × impact) is above their appetite score.</p>
        {pack.risksAboveTolerance.length === 0 ? (
          <p>No risk is above tolerance.</p>
        ) : (
          <Table caption="Risks above tolerance" captionHidden>
            <THead>
              <tr>
                <Th>Risk</Th>
                <Th>Owner</Th>
                <Th numeric>Residual score</Th>
                <Th numeric>Appetite</Th>
                <Th>Escalated</Th>
              </tr>
            </THead>
            <TBody>
              {pack.risksAboveTolerance.map((r) => (
                <Tr key={r.id}>
                  <Th scope="row">
                    <Link href={`/risks/${r.id}`}>{r.title}</Link>
                    <span className="block text-sm font-normal text-ink-muted">
                      {r.ref} · {r.unitShortName}
                    </span>
                  </Th>
                  <Td>{r.ownerName}</Td>
                  <Td numeric>
                    {r.score} <span className="text-sm text-ink-muted">({r.likelihood} × {r.impact})</span>
                  </Td>
                  <Td numeric>{r.appetite}</Td>
                  <Td>{r.escalated ? "Yes" : "No"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="initiatives">
        <h2 id="initiatives" className="mb-3 text-2xl font-bold">
          4. Initiatives at red or amber
        </h2>
        {pack.initiativesAtRisk.length === 0 ? (
          <p>No initiative is rated red or amber.</p>
        ) : (
          <Table caption="Initiatives rated red or amber" captionHidden>
            <THead>
              <tr>
                <Th>Initiative</Th>
                <Th>Rating</Th>
                <Th>Reason</Th>
                <Th>Target date</Th>
              </tr>
            </THead>
            <TBody>
              {pack.initiativesAtRisk.map((i) => (
                <Tr key={i.id}>
                  <Th scope="row">
                    <Link href={`/initiatives/${i.id}`}>{i.title}</Link>
                    <span className="block text-sm font-normal text-ink-muted">
                      {i.cspRef} · {i.unitShortName}
                    </span>
                  </Th>
                  <Td>{i.rag && <RagBadge rag={i.rag} />}</Td>
                  <Td className="text-sm">{i.ragReason ?? "—"}</Td>
                  <Td>{day(i.targetDate)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="milestones">
        <h2 id="milestones" className="mb-1 text-2xl font-bold">
          5. Milestones due or missed
        </h2>
        <p className="mb-3 text-ink-muted">
          Due: forecast (or planned) date in {monthLabel(period)}. Missed: that date has passed and the milestone is not achieved.
        </p>
        {pack.milestones.length === 0 ? (
          <p>No milestone is due this month or overdue.</p>
        ) : (
          <Table caption="Milestones due or missed" captionHidden>
            <THead>
              <tr>
                <Th>Milestone</Th>
                <Th>Planned</Th>
                <Th>Forecast</Th>
                <Th>Where it stands</Th>
              </tr>
            </THead>
            <TBody>
              {pack.milestones.map((m) => (
                <Tr key={m.id}>
                  <Th scope="row">
                    {m.title}
                    <span className="block text-sm font-normal text-ink-muted">
                      <Link href={`/initiatives/${m.initiativeId}`}>
                        {m.initiativeRef} – {m.initiativeTitle}
                      </Link>
                    </span>
                  </Th>
                  <Td>{day(m.plannedDate)}</Td>
                  <Td>{day(m.forecastDate)}</Td>
                  <Td>{m.state === "missed" ? <Badge tone="danger">{MILESTONE_STATE_LABELS.missed}</Badge> : MILESTONE_STATE_LABELS[m.state]}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <ResourcesSection resources={pack.resources} period={period} departmentSlug={department.slug} heading="6. Resources beyond tolerance" />

      <section aria-labelledby="actions">
        <h2 id="actions" className="mb-3 text-2xl font-bold">
          7. Actions agreed at this meeting
        </h2>
        {pack.actions.length === 0 ? (
          <p className="mb-4">No actions recorded for this meeting.</p>
        ) : (
          <ul className="mb-6 space-y-4" aria-label="Actions agreed at this meeting">
            {pack.actions.map((a) => (
              <ActionItem key={a.id} item={a} canManage={canManage} />
            ))}
          </ul>
        )}
        {canManage && <AddActionForm action={addReviewAction} departmentId={department.id} month={month} links={pack.linkOptions} owners={owners} />}
      </section>
    </article>
  );
}
