/**
 * tests/support/test-database.ts: under CI an unreachable Postgres fails the run (the PGlite
 * fallback is one session, so the concurrency tests would prove nothing); by hand it falls back,
 * with a warning that cannot be missed.
 */
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startEmbeddedPostgres } from "../../db/embedded";
import { createTestDatabase } from "../support/test-database";

// Starting a real PGlite takes seconds; what matters here is whether the fallback is taken.
const embedded = vi.hoisted(() => ({ url: "postgres://postgres@127.0.0.1:1/embedded", stop: async () => {} }));
vi.mock("../../db/embedded", () => ({ startEmbeddedPostgres: vi.fn(async () => embedded) }));

/** A port on which nothing listens: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("createTestDatabase without a Postgres server", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.mocked(startEmbeddedPostgres).mockClear();
  });

  it("fails under CI, naming the server, and never starts the fallback", async () => {
    const port = await closedPort();
    vi.stubEnv("TEST_ADMIN_DATABASE_URL", `postgres://postgres@127.0.0.1:${port}/postgres`);
    vi.stubEnv("CI", "true");
    await expect(createTestDatabase("baseline_unreachable")).rejects.toThrow(`CI: no Postgres server at 127.0.0.1:${port}`);
    expect(startEmbeddedPostgres).not.toHaveBeenCalled();
  });

  it("falls back to PGlite by hand, with a loud warning", async () => {
    const port = await closedPort();
    vi.stubEnv("TEST_ADMIN_DATABASE_URL", `postgres://postgres@127.0.0.1:${port}/postgres`);
    vi.stubEnv("CI", "");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const database = await createTestDatabase("baseline_unreachable");
    expect(database.url).toBe(embedded.url);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`NO POSTGRES SERVER at 127.0.0.1:${port}`));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("concurrency tests"));
  });
});
