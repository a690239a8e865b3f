import "server-only";
import { createHash } from "node:crypto";
import { appLimiterStore, type LimiterStore } from "@/lib/rate-limit";
import { SIGN_IN_DELAY, signInDelaySchedule } from "./rules";

/**
 * The progressive delay per account (rules.ts signInDelaySeconds), kept in Postgres
 * (`sign_in_failures`) so that every instance shares it.
 *
 * An attempt takes the account's slot BEFORE its password is checked, in one atomic upsert: it
 * counts as a failure in advance and sets the wait that failure earns. However many attempts
 * arrive at once, on one instance or several, only those that find the account's wait over get
 * through: the free failures, then one per delay slot. The right password clears the count.
 */
export interface AccountDelay {
  /** Takes this account's slot at `now`: ok, or refused with the seconds until the wait ends. */
  take(account: string, now?: Date): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  /** After the right password: the account starts again from no failures. */
  clear(account: string, now?: Date): Promise<void>;
}

const SCHEDULE = signInDelaySchedule();

// $1 account, $2 now, $3 the schedule of delays (seconds for the 1st, 2nd … failure), $4 forget failures before this time.
// The next count restarts at 1 after a quiet day; its delay is looked up in the schedule (the last entry once past its end).
const NEXT = `case when f.last_failure_at < $4 then 1 else f.failures + 1 end`;
const delayOf = (n: string) => `($3::int[])[least(${n}, cardinality($3::int[]))]`;
const waitAfter = (n: string) => `case when ${delayOf(n)} > 0 then $2::timestamptz + make_interval(secs => ${delayOf(n)}) end`;
const TAKE = `
  insert into sign_in_failures as f (account, failures, wait_until, last_failure_at)
  values ($1, 1, ${waitAfter("1")}, $2)
  on conflict (account) do update
    set failures = ${NEXT}, wait_until = ${waitAfter(NEXT)}, last_failure_at = $2
    where f.wait_until is null or f.wait_until <= $2
  returning failures`;

/** A key too long to index (one with a forged address in it) is stored as its SHA-256: still one key per value. */
const keyOf = (account: string) => (account.length <= 255 ? account : `sha256:${createHash("sha256").update(account).digest("hex")}`);

/** The account delay on the app's pool, or on `store` (tests: a pool per simulated instance). */
export function accountDelay(store: LimiterStore = appLimiterStore): AccountDelay {
  return {
    async take(account, now = new Date()) {
      const forget = new Date(now.getTime() - SIGN_IN_DELAY.forgetAfterHours * 3_600_000);
      const taken = await store.query({ text: TAKE, values: [keyOf(account), now, SCHEDULE, forget] });
      if (taken.rowCount) return { ok: true };
      // Refused: a parallel attempt holds the slot. How long until the next one (at least a second).
      const { rows } = await store.query({ text: `select wait_until from sign_in_failures where account = $1`, values: [keyOf(account)] });
      const until = rows[0] ? new Date((rows[0] as { wait_until: Date | string | null }).wait_until ?? now).getTime() : now.getTime();
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
    },
    async clear(account, now = new Date()) {
      // Also forgets other accounts' counts after a quiet day, so the table keeps only recent failures.
      const forget = new Date(now.getTime() - SIGN_IN_DELAY.forgetAfterHours * 3_600_000);
      await store.query({ text: `delete from sign_in_failures where account = $1 or last_failure_at < $2`, values: [keyOf(account), forget] });
    },
  };
}
