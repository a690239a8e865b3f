"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Checkbox } from "@/components/forms/checkbox";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { FORM_PANEL, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import { BUDGET_TYPES, EFFICIENCY_SCOPES, EFFICIENCY_TYPES, type BudgetType, type EfficiencyScope, type EfficiencyType } from "@/lib/enums";
import { BUDGET_TYPE_LABELS, EFFICIENCY_SCOPE_LABELS, EFFICIENCY_TYPE_LABELS, penceToPoundsText } from "@/lib/resources/definition-labels";

export interface EfficiencyValues {
  id: number;
  version: number;
  scope: EfficiencyScope;
  programme: string | null;
  title: string;
  recurring: boolean;
  type: EfficiencyType;
  budgetType: BudgetType;
  minister: string | null;
  leadUnitId: number | null;
  year: number;
  targetPence: number;
}

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number; version?: number }>>;
  departmentId: number;
  departmentName: string;
  base: string;
  units: { id: number; name: string; depth: number }[];
  efficiency?: EfficiencyValues;
  defaultYear: number;
}

const ORDER = ["form", "scope", "programme", "title", "recurring", "type", "budgetType", "minister", "leadUnitId", "year", "target", "reason"];

/** Adds or edits an efficiency: what it is, who leads it and its target for the year. */
export function EfficiencyForm({ action, departmentId, departmentName, base, units, efficiency, defaultYear }: Props) {
  const router = useRouter();
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  useEffect(() => {
    if (!state?.ok) return;
    if (efficiency) router.refresh();
    else router.push(`${base}/efficiencies/${state.data.id}/edit?created=1`);
  }, [state, efficiency, base, router]);
  const version = efficiency ? Math.max(efficiency.version, state?.ok ? (state.data.version ?? 0) : 0) : 0;

  return (
    <form onSubmit={onSubmit} noValidate className={FORM_PANEL}>
      <FormErrorSummary result={state} order={ORDER} className="mb-6" />
      {state?.ok && efficiency && (
        <Alert tone="success" title="Efficiency saved" className="mb-6">
          <p>
            <Link href={`${base}/month`}>Back to the monthly return</Link>
          </p>
        </Alert>
      )}
      <input type="hidden" name="departmentId" value={departmentId} />
      {efficiency && (
        <>
          <input type="hidden" name="id" value={efficiency.id} />
          <input type="hidden" name="version" value={version} />
        </>
      )}
      <Select name="scope" label="Scope" defaultValue={efficiency?.scope ?? "departmental"} error={fieldError("scope")}>
        {EFFICIENCY_SCOPES.map((s) => (
          <option key={s} value={s}>
            {EFFICIENCY_SCOPE_LABELS[s]}
          </option>
        ))}
      </Select>
      <Input name="programme" label="Programme (optional)" hint='The cross-cutting programme, e.g. "Modern and efficient workforce"' defaultValue={efficiency?.programme ?? ""} error={fieldError("programme")} autoComplete="off" />
      <Input name="title" label="Efficiency" defaultValue={efficiency?.title ?? ""} error={fieldError("title")} autoComplete="off" />
      <Checkbox name="recurring" label="Recurring" hint="The saving continues in later years" defaultChecked={efficiency?.recurring ?? true} error={fieldError("recurring")} />
      <Select name="type" label="Type" defaultValue={efficiency?.type ?? "spend_reduction"} error={fieldError("type")}>
        {EFFICIENCY_TYPES.map((t) => (
          <option key={t} value={t}>
            {EFFICIENCY_TYPE_LABELS[t]}
          </option>
        ))}
      </Select>
      <Select name="budgetType" label="Budget type" defaultValue={efficiency?.budgetType ?? "non_staff"} error={fieldError("budgetType")}>
        {BUDGET_TYPES.map((t) => (
          <option key={t} value={t}>
            {BUDGET_TYPE_LABELS[t]}
          </option>
        ))}
      </Select>
      <Input name="minister" label="Minister (optional)" defaultValue={efficiency?.minister ?? ""} error={fieldError("minister")} autoComplete="off" />
      <Select name="leadUnitId" label="Lead unit" hint="Its lead enters the monthly delivery; an efficiency the department leads is entered by the SLT" defaultValue={efficiency?.leadUnitId ?? ""} error={fieldError("leadUnitId")}>
        <option value="">{departmentName} (the department)</option>
        {units
          .filter((u) => u.id !== departmentId)
          .map((u) => (
            <option key={u.id} value={u.id}>
              {"– ".repeat(Math.max(0, u.depth - 1))}
              {u.name}
            </option>
          ))}
      </Select>
      <Input name="year" label="Year" inputMode="numeric" defaultValue={efficiency?.year ?? defaultYear} error={fieldError("year")} className="max-w-32" autoComplete="off" />
      <Input name="target" label="Target saving for the year" hint="In pounds, e.g. 900,000" inputMode="decimal" defaultValue={penceToPoundsText(efficiency?.targetPence)} error={fieldError("target")} autoComplete="off" />
      {efficiency && <Input name="reason" label="Reason for the change" hint="Kept in the audit trail" error={fieldError("reason")} autoComplete="off" />}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : efficiency ? "Save changes" : "Add the efficiency"}
      </Button>
    </form>
  );
}
