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
 * serving the main server and every other test. `startCluster` starts several servers on one such
 * database instead, for the tests of instances that must behave as one.
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

/** A database of the spec's own, migrated and seeded with the demo data. */
async function seededDatabase(name: string) {
  const database = await createTestDatabase(`baseline_${name}`);
  const { db, pool } = createDb(database.url, { max: 2 });
  await runMigrations(db);
  await seedDemo(db);
  await pool.end();
  return database;
}

/**
 * The app's server (server/main.ts, as `npm start` runs it) on the build the suite already made, on
 * `port`; resolves once /api/health answers 200.
 */
async function startNext(port: number, env: Record<string, string>): Promise<{ base: string; process: ChildProcess }> {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(path.join("node_modules", ".bin", "tsx"), ["server/main.ts", "start"], {
    stdio: "ignore",
    env: { ...process.env, HOSTNAME: "127.0.0.1", PORT: String(port), NEXTAUTH_URL: base, LOG_LEVEL: "silent", ...env },
  });
  await expect.poll(async () => fetch(`${base}/api/health`).then((r) => r.status, () => 0), { timeout: 60_000 }).toBe(200);
  return { base, process: child };
}

const portFor = (offset: number) => Number(process.env.E2E_PORT ?? 3210) + offset;

/** The address of the server a spec starts at `portOffset` (known before it starts, e.g. for a provider's redirect URI). */
export const isolatedBase = (portOffset: number) => `http://127.0.0.1:${portFor(portOffset)}`;

/** Port offsets from E2E_PORT, one per server a spec starts, so that specs can run in parallel; `env` adds to the server's environment. */
export async function startIsolatedServer(portOffset: number, name: string, env: Record<string, string> = {}): Promise<IsolatedServer> {
  const database = await seededDatabase(name);
  const relay = new Relay(new URL(database.url));
  await relay.open();
  const viaRelay = new URL(database.url);
  viaRelay.host = `127.0.0.1:${relay.port}`;
  const { base, process: child } = await startNext(portFor(portOffset), {
    DATABASE_URL: viaRelay.toString(),
    NEXTAUTH_SECRET: `isolated-${name}-secret-isolated-secret`,
    ...env,
  });
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

/** Several instances of the app on one database, as a deployment behind a load balancer runs them. */
export interface Cluster {
  /** One address per instance. */
  bases: string[];
  databaseUrl: string;
  processes: ChildProcess[];
  stop(): Promise<void>;
}

/**
 * One app server per port offset, all on one fresh database (Postgres is the only state they
 * share) and with the settings a multi-instance deployment must give every instance alike: the
 * session secret and the server actions' encryption key. Each instance gets its own NEXTAUTH_URL
 * (its own address here; behind a load balancer, all would have the public one).
 */
export async function startCluster(
  portOffsets: number[],
  name: string,
  options: {
    /** More environment for every instance (e.g. SMTP_URL). */
    env?: Record<string, string>;
    /** Runs on the seeded database before any instance starts (rows the instances must find at start). */
    beforeStart?: (databaseUrl: string) => Promise<void>;
  } = {},
): Promise<Cluster> {
  const database = await seededDatabase(name);
  await options.beforeStart?.(database.url);
  const shared = {
    ...options.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: `cluster-${name}-secret-cluster-secret`,
    // 32 bytes, base64: AES-GCM key for the closures of server actions, so that one instance can
    // run an action whose page another rendered (with one shared build the key is the same anyway).
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, name).toString("base64"),
  };
  const started = await Promise.all(portOffsets.map((offset) => startNext(portFor(offset), shared)));
  return {
    bases: started.map((s) => s.base),
    databaseUrl: database.url,
    processes: started.map((s) => s.process),
    async stop() {
      for (const s of started) s.process.kill("SIGTERM");
      const exited = (c: ChildProcess) => new Promise((resolve) => (c.exitCode !== null ? resolve(undefined) : c.once("exit", resolve)));
      await Promise.race([Promise.all(started.map((s) => exited(s.process))), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await database.drop();
    },
  };
}
