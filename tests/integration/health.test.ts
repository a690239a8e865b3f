import net from "node:net";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import { GET } from "../../app/api/health/route";
import { db, pool, reportConnectionFailures } from "@/lib/db";
import { databaseUnavailable, resetDatabaseHealth } from "@/lib/db-health";
import { closeAppDb } from "../support/demo-data";

const holder = globalThis as unknown as { baselineDb?: ReturnType<typeof createDb> };

/** A port on which nothing listens: connections are refused, as when Postgres is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The route logs a failed check (lib/log.ts writes through console.log): keep the output quiet.
const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);

describe("GET /api/health", () => {
  afterEach(closeAppDb);
  afterAll(() => logged.mockRestore());

  it("answers 200 with the database up", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "up" });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 when the database is unreachable", async () => {
    holder.baselineDb = createDb(`postgres://postgres@127.0.0.1:${await deadPort()}/postgres`, { max: 1 });
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", database: "down" });
    expect(res.headers.get("retry-after")).toBe("5");
    expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "health check: database down", err: expect.objectContaining({ code: "ECONNREFUSED" }) }),
    );
  });
});

describe("the app's database connection (lib/db.ts)", () => {
  afterEach(async () => {
    await closeAppDb();
    resetDatabaseHealth();
  });

  it("runs with JIT off, set when each connection starts", async () => {
    expect((await pool().query<{ jit: string }>("show jit")).rows[0]?.jit).toBe("off");
  });

  it("reports a refused connection, so that proxy.ts answers 503 until Postgres answers again", async () => {
    const url = `postgres://postgres@127.0.0.1:${await deadPort()}/postgres`;
    expect(await databaseUnavailable(url)).toBe(false); // nothing noted yet: no probe, no 503
    holder.baselineDb = createDb(url, { max: 1 });
    reportConnectionFailures(holder.baselineDb.pool); // as lib/db.ts does for the pool it creates
    // Through the lib/db proxy object, as pages query.
    await expect(db.execute("select 1")).rejects.toThrow();
    expect(await databaseUnavailable(url)).toBe(true);
    // And through a transaction, which checks a client out with pool.connect().
    resetDatabaseHealth();
    await expect(db.transaction(async (tx) => tx.execute("select 1"))).rejects.toThrow();
    expect(await databaseUnavailable(url)).toBe(true);
  });

  it("does not report a query Postgres refused (a bug, not an outage)", async () => {
    await expect(pool().query("select * from no_such_table")).rejects.toThrow(/does not exist/);
    expect(await databaseUnavailable(process.env.DATABASE_URL)).toBe(false);
  });
});
