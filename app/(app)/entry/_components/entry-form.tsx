"use client";

import { format, parseISO } from "date-fns";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { StatusBadge } from "@/components/measures/status-badge";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import type { RowConflict, SaveOutcome } from "@/lib/entry/save";
import type { HistoryEntry, SheetRow } from "@/lib/entry/sheet";
import { checkFigure, figureHint, isRatio } from "@/lib/entry/value-rules";
import { formatValue } from "@/lib/measures/format";
import { targetText } from "@/lib/measures/target-text";
import { statusOf } from "@/lib/measures/status";
import { figureFieldName } from "@/lib/entry/field-names";
import { saveButtonLabel } from "@/lib/entry/save-label";

interface Props {
  action: (prev: unknown, formData: FormData) => Promise<ActionResult<SaveOutcome>>;
  unitId: number;
  month: string;
  rows: SheetRow[];
  history: HistoryEntry[];
}

type Draft = { value: string; numerator: string; denominator: string; commentary: string };

const asText = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

/** Whether what is typed for a row differs from what is stored (a ratio's value follows its parts). */
function edited(row: SheetRow, d: Draft): boolean {
  return (
    d.commentary.trim() !== (row.current?.commentary ?? "") ||
    (isRatio(row) ? d.numerator !== asText(row.current?.numerator) || d.denominator !== asText(row.current?.denominator) : d.value !== asText(row.current?.value))
  );
}

function periodLabel(row: SheetRow, period: string) {
  const d = parseISO(period);
  return row.frequency === "quarterly" ? `Q${Math.floor(d.getMonth() / 3) + 1} ${d.getFullYear()}` : format(d, "MMM yyyy");
}

function describe(snapshot: unknown, row: SheetRow): string {
  if (!snapshot || typeof snapshot !== "object") return "nothing";
  const s = snapshot as { value?: number | null; status?: string };
  return `${formatValue(s.value ?? null, row)}${s.status ? ` (${s.status})` : ""}`;
}

/**
 * The outcome of the last save that changed figures. The page keys this form by the figures'
 * versions, so such a save mounts a fresh form (with fresh inputs) and the action state of the old
 * one is lost: the new form picks the outcome up from here to confirm the save and take focus.
 */
let savedOutcome: { sheet: string; data: SaveOutcome } | null = null;

/** The month's figures for one unit: inputs labelled by measure, live status, draft and submit. */
export function EntryForm({ action, unitId, month, rows, history }: Props) {
  const router = useRouter();
  const sheet = `${unitId}:${month}`;
  const save = useCallback(
    async (prev: unknown, formData: FormData) => {
      const result = await action(prev, formData);
      savedOutcome = result.ok && result.data.saved > 0 ? { sheet, data: result.data } : null;
      return result;
    },
    [action, sheet],
  );
  const { state, onSubmit, pending, fieldError } = useActionForm(save);
  const [carried] = useState(() => (savedOutcome?.sheet === sheet ? savedOutcome.data : null));
  const outcome = state ? (state.ok ? state.data : null) : carried;
  const savedRef = useRef<HTMLDivElement>(null);
  const [drafts, setDrafts] = useState<Record<number, Draft>>(() =>
    Object.fromEntries(
      rows.map((r) => [
        r.measureId,
        {
          value: isRatio(r) ? "" : asText(r.current?.value),
          numerator: asText(r.current?.numerator),
          denominator: asText(r.current?.denominator),
          commentary: r.current?.commentary ?? "",
        },
      ]),
    ),
  );

  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    savedRef.current?.focus();
  }, [state, router]);

  useEffect(() => {
    if (!carried) return;
    savedOutcome = null;
    savedRef.current?.focus();
  }, [carried]);

  const update = (id: number, field: keyof Draft, value: string) => setDrafts((d) => ({ ...d, [id]: { ...d[id]!, [field]: value } }));
  const conflicts = state && !state.ok && Array.isArray(state.current) ? (state.current as RowConflict[]) : [];
  // The save button says what it will do: a corrected figure stays submitted (lib/entry/save.ts).
  const isSubmitted = (r: SheetRow) => r.current?.status === "submitted";
  const saveLabel = saveButtonLabel({
    open: rows.filter((r) => !isSubmitted(r)).length,
    openChanged: rows.filter((r) => !isSubmitted(r) && edited(r, drafts[r.measureId]!)).length,
    corrections: rows.filter((r) => isSubmitted(r) && edited(r, drafts[r.measureId]!)).length,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <input type="hidden" name="unitId" value={unitId} />
      <input type="hidden" name="month" value={month} />

      <FormErrorSummary
        result={state}
        describe={(key, message) => {
          // Figures' fields only: a problem with the month has no field to link to, so it is a paragraph.
          if (!key.startsWith("m.")) return null;
          const row = rows.find((r) => key.startsWith(`m.${r.measureId}.`));
          return `${row ? `${row.name}: ` : ""}${message}`;
        }}
      >
        {conflicts.length > 0 && (
          <ul className="list-disc pl-5">
            {conflicts.map((c) => {
              const row = rows.find((r) => r.measureId === c.measureId);
              return (
                <li key={c.measureId}>
                  {c.name}: now stored {c.stored && row ? `${formatValue(c.stored.value, row)} (${c.stored.status}${c.stored.by ? `, by ${c.stored.by}` : ""})` : "by someone else"}.
                </li>
              );
            })}
            <li>Reload the page to see the latest figures, then enter yours again.</li>
          </ul>
        )}
        {fieldError("month") && <p>{fieldError("month")}</p>}
      </FormErrorSummary>
      {outcome && (
        <Alert tone="success" title={outcome.submitted > 0 ? "Month submitted" : outcome.saved > 0 ? "Figures saved" : "No changes"} ref={savedRef} focusable>
          <p>
            {outcome.saved === 0
              ? "Nothing had changed, so nothing was saved."
              : `${outcome.saved} ${outcome.saved === 1 ? "figure" : "figures"} saved${outcome.submitted ? `, ${outcome.submitted} submitted` : ""}.`}
          </p>
        </Alert>
      )}

      {rows.map((row) => {
        const d = drafts[row.measureId]!;
        const check = checkFigure(row, d);
        const preview = check.ok ? statusOf({ value: check.value, target: row.target, direction: row.direction, tolerancePct: row.tolerancePct }) : null;
        const name = (f: string) => figureFieldName(row.measureId, f);
        const err = (f: string) => fieldError(name(f));
        const submitted = row.current?.status === "submitted";
        const changed = submitted && edited(row, d);
        const entries = history.filter((h) => row.current && h.valueId === String(row.current.id));
        const headingId = `measure-${row.measureId}`;
        return (
          <section key={row.measureId} aria-labelledby={headingId} className="border border-line-soft bg-surface p-4 sm:p-5">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <h3 id={headingId} className="text-lg font-bold">
                  {row.name}
                </h3>
                <p className="text-sm text-ink-muted">
                  {row.code} · {row.frequency === "quarterly" ? `Quarterly (${periodLabel(row, row.period)})` : "Monthly"} · Source: {row.dataSource}
                </p>
                {row.surveyFed && (
                  <p className="mt-1 text-sm font-semibold">
                    Calculated from the customer survey: each new response recalculates this month&apos;s figure and replaces a figure typed here.
                  </p>
                )}
              </div>
              {row.current ? (
                submitted ? <Badge tone="success">Submitted</Badge> : <Badge tone="warning">Draft</Badge>
              ) : (
                <Badge>Not entered</Badge>
              )}
            </div>
            <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-ink-muted">Target</dt>
                <dd className="font-semibold">
                  {targetText(row.target, row, row.targetTbcDue)}
                </dd>
              </div>
              <div>
                <dt className="text-ink-muted">{row.previous ? `Previous (${periodLabel(row, row.previous.period)})` : "Previous"}</dt>
                <dd className="font-semibold">{row.previous ? formatValue(row.previous.value, row) : "None"}</dd>
              </div>
              <div>
                <dt className="text-ink-muted">Status of this figure</dt>
                <dd aria-live="polite">{preview ? <StatusBadge status={preview} /> : <span className="font-semibold text-danger">Check the figure</span>}</dd>
              </div>
            </dl>

            <input type="hidden" name={name("version")} value={row.current?.version ?? 0} />
            <div className="mt-4 grid gap-x-6 sm:grid-cols-2">
              {isRatio(row) ? (
                <div>
                  <p className="mb-2 text-ink-muted">{figureHint(row)}</p>
                  <div className="grid grid-cols-2 gap-x-4">
                    <Input
                      name={name("numerator")}
                      label={
                        <>
                          <span className="sr-only">{row.name}: </span>Numerator
                        </>
                      }
                      inputMode="decimal"
                      autoComplete="off"
                      value={d.numerator}
                      onChange={(e) => update(row.measureId, "numerator", e.target.value)}
                      error={err("numerator")}
                    />
                    <Input
                      name={name("denominator")}
                      label={
                        <>
                          <span className="sr-only">{row.name}: </span>Denominator
                        </>
                      }
                      inputMode="decimal"
                      autoComplete="off"
                      value={d.denominator}
                      onChange={(e) => update(row.measureId, "denominator", e.target.value)}
                      error={err("denominator")}
                    />
                  </div>
                  {check.ok && check.value !== null && (
                    <p className="-mt-3 mb-4 text-sm text-ink-muted">
                      {formatValue(check.numerator, { valueType: "count", decimals: 0 })} ÷ {formatValue(check.denominator, { valueType: "count", decimals: 0 })} ={" "}
                      <strong className="text-ink">{formatValue(check.value, row)}</strong>
                    </p>
                  )}
                </div>
              ) : (
                <Input
                  name={name("value")}
                  label={
                    <>
                      <span className="sr-only">{row.name}: </span>Figure for {periodLabel(row, row.period)}
                    </>
                  }
                  hint={figureHint(row)}
                  inputMode="decimal"
                  autoComplete="off"
                  value={d.value}
                  onChange={(e) => update(row.measureId, "value", e.target.value)}
                  error={err("value")}
                  className="max-w-48"
                />
              )}
              <Textarea
                name={name("commentary")}
                label={
                  <>
                    Commentary<span className="sr-only"> on {row.name}</span>
                  </>
                }
                hint={preview === "off_target" ? "Required on submit: why is it off target, and what is being done?" : "Optional unless the figure is off target."}
                rows={2}
                value={d.commentary}
                onChange={(e) => update(row.measureId, "commentary", e.target.value)}
                error={err("commentary")}
              />
            </div>
            {(submitted && changed) || err("reason") ? (
              <Input
                name={name("reason")}
                label={
                  <>
                    Reason for the correction<span className="sr-only"> of {row.name}</span>
                  </>
                }
                hint="This figure was submitted; a correction is kept in its history with your reason."
                error={err("reason")}
              />
            ) : null}
            {err("measure") && <p className="font-bold text-danger">{err("measure")}</p>}
            {entries.length > 0 && (
              <details className="mt-2">
                <summary className="cursor-pointer text-accent underline">History of this figure ({entries.length})</summary>
                <ol className="mt-2 space-y-1 text-sm">
                  {entries.map((h, i) => (
                    <li key={i}>
                      <time dateTime={h.at}>{format(parseISO(h.at), "d MMM yyyy, HH:mm")}</time> — {h.actor ?? "Unknown"}:{" "}
                      {h.action === "figure.correct" ? "corrected" : h.action === "figure.submit" ? "submitted" : "saved a draft"}, from {describe(h.before, row)} to{" "}
                      {describe(h.after, row)}
                      {h.reason ? ` — “${h.reason}”` : ""}
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </section>
        );
      })}

      <div data-sticky-footer="" className="sticky bottom-0 flex flex-wrap items-center gap-4 border-t border-line-soft bg-canvas/95 py-4">
        <Button type="submit" name="intent" value="draft" variant="secondary" disabled={pending}>
          {saveLabel}
        </Button>
        <Button type="submit" name="intent" value="submit" disabled={pending}>
          Submit month
        </Button>
        {pending && <span role="status">Saving…</span>}
      </div>
    </form>
  );
}
