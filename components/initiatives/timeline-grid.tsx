import { format, parseISO } from "date-fns";
import Link from "next/link";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { TimelineInitiative, TimelineMilestone } from "@/lib/initiatives/queries";
import { MILESTONE_VIEW_LOOK, milestoneView, monthOf, monthsOfYear, type MilestoneView } from "@/lib/initiatives/rules";
import { RagCell } from "./rag-cell";
import { MilestoneStateBadge } from "./milestone-state-badge";

const chip: Record<MilestoneView, string> = {
  achieved: "bg-success-soft border-success text-success",
  overdue: "bg-danger-soft border-danger text-danger-dark",
  due: "bg-warning-soft border-status-tolerance text-ink",
  planned: "bg-white border-ink-muted text-ink",
  cancelled: "bg-line-soft border-line text-ink-muted",
};

/** Where a milestone sits on the timeline: when achieved, else its forecast, else its planned date. */
const placedOn = (m: TimelineMilestone) => m.actualDate ?? m.forecastDate ?? m.plannedDate;
const day = (iso: string) => format(parseISO(iso), "d MMM");

function Marker({ m, today }: { m: TimelineMilestone; today: string }) {
  const state = milestoneView(m, today);
  const { label, symbol } = MILESTONE_VIEW_LOOK[state];
  const date = placedOn(m);
  return (
    <li>
      <span className={["inline-flex items-center gap-1 rounded-sm border-2 px-1 text-sm font-bold", chip[state]].join(" ")} title={`${label}: ${m.title} (${day(date)})`}>
        <span aria-hidden="true">{symbol}</span>
        <span aria-hidden="true" className="tabular-nums">
          {date.slice(8, 10)}
        </span>
        <span className="sr-only">
          {label}: {m.title}, {day(date)}
        </span>
      </span>
    </li>
  );
}

/**
 * The department's initiatives against the twelve months of a year, each milestone a marker whose
 * state is a symbol (✓ achieved, ! overdue, ◆ due, ○ planned, ✕ cancelled) with its day of the month,
 * so the grid reads in greyscale and on paper. A table of the same milestones follows it.
 */
export function TimelineGrid({ initiatives, year, today }: { initiatives: TimelineInitiative[]; year: number; today: string }) {
  const months = monthsOfYear(year);
  const thisMonth = monthOf(today);
  const all = initiatives
    .flatMap((i) => i.milestones.map((m) => ({ ...m, initiative: i })))
    .sort((a, b) => (placedOn(a) < placedOn(b) ? -1 : placedOn(a) > placedOn(b) ? 1 : 0));

  return (
    <div className="space-y-10">
      <div className="border border-line-soft bg-surface p-4 shadow-sm print:border-0 print:p-0 print:shadow-none">
        <Table caption={`Initiatives and their milestones by month, ${year}`} className="min-w-[60rem] table-fixed text-sm">
          <THead>
            <tr>
              {/* Narrower on a phone, where it stays pinned while the months scroll under it. */}
              <Th className="w-64 max-sm:w-36">Initiative</Th>
              {months.map((p) => (
                <Th key={p} className={["px-1 text-center", p === thisMonth ? "bg-accent-soft" : ""].join(" ")}>
                  {format(parseISO(p), "MMM")}
                  {p === thisMonth && <span className="block text-xs font-normal">(now)</span>}
                </Th>
              ))}
            </tr>
          </THead>
          <TBody>
            {initiatives.map((i) => (
              <Tr key={i.id} className="break-inside-avoid">
                <Th scope="row" className="font-semibold">
                  <span className="block font-mono text-xs text-ink-muted">{i.cspRef}</span>
                  <Link href={`/initiatives/${i.id}`}>{i.title}</Link>
                  <span className="mt-1 block font-normal">
                    {i.unitShortName} · <RagCell rag={i.rag} />
                  </span>
                </Th>
                {months.map((p) => {
                  const here = i.milestones.filter((m) => monthOf(placedOn(m)) === p);
                  return (
                    <Td key={p} className={["px-1 text-center", p === thisMonth ? "bg-accent-soft/60" : ""].join(" ")}>
                      {here.length > 0 && (
                        <ul className="flex flex-col items-center gap-1">
                          {here.map((m) => (
                            <Marker key={m.id} m={m} today={today} />
                          ))}
                        </ul>
                      )}
                    </Td>
                  );
                })}
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>

      <section aria-labelledby="timeline-list" className="space-y-3 break-before-page">
        <h2 id="timeline-list" className="text-2xl font-bold">
          Milestones in {year}, as a list
        </h2>
        {all.length === 0 ? (
          <p>No milestones fall in {year}.</p>
        ) : (
          <Table caption={`Milestones in ${year}, by date`} captionHidden className="min-w-[44rem]">
            <THead>
              <tr>
                <Th>Date</Th>
                <Th>Milestone</Th>
                <Th>Initiative</Th>
                <Th>State</Th>
              </tr>
            </THead>
            <TBody>
              {all.map((m) => (
                <Tr key={m.id}>
                  <Td className="whitespace-nowrap">
                    {format(parseISO(placedOn(m)), "d MMM yyyy")}
                    {m.forecastDate && !m.actualDate && m.forecastDate !== m.plannedDate && (
                      <span className="block text-sm text-ink-muted">planned {format(parseISO(m.plannedDate), "d MMM yyyy")}</span>
                    )}
                  </Td>
                  <Th scope="row" className="max-w-md font-semibold">
                    {m.title}
                  </Th>
                  <Td className="text-sm">
                    <span className="font-mono">{m.initiative.cspRef}</span> {m.initiative.title}
                  </Td>
                  <Td>
                    <MilestoneStateBadge state={milestoneView(m, today)} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
