import { format, parseISO } from "date-fns";
import Link from "next/link";
import type { ReactNode } from "react";
import { monthLabel, type Period } from "@/lib/entry/periods";
import type { StateCounts } from "@/lib/entry/submission-state";
import { CellWords, cellLook } from "./tracker-cell";

export interface TrackerCardMonth {
  period: Period;
  /** The date its figures are due by. */
  due: string;
  counts: StateCounts;
  /** Where choosing the month leads (a unit's month opens its measures); none for a department's row. */
  href?: string;
  selected?: boolean;
}

export interface TrackerCardRow {
  key: number;
  /** The unit's or department's name, read before each month's words. */
  name: string;
  /** What the card's heading shows: the name, or a link on it. */
  heading: ReactNode;
  /** Oldest first, as the grid's columns. */
  months: TrackerCardMonth[];
}

/**
 * The tracker's grid on a phone, where a table shows one month beside the names: a card per unit (or
 * department) with its latest month first and the earlier ones, newest first, a tap away. Each
 * month keeps the grid cell's words, shape and colour (`.tracker-cell`) and its link.
 */
export function TrackerCards({ rows, label }: { rows: TrackerCardRow[]; label: string }) {
  return (
    <ul className="space-y-3 md:hidden" aria-label={label}>
      {rows.map((row) => {
        const [latest, ...earlier] = [...row.months].reverse();
        return (
          <li key={row.key} className="rounded-md border border-line-soft bg-surface p-4 shadow-sm">
            <h3 className="mb-2 text-lg font-bold">{row.heading}</h3>
            {latest && <MonthState name={row.name} month={latest} />}
            {earlier.length > 0 && (
              <details className="mt-3" open={earlier.some((m) => m.selected) || undefined}>
                <summary className="cursor-pointer font-semibold">
                  Earlier months<span className="sr-only">: {row.name}</span>
                </summary>
                <ul className="mt-2 space-y-2">
                  {earlier.map((m) => (
                    <li key={m.period}>
                      <MonthState name={row.name} month={m} />
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function MonthState({ name, month }: { name: string; month: TrackerCardMonth }) {
  const look = cellLook(month.counts);
  const label = monthLabel(month.period);
  return (
    <div className={month.selected ? "tracker-cell outline-3 -outline-offset-3 outline-ink" : "tracker-cell"} data-look={look?.look}>
      <p className="mb-1 text-base font-bold text-ink">
        {label} <span className="text-sm font-normal text-ink-muted">· due {format(parseISO(month.due), "d MMM")}</span>
      </p>
      {!look ? (
        "Nothing due"
      ) : month.href ? (
        <Link href={month.href} aria-current={month.selected ? "true" : undefined} className="font-semibold text-accent-dark visited:text-accent-dark">
          <span aria-hidden="true">{look.icon}</span>
          <span className="sr-only">
            {name}, {label}:{" "}
          </span>
          <CellWords counts={month.counts} />
        </Link>
      ) : (
        <span>
          <span aria-hidden="true">{look.icon}</span>
          <CellWords counts={month.counts} />
        </span>
      )}
    </div>
  );
}
