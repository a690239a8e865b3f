import { sql, type SQL } from "drizzle-orm";
import { outbox } from "@/db/schema";

/**
 * What became of an outgoing message, one rule in TypeScript (the status on /admin/outbox) and SQL
 * (its delivery filter); tests/integration/admin-lists.test.ts holds the two equal. Whether a mail
 * server is configured (SMTP_URL, smtp.ts) is part of the rule: a message nobody can send yet says so.
 *  - sent: delivered (sent_at set);
 *  - gave-up: its tries ran out (gave_up_at set); an administrator may retry it;
 *  - unconfigured: not sent, and no mail server is configured: it goes once one is;
 *  - retrying: tried and failed, waiting for its next try (next_attempt_at);
 *  - waiting: not tried yet (new, queued before SMTP was configured, or retried by an administrator).
 */
export const DELIVERY_STATES = ["sent", "waiting", "retrying", "unconfigured", "gave-up"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DELIVERY_LABELS: Record<DeliveryState, string> = {
  sent: "Sent",
  waiting: "Waiting to be sent",
  retrying: "Waiting to retry",
  unconfigured: "Not sent: SMTP not configured",
  "gave-up": "Gave up",
};

/** outbox.transport of messages queued while no transport was configured (a delivery run later records its own). */
export const OUTBOX_ONLY = "outbox";

export function deliveryOf(row: { sentAt: Date | null; gaveUpAt: Date | null; attempts: number }, smtpConfigured: boolean): DeliveryState {
  if (row.sentAt) return "sent";
  if (row.gaveUpAt) return "gave-up";
  if (!smtpConfigured) return "unconfigured";
  return row.attempts > 0 ? "retrying" : "waiting";
}

/** SQL twin of deliveryOf: the outbox rows in `state`. */
export function deliverySql(state: DeliveryState, smtpConfigured: boolean): SQL {
  const pending = sql`${outbox.sentAt} is null and ${outbox.gaveUpAt} is null`;
  switch (state) {
    case "sent":
      return sql`${outbox.sentAt} is not null`;
    case "gave-up":
      return sql`(${outbox.sentAt} is null and ${outbox.gaveUpAt} is not null)`;
    case "unconfigured":
      return smtpConfigured ? sql`false` : sql`(${pending})`;
    case "retrying":
      return smtpConfigured ? sql`(${pending} and ${outbox.attempts} > 0)` : sql`false`;
    case "waiting":
      return smtpConfigured ? sql`(${pending} and ${outbox.attempts} = 0)` : sql`false`;
  }
}
