import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { expect } from "@playwright/test";
import { createDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed/seed";
import { createTestDatabase } from "../support/test-database";

/**
 * A second production server (the build the suite already made) on a database of its own, seeded
 * with the demo data, for tests that must break things: drop a table, cut the database off. It
 * reaches Postgres through a TCP relay the test can cut and restore, so the machine's Postgres keeps
 * serving the main server and every other test.
 */
export interface IsolatedServer {
  base: string;
  /** The server's own database, directly (not through the relay). */
  databaseUrl: string;
  relay: Relay;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A TCP relay to Postgres that can refuse connections (and drop the open ones) on demand. */
export class Relay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async open() {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port || 5432), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("error", () => undefined);
        s.on("close", () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async cut() {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }
}

/** Port offsets from E2E_PORT, one per spec that starts a server, so that specs can run in parallel. */
export async function startIsolatedServer(portOffset: number, name: string): Promise<IsolatedServer> {
  const port = Number(process.env.E2E_PORT ?? 3210) + portOffset;
  const base = `http://127.0.0.1:${port}`;
  const database = await createTestDatabase(`baseline_${name}`);
  const { db, pool } = createDb(database.url, { max: 2 });
  await runMigrations(db);
  await seedDemo(db);
  await pool.end();
  const relay = new Relay(new URL(database.url));
  await relay.open();
  const viaRelay = new URL(database.url);
  viaRelay.host = `127.0.0.1:${relay.port}`;
  const child = spawn(path.join("node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: viaRelay.toString(),
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: `isolated-${name}-secret-isolated-secret`,
      LOG_LEVEL: "silent",
    },
  });
  await expect.poll(async () => fetch(`${base}/api/health`).then((r) => r.status, () => 0), { timeout: 60_000 }).toBe(200);
  return {
    base,
    databaseUrl: database.url,
    relay,
    process: child,
    async stop() {
      child.kill("SIGTERM");
      await relay.cut();
      await database.drop();
    },
  };
}
