import { countingQueries, queryCount } from "@/lib/db";

export const dynamic = "force-dynamic";

/**
 * GET → { count }: the queries this server process has sent to Postgres, read by
 * scripts/bench-pages.ts before and after a request. Exists only when BASELINE_COUNT_QUERIES=1.
 */
export function GET() {
  if (!countingQueries) return new Response("Not found", { status: 404 });
  return Response.json({ count: queryCount() }, { headers: { "Cache-Control": "no-store" } });
}
