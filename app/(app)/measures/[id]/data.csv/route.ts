import { stringify } from "csv-stringify/sync";
import { getCurrentUser } from "@/lib/auth/current-user";
import { csvPeriod, escapeCell } from "@/lib/entry/csv";
import { getMeasureSeries, getViewableMeasure } from "@/lib/measures/measure-page";
import { routeId } from "@/lib/validation/route-id";

const COLUMNS = ["period", "value", "numerator", "denominator", "target", "status", "commentary"] as const;

const num = (n: number | null) => (n === null ? "" : String(n));
const notFound = () => new Response("Not found.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * The measure's submitted figures as CSV, oldest first: the same series as the page's chart and
 * table. Answered as 404 to anyone who may not view the measure (its existence is not confirmed).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return notFound();
  const id = routeId((await params).id);
  const measure = id === null ? null : await getViewableMeasure(user, id);
  if (!measure) return notFound();
  const series = await getMeasureSeries(measure);
  const rows = series.map((p) => [
    // The same period notation as the spreadsheet import and export: 2026-08 or 2026-Q3.
    csvPeriod(measure.frequency, p.period),
    num(p.value),
    num(p.numerator),
    num(p.denominator),
    num(p.target),
    p.status,
    escapeCell(p.commentary),
  ]);
  const csv = stringify([Array.from(COLUMNS), ...rows]);
  const name = `baseline-${measure.code.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.csv`;
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
