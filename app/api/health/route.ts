import { Client } from "pg";
import { embeddedDatabase, pool } from "@/lib/db";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/**
 * Liveness and database status: 200 when Postgres answers, 503 when it does not.
 *
 * The check opens a connection of its own rather than borrowing one from the app's pool: under heavy
 * load every pooled connection can be busy, and a health check that waited for one would report the
 * database down when it is only busy (and a load balancer would then take a working server out).
 * A new connection also proves what matters after an outage: that Postgres accepts connections again.
 * The embedded database (npm start without DATABASE_URL) serves one connection at a time, the app
 * pool's, so there the check asks through that pool: a second connection would wait behind it.
 */
export async function GET() {
  const started = performance.now();
  if (embeddedDatabase()) return checkThroughPool(started);
  const client = new Client({ connectionString: pool().options.connectionString, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined); // a connection lost mid-check is reported by the catch below
  try {
    await Promise.race([
      client.connect().then(() => client.query("select 1")),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no answer from Postgres within 3 s")), 3_000)),
    ]);
    return Response.json(
      { status: "ok", database: "up", latencyMs: Math.round(performance.now() - started) },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    log("warn", "health check: database down", { err });
    // Retry-After tells a load balancer or monitor when to look again; the app reconnects by itself.
    return Response.json({ status: "unavailable", database: "down" }, { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } });
  } finally {
    void client.end().catch(() => undefined);
  }
}

/** The embedded database's check: `select 1` through the app's one connection, queued behind any running request. */
async function checkThroughPool(started: number): Promise<Response> {
  try {
    await Promise.race([
      pool().query("select 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no answer from the embedded database within 30 s")), 30_000)),
    ]);
    return Response.json(
      { status: "ok", database: "up", latencyMs: Math.round(performance.now() - started) },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    log("warn", "health check: database down", { err });
    return Response.json({ status: "unavailable", database: "down" }, { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } });
  }
}
