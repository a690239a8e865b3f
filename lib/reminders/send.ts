import { eq, sql } from "drizzle-orm";
import { withAdvisoryLock } from "@/db/advisory-lock";
import type { Database } from "@/db/client";
import { outbox } from "@/db/schema";
import type { Role } from "@/lib/auth/permissions";
import { monthLabel, monthParam } from "@/lib/entry/periods";
import { isoDate } from "@/lib/entry/tracker";
import { listObligations, type Obligation } from "@/lib/obligations/queries";
import { isDueSoon, OBLIGATION_KINDS, type ObligationKind } from "@/lib/obligations/rules";
import { unitDepartmentCte } from "@/lib/org/tree-sql";
import { getFiguresDueWorkingDay } from "@/lib/settings";
import { composeObligationReminder, composeReminder, type ComposedMessage, type ObligationReminderItem, type OtherObligationKind, type ReminderKind } from "./compose";
import { OUTBOX_ONLY } from "./delivery";

/** Something that delivers a message (SMTP in production, a fake in tests). */
export interface MailTransport {
  /** Recorded in outbox.transport, e.g. "smtp". */
  name: string;
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** outbox.transport of messages kept for administrators to read (the delivery rule lives in delivery.ts). */
export { OUTBOX_ONLY };

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
  /** Active users looked at (every role: anyone may own an SLT action or a risk). */
  people: number;
  /** Messages this run would send (one per person, kind of obligation and state with something to say). */
  composed: number;
  /** Of those, new: inserted into the outbox now. The rest were sent by an earlier run. */
  queued: number;
  alreadyQueued: number;
  sent: number;
  failed: number;
  transport: string;
  /** New messages by state: due soon or late. */
  byKind: Record<ReminderKind, number>;
  /** New messages by what they are about. */
  byObligation: Record<ObligationKind, number>;
}

/**
 * The dedupe key of a figures reminder: one per lead, kind and period. The period is the newest month
 * the reminder covers, so a lead hears again only when another month falls due or becomes late.
 */
export const reminderKey = (userId: number, period: string, kind: ReminderKind) => `figures:${userId}:${monthParam(period)}:${kind}`;

/**
 * The dedupe key of any other reminder: one per person, kind of obligation, state and the newest due
 * date it covers — so a person hears again only when something falls due (or becomes late) later
 * than what they were last told about, as with figures. (Something newly owed with an earlier due
 * date than one already reminded waits for the next reminder of that kind; My updates lists it.)
 */
export const obligationReminderKey = (userId: number, kind: OtherObligationKind, newestDue: string, state: ReminderKind) => `${kind}:${userId}:${newestDue}:${state}`;

const newest = (dates: string[]) => dates.reduce((max, d) => (d > max ? d : max), dates[0]!);

/** The words of one obligation in a reminder. */
function reminderItem(o: Exclude<Obligation, { kind: "figures" }>): ObligationReminderItem {
  const due = o.due!;
  switch (o.kind) {
    case "initiative-update":
      return { title: `${o.cspRef} – ${o.title}`, context: `${o.unitName}, update for ${monthLabel(o.period)}`, due, href: o.href };
    case "milestone":
      return { title: o.title, context: `${o.cspRef} – ${o.initiativeTitle}`, due, href: o.href };
    case "risk-review":
      return { title: `${o.ref} – ${o.title}`, context: o.assigned ? `${o.unitName}, you are its owner` : o.unitName, due, href: o.href };
    case "recommendation-update":
    case "recommendation-overdue":
      return { title: o.ref, context: o.unitName, due, href: o.href };
    case "review-action":
      return { title: o.description, context: `agreed at the ${o.departmentName} review of ${monthLabel(o.meetingPeriod)}`, due, href: o.href };
  }
}

interface Outgoing {
  dedupeKey: string;
  kind: ObligationKind;
  state: ReminderKind;
  message: ComposedMessage;
}

/** The messages a person's obligations call for today: per kind, one for what is due soon and one for what is late. */
function messagesFor(person: { id: number; name: string }, items: Obligation[], today: string, baseUrl: string): Outgoing[] {
  const out: Outgoing[] = [];
  for (const kind of OBLIGATION_KINDS) {
    const ofKind = items.filter((o) => o.kind === kind);
    for (const state of ["due-soon", "late"] as const) {
      const chosen = ofKind.filter((o) => (state === "late" ? o.late : isDueSoon(o, today, DUE_SOON_DAYS)) && o.due !== null);
      if (chosen.length === 0) continue;
      if (kind === "figures") {
        const groups = chosen as Extract<Obligation, { kind: "figures" }>[];
        const message = composeReminder({
          kind: state,
          recipientName: person.name,
          today,
          baseUrl,
          items: groups.flatMap((g) =>
            g.figures.map((f) => ({
              measureName: f.name,
              unitId: f.unitId,
              unitName: f.unitName,
              frequency: f.frequency,
              month: f.month,
              storedAt: f.storedAt,
              status: f.status,
              due: f.due,
            })),
          ),
        });
        out.push({ dedupeKey: reminderKey(person.id, newest(groups.map((g) => g.month)), state), kind, state, message });
      } else {
        const others = chosen as Exclude<Obligation, { kind: "figures" }>[];
        const message = composeObligationReminder({ kind: kind as OtherObligationKind, state, recipientName: person.name, today, baseUrl, items: others.map(reminderItem) });
        out.push({ dedupeKey: obligationReminderKey(person.id, kind as OtherObligationKind, newest(others.map((o) => o.due!)), state), kind, state, message });
      }
    }
  }
  return out;
}

/**
 * The reminders job: for each active user, what they owe (lib/obligations, the same query as My
 * updates) that is due within 3 days, and what is late — at most one message per kind of obligation
 * and state. Each message is inserted into the outbox under its dedupe key (ON CONFLICT DO NOTHING)
 * and only the rows inserted by this run are sent, so running the job again, or twice at once, sends
 * nothing twice. A failed send is recorded in outbox.error and not retried.
 */
export async function runReminders({ db, now, transport, baseUrl }: ReminderRunOptions): Promise<ReminderRunSummary> {
  const today = isoDate(now);
  const [workingDay, { rows: people }] = await Promise.all([
    getFiguresDueWorkingDay(db),
    db.execute<{ id: number; email: string; name: string; role: Role; unit_id: number | null; department_id: number | null }>(sql`
      with recursive ${unitDepartmentCte}
      select u.id, u.email, u.name, u.role, u.unit_id, ud.department_id
      from users u left join unit_department ud on ud.id = u.unit_id
      where u.active
      order by u.id`),
  ]);
  // Everything owed by everyone in one pass (a query per kind); each person takes their part.
  const owed = await listObligations(db, {
    people: people.map((p) => ({ id: p.id, role: p.role, unitId: p.unit_id, departmentId: p.department_id })),
    now,
    workingDay,
  });

  const summary: ReminderRunSummary = {
    people: people.length,
    composed: 0,
    queued: 0,
    alreadyQueued: 0,
    sent: 0,
    failed: 0,
    transport: transport?.name ?? OUTBOX_ONLY,
    byKind: { "due-soon": 0, late: 0 },
    byObligation: Object.fromEntries(OBLIGATION_KINDS.map((k) => [k, 0])) as Record<ObligationKind, number>,
  };

  for (const person of people) {
    for (const { dedupeKey, kind, state, message } of messagesFor(person, owed.get(person.id) ?? [], today, baseUrl)) {
      summary.composed += 1;
      const [row] = await db
        .insert(outbox)
        .values({
          dedupeKey,
          toUserId: person.id,
          toEmail: person.email,
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
      summary.byKind[state] += 1;
      summary.byObligation[kind] += 1;
      if (!transport) continue;
      try {
        await transport.send({ to: person.email, subject: message.subject, text: message.body });
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

/**
 * The reminders job as a scheduler starts it, on any number of instances: it holds the "reminders"
 * advisory lock (db/advisory-lock.ts) and returns null, doing nothing, when another run holds it
 * now. The lock saves the duplicate work; each reminder going out once rests on the outbox's dedupe
 * key (runReminders), which holds even without it. `db` must be a handle over a pool (createDb).
 */
export async function runRemindersJob(options: ReminderRunOptions): Promise<ReminderRunSummary | null> {
  const result = await withAdvisoryLock(options.db, "reminders", (db) => runReminders({ ...options, db }));
  return result.ran ? result.value : null;
}
