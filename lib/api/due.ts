import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { dueDate, hasEnded, lastCompletedMonth, monthParam, parseMonth } from "@/lib/entry/periods";
import { loadSheets } from "@/lib/entry/sheet";
import { stateOf } from "@/lib/entry/submission-state";
import { isoDate } from "@/lib/entry/tracker";
import { figureHint, isRatio } from "@/lib/entry/value-rules";
import { statusOf } from "@/lib/measures/status";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { authenticate, unitForToken } from "./auth";
import { apiPeriod, storedFigureOf } from "./present";
import { invalid, parameterName } from "./problem";
import { json, type ApiContext } from "./route";
import { dueQuery, type dueResponse } from "./schemas";

/**
 * GET the measures due for a unit in a month: the entry page's sheet (lib/entry/sheet.ts loadSheets,
 * one query), each measure with what a figure must look like, its target, its stored figure and
 * version, and where its submission stands.
 */
export async function getDue(request: Request, params: { unit: string }, context: ApiContext): Promise<Response> {
  const principal = await authenticate(request, context);
  const unit = await unitForToken(principal, params.unit, "read");
  const query = dueQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw invalid(query.error, "Correct the parameters listed in errors.", parameterName);
  const month = query.data.period ? parseMonth(query.data.period)! : lastCompletedMonth(context.now);
  const [sheets, workingDay] = await Promise.all([loadSheets(db, unit.id, [month], { previous: false }), getFiguresDueWorkingDay(db)]);
  const due = dueDate(month, workingDay);
  const today = isoDate(context.now);
  const body: z.infer<typeof dueResponse> = {
    unit: { slug: unit.slug, name: unit.name },
    period: monthParam(month),
    open: hasEnded(month, context.now),
    dueDate: due,
    measures: (sheets.get(month) ?? []).map((r) => ({
      code: r.code,
      name: r.name,
      frequency: r.frequency,
      period: apiPeriod(r.frequency, r.period),
      entry: isRatio(r) ? "ratio" : "value",
      valueType: r.valueType,
      hint: figureHint(r),
      scaleMin: r.scaleMin,
      scaleMax: r.scaleMax,
      decimals: r.decimals,
      direction: r.direction,
      target: r.target,
      surveyFed: r.surveyFed,
      submission: stateOf({ status: r.current?.status ?? null, periodDue: due, today }),
      performance: statusOf({ value: r.current?.value ?? null, target: r.target, direction: r.direction, tolerancePct: r.tolerancePct }),
      figure: storedFigureOf(r.current),
    })),
  };
  return json(body);
}
