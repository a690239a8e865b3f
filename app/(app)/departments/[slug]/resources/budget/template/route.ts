import { budgetsCsvResponse } from "@/lib/resources/budget-csv-request";

/** The department's budgets for a year as a ledger CSV template (unit,year,income,del,non_cash,fte). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return budgetsCsvResponse(request, (await params).slug);
}
