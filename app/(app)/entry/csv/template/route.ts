import { figuresCsvResponse } from "@/lib/entry/csv-request";

/** A CSV template for a unit and month range, prefilled with what is stored. */
export function GET(request: Request) {
  return figuresCsvResponse(request, "template");
}
