import Link from "next/link";
import { monthLabel } from "@/lib/entry/periods";
import type { MonthNote } from "@/lib/measures/notes-queries";
import type { ReviewPack } from "@/lib/reviews/pack";

/*
 * Issue 18: the notes on the months behind a figure in the pack, and the breaks in the series that
 * start in them — beside an exception's figure, and listed for the other measures after the table.
 */

function NoteItem({ note }: { note: MonthNote }) {
  if (note.kind === "break") {
    return (
      <li>
        <span className="font-semibold">Series break: new series from {monthLabel(note.period)}.</span> {note.text}
      </li>
    );
  }
  return (
    <li>
      <span className="font-semibold">
        Note on {monthLabel(note.period)}
        {note.isPublic ? " (public)" : ""}:
      </span>{" "}
      {note.text}
    </li>
  );
}

/** The notes of one measure, under its figure's commentary. */
export function FigureNotes({ notes }: { notes: MonthNote[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 border-l-4 border-line pl-3" aria-label="Notes on the month">
      {notes.map((n, i) => (
        <NoteItem key={i} note={n} />
      ))}
    </ul>
  );
}

/** Notes on the month's figures of measures that are not exceptions (those show theirs in the table). */
export function OtherMonthNotes({ pack }: { pack: ReviewPack }) {
  const exceptions = new Set(pack.exceptions.map((m) => m.id));
  const others = pack.linkOptions.measures
    .map((m) => ({ ...m, notes: pack.notes.filter((n) => n.measureId === m.id) }))
    .filter((m) => !exceptions.has(m.id) && m.notes.length > 0);
  if (others.length === 0) return null;
  return (
    <div className="mt-4">
      <h3 className="mb-2 text-lg font-bold">Notes on other measures&rsquo; figures for {monthLabel(pack.period)}</h3>
      <ul className="space-y-3">
        {others.map((m) => (
          <li key={m.id}>
            <Link href={`/measures/${m.id}`} className="font-semibold">
              {m.label}
            </Link>
            <FigureNotes notes={m.notes} />
          </li>
        ))}
      </ul>
    </div>
  );
}
