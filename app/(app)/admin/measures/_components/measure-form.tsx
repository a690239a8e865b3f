"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Checkbox } from "@/components/forms/checkbox";
import { UnitOptgroups } from "@/components/forms/unit-optgroups";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormErrorSummary, SUMMARY_LINK } from "@/components/ui/form-error-summary";
import { FORM_PANEL, Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/result";
import type { ManageableUnit, MeasureForEdit } from "@/lib/measures/catalogue";
import { MEASURE_CATEGORIES, VALUE_TYPES, type ValueType } from "@/lib/enums";
import {
  CATEGORY_LABELS,
  DEFAULT_TOLERANCE_PCT,
  DIRECTION_LABELS,
  FREQUENCY_LABELS,
  QUARTER_RULE_LABELS,
  VALUE_TYPE_LABELS,
  type TargetKind,
} from "@/lib/measures/choices";
import { seriesDefinitionChanges, type SeriesBreakField } from "@/lib/measures/series-breaks";
import { RadioGroup, Section } from "./choice-fields";
import { SeriesBreakFields } from "./series-break-fields";
import { TargetFields, targetValueHint } from "./target-fields";

export type MeasureFormValues = Omit<MeasureForEdit, "targets" | "unitName" | "breaks">;

interface Props {
  mode: "create" | "edit";
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<{ id: number }>>;
  /** Only the units the user may give a measure to. */
  units: ManageableUnit[];
  measure?: MeasureFormValues;
}

/** Field names as the error summary and the conflict message name them; radio groups link to their first option. */
const FIELDS: Record<string, { label: string; anchor?: string }> = {
  code: { label: "Code" },
  name: { label: "Name" },
  description: { label: "Description" },
  unitId: { label: "Lead unit" },
  category: { label: "Category" },
  groupName: { label: "Group" },
  breakdown: { label: "Breakdown" },
  valueType: { label: "Unit of measurement" },
  scaleMin: { label: "Lowest score" },
  scaleMax: { label: "Highest score" },
  decimals: { label: "Decimal places" },
  direction: { label: "Direction", anchor: "direction-higher_better" },
  frequency: { label: "Reporting frequency", anchor: "frequency-monthly" },
  quarterRule: { label: "How a quarter is worked out", anchor: "quarterRule-sum" },
  dataSource: { label: "Data source" },
  dataLimitations: { label: "Known data limitations" },
  baselineValue: { label: "Baseline value" },
  baselinePeriod: { label: "Baseline month" },
  baselineNote: { label: "Baseline note" },
  targetKind: { label: "Target", anchor: "targetKind-value" },
  targetValue: { label: "Target value" },
  tbcDue: { label: "Date the target is due to be agreed" },
  targetFrom: { label: "Target applies from" },
  targetNote: { label: "Where the target comes from" },
  amberTolerancePct: { label: "Amber tolerance" },
  internationalBenchmarking: { label: "International benchmarking" },
  isPublic: { label: "Published" },
  sampleBased: { label: "Figures from a sample" },
  spcSignals: { label: "Special-cause variation on dashboards" },
  targetDate: { label: "Date the target is to be met" },
  active: { label: "Active" },
  reason: { label: "Reason for the change" },
  recordBreak: { label: "Break in the series" },
  breakFrom: { label: "First month of the new series" },
  breakReason: { label: "Why the figures are not comparable" },
};
const ORDER = Object.keys(FIELDS);
const ANCHORS = Object.fromEntries(Object.entries(FIELDS).flatMap(([field, f]) => (f.anchor ? [[field, f.anchor]] : [])));

/** A stored numeric ("85.0000") as a person would type it ("85"), without going through a float. */
function plain(n: string | number | null | undefined): string {
  if (n === null || n === undefined) return "";
  const s = String(n);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

const month = (date: string | null | undefined) => (date ? date.slice(0, 7) : "");

/** A stored value as the form would show it, for the conflict message. */
function display(key: keyof MeasureFormValues, value: unknown, units: ManageableUnit[]): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "boolean") return value ? "yes" : "no";
  const labels: Partial<Record<keyof MeasureFormValues, Record<string, string>>> = {
    category: CATEGORY_LABELS,
    valueType: VALUE_TYPE_LABELS,
    direction: DIRECTION_LABELS,
    frequency: FREQUENCY_LABELS,
    quarterRule: QUARTER_RULE_LABELS,
  };
  if (key === "unitId") return units.find((u) => u.id === value)?.name ?? "a unit you do not manage";
  const label = labels[key]?.[String(value)];
  if (label) return label;
  if (key === "baselinePeriod") return month(String(value));
  return `“${/^-?\d+\.\d+$/.test(String(value)) ? plain(String(value)) : String(value)}”`;
}

/** What someone else saved, field by field, where it differs from what this page loaded. */
function changedFields(loaded: MeasureFormValues, stored: MeasureFormValues, units: ManageableUnit[]): string[] {
  const out: string[] = [];
  for (const key of Object.keys(FIELDS) as (keyof MeasureFormValues)[]) {
    if (!(key in stored)) continue;
    const [a, b] = [display(key, loaded[key], units), display(key, stored[key], units)];
    if (a !== b) out.push(`${FIELDS[key]?.label ?? key}: now ${b}`);
  }
  return out;
}

/** "YYYY-MM" of the current month: the break offered by default starts with it. */
function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

/** The break fields (SERIES_BREAK_FIELDS) changed on the form so far, against the stored measure. */
function changedBreakFields(form: HTMLFormElement, measure: MeasureFormValues): SeriesBreakField[] {
  const value = (name: string) => {
    const el = form.elements.namedItem(name);
    return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? (el.disabled ? null : el.value) : null;
  };
  const valueType = value("valueType") ?? measure.valueType;
  return seriesDefinitionChanges(measure, {
    description: value("description"),
    dataSource: value("dataSource"),
    valueType,
    scaleMin: valueType === "score" ? value("scaleMin") : null,
    scaleMax: valueType === "score" ? value("scaleMax") : null,
  });
}

/** Create or edit a measure's definition (and, when creating, its first target). */
export function MeasureForm({ mode, action, units, measure }: Props) {
  const { state, onSubmit, pending, fieldError: err } = useActionForm(action);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [valueType, setValueType] = useState<ValueType>(measure?.valueType ?? "percent");
  const [targetKind, setTargetKind] = useState<TargetKind>("value");
  // Which of the definition, data source, unit or scale differ from the stored measure: the edit form then offers a break.
  const [breakChanges, setBreakChanges] = useState<SeriesBreakField[]>([]);
  const trackChanges = () => {
    if (mode !== "edit" || !measure || !formRef.current) return;
    const next = changedBreakFields(formRef.current, measure);
    setBreakChanges((prev) => (prev.join() === next.join() ? prev : next));
  };

  useEffect(() => {
    if (state?.ok) {
      router.push(mode === "create" ? `/admin/measures/${state.data.id}?saved=created` : "/admin/measures?saved=1");
      router.refresh();
    }
  }, [state, router, mode]);

  const stored = state && !state.ok && state.current && measure ? (state.current as MeasureFormValues) : null;

  return (
    <form ref={formRef} onSubmit={onSubmit} onInput={trackChanges} onChange={trackChanges} noValidate className={FORM_PANEL}>
      <FormErrorSummary result={state} order={ORDER} anchors={ANCHORS}>
        {stored && measure && (
          <>
            <ul className="list-disc space-y-1 pl-5">
              {changedFields(measure, stored, units).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <p>
              <a href={`/admin/measures/${measure.id}`} className={SUMMARY_LINK}>
                Reload the page
              </a> to edit the latest version; your changes here are
              not saved.
            </p>
          </>
        )}
      </FormErrorSummary>
      {measure && <input type="hidden" name="id" value={measure.id} />}
      {measure && <input type="hidden" name="version" value={measure.version} />}

      <Section legend="The measure">
        <Input
          name="code"
          label="Code"
          hint="A short reference in capital letters, digits and hyphens, like MD-INC-P1. It must be unique."
          autoComplete="off"
          spellCheck={false}
          className="max-w-72 uppercase"
          defaultValue={measure?.code}
          error={err("code")}
        />
        <Input name="name" label="Name" autoComplete="off" defaultValue={measure?.name} error={err("name")} />
        <Textarea
          name="description"
          label="Description (optional)"
          hint="What is counted and how, in plain English, as readers of the published report will see it."
          rows={3}
          defaultValue={measure?.description}
          error={err("description")}
        />
        <Select name="unitId" label="Lead unit" hint="The unit responsible for the measure and its figures." defaultValue={measure?.unitId ?? ""} placeholder="Choose a unit" error={err("unitId")}>
          <UnitOptgroups units={units} />
        </Select>
        <Select name="category" label="Category" defaultValue={measure?.category ?? ""} placeholder="Choose a category" error={err("category")}>
          {MEASURE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </Select>
        <div className="grid gap-x-6 sm:grid-cols-2">
          <Input
            name="groupName"
            label="Group (optional)"
            hint="Measures reported together, like Incident resolution by severity."
            autoComplete="off"
            defaultValue={measure?.groupName ?? ""}
            error={err("groupName")}
          />
          <Input
            name="breakdown"
            label="Breakdown (optional)"
            hint="This measure's part of the group, like P1."
            autoComplete="off"
            defaultValue={measure?.breakdown ?? ""}
            error={err("breakdown")}
          />
        </div>
      </Section>

      <Section legend="How it is measured">
        <Select
          name="valueType"
          label="Unit of measurement"
          value={valueType}
          onChange={(e) => {
            setValueType(e.target.value as ValueType);
            trackChanges();
          }}
          error={err("valueType")}
        >
          {VALUE_TYPES.map((t) => (
            <option key={t} value={t}>
              {VALUE_TYPE_LABELS[t]}
            </option>
          ))}
        </Select>
        <div hidden={valueType !== "score"}>
          <Section legend="Scale" hint="The lowest and highest score a response can have, like 1 to 7." size="md">
            <div className="flex flex-wrap gap-x-6">
              <Input
                name="scaleMin"
                label="Lowest score"
                inputMode="decimal"
                autoComplete="off"
                className="max-w-32"
                disabled={valueType !== "score"}
                defaultValue={plain(measure?.scaleMin)}
                error={err("scaleMin")}
              />
              <Input
                name="scaleMax"
                label="Highest score"
                inputMode="decimal"
                autoComplete="off"
                className="max-w-32"
                disabled={valueType !== "score"}
                defaultValue={plain(measure?.scaleMax)}
                error={err("scaleMax")}
              />
            </div>
          </Section>
        </div>
        <Input
          name="decimals"
          label="Decimal places shown"
          hint="How figures are rounded when shown: 0 for 1,204, 1 for 88.5%."
          inputMode="numeric"
          autoComplete="off"
          className="max-w-24"
          defaultValue={String(measure?.decimals ?? 0)}
          error={err("decimals")}
        />
        <RadioGroup
          name="direction"
          legend="Direction"
          hint="Which way a figure should move. It decides whether a figure is on or off target."
          defaultValue={measure?.direction}
          error={err("direction")}
          options={[
            { value: "higher_better", label: DIRECTION_LABELS.higher_better, hint: "For example, satisfaction or incidents resolved on time." },
            { value: "lower_better", label: DIRECTION_LABELS.lower_better, hint: "For example, days to pay an invoice or open audit actions." },
            {
              value: "neither",
              label: DIRECTION_LABELS.neither,
              hint: "A demand or context measure, like requests received: shown without a target status.",
            },
          ]}
        />
        <RadioGroup
          name="frequency"
          legend="Reporting frequency"
          defaultValue={measure?.frequency ?? "monthly"}
          error={err("frequency")}
          inline
          options={[
            { value: "monthly", label: FREQUENCY_LABELS.monthly },
            { value: "quarterly", label: FREQUENCY_LABELS.quarterly },
          ]}
        />
        <RadioGroup
          name="quarterRule"
          legend="How a quarter is worked out from its months"
          hint="Quarterly reports show one figure for each quarter."
          defaultValue={measure?.quarterRule}
          error={err("quarterRule")}
          options={[
            { value: "sum", label: QUARTER_RULE_LABELS.sum, hint: "Add the three months, like requests received." },
            { value: "mean", label: QUARTER_RULE_LABELS.mean, hint: "The average of the three months, like a satisfaction score." },
            { value: "last", label: QUARTER_RULE_LABELS.last, hint: "The figure at the end of the quarter, like open audit actions." },
            {
              value: "ratio",
              label: QUARTER_RULE_LABELS.ratio,
              hint: "Add up the numerators and the denominators of the three months, then divide, like incidents resolved within SLA ÷ incidents. For percentages and ratios only.",
            },
          ]}
        />
      </Section>

      <Section legend="Data">
        <Input
          name="dataSource"
          label="Data source"
          hint="Where the figures come from, like M&D Service Management Report."
          autoComplete="off"
          defaultValue={measure?.dataSource}
          error={err("dataSource")}
        />
        <Textarea
          name="dataLimitations"
          label="Known data limitations (optional)"
          hint="Shown wherever the figure is published, so that readers know what it does not tell them."
          rows={3}
          defaultValue={measure?.dataLimitations ?? ""}
          error={err("dataLimitations")}
        />
      </Section>

      <Section legend="Baseline" hint="The figure before the work began, to compare progress with.">
        <div>
          <Input
            name="baselineValue"
            label="Baseline value (optional)"
            hint="In the measure's unit, like 83 for 83%."
            inputMode="decimal"
            autoComplete="off"
            className="max-w-48"
            defaultValue={plain(measure?.baselineValue)}
            error={err("baselineValue")}
          />
          <Input
            name="baselinePeriod"
            type="month"
            label="Month measured"
            hint="For example, 2025-08."
            className="max-w-56"
            defaultValue={month(measure?.baselinePeriod)}
            error={err("baselinePeriod")}
          />
        </div>
        <Input name="baselineNote" label="Baseline note (optional)" hint="For example, Average of 13 a month." autoComplete="off" defaultValue={measure?.baselineNote ?? ""} error={err("baselineNote")} />
      </Section>

      {mode === "create" && (
        <Section legend="First target" hint="Later changes of target are made on the measure's page and keep their history.">
          <TargetFields
            kind={targetKind}
            onKindChange={setTargetKind}
            err={err}
            valueHint={targetValueHint({ valueType })}
            fromLabel="Applies from"
            fromHint="The first month judged against this target, for example 2026-04."
          />
          <Input
            name="targetNote"
            label="Where the target comes from (optional)"
            hint="For example, COO Business Plan 2026."
            autoComplete="off"
            error={err("targetNote")}
          />
        </Section>
      )}

      <Section legend="Tolerance and publication">
        <Input
          name="amberTolerancePct"
          label="Amber tolerance (%)"
          hint={`A figure that misses its target by no more than this percentage of the target is “within tolerance” (amber) rather than “off target”. The Government of Jersey publishes its measures with ${DEFAULT_TOLERANCE_PCT}%: with a target of 90, figures from 85.5 count as within tolerance.`}
          inputMode="decimal"
          autoComplete="off"
          className="max-w-24"
          defaultValue={measure ? plain(measure.amberTolerancePct) : String(DEFAULT_TOLERANCE_PCT)}
          error={err("amberTolerancePct")}
        />
        <Checkbox
          name="internationalBenchmarking"
          label="International benchmarking is possible"
          hint="Comparable figures are published elsewhere, for example by other governments."
          defaultChecked={measure?.internationalBenchmarking}
          error={err("internationalBenchmarking")}
        />
        <Checkbox
          name="isPublic"
          label="Publish in performance reports"
          hint="Published figures are shown with their data source and known limitations."
          defaultChecked={measure?.isPublic}
          error={err("isPublic")}
        />
      </Section>

      <Section legend="Statistics" hint="How the figures' reliability and variation are shown, and when the target is due to be met.">
        <Checkbox
          name="sampleBased"
          label="Figures come from a sample"
          hint="For a percentage of the people who answered a survey: the figure is shown with the number of responses and a 95% interval, and months with too few responses say so."
          defaultChecked={measure?.sampleBased}
          error={err("sampleBased")}
        />
        <Checkbox
          name="spcSignals"
          label="Show special-cause variation on dashboards and the review pack"
          hint="Beside the target status, say when a figure is unusual for this measure's normal variation (a point beyond the process limits, or a run or trend)."
          defaultChecked={measure?.spcSignals ?? true}
          error={err("spcSignals")}
        />
        <Input
          name="targetDate"
          type="date"
          label="Date the target is to be met (optional)"
          hint="For example, 2027-03-31. With 12 or more monthly figures since the last break, the measure page says whether the target is likely to be met by then."
          className="max-w-56"
          defaultValue={measure?.targetDate ?? ""}
          error={err("targetDate")}
        />
      </Section>

      {mode === "edit" && measure && <SeriesBreakFields changed={breakChanges} defaultMonth={thisMonth()} err={err} />}

      {mode === "edit" && measure && (
        <Section legend="Status">
          <Checkbox
            name="active"
            label="Active"
            hint="Untick to retire the measure: its figures and targets are kept, but it is no longer reported or asked for."
            defaultChecked={measure.active}
            error={err("active")}
          />
          <Textarea name="reason" label="Reason for the change (optional)" hint="Kept in the audit log." rows={2} error={err("reason")} />
        </Section>
      )}

      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : mode === "create" ? "Add measure" : "Save changes"}
        </Button>
        <Link href="/admin/measures">Cancel</Link>
      </div>
    </form>
  );
}
