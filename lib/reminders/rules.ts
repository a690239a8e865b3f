/**
 * When an outgoing message is tried again (pure). A failed try waits 1 minute, then 2, 4, 8… (doubling,
 * at most 4 hours) before the next; after MAX_ATTEMPTS tries the message is given up, about 8¼ hours
 * after its first try, and stays so until an administrator retries it from /admin/outbox.
 */

/** Tries before a message is given up. */
export const MAX_ATTEMPTS = 10;
/** The wait after the first failed try. */
export const FIRST_RETRY_MS = 60_000;
/** The longest wait between two tries. */
export const MAX_RETRY_MS = 4 * 60 * 60_000;

/**
 * How long a delivery run keeps a message it has claimed from every other run while it sends it. It
 * must be longer than one send can take (smtp.ts bounds that to under 4 minutes), or a second run
 * could claim the message while the first is still sending it.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

/** The wait after the `attempts`-th failed try (attempts ≥ 1): 1 minute, doubling, at most 4 hours. */
export function retryDelayMs(attempts: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`retryDelayMs: attempts must be a whole number from 1, got ${attempts}`);
  // 2 ** n only grows past the cap (to Infinity at worst), so min() bounds it.
  return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
}

export type AfterFailure = { gaveUp: true } | { gaveUp: false; nextAttemptAt: Date };

/** What follows a failed try, the `attempts`-th, made at `now`: another try later, or giving up. */
export function afterFailure(attempts: number, now: Date): AfterFailure {
  if (attempts >= MAX_ATTEMPTS) return { gaveUp: true };
  return { gaveUp: false, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}

/** Until when a claim made at `now` keeps a message from other delivery runs. */
export const claimLeaseUntil = (now: Date) => new Date(now.getTime() + CLAIM_LEASE_MS);
