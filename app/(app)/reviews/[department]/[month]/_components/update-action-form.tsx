"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import { ACTION_STATUSES, type ActionStatus } from "@/lib/enums";
import { ACTION_STATUS_LABELS } from "@/lib/reviews/rules";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number }>>;
  item: { id: number; version: number; status: ActionStatus; dueDate: string | null; closingNote: string | null; description: string };
}

/** Closes (done or dropped, with a note), reopens or re-dates one action. */
export function UpdateActionForm({ action, item }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const current = state && !state.ok && state.current ? (state.current as { status: string; dueDate: string | null }) : null;
  const id = (f: string) => `action-${item.id}-${f}`;

  return (
    <details className="mt-3" data-print="hide">
      <summary className="cursor-pointer font-semibold text-accent underline">
        Update this action<span className="sr-only">: {item.description}</span>
      </summary>
      <form onSubmit={onSubmit} noValidate className="mt-3 max-w-xl" aria-label={`Update action: ${item.description}`}>
        <FormErrorSummary result={state} order={["status", "dueDate", "closingNote"]} anchors={{ status: id("status"), dueDate: id("due"), closingNote: id("note") }}>
          {current && (
            <p>
              Now stored: {current.status}, due {current.dueDate ?? "no date"}. Reload the page to edit the latest version.
            </p>
          )}
        </FormErrorSummary>
        {state?.ok && <Alert tone="success" title="Action updated" />}
        <input type="hidden" name="id" value={item.id} />
        <input type="hidden" name="version" value={item.version} />
        <Select name="status" id={id("status")} label="Status" defaultValue={item.status} error={err("status")}>
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ACTION_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Input name="dueDate" id={id("due")} type="date" label="Due date" defaultValue={item.dueDate ?? ""} error={err("dueDate")} className="w-auto" />
        <Textarea
          name="closingNote"
          id={id("note")}
          label="Closing note"
          hint="Required when closing: what was done, or why the action was dropped."
          rows={2}
          defaultValue={item.closingNote ?? ""}
          error={err("closingNote")}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save action"}
        </Button>
      </form>
    </details>
  );
}
