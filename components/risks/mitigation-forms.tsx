"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { RiskMitigationRow } from "@/lib/risks/queries";
import { MITIGATION_KINDS, MITIGATION_STATUSES } from "@/lib/enums";
import { MITIGATION_KIND_LABELS, MITIGATION_STATUS_LABELS } from "@/lib/risks/labels";
import { useResultEffects, type FormAction } from "./form-parts";

type Result = { id: number; changed?: boolean };

/** The ids of the fields (in the order of the form) under a prefix, for the error summary. */
function mitigationIds(prefix: string) {
  return { kind: `${prefix}-kind`, description: `${prefix}-description`, ownerName: `${prefix}-owner`, dueDate: `${prefix}-due`, status: `${prefix}-status` };
}

function Fields({ prefix, err, initial }: { prefix: string; err: (f: string) => string | undefined; initial?: RiskMitigationRow }) {
  const ids = mitigationIds(prefix);
  return (
    <>
      <Select name="kind" id={ids.kind} label="Type" defaultValue={initial?.kind ?? "action"} error={err("kind")}>
        {MITIGATION_KINDS.map((k) => (
          <option key={k} value={k}>
            {MITIGATION_KIND_LABELS[k]}
          </option>
        ))}
      </Select>
      <Textarea name="description" id={ids.description} label="Description" rows={2} defaultValue={initial?.description} error={err("description")} />
      <div className="grid gap-x-6 sm:grid-cols-3">
        <Input name="ownerName" id={ids.ownerName} label="Owner" defaultValue={initial?.ownerName} error={err("ownerName")} autoComplete="off" />
        <Input
          name="dueDate"
          id={ids.dueDate}
          type="date"
          label="Due date"
          hint="Required for an action"
          defaultValue={initial?.dueDate ?? ""}
          error={err("dueDate")}
        />
        <Select name="status" id={ids.status} label="Status" defaultValue={initial?.status ?? "planned"} error={err("status")}>
          {MITIGATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {MITIGATION_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
      </div>
    </>
  );
}

/** Adds a control or a mitigating action to a risk. */
export function AddMitigationForm({ action, riskId }: { action: FormAction<Result>; riskId: number }) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const savedRef = useResultEffects(state);
  const anchors = mitigationIds("new-mitigation");
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a control or action" className="max-w-3xl">
      {state?.ok && <Alert tone="success" title="Control or action added" ref={savedRef} focusable />}
      <FormErrorSummary result={state} order={Object.keys(anchors)} anchors={anchors} />
      <input type="hidden" name="riskId" value={riskId} />
      <Fields prefix="new-mitigation" err={err} />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add control or action"}
      </Button>
    </form>
  );
}

/** Edits one control or action (in a disclosure under its row). */
export function EditMitigationForm({ action, mitigation }: { action: FormAction<Result>; mitigation: RiskMitigationRow }) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const savedRef = useResultEffects(state);
  const anchors = mitigationIds(`mitigation-${mitigation.id}`);
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Edit: ${mitigation.description}`} className="mt-3 max-w-3xl">
      {state?.ok && <Alert tone="success" title={state.data.changed === false ? "No change" : "Saved"} ref={savedRef} focusable />}
      <FormErrorSummary result={state} order={Object.keys(anchors)} anchors={anchors} />
      <input type="hidden" name="id" value={mitigation.id} />
      <input type="hidden" name="version" value={mitigation.version} />
      <Fields prefix={`mitigation-${mitigation.id}`} err={err} initial={mitigation} />
      <Button type="submit" size="sm" disabled={pending}>
        {pending ? "Saving…" : "Save changes"}
      </Button>
    </form>
  );
}

/** Marks a control or action complete in one step. */
export function CompleteMitigationButton({ action, mitigation }: { action: FormAction<Result>; mitigation: RiskMitigationRow }) {
  const { state, onSubmit, pending } = useActionForm(action);
  useResultEffects(state);
  return (
    <form onSubmit={onSubmit} className="inline">
      <FormErrorSummary result={state} fieldLinks={false} className="mt-2" />
      <input type="hidden" name="id" value={mitigation.id} />
      <input type="hidden" name="version" value={mitigation.version} />
      <Button type="submit" size="sm" variant="secondary" disabled={pending} aria-label={`Mark complete: ${mitigation.description}`}>
        {pending ? "Saving…" : "Mark complete"}
      </Button>
    </form>
  );
}
