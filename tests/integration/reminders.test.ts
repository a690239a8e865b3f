import { randomUUID } from "node:crypto";
import { addDays, parseISO } from "date-fns";
import { and, asc, eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { orgUnits, outbox, users } from "@/db/schema";
import { dueDate, lastCompletedMonth, monthParam } from "@/lib/entry/periods";
import { deliverDue } from "@/lib/reminders/deliver";
import { FIRST_RETRY_MS } from "@/lib/reminders/rules";
import { runReminders, type MailTransport } from "@/lib/reminders/send";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { setUpTestDb } from "../support/harness";

const { db } = setUpTestDb();
const run = randomUUID().slice(0, 8);
const baseUrl = "https://baseline.test";
const lastMonth = lastCompletedMonth(new Date());
const unitIds = new Map<string, number>();
const unit = (slug: string) => unitIds.get(slug)!;

/** 09:00 on the due date of last month's figures: they are due today (due soon, not late yet). */
let onDueDay: Date;
let dayAfterDue: Date;
let leadMdId: number;
/** Outbox rows before this file's: its assertions are about its own. */
let outboxBefore = 0;

beforeAll(async () => {
  for (const u of await db.select({ id: orgUnits.id, slug: orgUnits.slug }).from(orgUnits)) unitIds.set(u.slug, u.id);
  const due = parseISO(dueDate(lastMonth, await getFiguresDueWorkingDay(db)));
  onDueDay = new Date(due.getFullYear(), due.getMonth(), due.getDate(), 9);
  dayAfterDue = addDays(onDueDay, 1);
  const [lead] = await db.select({ id: users.id }).from(users).where(eq(users.email, "lead.md@baseline.test"));
  leadMdId = lead!.id;
  outboxBefore = (await db.execute<{ m: number | null }>(sql`select max(id) as m from outbox`)).rows[0]?.m ?? 0;
});

/** A user's figures reminders. */
const rowsFor = (userId: number) =>
  db.select().from(outbox).where(and(eq(outbox.toUserId, userId), like(outbox.dedupeKey, `figures:${userId}:%`))).orderBy(asc(outbox.id));
/** Every reminder to a user (figures, initiative updates, risk reviews… see tests/integration/obligations.test.ts). */
const allRowsFor = (userId: number) => db.select().from(outbox).where(eq(outbox.toUserId, userId)).orderBy(asc(outbox.id));

async function newLead(slug: string, active = true) {
  const [row] = await db
    .insert(users)
    .values({ email: `lead-${slug}-${randomUUID().slice(0, 6)}-${run}@reminders.test`, name: `Reminder Lead ${slug}`, role: "LEAD", unitId: unit(slug), active })
    .returning({ id: users.id, email: users.email });
  return row!;
}

function fakeTransport(fail?: string) {
  const send = vi.fn<MailTransport["send"]>(async () => {
    if (fail) throw new Error(fail);
  });
  const transport: MailTransport = { name: "test-transport", send };
  return { transport, send };
}

describe("runReminders", () => {
  it("without a transport keeps each reminder in the outbox (transport \"outbox\"), and a second run adds nothing", async () => {
    const first = await runReminders({ db, now: onDueDay, transport: null, baseUrl });
    expect(first.people).toBeGreaterThanOrEqual(7);
    expect(first.queued).toBeGreaterThan(0);
    expect(first).toMatchObject({ transport: "outbox", sent: 0, failed: 0 });

    const mine = await rowsFor(leadMdId);
    const dueSoon = mine.find((r) => r.dedupeKey === `figures:${leadMdId}:${monthParam(lastMonth)}:due-soon`);
    expect(dueSoon).toMatchObject({ toEmail: "lead.md@baseline.test", transport: "outbox", sentAt: null, error: null });
    // The seed leaves last month's P1 in draft; the message names it and links to M&D's entry page.
    expect(dueSoon!.subject).toMatch(/^Baseline: \d+ figures? due by .* \(today\)$/);
    expect(dueSoon!.body).toContain("Incident resolution by severity – P1: draft saved, not submitted");
    expect(dueSoon!.body).toContain(`${baseUrl}/entry?unit=${unit("md")}&month=${monthParam(lastMonth)}`);
    // Only the lead's own unit: every link in every message is to M&D.
    for (const row of mine) {
      const links = [...row.body.matchAll(/entry\?unit=(\d+)/g)].map((m) => Number(m[1]));
      expect(links.length).toBeGreaterThan(0);
      expect(new Set(links)).toEqual(new Set([unit("md")]));
    }
    // At most one message of each kind per lead per run.
    expect(mine.filter((r) => r.dedupeKey.endsWith(":due-soon"))).toHaveLength(1);
    expect(mine.filter((r) => r.dedupeKey.endsWith(":late")).length).toBeLessThanOrEqual(1);

    const before = await db.select({ id: outbox.id }).from(outbox);
    const second = await runReminders({ db, now: onDueDay, transport: null, baseUrl });
    expect(second).toMatchObject({ queued: 0, sent: 0, alreadyQueued: first.composed });
    expect(await db.select({ id: outbox.id }).from(outbox)).toHaveLength(before.length);
  });

  it("the day after the due date sends the late reminder for that month, once", async () => {
    const first = await runReminders({ db, now: dayAfterDue, transport: null, baseUrl });
    expect(first.byKind.late).toBeGreaterThan(0);
    expect(first.byKind["due-soon"]).toBe(0);
    const late = (await rowsFor(leadMdId)).find((r) => r.dedupeKey === `figures:${leadMdId}:${monthParam(lastMonth)}:late`);
    expect(late).toBeDefined();
    expect(late!.subject).toMatch(/past the due date$/);
    expect(late!.body).toContain("Incident resolution by severity – P1: draft saved, not submitted");
    expect(late!.body).toMatch(/1 day late\)/);

    expect((await runReminders({ db, now: dayAfterDue, transport: null, baseUrl })).queued).toBe(0);
  });

  it("with a transport sends the new messages and those queued before it had one, each once, as text and HTML", async () => {
    const lead = await newLead("md");
    const { transport, send } = fakeTransport();
    const summary = await runReminders({ db, now: onDueDay, transport, baseUrl });
    // Everyone else was reminded by the earlier runs: only the new lead's messages are new.
    expect(summary.queued).toBeGreaterThan(0);
    expect(summary).toMatchObject({ failed: 0, gaveUp: 0, transport: "test-transport" });
    // Delivered: everything due in the outbox, the earlier runs' messages (queued without a transport) too.
    expect(send).toHaveBeenCalledTimes(summary.sent);
    expect(send.mock.calls.filter(([m]) => m.to === lead.email)).toHaveLength(summary.queued);

    const rows = await allRowsFor(lead.id);
    expect(rows).toHaveLength(summary.queued);
    for (const row of [...rows, ...(await allRowsFor(leadMdId)).filter((r) => r.id > outboxBefore)]) {
      expect(row).toMatchObject({ transport: "test-transport", error: null, attempts: 1, nextAttemptAt: null, gaveUpAt: null });
      expect(row.sentAt).toBeInstanceOf(Date);
      const sent = send.mock.calls.filter(([m]) => m.to === row.toEmail && m.subject === row.subject);
      expect(sent).toHaveLength(1);
      expect(sent[0]![0].text).toBe(row.body);
      expect(sent[0]![0].html).toBe(row.html);
      expect(row.html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    }

    send.mockClear();
    expect((await runReminders({ db, now: onDueDay, transport, baseUrl })).queued).toBe(0);
    expect(send).not.toHaveBeenCalled();
  });

  it("records a failed send with its reason and sends it again once its retry is due", async () => {
    const lead = await newLead("pcs");
    const failing = fakeTransport("550 mailbox unavailable");
    const summary = await runReminders({ db, now: onDueDay, transport: failing.transport, baseUrl });
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.sent).toBe(0);
    const rows = await allRowsFor(lead.id);
    expect(rows.length).toBe(summary.queued);
    for (const row of rows) {
      expect(row).toMatchObject({ sentAt: null, error: "550 mailbox unavailable", attempts: 1, gaveUpAt: null });
      expect(row.nextAttemptAt).toEqual(new Date(onDueDay.getTime() + FIRST_RETRY_MS));
    }

    // Not before its retry is due…
    const working = fakeTransport();
    await runReminders({ db, now: onDueDay, transport: working.transport, baseUrl });
    expect(working.send.mock.calls.filter(([m]) => m.to === lead.email)).toHaveLength(0);
    // …then once, keeping the failure's reason for the outbox's history.
    await deliverDue({ db, now: new Date(onDueDay.getTime() + FIRST_RETRY_MS), transport: working.transport });
    expect(working.send.mock.calls.filter(([m]) => m.to === lead.email)).toHaveLength(rows.length);
    for (const row of await allRowsFor(lead.id)) {
      expect(row).toMatchObject({ error: "550 mailbox unavailable", attempts: 2, nextAttemptAt: null });
      expect(row.sentAt).toBeInstanceOf(Date);
    }
  });

  it("reminds nobody disabled, SLT of no unit's figures, and viewers of nothing when nothing is assigned to them", async () => {
    const disabled = await newLead("md", false);
    await runReminders({ db, now: onDueDay, transport: null, baseUrl });
    expect(await allRowsFor(disabled.id)).toEqual([]);
    // SLT owe their department's own items (COO has no measure of its own), not their units' figures.
    const [slt] = await db.select({ id: users.id }).from(users).where(eq(users.email, "slt.coo@baseline.test"));
    expect(await rowsFor(slt!.id)).toEqual([]);
    const [viewer] = await db.select({ id: users.id }).from(users).where(eq(users.email, "viewer@baseline.test"));
    expect(await allRowsFor(viewer!.id)).toEqual([]);
  });
});
