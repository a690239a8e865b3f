import { sql, type SQL } from "drizzle-orm";
import { outbox } from "@/db/schema";

/**
 * What became of an outgoing message, one rule in TypeScript (the badge on /admin/outbox) and SQL
 * (its delivery filter); tests/integration/admin-lists.test.ts holds the two equal.
 *  - sent: delivered (sent_at set);
 *  - error: not sent, the transport refused it (error set);
 *  - kept: no email server is set up, so it stays in the outbox to be read there (transport "outbox");
 *  - waiting: a transport is set up and has not tried it yet.
 */
export const DELIVERY_STATES = ["sent", "error", "waiting", "kept"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DELIVERY_LABELS: Record<DeliveryState, string> = {
  sent: "Sent",
  error: "Not sent (error)",
  waiting: "Waiting",
  kept: "Kept in outbox",
};

/** outbox.transport of messages kept for administrators to read because no transport is configured. */
export const OUTBOX_ONLY = "outbox";

export function deliveryOf(row: { sentAt: Date | null; error: string | null; transport: string }): DeliveryState {
  if (row.sentAt) return "sent";
  if (row.error) return "error";
  return row.transport === OUTBOX_ONLY ? "kept" : "waiting";
}

/** SQL twin of deliveryOf: the outbox rows in `state`. */
export function deliverySql(state: DeliveryState): SQL {
  switch (state) {
    case "sent":
      return sql`${outbox.sentAt} is not null`;
    case "error":
      return sql`(${outbox.sentAt} is null and ${outbox.error} is not null)`;
    case "kept":
      return sql`(${outbox.sentAt} is null and ${outbox.error} is null and ${outbox.transport} = ${OUTBOX_ONLY})`;
    case "waiting":
      return sql`(${outbox.sentAt} is null and ${outbox.error} is null and ${outbox.transport} <> ${OUTBOX_ONLY})`;
  }
}
