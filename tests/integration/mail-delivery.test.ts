/**
 * Mail that is never lost, against a real SMTP server started here (the `smtp-server` package on a
 * random port) and the app's real SMTP transport (nodemailer): with the server down, messages stay
 * unsent with the reason and a backoff; once it is up, the next run delivers each exactly once, two
 * instances at once included; messages queued before SMTP was configured go too; what arrives is
 * multipart/alternative (plain text and HTML); a message that keeps failing is given up after
 * MAX_ATTEMPTS tries, and an administrator can retry it (audited).
 *
 * Against a fresh database of this file's own: the counts of received messages are exact only if
 * no other file's messages are due in it.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { and, eq, inArray, like } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { auditLog, outbox, users } from "@/db/schema";
import { RuleError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/current-user";
import { ForbiddenError } from "@/lib/auth/permissions";
import { composeReminder } from "@/lib/reminders/compose";
import { deliverDue } from "@/lib/reminders/deliver";
import { OUTBOX_ONLY } from "@/lib/reminders/delivery";
import { retryGivenUpMessage } from "@/lib/reminders/retry";
import { MAX_ATTEMPTS, retryDelayMs } from "@/lib/reminders/rules";
import { smtpTransport } from "@/lib/reminders/smtp";
import { createTestDatabase } from "../support/test-database";

let fresh: Awaited<ReturnType<typeof createTestDatabase>>;
// Two instances of the app, each with a pool and an SMTP transport of its own.
let instances: ReturnType<typeof createDb>[] = [];
const transports: ReturnType<typeof smtpTransport>[] = [];
const RUN = randomUUID().slice(0, 8);
const T0 = new Date("2026-11-12T08:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------
// The mail server: started and stopped on one port, so "down" is a refused connection.

interface Received {
  to: string[];
  raw: string;
}
const received: Received[] = [];
/** Recipients the server refuses (550), as a mailbox that does not exist. */
const refused = new Set<string>();
let port = 0;
let server: SMTPServer | null = null;

async function startServer(): Promise<void> {
  const s = new SMTPServer({
    authOptional: true,
    // Plain SMTP on localhost: without this nodemailer would upgrade to TLS and refuse the test certificate.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) {
        const err = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
        callback(err);
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        // A little time per message, so that two delivery runs overlap.
        setTimeout(() => callback(), 5);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    s.once("error", reject);
    s.listen(port, "127.0.0.1", () => resolve());
  });
  port = (s.server.address() as AddressInfo).port;
  server = s;
}

async function stopServer(): Promise<void> {
  const s = server;
  server = null;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
}

const smtpUrl = () => `smtp://127.0.0.1:${port}`;
const receivedBy = (to: string) => received.filter((m) => m.to.includes(to));

// ---------------------------------------------------------------------------------------------
// Messages

const address = (name: string) => `${name}-${RUN}@mail.test`;

/** A message as the reminders job queues it (lib/reminders/send.ts): composed text and HTML. */
function composed(to: string) {
  const m = composeReminder({
    kind: "due-soon",
    recipientName: `Lead ${to}`,
    today: "2026-11-11",
    baseUrl: "https://baseline.test",
    items: [{ measureName: "Incident resolution by severity – P1", unitId: 4, unitName: "Modernisation and Digital", frequency: "monthly", month: "2026-10-01", storedAt: "2026-10-01", status: "draft", due: "2026-11-13" }],
  });
  return { dedupeKey: `mail-${RUN}-${to}`, toEmail: to, subject: m.subject, body: m.body, html: m.html, transport: "smtp" };
}

async function queue(values: ReturnType<typeof composed>[]) {
  const { db } = instances[0]!;
  return db.insert(outbox).values(values).returning({ id: outbox.id, toEmail: outbox.toEmail });
}

const rowsOf = (ids: number[]) => instances[0]!.db.select().from(outbox).where(inArray(outbox.id, ids));

beforeAll(async () => {
  fresh = await createTestDatabase("baseline_mail");
  instances = [createDb(fresh.url, { max: 3 }), createDb(fresh.url, { max: 3 })];
  await runMigrations(instances[0]!.db);
  // A free port for the server, which then stops: the tests begin with it down.
  await startServer();
  await stopServer();
}, 120_000);

afterAll(async () => {
  for (const t of transports) t.close();
  await stopServer();
  await Promise.all(instances.map((i) => i.pool.end()));
  await fresh?.drop();
});

function transport() {
  const t = smtpTransport(smtpUrl());
  transports.push(t);
  return t;
}

describe("delivery through a real SMTP server", () => {
  let early: { id: number; toEmail: string }[] = [];

  it("while the server is down, messages stay unsent with the reason and a backoff, and are not tried again before it", async () => {
    const logs = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      early = await queue(["down-1", "down-2", "down-3"].map((n) => composed(address(n))));
      const summary = await deliverDue({ db: instances[0]!.db, now: T0, transport: transport() });
      expect(summary).toEqual({ tried: 3, sent: 0, failed: 3, gaveUp: 0 });
      for (const row of await rowsOf(early.map((r) => r.id))) {
        expect(row).toMatchObject({ sentAt: null, gaveUpAt: null, attempts: 1, nextAttemptAt: at(MINUTE) });
        expect(row.error).toMatch(/^Mail server unavailable: .*ECONNREFUSED/);
      }
      // Half a minute later nothing is due yet.
      expect(await deliverDue({ db: instances[0]!.db, now: at(MINUTE / 2), transport: transport() })).toMatchObject({ tried: 0 });
      expect(received).toHaveLength(0);
    } finally {
      logs.mockRestore();
    }
  });

  it("once the server is up, the next runs deliver each message exactly once, two instances at once", async () => {
    await startServer();
    const later = await queue(Array.from({ length: 20 }, (_, i) => composed(address(`up-${i}`))));
    const all = [...early, ...later];
    const [a, b] = instances;
    const now = at(MINUTE); // the failed messages' retry is due
    const [ra, rb] = await Promise.all([deliverDue({ db: a!.db, now, transport: transport() }), deliverDue({ db: b!.db, now, transport: transport() })]);
    expect(ra.sent + rb.sent).toBe(all.length);
    expect(ra.failed + rb.failed + ra.gaveUp + rb.gaveUp).toBe(0);
    for (const { toEmail } of all) expect(receivedBy(toEmail), toEmail).toHaveLength(1);
    expect(received).toHaveLength(all.length);

    const rows = await rowsOf(all.map((r) => r.id));
    for (const row of rows) {
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(row).toMatchObject({ nextAttemptAt: null, gaveUpAt: null, transport: "smtp" });
    }
    // The earlier failure's reason stays for the outbox's history; the try that worked is the second.
    for (const row of rows.filter((r) => early.some((e) => e.id === r.id))) expect(row).toMatchObject({ attempts: 2, error: expect.stringMatching(/ECONNREFUSED/) });
    for (const row of rows.filter((r) => later.some((l) => l.id === r.id))) expect(row).toMatchObject({ attempts: 1, error: null });

    // Run again, on both: nothing is sent twice.
    const again = await Promise.all(instances.map((i) => deliverDue({ db: i.db, now: at(2 * MINUTE), transport: transport() })));
    expect(again.map((s) => s.tried)).toEqual([0, 0]);
    expect(received).toHaveLength(all.length);
  });

  it("sends each message as multipart/alternative: a text/plain part and a text/html part", () => {
    const message = receivedBy(address("up-0"))[0]!;
    expect(message.raw).toMatch(/^Content-Type: multipart\/alternative;/im);
    expect(message.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/im);
    expect(message.raw).toMatch(/^Content-Type: text\/html; charset=utf-8/im);
    // The plain part comes first, so that clients showing the last part they can read show the HTML.
    expect(message.raw.search(/^Content-Type: text\/plain/im)).toBeLessThan(message.raw.search(/^Content-Type: text\/html/im));
    // The HTML part is the document compose.ts made (quoted-printable: the start survives as it is).
    expect(message.raw).toContain('<html lang=3D"en-GB">');
  });

  it("delivers messages queued before SMTP was configured, on the next run once it is", async () => {
    // As runReminders queues them without a transport, and as rows from before the HTML part (html null).
    const [textOnly, withHtml] = await queue([
      { ...composed(address("queued-1")), transport: OUTBOX_ONLY, html: null as unknown as string },
      { ...composed(address("queued-2")), transport: OUTBOX_ONLY },
    ]);
    const summary = await deliverDue({ db: instances[1]!.db, now: at(3 * MINUTE), transport: transport() });
    expect(summary).toEqual({ tried: 2, sent: 2, failed: 0, gaveUp: 0 });
    for (const row of await rowsOf([textOnly!.id, withHtml!.id])) expect(row).toMatchObject({ transport: "smtp", attempts: 1, error: null, sentAt: expect.any(Date) });
    const [plain] = receivedBy(textOnly!.toEmail);
    expect(plain!.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/im);
    expect(plain!.raw).not.toMatch(/multipart\/alternative/i);
    expect(receivedBy(withHtml!.toEmail)[0]!.raw).toMatch(/multipart\/alternative/i);
  });
});

describe("giving up, and an administrator's retry", () => {
  let stuck: { id: number; toEmail: string };
  let admin: SessionUser;

  beforeAll(async () => {
    const [row] = await instances[0]!.db
      .insert(users)
      .values({ email: `admin-${RUN}@mail.test`, name: "Mail Admin", role: "ADMIN" })
      .returning({ id: users.id, email: users.email, name: users.name });
    admin = { ...row!, role: "ADMIN", unitId: null, departmentId: null, unitName: null, active: true };
  });

  it(`gives a message up after ${MAX_ATTEMPTS} tries refused by the server, with the reason; the run goes on with the others`, async () => {
    const to = address("no-such-mailbox");
    refused.add(to);
    [stuck] = (await queue([composed(to), composed(address("beside-it"))])) as [{ id: number; toEmail: string }];
    const { db } = instances[0]!;
    let now = at(10 * MINUTE);
    const first = await deliverDue({ db, now, transport: transport() });
    // One refused recipient is that message's failure, not the server's: the other is sent.
    expect(first).toEqual({ tried: 2, sent: 1, failed: 1, gaveUp: 0 });
    expect(receivedBy(address("beside-it"))).toHaveLength(1);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      now = new Date(now.getTime() + retryDelayMs(attempt - 1));
      const s = await deliverDue({ db, now, transport: transport() });
      expect(s).toEqual(attempt < MAX_ATTEMPTS ? { tried: 1, sent: 0, failed: 1, gaveUp: 0 } : { tried: 1, sent: 0, failed: 0, gaveUp: 1 });
    }
    const [row] = await rowsOf([stuck.id]);
    expect(row).toMatchObject({ sentAt: null, attempts: MAX_ATTEMPTS, nextAttemptAt: null, gaveUpAt: expect.any(Date) });
    expect(row!.error).toMatch(/550/);
    // Given up: no later run tries it.
    expect(await deliverDue({ db, now: new Date(now.getTime() + 24 * 60 * MINUTE), transport: transport() })).toMatchObject({ tried: 0 });
    expect(receivedBy(to)).toHaveLength(0);
  });

  it("an administrator retries it: its tries start over, the change is audited, and the next run sends it once", async () => {
    const { db } = instances[0]!;
    const viewer = { ...admin, role: "VIEWER" as const };
    await expect(retryGivenUpMessage(viewer, { id: stuck.id }, db)).rejects.toThrow(ForbiddenError);

    expect(await retryGivenUpMessage(admin, { id: stuck.id }, db)).toEqual({ id: stuck.id });
    const [row] = await rowsOf([stuck.id]);
    expect(row).toMatchObject({ attempts: 0, gaveUpAt: null, nextAttemptAt: null, sentAt: null, error: expect.stringMatching(/550/) });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "outbox_message"), eq(auditLog.entityId, String(stuck.id))));
    expect(entry).toMatchObject({ actorId: admin.id, actorEmail: admin.email, action: "outbox.retry", before: { attempts: MAX_ATTEMPTS }, after: { attempts: 0, gaveUpAt: null } });

    // A second retry from a page loaded before the first changes nothing.
    await expect(retryGivenUpMessage(admin, { id: stuck.id }, db)).rejects.toThrow(RuleError);
    await expect(retryGivenUpMessage(admin, { id: 2_000_000_000 }, db)).rejects.toThrow(RuleError);

    refused.delete(stuck.toEmail); // the mailbox exists now
    const s = await deliverDue({ db, now: at(24 * 60 * MINUTE), transport: transport() });
    expect(s).toEqual({ tried: 1, sent: 1, failed: 0, gaveUp: 0 });
    expect(receivedBy(stuck.toEmail)).toHaveLength(1);
    expect((await db.select({ n: outbox.id }).from(outbox).where(like(outbox.dedupeKey, `mail-${RUN}-%`))).length).toBe(received.length);
  });
});
