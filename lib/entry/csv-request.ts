import "server-only";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { buildFiguresCsv } from "./csv";
import { loadFiguresRange } from "./csv-data";
import { db } from "@/lib/db";
import { lastCompletedMonth, monthsBetween, parseMonth } from "./periods";
import { listEntryUnits } from "./queries";

/**
 * GET handler body for the template and export downloads: the signed-in user, a unit they may
 * enter figures for, and a month range of at most 36 months that has ended.
 */
export async function figuresCsvResponse(request: Request, kind: "template" | "export"): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return new Response("Please sign in.", { status: 401 });
  if (!can(user, "figures:enter")) return new Response("You do not have permission to do that.", { status: 403 });
  const url = new URL(request.url);
  const units = await listEntryUnits(user);
  const unit = units.find((u) => u.id === Number(url.searchParams.get("unit")));
  if (!unit) return new Response("Choose a unit you enter figures for.", { status: 403 });
  const latest = lastCompletedMonth(new Date());
  const from = parseMonth(url.searchParams.get("from")) ?? latest;
  const toRequested = parseMonth(url.searchParams.get("to")) ?? from;
  const to = toRequested > latest ? latest : toRequested;
  if (from > to) return new Response("The first month must be on or before the last, and both must have ended.", { status: 400 });
  if (monthsBetween(from, to).length > 36) return new Response("Choose at most 36 months.", { status: 400 });
  const rows = await loadFiguresRange(db, unit.id, from, to, kind === "template" ? "due" : "stored");
  const csv = buildFiguresCsv(kind, rows);
  const name = `baseline-${kind === "template" ? "template" : "figures"}-${unit.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${from.slice(0, 7)}-to-${to.slice(0, 7)}.csv`;
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
