"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Checkbox } from "@/components/forms/checkbox";
import { UnitOptgroups, type UnitChoice } from "@/components/forms/unit-optgroups";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { RISK_STATUSES, type RiskStatus } from "@/lib/enums";
import { RISK_CATEGORIES, RISK_STATUS_LABELS } from "@/lib/risks/labels";
import { RatingSelect, type FormAction } from "./form-parts";

export interface RiskFormValues {
  id: number;
  version: number;
  unitId: number;
  title: string;
  cause: string;
  event: string;
  impact: string;
  category: string;
  ownerName: string;
  inherentLikelihood: number;
  inherentImpact: number;
  appetiteScore: number;
  isPublic: boolean;
  status: RiskStatus;
}

interface Props {
  action: FormAction<{ id: number; changed?: boolean }>;
  /** Units the user may put the risk in, grouped under their department. */
  units: UnitChoice[];
  /** Editing an existing risk; a new one otherwise. */
  initial?: RiskFormValues;
}

/** The fields in the order of the form, for the error summary. */
const ORDER = [
  "title",
  "cause",
  "event",
  "impact",
  "category",
  "unitId",
  "ownerName",
  "inherentLikelihood",
  "inherentImpact",
  "residualLikelihood",
  "residualImpact",
  "appetiteScore",
  "isPublic",
  "status",
  "reason",
];

/**
 * A risk's definition: cause → event → impact, category, owner, unit, inherent rating and appetite;
 * a new risk also gets its first residual rating (later ones come from the monthly review).
 */
export function RiskForm({ action, units, initial }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.push(`/risks/${state.data.id}`);
  }, [state, router]);

  return (
    <form onSubmit={onSubmit} noValidate aria-label={initial ? "Edit the risk" : "Add a risk"} className="max-w-3xl">
      <FormErrorSummary result={state} order={ORDER} />
      {initial && (
        <>
          <input type="hidden" name="id" value={initial.id} />
          <input type="hidden" name="version" value={initial.version} />
        </>
      )}
      <Input name="title" label="Title" defaultValue={initial?.title} error={err("title")} autoComplete="off" />
      <fieldset className="mb-5">
        <legend className="mb-2 text-xl font-bold">Definition: cause → event → impact</legend>
        <Textarea name="cause" label="Cause" hint="What could make it happen." rows={3} defaultValue={initial?.cause} error={err("cause")} />
        <Textarea name="event" label="Event" hint="What might happen." rows={2} defaultValue={initial?.event} error={err("event")} />
        <Textarea name="impact" label="Impact" hint="What would follow if it happened." rows={3} defaultValue={initial?.impact} error={err("impact")} />
      </fieldset>
      <div className="grid gap-x-6 sm:grid-cols-2">
        <Select name="category" label="Category" defaultValue={initial?.category ?? ""} placeholder={initial ? undefined : "Choose a category"} error={err("category")}>
          {RISK_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
        <Select name="unitId" label="Unit" defaultValue={initial ? String(initial.unitId) : ""} placeholder={initial ? undefined : "Choose a unit"} error={err("unitId")}>
          <UnitOptgroups units={units} />
        </Select>
      </div>
      <Input name="ownerName" label="Risk owner" hint="The post that owns the risk, like Director of Modernisation and Digital." defaultValue={initial?.ownerName} error={err("ownerName")} />
      <fieldset className="mb-5">
        <legend className="mb-2 text-xl font-bold">Inherent rating (before controls)</legend>
        <div className="grid gap-x-6 sm:grid-cols-2">
          <RatingSelect name="inherentLikelihood" id="inherentLikelihood" label="Inherent likelihood" scale="likelihood" defaultValue={initial?.inherentLikelihood} error={err("inherentLikelihood")} />
          <RatingSelect name="inherentImpact" id="inherentImpact" label="Inherent impact" scale="impact" defaultValue={initial?.inherentImpact} error={err("inherentImpact")} />
        </div>
      </fieldset>
      {!initial && (
        <fieldset className="mb-5">
          <legend className="mb-2 text-xl font-bold">Residual rating (with controls in place)</legend>
          <div className="grid gap-x-6 sm:grid-cols-2">
            <RatingSelect name="residualLikelihood" id="residualLikelihood" label="Residual likelihood" scale="likelihood" error={err("residualLikelihood")} />
            <RatingSelect name="residualImpact" id="residualImpact" label="Residual impact" scale="impact" error={err("residualImpact")} />
          </div>
        </fieldset>
      )}
      <Input
        name="appetiteScore"
        type="number"
        inputMode="numeric"
        min={1}
        max={25}
        step={1}
        label="Appetite (target score)"
        hint="A score from 1 to 25. A residual score above it is flagged for escalation."
        defaultValue={initial?.appetiteScore}
        error={err("appetiteScore")}
        className="max-w-32"
      />
      <Checkbox
        name="isPublic"
        label="Publish in quarterly reports (title, category, event, residual rating and mitigations only)"
        hint="Only risks marked for publication appear in the published quarterly performance reports."
        defaultChecked={initial?.isPublic}
        error={err("isPublic")}
      />
      {initial && (
        <>
          <Select name="status" label="Status" defaultValue={initial.status} error={err("status")}>
            {RISK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {RISK_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
          <Textarea name="reason" label="Reason for the change (optional)" rows={2} error={err("reason")} />
        </>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : initial ? "Save changes" : "Add risk"}
      </Button>
    </form>
  );
}
