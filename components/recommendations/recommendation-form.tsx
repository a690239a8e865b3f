"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { UnitOptgroups } from "@/components/forms/unit-optgroups";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary, SUMMARY_LINK } from "@/components/ui/form-error-summary";
import { FORM_PANEL, Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import {
  ACCEPTANCE_LABELS,
  RECOMMENDATION_ACCEPTANCES,
  RECOMMENDATION_SOURCES,
  SOURCE_LABELS,
  STATUS_LABELS,
  type RecommendationAcceptance,
  type RecommendationSource,
  type RecommendationStatus,
} from "@/lib/recommendations/rules";

export interface RecommendationFormValues {
  id: number;
  version: number;
  ref: string;
  source: RecommendationSource;
  reportTitle: string;
  reportDate: string | null;
  unitId: number;
  text: string;
  acceptance: RecommendationAcceptance | null;
  response: string | null;
  ownerName: string;
  targetDate: string | null;
}

export interface UnitOption {
  id: number;
  name: string;
  kind: string;
  departmentName: string;
}

interface Props {
  mode: "create" | "edit";
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number }>>;
  units: UnitOption[];
  recommendation?: RecommendationFormValues;
}

/** Field labels, in the order of the form (for the error summary). */
const FIELDS: Record<string, string> = {
  ref: "Reference",
  source: "Source",
  reportTitle: "Report title",
  reportDate: "Report date",
  unitId: "Unit responsible",
  text: "Recommendation",
  acceptance: "Department's answer",
  response: "Response",
  ownerName: "Owner",
  targetDate: "Target date",
  reason: "Reason for the change",
};
const ORDER = Object.keys(FIELDS);

/** What is stored now, field by field where it differs from the page, after a version conflict. */
function differences(loaded: RecommendationFormValues, stored: Record<string, unknown>, units: UnitOption[]): string[] {
  const show = (key: string, v: unknown) => {
    if (v === null || v === undefined || v === "") return "(empty)";
    if (key === "source") return SOURCE_LABELS[v as RecommendationSource];
    if (key === "acceptance") return ACCEPTANCE_LABELS[v as RecommendationAcceptance];
    if (key === "status") return STATUS_LABELS[v as RecommendationStatus];
    if (key === "unitId") return units.find((u) => u.id === v)?.name ?? "a unit you do not manage";
    return `“${String(v)}”`;
  };
  return Object.keys(FIELDS)
    .filter((k) => k in stored && show(k, stored[k]) !== show(k, loaded[k as keyof RecommendationFormValues]))
    .map((k) => `${FIELDS[k]}: now ${show(k, stored[k])}`);
}

/** Add a recommendation, or change its details (its status changes through progress updates). */
export function RecommendationForm({ mode, action, units, recommendation: r }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) {
      router.push(`/recommendations/${state.data.id}?saved=${mode === "create" ? "created" : "updated"}`);
      router.refresh();
    }
  }, [state, router, mode]);

  const stored = state && !state.ok && state.current && r ? (state.current as Record<string, unknown>) : null;

  return (
    <form onSubmit={onSubmit} noValidate className={FORM_PANEL} aria-label={mode === "create" ? "Add a recommendation" : "Edit the recommendation"}>
      <FormErrorSummary result={state} order={ORDER}>
        {stored && r && (
          <>
            <ul className="list-disc space-y-1 pl-5">
              {differences(r, stored, units).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <p>
              <a href={`/recommendations/${r.id}/edit`} className={SUMMARY_LINK}>
                Reload the page
              </a>{" "}
              to edit the latest version.
            </p>
          </>
        )}
      </FormErrorSummary>
      {r && <input type="hidden" name="id" value={r.id} />}
      {r && <input type="hidden" name="version" value={r.version} />}

      <fieldset className="mb-2">
        <legend className="mb-4 text-xl font-bold">The report</legend>
        <Select name="source" label="Source" defaultValue={r?.source ?? ""} placeholder="Choose a source" error={err("source")}>
          {RECOMMENDATION_SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </Select>
        <Input name="reportTitle" label="Report title" autoComplete="off" defaultValue={r?.reportTitle} error={err("reportTitle")} />
        <Input name="reportDate" type="date" label="Report date (optional)" defaultValue={r?.reportDate ?? ""} error={err("reportDate")} className="w-auto" />
        <Input
          name="ref"
          label="Reference"
          hint="A short reference that is unique in the tracker, like PAC-CLS-08."
          autoComplete="off"
          spellCheck={false}
          className="max-w-72 uppercase"
          defaultValue={r?.ref}
          error={err("ref")}
        />
        <Textarea name="text" label="Recommendation" hint="As the report words it." rows={4} defaultValue={r?.text} error={err("text")} />
      </fieldset>

      <fieldset className="mb-2">
        <legend className="mb-4 text-xl font-bold">The department&apos;s response</legend>
        <Select
          name="acceptance"
          label="Department's answer"
          hint="Leave as not yet answered until the department has responded."
          defaultValue={r?.acceptance ?? ""}
          placeholder="Not yet answered"
          error={err("acceptance")}
        >
          {RECOMMENDATION_ACCEPTANCES.map((a) => (
            <option key={a} value={a}>
              {ACCEPTANCE_LABELS[a]}
            </option>
          ))}
        </Select>
        <Textarea
          name="response"
          label="Response"
          hint="What the department will do. Required when it rejects the recommendation, in whole or in part: give the reason."
          rows={4}
          defaultValue={r?.response ?? ""}
          error={err("response")}
        />
        <Select name="unitId" label="Unit responsible" defaultValue={r?.unitId ?? (units.length === 1 ? units[0]!.id : "")} placeholder="Choose a unit" error={err("unitId")}>
          <UnitOptgroups units={units} />
        </Select>
        <Input name="ownerName" label="Owner" hint="The post responsible, like Customer Feedback Manager, CLS." autoComplete="off" defaultValue={r?.ownerName} error={err("ownerName")} />
        <Input name="targetDate" type="date" label="Target date (optional)" defaultValue={r?.targetDate ?? ""} error={err("targetDate")} className="w-auto" />
      </fieldset>

      {mode === "edit" && <Textarea name="reason" label="Reason for the change (optional)" rows={2} error={err("reason")} />}

      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : mode === "create" ? "Add recommendation" : "Save changes"}
      </Button>
    </form>
  );
}
