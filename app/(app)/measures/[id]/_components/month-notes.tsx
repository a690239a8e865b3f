import { format, parseISO } from "date-fns";
import { Badge } from "@/components/ui/badge";
import type { SessionUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { lastCompletedMonth, monthLabel } from "@/lib/entry/periods";
import { ANNOTATIONS_SHOWN, listMeasureAnnotations } from "@/lib/measures/notes-queries";
import { getUnitScope } from "@/lib/org/queries";
import { addAnnotation, deleteAnnotation, updateAnnotation } from "../actions";
import { AddAnnotationForm, EditAnnotationForm } from "./annotation-forms";

/**
 * "Notes on months" on the measure page (issue 18): the notes on the measure's months, newest first,
 * each saying whether it is public (in the published report) or internal, in words; and, for whoever
 * may annotate the measure (measure:annotate on its unit), the forms to add, edit and delete them.
 * Loads its own data, so that the page places it with one line.
 */
export async function MonthNotes({ user, measure }: { user: SessionUser; measure: { id: number; unitId: number; name: string } }) {
  const [notes, scope] = await Promise.all([listMeasureAnnotations(measure.id), getUnitScope(measure.unitId)]);
  const canAnnotate = scope !== null && can(user, "measure:annotate", scope);

  return (
    <section aria-labelledby="notes-heading" className="space-y-4">
      <h2 id="notes-heading" className="text-2xl font-bold">
        Notes on months
      </h2>
      <p className="max-w-3xl text-ink-muted">
        What explains a month&rsquo;s figure, for example a network outage. A public note also appears with the measure in the
        quarterly report published after it; an internal one is for colleagues only.
      </p>
      {notes.length === 0 ? (
        <p>No notes have been written on this measure&rsquo;s months.</p>
      ) : (
        <ul className="max-w-4xl space-y-3" aria-label={`Notes on the months of ${measure.name}`}>
          {notes.map((n) => (
            <li key={n.id} className="border-l-4 border-line bg-surface p-4" data-testid="month-note">
              <p className="flex flex-wrap items-center gap-x-3 gap-y-1 font-bold">
                <span>{monthLabel(n.period)}</span>
                <Badge tone={n.isPublic ? "info" : "neutral"}>{n.isPublic ? "Public: in the published report" : "Internal"}</Badge>
              </p>
              <p className="mt-2 whitespace-pre-line">{n.text}</p>
              <p className="mt-1 text-sm text-ink-muted">
                {n.updatedByName ?? "Unknown"}, {format(parseISO(n.updatedAt), "d MMM yyyy, HH:mm")}
              </p>
              {canAnnotate && (
                <EditAnnotationForm
                  update={updateAnnotation}
                  remove={deleteAnnotation}
                  note={{ id: n.id, version: n.version, text: n.text, isPublic: n.isPublic }}
                  monthLabel={monthLabel(n.period)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {notes.length === ANNOTATIONS_SHOWN && <p className="text-sm text-ink-muted">The latest {ANNOTATIONS_SHOWN} notes are shown.</p>}
      {canAnnotate && <AddAnnotationForm action={addAnnotation} measureId={measure.id} defaultMonth={lastCompletedMonth(new Date()).slice(0, 7)} />}
    </section>
  );
}
