"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { RagBadge } from "@/components/measures/status-badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { commentaryRequired, efficiencyRag, formatPounds, parsePoundsToPence, varianceStatus, type Tolerance } from "@/lib/resources/rules";
import { VarianceBadge } from "./variance-badge";

type SaveResult = ActionResult<{ id: number; version: number; changed: boolean }>;

export interface ReturnRowProps {
  action: (prev: unknown, formData: FormData) => Promise<SaveResult>;
  /** The row's id field and value (unitId, programmeId, efficiencyId). */
  idField: string;
  idValue: number;
  month: string;
  /** "October 2026". */
  monthText: string;
  /** What the row is ("Modernisation and Digital"). */
  name: string;
  /** "variance": the forecast against a budget or allocation; "rag": an efficiency's forecast against its target. */
  judge: "variance" | "rag";
  /** "Budget", "Allocation" or "Target", and its amount in pence. */
  baseLabel: string;
  basePence: number;
  /** The month's amount field: name and label ("actual", "Actual net expenditure in the month"). */
  amountField: string;
  amountLabel: string;
  forecastLabel: string;
  /** "Actual to date", "Spend to date", "Delivered to date". */
  ytdLabel: string;
  ytdBeforePence: number;
  previousForecastPence: number | null;
  current: { version: number; amountPence: number; forecastPence: number; commentary: string | null } | null;
  tolerance: Tolerance;
}

const poundsText = (pence: number | null | undefined) => (pence === null || pence === undefined ? "" : (pence / 100).toFixed(2));

/**
 * One row of the monthly return: the month's amount and the full-year forecast, with the budget
 * (or allocation, or target), the year to date including the amount typed, the variance and its
 * status (or the efficiency's RAG) worked out as the user types, by the same rules the server
 * applies (lib/resources/rules.ts). Saved on its own: its own version, its own commentary.
 */
export function ReturnRowForm(props: ReturnRowProps) {
  const { action, idField, idValue, month, judge, baseLabel, basePence, amountField, amountLabel, forecastLabel, ytdLabel, ytdBeforePence, current, tolerance } = props;
  const router = useRouter();
  const { state, onSubmit, pending, fieldError } = useActionForm(action);
  const uid = `row${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const fid = (f: string) => `${uid}-${f}`;
  const [amount, setAmount] = useState(poundsText(current?.amountPence));
  const [forecast, setForecast] = useState(poundsText(current?.forecastPence ?? props.previousForecastPence));
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  // The page's version once refreshed; until then the one the save returned.
  const version = Math.max(current?.version ?? 0, state?.ok ? state.data.version : 0);

  const amountPence = parsePoundsToPence(amount);
  const forecastPence = parsePoundsToPence(forecast);
  const ytd = amountPence === null ? null : ytdBeforePence + amountPence;
  const status = forecastPence === null ? null : judge === "variance" ? varianceStatus(forecastPence, basePence, tolerance) : null;
  const rag = forecastPence === null || judge !== "rag" ? null : efficiencyRag(forecastPence, basePence, tolerance);
  const needsCommentary = judge === "variance" ? status !== null && commentaryRequired(status) : rag !== null && rag !== "green";
  const order = ["form", amountField, "forecast", "commentary", "reason"];
  const anchors = Object.fromEntries(order.map((f) => [f, fid(f)]));

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormErrorSummary result={state} order={order} anchors={anchors} />
      {state?.ok && (
        <Alert tone="success" title={state.data.changed ? "Saved" : "Nothing to save"}>
          <p>{state.data.changed ? `${props.name}, ${props.monthText}: saved.` : "These figures are already stored."}</p>
        </Alert>
      )}
      <input type="hidden" name={idField} value={idValue} />
      <input type="hidden" name="month" value={month} />
      <input type="hidden" name="version" value={version} />
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
        <div>
          <dt className="text-sm text-ink-muted">{baseLabel}</dt>
          <dd className="font-semibold tabular-nums">{formatPounds(basePence)}</dd>
        </div>
        <div>
          <dt className="text-sm text-ink-muted">{ytdLabel} (incl. this month)</dt>
          <dd className="font-semibold tabular-nums" aria-live="polite">
            {ytd === null ? "Enter the month's figure" : formatPounds(ytd)}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-ink-muted">{judge === "variance" ? `Forecast variance (forecast − ${baseLabel.toLowerCase()})` : "Forecast shortfall"}</dt>
          <dd className="font-semibold tabular-nums" aria-live="polite">
            {forecastPence === null ? "–" : judge === "variance" ? formatPounds(forecastPence - basePence) : formatPounds(Math.max(0, basePence - forecastPence))}
          </dd>
        </div>
        {/* Both columns on a phone: "✕ Beyond tolerance" does not fit half of 390 px. */}
        <div className="col-span-2 sm:col-span-1">
          <dt className="text-sm text-ink-muted">{judge === "variance" ? "Status" : "RAG"}</dt>
          <dd aria-live="polite">
            {status ? <VarianceBadge status={status} /> : rag ? <RagBadge rag={rag} /> : <span className="font-semibold">Check the forecast</span>}
          </dd>
        </div>
      </dl>
      <div className="grid gap-x-4 sm:grid-cols-2">
        <Input
          id={fid(amountField)}
          name={amountField}
          label={amountLabel}
          hint="In pounds, e.g. 12,345.67"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          error={fieldError(amountField)}
        />
        <Input
          id={fid("forecast")}
          name="forecast"
          label={forecastLabel}
          hint={current ? "In pounds" : props.previousForecastPence !== null ? "In pounds; last month's forecast is filled in" : "In pounds"}
          inputMode="decimal"
          autoComplete="off"
          value={forecast}
          onChange={(e) => setForecast(e.currentTarget.value)}
          error={fieldError("forecast")}
        />
      </div>
      <Textarea
        id={fid("commentary")}
        name="commentary"
        label={needsCommentary ? "Commentary (required)" : "Commentary (optional)"}
        hint={
          judge === "variance"
            ? `Required when the forecast is more than ${tolerance.lowerPct}% from the ${baseLabel.toLowerCase()}: what causes the variance and what is being done.`
            : "Required when the efficiency is not green: why it falls short and what is being done."
        }
        defaultValue={current?.commentary ?? ""}
        rows={3}
        error={fieldError("commentary")}
      />
      {version > 0 && (
        <Input
          id={fid("reason")}
          name="reason"
          label="Reason for the change"
          hint="This month was entered before: say why it changes (kept in the audit trail)."
          autoComplete="off"
          error={fieldError("reason")}
        />
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
        <span className="sr-only"> {props.name}</span>
      </Button>
    </form>
  );
}
