import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import type { AddressInfo } from "node:net";
import { Client } from "pg";
import { SMTPServer } from "smtp-server";
import { startCluster, type Cluster } from "../isolated-server";
import { ACCOUNTS, signIn } from "../support";

/**
 * Mail without a human (issue 17): two production servers on one database, both with SMTP_URL set
 * to a real SMTP server started here. Messages queued before SMTP was configured go out from the
 * servers' own delivery (instrumentation.ts, every minute, the first a few seconds after start),
 * each once although both instances deliver; the administrator reads each message's status in
 * words on /admin/outbox and retries a given-up message, which the next delivery sends.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const RUN = `${Date.now()}`;
const QUEUED = Array.from({ length: 6 }, (_, i) => `queued-${i}-${RUN}@mail.test`);
const RETURNED = `returned-${RUN}@mail.test`;

const received: { to: string[]; raw: string }[] = [];
const receivedBy = (to: string) => received.filter((m) => m.to.includes(to));
let smtp: SMTPServer;
let cluster: Cluster;
let A: string;

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"], // plain SMTP on localhost
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;

  cluster = await startCluster([73, 74], "mail", {
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: "Baseline <no-reply@baseline.test>" },
    // As the reminders job leaves them without SMTP_URL (transport "outbox", never tried), and one
    // message whose tries ran out while the mailbox was refused; the newest, so first on the page.
    beforeStart: async (databaseUrl) => {
      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        for (const to of QUEUED) {
          await db.query(
            `insert into outbox (dedupe_key, to_email, subject, body, html, transport, created_at)
             values ($1, $2, $3, $4, $5, 'outbox', now() - interval '1 hour')`,
            [`e2e-${to}`, to, `Baseline: a reminder to ${to}`, `Dear ${to},\n\nA reminder.`, `<!DOCTYPE html>\n<html lang="en-GB"><head><title>A reminder</title></head><body><p>Dear ${to},</p><p>A reminder.</p></body></html>`],
          );
        }
        await db.query(
          `insert into outbox (dedupe_key, to_email, subject, body, html, transport, attempts, error, gave_up_at)
           values ($1, $2, 'Baseline: a reminder that was returned', 'Dear you,', null, 'smtp', 10, '550 5.1.1 Mailbox unavailable', now())`,
          [`e2e-${RETURNED}`, RETURNED],
        );
      } finally {
        await db.end();
      }
    },
  });
  A = cluster.bases[0]!;
});

test.afterAll(async () => {
  await cluster?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

test("messages queued before SMTP was configured go out from the servers by themselves, each once, as text and HTML", async () => {
  await expect.poll(() => received.length, { timeout: 60_000, intervals: [500] }).toBeGreaterThanOrEqual(QUEUED.length);
  // Both instances deliver; give a second tick a moment, then each message has arrived once.
  await new Promise((r) => setTimeout(r, 3_000));
  for (const to of QUEUED) expect(receivedBy(to), to).toHaveLength(1);
  expect(received).toHaveLength(QUEUED.length);
  const raw = receivedBy(QUEUED[0]!)[0]!.raw;
  expect(raw).toMatch(/^Content-Type: multipart\/alternative;/im);
  expect(raw).toMatch(/^Content-Type: text\/plain/im);
  expect(raw).toMatch(/^Content-Type: text\/html/im);
  // The given-up message is not tried again on its own.
  expect(receivedBy(RETURNED)).toHaveLength(0);
});

test("the administrator reads each message's delivery in words and retries the given-up one, which the next run sends", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: A });
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.admin.email, undefined, /\/dashboard$/);
  await page.goto("/admin/outbox");
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  await expect(page.getByText("A mail server is configured: messages due are sent within a minute.")).toBeVisible();

  const sent = page.getByRole("row").filter({ hasText: QUEUED[0]! });
  await expect(sent).toContainText(/Sent \d/);
  const returned = page.getByRole("row").filter({ hasText: RETURNED });
  await expect(returned).toContainText("Gave up after 10 tries");
  await expect(returned).toContainText("Last try failed: 550 5.1.1 Mailbox unavailable");
  await expectNoViolations(page);

  // Only the messages given up: the filter says so in words.
  await page.getByLabel("Delivery").selectOption({ label: "Gave up" });
  await page.getByRole("button", { name: "Show messages" }).click();
  await expect(page).toHaveURL(/delivery=gave-up/);
  await expect(page.getByRole("row").filter({ hasText: QUEUED[0]! })).toHaveCount(0);

  await page.goto("/admin/outbox");
  await returned.getByRole("button", { name: new RegExp(`^Try again ?: .* to ${RETURNED.replace(/[.]/g, "\\.")}$`) }).click();
  // Its tries start over (or it has already gone, if a delivery ran in between).
  await expect(returned).toContainText(/Waiting to be sent|Sent \d/);
  await expect(returned.getByRole("button", { name: /^Try again/ })).toHaveCount(0);

  // The servers deliver every minute: the next run sends it, once.
  await expect.poll(() => receivedBy(RETURNED).length, { timeout: 75_000, intervals: [1_000] }).toBe(1);
  await page.reload();
  await expect(returned).toContainText(/Sent \d/);

  const db = new Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'outbox.retry' and actor_email = $1", [ACCOUNTS.admin.email]);
    expect(rows[0]!.n).toBe(1);
  } finally {
    await db.end();
  }
  await context.close();
});
