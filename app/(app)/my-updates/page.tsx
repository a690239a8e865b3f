import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { monthLabel, quarterLabel } from "@/lib/entry/periods";
import { isoDate, OWED_MONTHS, unitScopeOf } from "@/lib/entry/tracker";
import { listObligationsOf, type Obligation } from "@/lib/obligations/queries";
import { ownedUnit, type ObligationKind } from "@/lib/obligations/rules";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { StateBadge } from "../entry/status/_components/state-badge";
import { DueStatus, longDate } from "./_components/due-status";

export const metadata: Metadata = { title: "My updates" };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const dayOf = (iso: string | null) => (iso ? longDate(iso) : "never");

type Of<K extends ObligationKind> = Extract<Obligation, { kind: K }>;
const only = <K extends ObligationKind>(items: Obligation[], ...kinds: K[]) => items.filter((i): i is Of<K> => (kinds as ObligationKind[]).includes(i.kind));

/** One thing owed: what, where, when it is due and whether it is late, and the link to do it. */
function Item({ title, href, due, late, today, children, action }: { title: ReactNode; href: string; due: string | null; late: boolean; today: string; children?: ReactNode; action: ReactNode }) {
  return (
    <li className="space-y-1 py-3">
      <h3 className="text-lg font-semibold">{title}</h3>
      {children && <div className="text-ink-muted">{children}</div>}
      <DueStatus due={due} late={late} today={today} />
      <p>
        <Link href={href}>{action}</Link>
      </p>
    </li>
  );
}

function Section({ id, title, rule, count, late, empty, children }: { id: string; title: string; rule: ReactNode; count: number; late: number; empty: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-2xl font-bold">
        {title}
        <span className="sr-only">
          : {count === 0 ? "nothing to do" : `${count} to do${late ? `, ${late} late` : ""}`}
        </span>
      </h2>
      <p className="max-w-3xl text-ink-muted">{rule}</p>
      {count === 0 ? <p>{empty}</p> : children}
    </section>
  );
}

const lateCount = (items: Obligation[]) => items.filter((i) => i.late).length;

export default async function MyUpdatesPage() {
  const user = await requireUser();
  const now = new Date();
  const today = isoDate(now);
  const workingDay = await getFiguresDueWorkingDay(db);
  const items = await listObligationsOf(db, { person: user, now, workingDay });
  const owned = ownedUnit(user);
  const whose = owned === null ? null : owned.subtree ? (user.unitName ?? "your unit") : (user.unitName ?? "your department");

  const actions = only(items, "review-action");
  const figures = only(items, "figures");
  const updates = only(items, "initiative-update");
  const milestones = only(items, "milestone");
  const risks = only(items, "risk-review");
  const recommendations = only(items, "recommendation-update", "recommendation-overdue");
  const late = lateCount(items);
  const figureCount = figures.reduce((n, g) => n + g.figures.length, 0);

  return (
    <div className="space-y-10">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold">My updates</h1>
        <p className="max-w-3xl text-ink-muted">
          {owned === null
            ? "What is assigned to you by name in Baseline: SLT actions you own and risks you are the named owner of."
            : owned.subtree
              ? `Everything you owe for ${whose} and the units below it, and what is assigned to you by name: figures, initiative updates, milestones, risk reviews, recommendations and SLT actions.`
              : `What you owe for ${whose} itself (items of its units are their leads') and what is assigned to you by name: SLT actions and the risks you own.`}
        </p>
        {items.length === 0 ? (
          <Alert tone="success" title="You are up to date">
            <p>{owned === null ? "Nothing is assigned to you at the moment." : "Nothing is due or late for you at the moment."}</p>
          </Alert>
        ) : (
          <p className="text-lg">
            <strong>{plural(items.length, "thing")} to do</strong>
            {late > 0 ? (
              <>
                , <strong className="text-danger-dark">{late} late</strong>
              </>
            ) : (
              ", none late"
            )}
            .
          </p>
        )}
      </div>

      <Section
        id="actions-title"
        title="SLT actions"
        rule="Open actions from the monthly review that name you as their owner. Overdue once their due date has passed; the SLT records progress and closes them in the review pack."
        count={actions.length}
        late={lateCount(actions)}
        empty="No open SLT action names you as its owner."
      >
        <ul className="divide-y divide-line-soft" aria-label="SLT actions you own">
          {actions.map((a) => (
            <Item key={a.key} title={a.description} href={a.href} due={a.due} late={a.late} today={today} action={<>Open the review pack<span className="sr-only"> for: {a.description}</span></>}>
              Agreed at the {a.departmentName} review of {monthLabel(a.meetingPeriod)}
            </Item>
          ))}
        </ul>
      </Section>

      <section aria-labelledby="figures-title" className="space-y-4">
        <h2 id="figures-title" className="text-2xl font-bold">
          Figures
        </h2>
        {owned === null ? (
          <p>
            Your role does not enter figures for a unit, so none are owed by you. The <Link href="/entry/status">submission tracker</Link>{" "}
            shows what each unit has submitted.
          </p>
        ) : figures.length === 0 ? (
          owned.subtree ? (
            <p>Every figure due for {whose} in the last {OWED_MONTHS} months has been submitted.</p>
          ) : (
            <p>
              No figure of {whose} itself is owed. Its units&apos; figures are their leads&apos;: the{" "}
              <Link href="/entry/status">submission tracker</Link> shows where each stands.
            </p>
          )
        ) : (
          <>
            <p className="max-w-3xl text-ink-muted">
              Figures for the last {OWED_MONTHS} months that have ended and are not submitted. A month&apos;s figures are due by working day{" "}
              {workingDay} of the following month. {plural(figureCount, "figure")} to submit.
            </p>
            <ul className="space-y-4" aria-label="Figures to submit, by month and unit">
              {figures.map((g) => {
                const canEnter = can(user, "figures:enter", unitScopeOf(g));
                return (
                  <Card
                    as="li"
                    key={g.key}
                    titleAs="h3"
                    title={`${monthLabel(g.month)} · ${g.unitName}`}
                    description={<DueStatus due={g.due} late={g.late} today={today} />}
                    actions={
                      canEnter ? (
                        <ButtonLink href={g.href} size="sm">
                          Enter figures<span className="sr-only"> for {g.unitName}, {monthLabel(g.month)}</span>
                        </ButtonLink>
                      ) : null
                    }
                  >
                    <ul className="divide-y divide-line-soft">
                      {g.figures.map((f) => (
                        <li key={f.measureId} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
                          <span>
                            {f.name}
                            {f.frequency === "quarterly" && <span className="text-ink-muted"> · {quarterLabel(f.storedAt)} (quarterly)</span>}
                            <span className="sr-only">: </span>
                          </span>
                          <span className="flex items-center gap-2">
                            <StateBadge state={f.state} />
                            <span className="text-sm text-ink-muted">{f.status === "draft" ? "draft saved" : "not entered"}</span>
                          </span>
                        </li>
                      ))}
                    </ul>
                  </Card>
                );
              })}
            </ul>
          </>
        )}
      </section>

      {owned !== null && (
        <>
          <Section
            id="updates-title"
            title="Initiative updates"
            rule={`Each Government Plan initiative that is not complete or closed needs a status update (RAG and commentary) every month, by working day ${workingDay} — the day last month's figures are due.`}
            count={updates.length}
            late={lateCount(updates)}
            empty="Every initiative has its update for this month."
          >
            <ul className="divide-y divide-line-soft" aria-label="Initiatives needing this month's update">
              {updates.map((u) => (
                <Item key={u.key} title={`${u.cspRef} – ${u.title}`} href={u.href} due={u.due} late={u.late} today={today} action={<>Record the {monthLabel(u.period)} update<span className="sr-only"> for {u.title}</span></>}>
                  {u.unitName} · last update: {u.lastUpdate ? monthLabel(u.lastUpdate) : "none yet"}
                </Item>
              ))}
            </ul>
          </Section>

          <Section
            id="milestones-title"
            title="Milestones past their date"
            rule="Milestones whose forecast date (or planned date, without a forecast) has passed with no actual date and that are not cancelled."
            count={milestones.length}
            late={lateCount(milestones)}
            empty="No milestone is past its date."
          >
            <ul className="divide-y divide-line-soft" aria-label="Milestones past their date">
              {milestones.map((m) => (
                <Item key={m.key} title={m.title} href={m.href} due={m.due} late={m.late} today={today} action={<>Set an actual date or a new forecast<span className="sr-only"> for {m.title}</span></>}>
                  {m.cspRef} – {m.initiativeTitle} · planned {longDate(m.plannedDate)}
                  {m.forecastDate ? `, forecast ${longDate(m.forecastDate)}` : ""}
                </Item>
              ))}
            </ul>
          </Section>
        </>
      )}

      <Section
        id="risks-title"
        title="Risk reviews"
        rule={
          owned === null
            ? "Open risks that name you as their owner and have not been reviewed this month. Due by the end of the month; late when last month's review was missed too."
            : "Open risks that name you as their owner, or of your unit when no owner is named, not yet reviewed this month. Due by the end of the month; late when last month's review was missed too."
        }
        count={risks.length}
        late={lateCount(risks)}
        empty="Every risk you look after has been reviewed this month."
      >
        <ul className="divide-y divide-line-soft" aria-label="Risks to review this month">
          {risks.map((r) => (
            <Item key={r.key} title={`${r.ref} – ${r.title}`} href={r.href} due={r.due} late={r.late} today={today} action={<>Confirm or re-rate the risk<span className="sr-only"> {r.ref}</span></>}>
              {r.unitName}
              {r.assigned ? " · you are its named owner" : ""} · last reviewed: {dayOf(r.lastReviewedOn)}
            </Item>
          ))}
        </ul>
      </Section>

      {owned !== null && (
        <Section
          id="recommendations-title"
          title="Recommendations"
          rule="Open and in-progress audit and PAC recommendations need a progress update each calendar month (due by its end; late when last month had none either), and those past their target date need implementing or a new target date."
          count={recommendations.length}
          late={lateCount(recommendations)}
          empty="Every open recommendation has this month's progress update and none is past its target date."
        >
          <ul className="divide-y divide-line-soft" aria-label="Recommendations needing an update">
            {recommendations.map((r) =>
              r.kind === "recommendation-overdue" ? (
                <Item key={r.key} title={`${r.ref}: past its target date`} href={r.href} due={r.due} late={r.late} today={today} action={<>Record progress, implement it or agree a new target date<span className="sr-only"> for {r.ref}</span></>}>
                  {r.unitName} · {r.text}
                </Item>
              ) : (
                <Item key={r.key} title={`${r.ref}: progress update`} href={r.href} due={r.due} late={r.late} today={today} action={<>Add a progress update<span className="sr-only"> to {r.ref}</span></>}>
                  {r.unitName} · last update: {dayOf(r.lastUpdateOn)} · {r.text}
                </Item>
              ),
            )}
          </ul>
        </Section>
      )}
    </div>
  );
}
