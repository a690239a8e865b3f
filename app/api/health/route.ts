import { sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/** Liveness and database status: 200 when Postgres answers, 503 when it does not. */
export async function GET() {
  const started = performance.now();
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 3_000)),
    ]);
    return Response.json(
      { status: "ok", database: "up", latencyMs: Math.round(performance.now() - started) },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    log("warn", "health check: database down", { err });
    // Retry-After tells a load balancer or monitor when to look again; the pool reconnects by itself.
    return Response.json({ status: "unavailable", database: "down" }, { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } });
  }
}
