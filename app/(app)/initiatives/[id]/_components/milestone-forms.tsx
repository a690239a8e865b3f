"use client";

import { format, parseISO } from "date-fns";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { useSaved } from "./use-saved";

type FormAction<T> = (prev: unknown, formData: FormData) => Promise<ActionResult<T>>;

interface StoredMilestone {
  title: string;
  plannedDate: string;
  forecastDate: string | null;
  actualDate: string | null;
  status: string;
}

const day = (iso: string | null) => (iso ? format(parseISO(iso), "d MMM yyyy") : "none");

function Stored({ m }: { m: StoredMilestone }) {
  return (
    <p>
      Now stored: planned {day(m.plannedDate)}, forecast {day(m.forecastDate)}, actual {day(m.actualDate)} ({m.status}). Reload the
      page to edit the latest version.
    </p>
  );
}

interface EditProps {
  action: FormAction<{ id: number; changed: boolean }>;
  milestone: { id: number; version: number; title: string; plannedDate: string; forecastDate: string | null; actualDate: string | null };
  today: string;
}

/** Edit a milestone: its wording and planned date, move its forecast (with a reason), or record when it was achieved. */
export function MilestoneEditForm({ action, milestone: m, today }: EditProps) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const formRef = useSaved(state);
  const current = state && !state.ok && state.current ? (state.current as StoredMilestone) : null;
  const id = (f: string) => `milestone-${m.id}-${f}`;
  const anchors = { title: id("title"), plannedDate: id("planned"), forecastDate: id("forecast"), reason: id("reason"), actualDate: id("actual") };
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-2xl" aria-label={`Edit milestone: ${m.title}`}>
      <FormErrorSummary result={state} order={Object.keys(anchors)} anchors={anchors}>
        {current && <Stored m={current} />}
      </FormErrorSummary>
      {state?.ok && <Alert tone="success" title={state.data.changed ? "Milestone saved" : "Nothing changed"} />}
      <input type="hidden" name="id" value={m.id} />
      <input type="hidden" name="version" value={m.version} />
      <Textarea name="title" id={id("title")} label="Milestone" rows={2} defaultValue={m.title} error={err("title")} />
      <div className="flex flex-wrap gap-x-6">
        <Input name="plannedDate" id={id("planned")} type="date" label="Planned date" defaultValue={m.plannedDate} error={err("plannedDate")} className="w-auto" />
        <Input name="forecastDate" id={id("forecast")} type="date" label="Forecast date" defaultValue={m.forecastDate ?? ""} error={err("forecastDate")} className="w-auto" />
      </div>
      <Textarea
        name="reason"
        id={id("reason")}
        label="Reason for the change"
        hint="Required when the forecast or planned date moves; it is kept in the milestone's history."
        rows={2}
        error={err("reason")}
      />
      <Input
        name="actualDate"
        id={id("actual")}
        type="date"
        label="Actual date (achieved)"
        hint="Recording the date it was achieved marks the milestone achieved. Not in the future, nor before the initiative started."
        defaultValue={m.actualDate ?? ""}
        max={today}
        error={err("actualDate")}
        className="w-auto"
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save milestone"}
      </Button>
    </form>
  );
}

interface CancelProps {
  action: FormAction<{ id: number }>;
  milestone: { id: number; version: number; title: string };
}

/** Cancel a milestone (it stays in the record, out of what is due), saying why. */
export function MilestoneCancelForm({ action, milestone: m }: CancelProps) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const formRef = useSaved(state);
  const current = state && !state.ok && state.current ? (state.current as StoredMilestone) : null;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="mt-6 max-w-2xl border-t border-line-soft pt-4" aria-label={`Cancel milestone: ${m.title}`}>
      <FormErrorSummary result={state} anchors={{ reason: `milestone-${m.id}-cancel-reason` }}>
        {current && <Stored m={current} />}
      </FormErrorSummary>
      <input type="hidden" name="id" value={m.id} />
      <input type="hidden" name="version" value={m.version} />
      <Textarea name="reason" id={`milestone-${m.id}-cancel-reason`} label="Reason for cancelling" rows={2} error={err("reason")} />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Cancelling…" : "Cancel this milestone"}
      </Button>
    </form>
  );
}

/** Add a milestone to the initiative. */
export function MilestoneAddForm({ action, initiativeId }: { action: FormAction<{ id: number }>; initiativeId: number }) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const formRef = useSaved(state);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-2xl" aria-label="Add a milestone">
      <FormErrorSummary result={state} order={["title", "plannedDate"]} anchors={{ title: "milestone-new-title", plannedDate: "milestone-new-planned" }} />
      {state?.ok && <Alert tone="success" title="Milestone added" />}
      <input type="hidden" name="initiativeId" value={initiativeId} />
      <Textarea name="title" id="milestone-new-title" label="Milestone" rows={2} error={err("title")} />
      <Input name="plannedDate" id="milestone-new-planned" type="date" label="Planned date" error={err("plannedDate")} className="w-auto" />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Adding…" : "Add milestone"}
      </Button>
    </form>
  );
}
