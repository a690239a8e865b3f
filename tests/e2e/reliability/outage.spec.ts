import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createDb } from "../../../db/client";
import { runMigrations } from "../../../db/migrate";
import { seedDemo } from "../../../db/seed/seed";
import { createTestDatabase } from "../../support/test-database";
import { ACCOUNTS, signIn } from "../support";

/**
 * The database goes away while the app runs, and comes back. A second production server (the build
 * the suite already made) reaches its own seeded database through a TCP relay that the test can cut,
 * so the machine's Postgres keeps serving everyone else: pages must answer 503 with Retry-After (not
 * the error page) while the database is unreachable, and work again by themselves once it is back.
 * (`npm run bench:fault` does the same to the real Postgres cluster under load, by hand.)
 */
const PORT = Number(process.env.E2E_PORT ?? 3210) + 57;
const base = `http://127.0.0.1:${PORT}`;

/** A TCP relay to Postgres that can refuse connections (and drop the open ones) on demand. */
class Relay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  async open(target: URL) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
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
    await new Promise((resolve) => server?.close(resolve));
  }
}

test.describe.configure({ mode: "serial", timeout: 120_000 });

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let server: ChildProcess | undefined;
let target: URL;
const relay = new Relay();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await createTestDatabase("baseline_outage");
  const { db, pool } = createDb(database.url, { max: 2 });
  await runMigrations(db);
  await seedDemo(db);
  await pool.end();
  target = new URL(database.url);
  await relay.open(target);
  const viaRelay = new URL(database.url);
  viaRelay.host = `127.0.0.1:${relay.port}`;
  server = spawn(path.join("node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(PORT)], {
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: viaRelay.toString(),
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: "outage-secret-outage-secret-outage",
      LOG_LEVEL: "silent",
    },
  });
  await expect.poll(async () => fetch(`${base}/api/health`).then((r) => r.status, () => 0), { timeout: 60_000 }).toBe(200);
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  await relay.cut();
  await database?.drop();
});

test.use({ baseURL: base });

test("pages answer 503 while the database is unreachable and recover by themselves", async ({ page, request }) => {
  await signIn(page, ACCOUNTS.sltCoo.email, undefined, /\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  await relay.cut();
  // The first request to meet the outage may still get the error page; from then on, 503.
  await expect
    .poll(async () => (await page.goto("/dashboard"))?.status(), { timeout: 20_000, intervals: [250, 500, 1_000] })
    .toBe(503);
  const response = await request.get("/risks");
  expect(response.status()).toBe(503);
  expect(response.headers()["retry-after"]).toBe("30");
  expect(response.headers()["cache-control"]).toBe("no-store");
  await expect(page.getByRole("heading", { level: 1, name: "Sorry, Baseline is unavailable just now" })).toBeVisible();
  await expect(page.getByText("Nothing you have already saved has been lost.")).toBeVisible();
  expect((await request.get("/api/health")).status()).toBe(503);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await relay.open(target);
  // Same server process, no restart: the next probe finds Postgres and the page comes back.
  await expect
    .poll(async () => (await page.goto("/dashboard"))?.status(), { timeout: 20_000, intervals: [250, 500, 1_000] })
    .toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(/unavailable/);
  expect(server?.exitCode).toBeNull();
  expect((await request.get("/api/health")).status()).toBe(200);
});
