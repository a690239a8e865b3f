import { figuresCsvResponse } from "@/lib/entry/csv-request";

/** A unit's stored figures for a month range, with target and status. */
export function GET(request: Request) {
  return figuresCsvResponse(request, "export");
}
