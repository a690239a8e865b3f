import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, unixSocketPath } from "@/db/embedded";

/**
 * Where the embedded database listens (issue 15 item 9). It cannot check a password, so reaching
 * it must be limited by where it listens: a Unix socket in a directory only its user can open, or
 * loopback only.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-pg-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function selectOne(connectionString: string, password?: string): Promise<number> {
  const client = new Client({ connectionString, ...(password === undefined ? {} : { password }) });
  await client.connect();
  try {
    return (await client.query<{ n: number }>("select 1 as n")).rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe("the embedded database's listening address", () => {
  it("on a Unix socket in a directory only this user can open, and nowhere else", async () => {
    const socketDir = path.join(tmp, "socket");
    const server = await startEmbeddedPostgres({ dataDir: "memory://", socketDir });
    try {
      expect(server.listening).toBe(path.join(socketDir, ".s.PGSQL.5432"));
      expect(fs.statSync(server.listening).isSocket()).toBe(true);
      expect(fs.statSync(socketDir).mode & 0o777).toBe(0o700);
      expect(new URL(server.url).port).toBe(""); // no TCP port at all
      expect(await selectOne(server.url)).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it("replaces a socket file left by a run that was killed", async () => {
    const socketDir = path.join(tmp, "stale");
    fs.mkdirSync(socketDir, { mode: 0o755 });
    fs.writeFileSync(path.join(socketDir, ".s.PGSQL.5432"), "");
    const server = await startEmbeddedPostgres({ dataDir: "memory://", socketDir });
    try {
      expect(fs.statSync(socketDir).mode & 0o777).toBe(0o700);
      expect(await selectOne(server.url)).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it("over TCP, on loopback only", async () => {
    const server = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 });
    try {
      expect(server.listening).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(await selectOne(server.url)).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it("falls back to TCP where a socket path would be too long", () => {
    expect(unixSocketPath(path.join(tmp, "a".repeat(120)))).toBeNull();
    expect(unixSocketPath(tmp)).toBe(path.join(tmp, ".s.PGSQL.5432"));
  });

  it("accepts any password: PGlite cannot check one (if this fails, an upgrade can: give it one)", async () => {
    const server = await startEmbeddedPostgres({ dataDir: "memory://", port: 0 });
    try {
      expect(await selectOne(server.url, "certainly-not-the-password")).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
