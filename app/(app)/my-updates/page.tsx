import { differenceInCalendarDays, format, parseISO } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { monthLabel, quarterLabel, type Period } from "@/lib/entry/periods";
import { countStates } from "@/lib/entry/submission-state";
import { entryHref, isoDate, listOwedFigures, OWED_MONTHS, owedScope, unitScopeOf, type DueFigure } from "@/lib/entry/tracker";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { StateBadge } from "../entry/status/_components/state-badge";

export const metadata: Metadata = { title: "My updates" };

const longDate = (iso: string) => format(parseISO(iso), "EEEE d MMMM yyyy");
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 days late", "due today", "due in 4 days". */
function dueNote(due: string, today: string): string {
  const days = differenceInCalendarDays(parseISO(due), parseISO(today));
  if (days < 0) return `${plural(-days, "day")} late`;
  if (days === 0) return "due today";
  if (days === 1) return "due tomorrow";
  return `due in ${days} days`;
}

interface Group {
  month: Period;
  unitId: number;
  unitName: string;
  due: string;
  figures: DueFigure[];
}

/** Figures grouped by month (newest first) and unit, as they are entered: one entry page per unit and month. */
function groupFigures(figures: DueFigure[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of figures) {
    const key = `${f.month}:${f.unitId}`;
    const g = groups.get(key) ?? { month: f.month, unitId: f.unitId, unitName: f.unitName, due: f.due, figures: [] };
    g.figures.push(f);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => (a.month === b.month ? 0 : a.month < b.month ? 1 : -1));
}

export default async function MyUpdatesPage() {
  const user = await requireUser();
  const now = new Date();
  const today = isoDate(now);
  const scope = owedScope(user);
  const workingDay = await getFiguresDueWorkingDay(db);
  const owed = scope.kind === "none" ? [] : await listOwedFigures(db, { scope, now, workingDay });
  const groups = groupFigures(owed);
  const counts = countStates(owed.map((f) => f.state));
  const whose =
    scope.kind === "all" ? "every department" : scope.kind === "department" ? (user.unitName ?? "your department") : (user.unitName ?? "your unit");

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">My updates</h1>
        <p className="mt-2 max-w-3xl text-ink-muted">
          {scope.kind === "none"
            ? "What you are asked to update in Baseline."
            : `Everything still to do for ${whose}: figures for the last ${OWED_MONTHS} months that have ended and are not submitted. A month's figures are due by working day ${workingDay} of the following month.`}
        </p>
      </div>

      <section aria-labelledby="figures-title" className="space-y-4">
        <h2 id="figures-title" className="text-2xl font-bold">
          Figures
        </h2>
        {scope.kind === "none" ? (
          <p>
            Your role does not enter figures, so none are owed by you. The <Link href="/entry/status">submission tracker</Link> shows
            what each unit has submitted.
          </p>
        ) : owed.length === 0 ? (
          <Alert tone="success" title="You are up to date">
            <p>Every figure due for {whose} in the last {OWED_MONTHS} months has been submitted.</p>
          </Alert>
        ) : (
          <>
            <p className="text-lg">
              <strong>{plural(owed.length, "figure")} to submit</strong>
              {counts.late > 0 && (
                <>
                  , <strong className="text-danger-dark">{counts.late} late</strong>
                </>
              )}
              {counts.draft > 0 && <>, {counts.draft} saved as draft</>}
              {counts.missing > 0 && <>, {counts.missing} not started</>}.
            </p>
            <ul className="space-y-4" aria-label="Figures to submit, by month and unit">
              {groups.map((g) => {
                const late = g.figures.some((f) => f.state === "late");
                const canEnter = can(user, "figures:enter", unitScopeOf(g.figures[0]!));
                return (
                  <Card
                    as="li"
                    key={`${g.month}:${g.unitId}`}
                    titleAs="h3"
                    title={`${monthLabel(g.month)} · ${g.unitName}`}
                    description={
                      <>
                        Due by {longDate(g.due)} —{" "}
                        <span className={late ? "font-semibold text-danger-dark" : "font-semibold"}>{dueNote(g.due, today)}</span>
                      </>
                    }
                    actions={
                      canEnter ? (
                        <ButtonLink href={entryHref(g.unitId, g.month)} size="sm">
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

      <section aria-labelledby="other-title" className="space-y-2">
        <h2 id="other-title" className="text-2xl font-bold">
          Initiatives and risks
        </h2>
        <p className="max-w-3xl text-ink-muted">
          Status updates for Government Plan initiatives and risk reviews will be listed here too, once those parts of Baseline are
          in place.
        </p>
      </section>
    </div>
  );
}
