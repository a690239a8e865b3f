/**
 * npm run reminders — emails each active user what they owe (lib/obligations: figures, initiative
 * updates, milestones, risk reviews, recommendations, SLT actions) that is due within 3 days and
 * what is late (lib/reminders/send.ts), then delivers everything due in the outbox: the new
 * messages, those queued before SMTP_URL was set, and those due a retry (lib/reminders/deliver.ts).
 * Meant to run daily (cron); each reminder goes out once, however often it runs. Without SMTP_URL
 * the messages wait in the outbox (/admin/outbox) and go once it is set (here, or from the app
 * server, which delivers every minute). Safe to schedule on every instance: a run that finds another
 * one under way skips (an advisory lock, db/advisory-lock.ts), the outbox's dedupe key queues each
 * reminder once, and the delivery's claims send each message once.
 *
 *   DATABASE_URL   required
 *   SMTP_URL       e.g. smtps://user:password@smtp.example.gov.je:465 (optional)
 *   SMTP_FROM      default "Baseline <no-reply@baseline.test>"
 *   NEXTAUTH_URL   the site's address for links in the messages (default http://localhost:3000)
 *   --now=<ISO date-time>  run as if it were then (default: now)
 */
import { z } from "zod";
import { createDb } from "../db/client";
import { smtpEnv, smtpTransport } from "../lib/reminders/smtp";
import { runRemindersJob } from "../lib/reminders/send";

const envSchema = smtpEnv.extend({
  DATABASE_URL: z.string({ message: "DATABASE_URL is required (postgres://…)" }).url({ message: "DATABASE_URL must be a postgres:// URL" }),
  NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
});

function nowFromArgs(): Date {
  const arg = process.argv.find((a) => a.startsWith("--now="));
  if (!arg) return new Date();
  const d = new Date(arg.slice("--now=".length));
  if (Number.isNaN(d.getTime())) throw new Error(`--now must be a date, e.g. --now=2026-11-12T08:00; got "${arg}"`);
  return d;
}

async function main() {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join(".");
      console.error(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
    }
    process.exitCode = 1;
    return;
  }
  const env = parsed.data;
  const now = nowFromArgs();
  const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL, env.SMTP_FROM) : null;
  const { db, pool } = createDb(env.DATABASE_URL, { max: 2 });
  try {
    const s = await runRemindersJob({ db, now, transport, baseUrl: env.NEXTAUTH_URL });
    if (!s) {
      console.log("Another instance is sending the reminders now: nothing to do (each reminder goes out once).");
      return;
    }
    console.log(`Reminders for ${now.toISOString()}: ${s.people} active user${s.people === 1 ? "" : "s"}.`);
    console.log(`  New messages: ${s.queued} (${s.byKind["due-soon"]} due soon, ${s.byKind.late} late); already sent earlier: ${s.alreadyQueued}.`);
    const kinds = Object.entries(s.byObligation).filter(([, n]) => n > 0);
    if (kinds.length) console.log(`  By kind: ${kinds.map(([k, n]) => `${k} ${n}`).join(", ")}.`);
    if (transport) {
      console.log(`  Delivered from the outbox (new and earlier messages): sent ${s.sent}; failed, to be retried: ${s.failed}; given up: ${s.gaveUp}.`);
      if (s.failed + s.gaveUp > 0) console.log("  The reasons are in /admin/outbox.");
    } else console.log("  SMTP_URL is not set: the messages wait in the outbox (/admin/outbox) and are sent once it is set.");
    if (s.failed + s.gaveUp > 0) process.exitCode = 1;
  } finally {
    transport?.close();
    await pool.end();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
