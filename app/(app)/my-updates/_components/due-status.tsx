import { differenceInCalendarDays, format, parseISO } from "date-fns";
import { Badge } from "@/components/ui/badge";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
export const longDate = (iso: string) => format(parseISO(iso), "EEEE d MMMM yyyy");

/** "3 days late", "due today", "due in 4 days". */
export function dueNote(due: string, today: string): string {
  const days = differenceInCalendarDays(parseISO(due), parseISO(today));
  if (days < 0) return `${plural(-days, "day")} late`;
  if (days === 0) return "due today";
  if (days === 1) return "due tomorrow";
  return `due in ${days} days`;
}

/**
 * When something is due and whether it is late, in words with a shape ("!" late, "○" to do), never
 * by colour alone.
 */
export function DueStatus({ due, late, today, noDate = "No due date" }: { due: string | null; late: boolean; today: string; noDate?: string }) {
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      {late ? (
        <Badge tone="danger">
          <span aria-hidden="true" className="inline-block w-3.5 text-center">
            !
          </span>
          Late
        </Badge>
      ) : (
        <Badge tone="neutral">
          <span aria-hidden="true" className="inline-block w-3.5 text-center">
            ○
          </span>
          To do
        </Badge>
      )}
      <span>
        {due === null ? (
          noDate
        ) : (
          <>
            Due by <time dateTime={due}>{longDate(due)}</time> —{" "}
            <span className={late ? "font-semibold text-danger-dark" : "font-semibold"}>{dueNote(due, today)}</span>
          </>
        )}
      </span>
    </span>
  );
}
