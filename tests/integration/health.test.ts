import net from "node:net";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import { GET } from "../../app/api/health/route";
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
