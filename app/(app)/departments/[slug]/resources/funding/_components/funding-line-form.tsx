"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Checkbox } from "@/components/forms/checkbox";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { FieldGroup, FORM_PANEL, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import { FUNDING_KINDS, type FundingKind } from "@/lib/enums";
import { FUNDING_KIND_LABELS, penceToPoundsText } from "@/lib/resources/definition-labels";

export interface FundingLineValues {
  id: number;
  version: number;
  kind: FundingKind;
  ref: string | null;
  name: string;
  source: string;
  cspPriority: string | null;
  subPriority: string | null;
  minister: string | null;
  leadUnitId: number | null;
  year: number;
  allocationPence: number;
  initiativeIds: number[];
}

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number; version?: number }>>;
  departmentId: number;
  departmentName: string;
  /** Where the resources pages of the department live ("/departments/coo/resources"). */
  base: string;
  units: { id: number; name: string; depth: number }[];
  initiatives: { id: number; cspRef: string; title: string }[];
  /** The line being edited; absent for a new one. */
  line?: FundingLineValues;
  defaultYear: number;
}

const ORDER = ["form", "kind", "ref", "name", "source", "cspPriority", "subPriority", "minister", "leadUnitId", "year", "allocation", "initiativeIds", "reason"];

/** Adds or edits a funding line: its plan details, allocation in pounds and the initiatives it funds. */
export function FundingLineForm({ action, departmentId, departmentName, base, units, initiatives, line, defaultYear }: Props) {
  const router = useRouter();
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  useEffect(() => {
    if (!state?.ok) return;
    if (line) router.refresh();
    else router.push(`${base}/funding/${state.data.id}/edit?created=1`);
  }, [state, line, base, router]);
  const version = line ? Math.max(line.version, state?.ok ? (state.data.version ?? 0) : 0) : 0;
  const funded = new Set(line?.initiativeIds ?? []);

  return (
    <form onSubmit={onSubmit} noValidate className={FORM_PANEL}>
      <FormErrorSummary result={state} order={ORDER} anchors={{ initiativeIds: "initiatives" }} className="mb-6" />
      {state?.ok && line && (
        <Alert tone="success" title="Funding line saved" className="mb-6">
          <p>
            <Link href={`${base}/month`}>Back to the monthly return</Link>
          </p>
        </Alert>
      )}
      <input type="hidden" name="departmentId" value={departmentId} />
      {line && (
        <>
          <input type="hidden" name="id" value={line.id} />
          <input type="hidden" name="version" value={version} />
        </>
      )}
      <Select name="kind" label="Kind" defaultValue={line?.kind ?? "growth"} error={fieldError("kind")}>
        {FUNDING_KINDS.map((k) => (
          <option key={k} value={k}>
            {FUNDING_KIND_LABELS[k]}
          </option>
        ))}
      </Select>
      <Input name="ref" label="Reference (optional)" hint={'The plan\'s reference, e.g. "GP20-013-09"; capital projects carry their CSP, e.g. "O13"'} defaultValue={line?.ref ?? ""} error={fieldError("ref")} autoComplete="off" />
      <Input name="name" label="Name" defaultValue={line?.name ?? ""} error={fieldError("name")} autoComplete="off" />
      <Input name="source" label="Source" hint={'"Government Plan 2020 growth", or the capital programme area, e.g. "Information Technology"'} defaultValue={line?.source ?? ""} error={fieldError("source")} autoComplete="off" />
      <Input name="cspPriority" label="CSP priority (optional)" hint='e.g. "Modernising Government"' defaultValue={line?.cspPriority ?? ""} error={fieldError("cspPriority")} autoComplete="off" />
      <Input name="subPriority" label="Sub-priority (optional)" defaultValue={line?.subPriority ?? ""} error={fieldError("subPriority")} autoComplete="off" />
      <Input name="minister" label="Minister (optional)" defaultValue={line?.minister ?? ""} error={fieldError("minister")} autoComplete="off" />
      <Select name="leadUnitId" label="Lead unit" hint="Its lead enters the monthly spend; a line the department leads is entered by the SLT" defaultValue={line?.leadUnitId ?? ""} error={fieldError("leadUnitId")}>
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
      <Input name="year" label="Year" inputMode="numeric" defaultValue={line?.year ?? defaultYear} error={fieldError("year")} className="max-w-32" autoComplete="off" />
      <Input name="allocation" label="Allocation for the year" hint="In pounds, e.g. 5,000,000" inputMode="decimal" defaultValue={penceToPoundsText(line?.allocationPence)} error={fieldError("allocation")} autoComplete="off" />
      <FieldGroup id="initiatives" legend="Initiatives it funds" hint={`Initiatives of ${departmentName}`} error={fieldError("initiativeIds")} linkTarget>
        {initiatives.length === 0 ? (
          <p>The department has no initiatives yet.</p>
        ) : (
          initiatives.map((i) => <Checkbox key={i.id} name={`initiative-${i.id}`} label={`${i.cspRef} – ${i.title}`} defaultChecked={funded.has(i.id)} />)
        )}
      </FieldGroup>
      {line && <Input name="reason" label="Reason for the change" hint="Kept in the audit trail" error={fieldError("reason")} autoComplete="off" />}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : line ? "Save changes" : "Add the funding line"}
      </Button>
    </form>
  );
}
