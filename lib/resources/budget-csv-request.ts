import "server-only";
import { getCurrentUser } from "@/lib/auth/current-user";
import { budgetYear } from "@/lib/validation/budget";
import { buildBudgetsCsv } from "./budget-csv";
import { getBudgetSheet } from "./budgets";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * GET handler body of the budgets template: the department's service areas for a year (default the
 * current one) in the ledger CSV's columns, prefilled with the stored budgets (amounts empty where
 * a service area has none). Whoever may view the department may download it (the page shows the
 * same figures); a department the user may not view, or none, is "not found".
 */
export async function budgetsCsvResponse(request: Request, slug: string): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return text("Please sign in.", 401);
  const asked = new URL(request.url).searchParams.get("year");
  const year = budgetYear.safeParse(asked ?? new Date().getFullYear());
  if (!year.success || (asked !== null && !/^\d{4}$/.test(asked))) return text(year.error?.issues[0]?.message ?? "Write the year as four digits.", 400);
  const sheet = await getBudgetSheet(user, slug, year.data);
  if (!sheet) return text("Not found.", 404);
  const csv = buildBudgetsCsv(sheet.rows.map((r) => ({ unitSlug: r.slug, year: sheet.year, budget: r.budget })));
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="baseline-budgets-${sheet.department.slug}-${sheet.year}.csv"`,
      "cache-control": "no-store",
    },
  });
}
