import "server-only";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { deliverDue } from "./deliver";
import { smtpEnv, smtpTransport } from "./smtp";

/** How often each server process looks for messages due (new, queued before SMTP was set up, or due a retry). */
export const DELIVERY_INTERVAL_MS = 60_000;
/** At most this many messages a tick: the rest go on the next, so one tick never runs long. */
const PER_TICK = 100;

// On globalThis: one ticker per process, however often this module is loaded (hot reload, bundles).
const shared = globalThis as unknown as { baselineMailDelivery?: NodeJS.Timeout };

/**
 * Delivers the outbox without a human, in each server process (started by instrumentation.ts):
 * every minute, whatever is due is sent (deliver.ts). Any number of instances may run it: the
 * delivery's claims send each message once, and an idle tick is one indexed query (outbox_due_idx).
 * Off without SMTP_URL: messages then wait in the outbox, and the first tick after SMTP_URL is set
 * (and the server restarted with it) sends them.
 */
export function startMailDelivery(): void {
  if (shared.baselineMailDelivery) return;
  const parsed = smtpEnv.safeParse(process.env);
  if (!parsed.success) {
    log("error", "mail delivery not started: invalid SMTP settings", { problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
    return;
  }
  const { SMTP_URL: url, SMTP_FROM: from } = parsed.data;
  if (!url) return;
  const transport = smtpTransport(url, from);
  let running = false;
  const tick = async () => {
    if (running) return; // the previous tick is still sending
    running = true;
    try {
      const summary = await deliverDue({ db, now: new Date(), transport, limit: PER_TICK });
      if (summary.tried > 0) log(summary.failed + summary.gaveUp > 0 ? "warn" : "info", "mail delivery", { ...summary });
    } catch (err) {
      log("warn", "mail delivery failed", { err });
    } finally {
      running = false;
    }
  };
  // unref: the timers never keep a stopping process alive.
  shared.baselineMailDelivery = setInterval(() => void tick(), DELIVERY_INTERVAL_MS);
  shared.baselineMailDelivery.unref();
  setTimeout(() => void tick(), 5_000).unref();
  log("info", "mail delivery started", { everySeconds: DELIVERY_INTERVAL_MS / 1000 });
}
