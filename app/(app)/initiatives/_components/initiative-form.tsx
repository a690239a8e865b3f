"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Checkbox } from "@/components/forms/checkbox";
import { UnitOptgroups } from "@/components/forms/unit-optgroups";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { FieldGroup, Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import type { InitiativeFormOptions } from "@/lib/initiatives/queries";
import { INITIATIVE_STATUSES, INITIATIVE_TYPES, type InitiativeStatus, type InitiativeType } from "@/lib/enums";
import { INITIATIVE_STATUS_LABELS, INITIATIVE_TYPE_LABELS } from "@/lib/initiatives/labels";

/** The business-plan fields of an initiative, as the form starts with them. */
export interface InitiativeFormValues {
  id: number;
  version: number;
  cspRef: string;
  title: string;
  deliverables: string;
  leadUnitId: number;
  type: InitiativeType;
  priorityId: number | null;
  keyObjectiveId: number | null;
  startDate: string | null;
  targetDate: string | null;
  targetDateLabel: string | null;
  wellbeingOutcomes: string | null;
  impactedMeasuresText: string | null;
  measureIds: number[];
  ongoing: boolean;
  successCriterion: string | null;
  status: string;
}

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number; changed?: boolean }>>;
  options: InitiativeFormOptions;
  /** Editing an existing initiative; a new one otherwise. */
  initial?: InitiativeFormValues;
}

/** Field names and their labels, for the error summary and the stored values of a conflict. */
const LABELS: Record<string, string> = {
  cspRef: "CSP reference",
  title: "Title",
  deliverables: "Description of deliverables",
  leadUnitId: "Lead unit",
  type: "Type",
  priorityId: "CSP priority",
  keyObjectiveId: "Key objective",
  startDate: "Planned start",
  targetDate: "Target delivery date",
  targetDateLabel: "Target delivery, as the plan words it",
  wellbeingOutcomes: "Island wellbeing outcomes",
  impactedMeasuresText: "Measures impacted, in the plan's words",
  measureIds: "Catalogued measures linked",
  ongoing: "Ongoing",
  successCriterion: "Completion or success criterion",
  status: "Status",
  reason: "Reason",
};

/** The fields in the order of the form, for the error summary. */
const ORDER = [
  "cspRef",
  "title",
  "deliverables",
  "leadUnitId",
  "type",
  "priorityId",
  "keyObjectiveId",
  "startDate",
  "targetDate",
  "targetDateLabel",
  "wellbeingOutcomes",
  "impactedMeasuresText",
  "measureIds",
  "ongoing",
  "successCriterion",
  "status",
  "reason",
];

type Stored = Record<string, unknown>;

/** What is stored now, field by field where it differs from what the form was opened with. */
function StoredValues({ stored, initial, options }: { stored: Stored; initial: InitiativeFormValues; options: InitiativeFormOptions }) {
  const show = (k: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "none";
    if (k === "leadUnitId") return options.units.find((u) => u.id === v)?.name ?? `unit ${v}`;
    if (k === "priorityId") return options.priorities.find((p) => p.id === v)?.code ?? `priority ${v}`;
    if (k === "keyObjectiveId") return options.keyObjectives.find((o) => o.id === v)?.title ?? `objective ${v}`;
    if (k === "measureIds") return (v as number[]).map((id) => options.measures.find((m) => m.id === id)?.code ?? id).join(", ") || "none";
    if (k === "type") return INITIATIVE_TYPE_LABELS[v as InitiativeType] ?? String(v);
    if (k === "status") return INITIATIVE_STATUS_LABELS[v as InitiativeStatus] ?? String(v);
    if (k === "ongoing") return v ? "yes" : "no";
    return String(v);
  };
  const was: Stored = { ...initial };
  const differ = Object.keys(LABELS).filter((k) => k in stored && JSON.stringify(stored[k] ?? null) !== JSON.stringify(was[k] ?? null));
  return (
    <>
      {differ.length > 0 ? (
        <>
          <p>Now stored, where it differs from what you opened:</p>
          <ul className="list-disc pl-5">
            {differ.map((k) => (
              <li key={k}>
                <span className="font-semibold">{LABELS[k]}:</span> {show(k, stored[k])}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>The stored fields match what you opened; only the version moved on.</p>
      )}
      <p>Reload the page to edit the latest version (your changes here are kept until you do).</p>
    </>
  );
}

/**
 * An initiative's business-plan fields. The key objectives and catalogued measures offered are
 * those of the chosen lead unit's department (the server checks this too).
 */
export function InitiativeForm({ action, options, initial }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const [unitId, setUnitId] = useState<number | null>(initial?.leadUnitId ?? (options.units.length === 1 ? options.units[0]!.id : null));
  useEffect(() => {
    if (state?.ok) {
      router.push(`/initiatives/${state.data.id}`);
      router.refresh();
    }
  }, [state, router]);

  const departmentId = options.units.find((u) => u.id === unitId)?.departmentId ?? null;
  const objectives = options.keyObjectives.filter((o) => o.departmentId === departmentId);
  const measures = options.measures.filter((m) => m.departmentId === departmentId);
  const linked = new Set(initial?.measureIds ?? []);
  // The department's measures by unit, the lead unit's first.
  const groups = [...new Set(measures.map((m) => m.unitId))]
    .sort((a, b) => Number(b === unitId) - Number(a === unitId))
    .map((id) => ({ unitId: id, unitName: measures.find((m) => m.unitId === id)!.unitName, items: measures.filter((m) => m.unitId === id) }));
  const stored = state && !state.ok && state.current ? (state.current as Stored) : null;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={initial ? "Edit the initiative" : "Record a new initiative"} className="max-w-3xl">
      <FormErrorSummary result={state} order={ORDER}>
        {stored && initial && <StoredValues stored={stored} initial={initial} options={options} />}
      </FormErrorSummary>
      {initial && (
        <>
          <input type="hidden" name="id" value={initial.id} />
          <input type="hidden" name="version" value={initial.version} />
        </>
      )}

      <fieldset className="mb-8">
        <legend className="mb-3 text-xl font-bold">From the business plan</legend>
        <Input
          name="cspRef"
          label="CSP reference"
          hint="As the Government Plan writes it, like GP20-OI3-10."
          defaultValue={initial?.cspRef}
          error={err("cspRef")}
          autoComplete="off"
          spellCheck={false}
          className="max-w-64 font-mono"
        />
        <Input name="title" label="Title" defaultValue={initial?.title} error={err("title")} autoComplete="off" />
        <Textarea name="deliverables" label="Description of deliverables" rows={5} defaultValue={initial?.deliverables} error={err("deliverables")} />
        <div className="grid gap-x-6 sm:grid-cols-2">
          <Select
            name="leadUnitId"
            label="Lead unit"
            hint={options.units.length > 1 ? "Only units whose initiatives you may edit." : undefined}
            defaultValue={unitId === null ? "" : String(unitId)}
            placeholder={unitId === null ? "Choose the lead unit" : undefined}
            onChange={(e) => setUnitId(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
            error={err("leadUnitId")}
            className="w-full"
          >
            <UnitOptgroups units={options.units} />
          </Select>
          <Select name="type" label="Type" defaultValue={initial?.type ?? ""} placeholder={initial ? undefined : "Choose a type"} error={err("type")} className="w-full">
            {INITIATIVE_TYPES.map((t) => (
              <option key={t} value={t}>
                {INITIATIVE_TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </div>
        <Select name="priorityId" label="CSP priority" defaultValue={initial?.priorityId ? String(initial.priorityId) : ""} placeholder="None" error={err("priorityId")} className="w-full">
          {options.priorities.map((p) => (
            <option key={p.id} value={p.id}>
              {p.depth > 0 ? "\u00a0\u00a0\u00a0" : ""}
              {p.code} – {p.title}
            </option>
          ))}
        </Select>
        <Select
          // Remounted when the department changes, so that it never keeps another department's objective.
          key={`objective-${departmentId ?? "none"}`}
          name="keyObjectiveId"
          label="Key objective"
          hint={departmentId === null ? "Choose the lead unit first: the objective is one of its department's." : "One of the lead unit's department's key objectives."}
          defaultValue={initial?.keyObjectiveId && objectives.some((o) => o.id === initial.keyObjectiveId) ? String(initial.keyObjectiveId) : ""}
          placeholder="None"
          error={err("keyObjectiveId")}
          className="w-full"
        >
          {objectives.map((o) => (
            <option key={o.id} value={o.id}>
              {o.year}: {o.title}
            </option>
          ))}
        </Select>
      </fieldset>

      <fieldset className="mb-8">
        <legend className="mb-3 text-xl font-bold">Dates and money</legend>
        <div className="flex flex-wrap gap-x-6">
          <Input name="startDate" type="date" label="Planned start" defaultValue={initial?.startDate ?? ""} error={err("startDate")} className="w-auto" />
          <Input name="targetDate" type="date" label="Target delivery date" defaultValue={initial?.targetDate ?? ""} error={err("targetDate")} className="w-auto" />
        </div>
        <Input
          name="targetDateLabel"
          label="Target delivery, as the plan words it (optional)"
          hint="For example Q4 2021, or 2021–2023. Shown instead of the date where the plan gives no exact day."
          defaultValue={initial?.targetDateLabel ?? ""}
          error={err("targetDateLabel")}
          autoComplete="off"
        />
      </fieldset>

      <fieldset className="mb-8">
        <legend className="mb-3 text-xl font-bold">Outcomes and measures</legend>
        <Textarea name="wellbeingOutcomes" label="Island wellbeing outcomes" rows={3} defaultValue={initial?.wellbeingOutcomes ?? ""} error={err("wellbeingOutcomes")} />
        <Textarea
          name="impactedMeasuresText"
          label="Measures impacted, in the plan's words"
          hint="The indicators the plan says its success will move, as written there."
          rows={3}
          defaultValue={initial?.impactedMeasuresText ?? ""}
          error={err("impactedMeasuresText")}
        />
        <FieldGroup
          id="measureIds"
          linkTarget
          legend="Catalogued measures it impacts"
          hint={
            departmentId === null
              ? "Choose the lead unit first: the measures offered are its department's."
              : "Tick the measures of the lead unit's department that its success should move; they are shown on the initiative's page with their latest status."
          }
          error={err("measureIds")}
        >
          {departmentId !== null && measures.length === 0 && <p className="text-ink-muted">This department has no catalogued measures.</p>}
          {groups.map((g) => (
            <div key={g.unitId} className="mb-3">
              <p className="mb-1 font-semibold" id={`measure-group-${g.unitId}`}>
                {g.unitName}
                {g.unitId === unitId ? " (the lead unit)" : ""}
              </p>
              <ul className="space-y-1 border border-line-soft bg-white p-3" aria-labelledby={`measure-group-${g.unitId}`}>
                {g.items.map((m) => (
                  <li key={m.id} className="flex items-start gap-3">
                    <input
                      type="checkbox"
                      id={`measure-${m.id}`}
                      name={`measure-${m.id}`}
                      defaultChecked={linked.has(m.id)}
                      className="mt-0.5 size-6 shrink-0 accent-accent"
                    />
                    <label htmlFor={`measure-${m.id}`} className="min-h-6">
                      {m.name} <span className="font-mono text-sm text-ink-muted">{m.code}</span>
                      {!m.active && <span className="text-sm text-ink-muted"> (no longer active)</span>}
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </FieldGroup>
      </fieldset>

      <fieldset className="mb-8">
        <legend className="mb-3 text-xl font-bold">Progress</legend>
        <Checkbox
          name="ongoing"
          label="Ongoing item"
          hint="Business as usual or continuous work with no single delivery date."
          defaultChecked={initial?.ongoing}
          error={err("ongoing")}
        />
        <Textarea
          name="successCriterion"
          label="Completion or success criterion"
          hint="Required for an ongoing item: how we will know it is complete or succeeding, such as “every service on the new platform and the old one switched off”."
          rows={3}
          defaultValue={initial?.successCriterion ?? ""}
          error={err("successCriterion")}
        />
        <Select name="status" label="Status" defaultValue={initial?.status ?? "not_started"} error={err("status")} hint="Complete needs every milestone achieved or cancelled.">
          {INITIATIVE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INITIATIVE_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
      </fieldset>

      {initial ? (
        <Textarea name="reason" label="Reason for the change" hint="Kept in the audit log with what changed." rows={2} error={err("reason")} />
      ) : (
        <Textarea name="reason" label="Source or note (optional)" hint="For example the plan it comes from; kept in the audit log." rows={2} error={err("reason")} />
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : initial ? "Save changes" : "Record initiative"}
      </Button>
    </form>
  );
}
