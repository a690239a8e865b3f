import { sql } from "drizzle-orm";
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
import { deliverDue } from "./deliver";
import { OUTBOX_ONLY } from "./delivery";
import type { MailTransport } from "./transport";

export type { MailTransport };

/** outbox.transport of messages queued while no transport was configured (the delivery rule lives in delivery.ts). */
export { OUTBOX_ONLY };

/** Figures due within this many days get a "due soon" reminder. */
export const DUE_SOON_DAYS = 3;

export interface ReminderRunOptions {
  db: Database;
  now: Date;
  /** null: the messages wait in the outbox (transport "outbox") until a run with a transport sends them. */
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
  /** Delivery (deliver.ts) of everything due, new or earlier: sent, failed and waiting to retry, given up. */
  sent: number;
  failed: number;
  gaveUp: number;
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
 * Composes and queues the reminders: for each active user, what they owe (lib/obligations, the same
 * query as My updates) that is due within 3 days, and what is late — at most one message per kind of
 * obligation and state. Each message is inserted into the outbox under its dedupe key (ON CONFLICT
 * DO NOTHING), so running this again, or twice at once, queues nothing twice. Sends nothing itself.
 */
export async function queueReminders({ db, now, transport, baseUrl }: ReminderRunOptions): Promise<ReminderRunSummary> {
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
    gaveUp: 0,
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
          html: message.html,
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
    }
  }
  return summary;
}

/** Adds a delivery run's outcome (deliver.ts) to a reminders run's summary. */
async function deliver(summary: ReminderRunSummary, options: ReminderRunOptions): Promise<ReminderRunSummary> {
  if (!options.transport) return summary;
  const { sent, failed, gaveUp } = await deliverDue({ db: options.db, now: options.now, transport: options.transport });
  return { ...summary, sent, failed, gaveUp };
}

/**
 * The reminders run: queues today's reminders (queueReminders), then, with a transport, delivers
 * everything due in the outbox (deliver.ts) — the new messages, those queued while no mail server
 * was configured, and those whose retry is due. Each message goes out once however many runs there
 * are at the same time: the dedupe key queues it once and the delivery's claim sends it once.
 */
export async function runReminders(options: ReminderRunOptions): Promise<ReminderRunSummary> {
  return deliver(await queueReminders(options), options);
}

/**
 * The reminders job as a scheduler starts it, on any number of instances: it queues the reminders
 * holding the "reminders" advisory lock (db/advisory-lock.ts) and returns null, doing nothing, when
 * another run holds it now. The lock saves the duplicate work; each reminder being queued once rests
 * on the outbox's dedupe key (queueReminders), which holds even without it. The delivery runs after
 * the lock is released, on the pool: its claims keep runs apart without a lock (deliver.ts), and no
 * connection is held through the SMTP conversations. `db` must be a handle over a pool (createDb).
 */
export async function runRemindersJob(options: ReminderRunOptions): Promise<ReminderRunSummary | null> {
  const result = await withAdvisoryLock(options.db, "reminders", (db) => queueReminders({ ...options, db }));
  return result.ran ? deliver(result.value, options) : null;
}
