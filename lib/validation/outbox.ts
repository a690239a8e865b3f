import { z } from "@/lib/validation/zod";

/** Retrying a message that was given up (/admin/outbox): the message's id, as the form posts it. */
export const retryMessageInput = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
});

export type RetryMessageInput = z.infer<typeof retryMessageInput>;
