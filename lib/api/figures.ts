import "server-only";
import type { z } from "zod";
import type { ApiPrincipal } from "@/lib/api-tokens/tokens";
import { db } from "@/lib/db";
import { entryMonthOf, type CsvFigureRow, type CsvProblem } from "@/lib/entry/csv";
import { CsvConflict, CsvRejected, importFiguresCsv, type RowVersionConflict } from "@/lib/entry/csv-import";
import { lastCompletedMonth, monthParam, monthsBetween, parseMonth, type Period } from "@/lib/entry/periods";
import type { FigureWriter } from "@/lib/entry/save";
import { loadSheets, type SheetRow } from "@/lib/entry/sheet";
import { authenticate, unitForToken } from "./auth";
import { apiPeriod, entryPageUrl, figureEtag, figureLinks, storedFigureOf } from "./present";
import { ApiProblem, invalid, parameterName, type FieldProblem } from "./problem";
import { findMeasure, type ApiMeasure, type ApiUnit } from "./queries";
import { json, readJson, type ApiContext } from "./route";
import {
  figureBatch,
  figureInput,
  figuresQuery,
  MAX_FIGURE_MONTHS,
  type batchResponse,
  type FigureInput,
  type figureListResponse,
  type figureResponse,
  type putFigureResponse,
} from "./schemas";

/**
 * The figures of /api/v1: one figure (GET, PUT), a unit's figures over months (GET) and a batch
 * (POST). Every write goes through the figures CSV import (importFiguresCsv in lib/entry), which
 * runs the entry page's rules (planSheet: value rules, submission states, corrections with a
 * reason, version checks) and writes with its audit (writeFigures); the API adds no second path.
 * The writer is the token's creator, and the audit rows name the token.
 */

type UnitParams = { unit: string };
type FigureParams = UnitParams & { measure: string; period: string };

/** A figure's address resolved: the unit, the measure and the month it is entered in. */
interface FigureTarget {
  unit: ApiUnit;
  measure: ApiMeasure;
  /** The month the figure is entered in (a quarterly figure: the quarter's last month). */
  month: Period;
  /** The figure's row on that month's sheet, as stored now. */
  row: SheetRow;
}

async function resolveFigure(principal: ApiPrincipal, params: FigureParams, need: "read" | "write"): Promise<FigureTarget> {
  const unit = await unitForToken(principal, params.unit, need);
  const measure = await findMeasure(params.measure);
  if (!measure || measure.unitId !== unit.id) throw new ApiProblem("not-found", `${unit.name} has no measure "${params.measure}".`);
  if (!measure.active) throw new ApiProblem("not-found", `${measure.code} is retired: its figures can no longer be entered.`);
  const period = entryMonthOf(params.period);
  if (!period) throw new ApiProblem("not-found", `There is no period "${params.period}": write YYYY-MM for a monthly measure, YYYY-Qn for a quarterly one.`);
  if (period.quarterly !== (measure.frequency === "quarterly")) {
    throw new ApiProblem("not-found", measure.frequency === "quarterly" ? `${measure.code} is quarterly: write its periods as YYYY-Qn, e.g. 2026-Q3.` : `${measure.code} is monthly: write its periods as YYYY-MM, e.g. 2026-10.`);
  }
  const row = (await loadSheets(db, unit.id, [period.month], { previous: false })).get(period.month)?.find((r) => r.measureId === measure.id);
  if (!row) throw new ApiProblem("not-found", `${measure.code} is not due for ${params.period}.`);
  return { unit, measure, month: period.month, row };
}

function figureBody(target: FigureTarget, row: SheetRow): z.infer<typeof figureResponse> {
  const { unit, measure } = target;
  return {
    unit: { slug: unit.slug, name: unit.name },
    measure: { code: measure.code, name: measure.name },
    period: apiPeriod(measure.frequency, row.period),
    figure: storedFigureOf(row.current),
    links: figureLinks(unit, { measureId: measure.id, code: measure.code, frequency: measure.frequency }, row.period),
  };
}

/** GET one figure, with its version as the ETag. */
export async function getFigure(request: Request, params: FigureParams, context: ApiContext): Promise<Response> {
  const principal = await authenticate(request, context);
  const target = await resolveFigure(principal, params, "read");
  const body = figureBody(target, target.row);
  return json(body, { headers: { ETag: figureEtag(body.figure) } });
}

/** The version an If-Match header names ("3", W/"3" or 3), or a problem. */
function ifMatchVersion(header: string | null): number | undefined {
  if (header === null) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new ApiProblem("invalid", "Nothing was saved.", { errors: [{ path: "If-Match", message: 'Send the ETag of the figure as you read it, e.g. "3"' }] });
  return Number(m[1]);
}

/** A body figure as a row of the figures CSV: numbers as text, as a person would type them. */
function csvRow(line: number, measureCode: string, period: string, f: Omit<FigureInput, "intent">, version: number | undefined): CsvFigureRow {
  const cell = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v));
  return {
    line,
    measureCode,
    period,
    value: cell(f.value),
    numerator: cell(f.numerator),
    denominator: cell(f.denominator),
    commentary: f.commentary ?? "",
    reason: f.reason ?? "",
    ...(version === undefined ? {} : { version }),
  };
}

/** The token's creator, named in the audit with the token. */
const writerOf = (principal: ApiPrincipal): FigureWriter => ({ ...principal.creator, apiTokenId: principal.tokenId });

/** The CSV import's column names as the API's fields. */
const FIELD_OF: Record<string, string> = { measure_code: "measure", measure: "measure" };
const fieldOf = (column: string) => FIELD_OF[column] ?? column;

const currentOf = (c: RowVersionConflict) => (c.stored ? { value: c.stored.value, status: c.stored.status as "draft" | "submitted", version: c.stored.version, updatedBy: c.stored.by } : null);

/**
 * PUT one figure: saved as a draft, or submitted (intent), by the entry page's rules. The same body
 * twice leaves the same state: the second answers "unchanged" and writes nothing, audit included.
 */
export async function putFigure(request: Request, params: FigureParams, context: ApiContext): Promise<Response> {
  const principal = await authenticate(request, context);
  const target = await resolveFigure(principal, params, "write");
  const parsed = figureInput.safeParse(await readJson(request));
  if (!parsed.success) throw invalid(parsed.error);
  const { intent, ...figure } = parsed.data;
  const headerVersion = ifMatchVersion(request.headers.get("if-match"));
  if (headerVersion !== undefined && figure.version !== undefined && headerVersion !== figure.version) {
    throw new ApiProblem("invalid", "Nothing was saved.", { errors: [{ path: "If-Match", message: "If-Match and version name different versions: send one, or the same in both" }] });
  }
  const version = figure.version ?? headerVersion;
  const { unit, measure } = target;
  try {
    await importFiguresCsv(db, writerOf(principal), unit, [csvRow(1, measure.code, params.period, figure, version)], intent, context.now, { submit: "figures" });
  } catch (err) {
    if (err instanceof CsvConflict) {
      const c = err.conflicts[0]!;
      throw new ApiProblem("conflict", `Someone changed this figure since version ${version ?? 0}: nothing was saved. Read it again, then send your change with the current version.`, {
        current: currentOf(c),
      });
    }
    if (err instanceof CsvRejected) {
      throw new ApiProblem("invalid", "Nothing was saved: correct the fields listed in errors.", {
        errors: err.problems.map((p) => ({ path: ["measure", "period"].includes(fieldOf(p.column)) ? fieldOf(p.column) : `/${fieldOf(p.column)}`, message: p.message })),
      });
    }
    throw err;
  }
  const after = (await loadSheets(db, unit.id, [target.month], { previous: false })).get(target.month)?.find((r) => r.measureId === measure.id) ?? target.row;
  const before = target.row.current;
  const changed = !before ? after.current !== null : after.current?.version !== before.version;
  const outcome = !changed ? "unchanged" : before ? "updated" : "created";
  const body: z.infer<typeof putFigureResponse> = { ...figureBody(target, after), outcome, message: savedMessage(outcome, after.current?.status ?? null) };
  return json(body, {
    status: outcome === "created" ? 201 : 200,
    headers: { ETag: figureEtag(body.figure), ...(outcome === "created" ? { Location: body.links.self } : {}) },
  });
}

function savedMessage(outcome: "created" | "updated" | "unchanged", status: "draft" | "submitted" | null): string {
  if (status === null) return "Nothing was entered, so nothing is stored.";
  const where =
    status === "submitted"
      ? "It is submitted: it shows on the measure page (links.measurePage) and in the figure's history."
      : "It is a draft: it shows on the entry page (links.entryPage) until it is submitted; the measure page shows submitted figures.";
  if (outcome === "unchanged") return `Unchanged: the figure already was what was sent, so nothing was written. ${where}`;
  return `${outcome === "created" ? "Saved" : "Updated"}. ${where}`;
}

/** POST a batch: every figure saved, or none (as a CSV upload), each problem named by its place in the body. */
export async function postFigures(request: Request, params: UnitParams, context: ApiContext): Promise<Response> {
  const principal = await authenticate(request, context);
  const unit = await unitForToken(principal, params.unit, "write");
  const parsed = figureBatch.safeParse(await readJson(request));
  if (!parsed.success) throw invalid(parsed.error);
  const { intent, figures } = parsed.data;
  const rows = figures.map(({ measure, period, ...figure }, i) => csvRow(i + 1, measure, period, figure, figure.version));
  const at = (line: number, field: string) => `/figures/${line - 1}/${fieldOf(field)}`;
  let outcome;
  try {
    outcome = await importFiguresCsv(db, writerOf(principal), unit, rows, intent, context.now, { submit: "figures" });
  } catch (err) {
    if (err instanceof CsvConflict) {
      throw new ApiProblem("conflict", "Someone changed some of these figures since the versions sent: nothing was saved. Read them again, then send your changes with the current versions.", {
        conflicts: err.conflicts.map((c) => ({ path: at(c.line, "version"), measure: figures[c.line - 1]!.measure, period: figures[c.line - 1]!.period, current: currentOf(c) })),
      });
    }
    if (err instanceof CsvRejected) throw new ApiProblem("invalid", "Nothing was saved: correct the figures listed in errors.", { errors: err.problems.map((p: CsvProblem): FieldProblem => ({ path: at(p.line, p.column), message: p.message })) });
    throw err;
  }
  const months = [...new Set(figures.map((f) => entryMonthOf(f.period)?.month).filter((m): m is Period => m !== undefined))].sort();
  const body: z.infer<typeof batchResponse> = {
    saved: outcome.saved,
    submitted: outcome.submitted,
    unchanged: outcome.unchanged,
    figures: outcome.rows,
    months: outcome.months,
    message:
      outcome.saved === 0
        ? "Unchanged: every figure already was what was sent, so nothing was written."
        : `Saved ${outcome.saved} ${outcome.saved === 1 ? "figure" : "figures"}${outcome.submitted ? `, ${outcome.submitted} of them submitted` : ""}. Drafts show on the entry page; submitted figures on their measure pages.`,
    links: { entryPages: months.map((m) => entryPageUrl(unit.id, monthParam(m))) },
  };
  return json(body);
}

/** GET a unit's stored figures over a range of months (drafts and submitted), oldest first. */
export async function listFigures(request: Request, params: UnitParams, context: ApiContext): Promise<Response> {
  const principal = await authenticate(request, context);
  const unit = await unitForToken(principal, params.unit, "read");
  const query = figuresQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw invalid(query.error, "Correct the parameters listed in errors.", parameterName);
  const from = query.data.from ? parseMonth(query.data.from)! : lastCompletedMonth(context.now);
  const to = query.data.to ? parseMonth(query.data.to)! : from;
  const problems: FieldProblem[] = [];
  if (to < from) problems.push({ path: "to", message: "The last month must not be before the first" });
  else if (monthsBetween(from, to).length > MAX_FIGURE_MONTHS) problems.push({ path: "to", message: `Ask for at most ${MAX_FIGURE_MONTHS} months at a time` });
  if (problems.length) throw new ApiProblem("invalid", "Correct the parameters listed in errors.", { errors: problems });
  const sheets = await loadSheets(db, unit.id, monthsBetween(from, to), { previous: false });
  const body: z.infer<typeof figureListResponse> = {
    unit: { slug: unit.slug, name: unit.name },
    from: monthParam(from),
    to: monthParam(to),
    figures: [...sheets.values()].flatMap((rows) =>
      rows.flatMap((r) => {
        const figure = storedFigureOf(r.current);
        return figure
          ? [{ measure: { code: r.code, name: r.name }, period: apiPeriod(r.frequency, r.period), figure, links: figureLinks(unit, { measureId: r.measureId, code: r.code, frequency: r.frequency }, r.period) }]
          : [];
      }),
    ),
  };
  return json(body);
}
