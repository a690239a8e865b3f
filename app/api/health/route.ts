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
  if (embeddedDatabase()) return check(started, () => pool().query("select 1"), 30_000);
  const client = new Client({ connectionString: pool().options.connectionString, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined); // a connection lost mid-check is reported by check()
  try {
    return await check(started, () => client.connect().then(() => client.query("select 1")), 3_000);
  } finally {
    void client.end().catch(() => undefined);
  }
}

/** 200 when `ping` answers within `timeoutMs`, else 503. */
async function check(started: number, ping: () => Promise<unknown>, timeoutMs: number): Promise<Response> {
  try {
    await Promise.race([ping(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer from Postgres within ${timeoutMs / 1000} s`)), timeoutMs))]);
    return Response.json(
      { status: "ok", database: "up", latencyMs: Math.round(performance.now() - started) },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (err) {
    log("warn", "health check: database down", { err });
    // Retry-After tells a load balancer or monitor when to look again; the app reconnects by itself.
    return Response.json({ status: "unavailable", database: "down" }, { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } });
  }
}
