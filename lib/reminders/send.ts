import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { outbox, users } from "@/db/schema";
import { monthParam } from "@/lib/entry/periods";
import { isDueSoon } from "@/lib/entry/submission-state";
import { inTrackerScope, isoDate, listOwedFigures, unitScopeOf, type DueFigure } from "@/lib/entry/tracker";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { composeReminder, type ReminderKind } from "./compose";

/** Something that delivers a message (SMTP in production, a fake in tests). */
export interface MailTransport {
  /** Recorded in outbox.transport, e.g. "smtp". */
  name: string;
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** outbox.transport of messages kept for administrators to read because no transport is configured. */
export const OUTBOX_ONLY = "outbox";

/** Figures due within this many days get a "due soon" reminder. */
export const DUE_SOON_DAYS = 3;

export interface ReminderRunOptions {
  db: Database;
  now: Date;
  /** null: the messages stay in the outbox (transport "outbox"). */
  transport: MailTransport | null;
  /** The site's address for the links in the messages. */
  baseUrl: string;
}

export interface ReminderRunSummary {
  leads: number;
  /** Messages this run would send (one per lead and kind with something to say). */
  composed: number;
  /** Of those, new: inserted into the outbox now. The rest were sent by an earlier run. */
  queued: number;
  alreadyQueued: number;
  sent: number;
  failed: number;
  transport: string;
  byKind: Record<ReminderKind, number>;
}

/**
 * The dedupe key of a reminder: one per lead, kind and period. The period is the newest month the
 * reminder covers, so a lead hears again only when another month falls due or becomes late.
 */
export const reminderKey = (userId: number, period: string, kind: ReminderKind) => `figures:${userId}:${monthParam(period)}:${kind}`;

const newestMonth = (items: DueFigure[]) => items.reduce((max, f) => (f.month > max ? f.month : max), items[0]!.month);

/**
 * The reminders job: for each active LEAD, the figures of their unit (and the units below it) that
 * are due within 3 days, and those that are late — at most one message of each kind. Each message is
 * inserted into the outbox under its dedupe key (ON CONFLICT DO NOTHING) and only the rows inserted
 * by this run are sent, so running the job again, or twice at once, sends nothing twice. A failed
 * send is recorded in outbox.error and not retried.
 */
export async function runReminders({ db, now, transport, baseUrl }: ReminderRunOptions): Promise<ReminderRunSummary> {
  const today = isoDate(now);
  const [workingDay, leads] = await Promise.all([
    getFiguresDueWorkingDay(db),
    db
      .select({ id: users.id, email: users.email, name: users.name, unitId: users.unitId })
      .from(users)
      .where(and(eq(users.role, "LEAD"), eq(users.active, true), isNotNull(users.unitId)))
      .orderBy(asc(users.id)),
  ]);
  // Everything owed across the organisation in one query; each lead takes their part.
  const owed = await listOwedFigures(db, { scope: { kind: "all" }, now, workingDay });

  const summary: ReminderRunSummary = {
    leads: leads.length,
    composed: 0,
    queued: 0,
    alreadyQueued: 0,
    sent: 0,
    failed: 0,
    transport: transport?.name ?? OUTBOX_ONLY,
    byKind: { "due-soon": 0, late: 0 },
  };

  for (const lead of leads) {
    const mine = owed.filter((f) => inTrackerScope({ kind: "unit", unitId: lead.unitId! }, unitScopeOf(f)));
    const byKind: [ReminderKind, DueFigure[]][] = [
      ["due-soon", mine.filter((f) => isDueSoon({ status: f.status, periodDue: f.due, today, days: DUE_SOON_DAYS }))],
      ["late", mine.filter((f) => f.state === "late")],
    ];
    for (const [kind, items] of byKind) {
      if (items.length === 0) continue;
      summary.composed += 1;
      const message = composeReminder({
        kind,
        recipientName: lead.name,
        today,
        baseUrl,
        items: items.map((f) => ({
          measureName: f.name,
          unitId: f.unitId,
          unitName: f.unitName,
          frequency: f.frequency,
          month: f.month,
          storedAt: f.storedAt,
          status: f.status,
          due: f.due,
        })),
      });
      const [row] = await db
        .insert(outbox)
        .values({
          dedupeKey: reminderKey(lead.id, newestMonth(items), kind),
          toUserId: lead.id,
          toEmail: lead.email,
          subject: message.subject,
          body: message.body,
          transport: summary.transport,
        })
        .onConflictDoNothing({ target: outbox.dedupeKey })
        .returning({ id: outbox.id });
      if (!row) {
        summary.alreadyQueued += 1;
        continue;
      }
      summary.queued += 1;
      summary.byKind[kind] += 1;
      if (!transport) continue;
      try {
        await transport.send({ to: lead.email, subject: message.subject, text: message.body });
        await db.update(outbox).set({ sentAt: new Date() }).where(eq(outbox.id, row.id));
        summary.sent += 1;
      } catch (err) {
        const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000) || "Unknown error";
        await db.update(outbox).set({ error }).where(eq(outbox.id, row.id));
        summary.failed += 1;
      }
    }
  }
  return summary;
}
