import "server-only";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { postgresLimiter, take, type LimiterStore } from "@/lib/rate-limit";
import { signedInFrom } from "./sessions";
import { accountDelay, type AccountDelay } from "./sign-in-delay";

/**
 * Sign-in throttling, in two parts, both kept in Postgres so that every instance counts against
 * the same allowance:
 * - per account, a progressive delay instead of a lockout (sign-in-delay.ts, rules.ts): after 5
 *   free failures each further one makes the next attempt wait longer, 1 s, 2 s, 4 s … 60 s at
 *   most. Failures from anywhere slow guessing down, but never keep the owner out for longer
 *   than the current delay. An address the account has signed in from in the last 30 days has
 *   a delay of its own: an attacker elsewhere, however many addresses they use, neither delays
 *   the owner at their usual desk nor races them for the account's next slot;
 * - per address, a hard limit: 30 attempts in 15 minutes, then refused until the window passes.
 *   A success gives its point back, so what adds up is failures.
 *
 * Both are taken BEFORE the password is checked, each in one atomic upsert: however many
 * attempts arrive at once, only the free failures and then one per delay slot reach
 * verifyPassword. Checking first and counting the failure afterwards would let a parallel burst
 * through before any failure was counted.
 */
export const SIGN_IN_LIMITS = { perAddress: 30, windowSeconds: 15 * 60 } as const;

export interface SignInLimiters {
  account: AccountDelay;
  address: RateLimiterPostgres;
}

/** The limiters on the app's pool, or on `store` (tests: a pool per simulated instance). */
export function createSignInLimiters(store?: LimiterStore): SignInLimiters {
  return {
    account: accountDelay(store),
    address: postgresLimiter({ keyPrefix: "signin-address", points: SIGN_IN_LIMITS.perAddress, duration: SIGN_IN_LIMITS.windowSeconds }, store),
  };
}

const g = globalThis as unknown as { baselineSignInLimiters?: SignInLimiters };
const signInLimiters = () => (g.baselineSignInLimiters ??= createSignInLimiters());

/** Allowed: `delayKey` names the delay the attempt was counted under (pass it to signInSucceeded). */
export type SignInAttempt = { ok: true; delayKey: string } | { ok: false; retryAfterSeconds: number; limit: "address" | "account" };

/** The delay an attempt counts under: the account's, or the account's at an address it has signed in from. */
async function delayKeyOf(email: string, address: string, now: Date): Promise<string> {
  return (await signedInFrom(email, address, now)) ? `${email} at ${address}` : email;
}

/**
 * Reserves one attempt for this account from this address: ok when the password may be checked,
 * or refused with how long to wait. The address goes first, so an address already refused does
 * not move the account's delay on.
 */
export async function takeSignInAttempt(email: string, address: string, limiters: SignInLimiters = signInLimiters(), now = new Date()): Promise<SignInAttempt> {
  const byAddress = await take(limiters.address, address);
  if (!byAddress.ok) return { ok: false, retryAfterSeconds: byAddress.retryAfterSeconds, limit: "address" };
  const delayKey = await delayKeyOf(email, address, now);
  const byAccount = await limiters.account.take(delayKey, now);
  return byAccount.ok ? { ok: true, delayKey } : { ...byAccount, limit: "account" };
}

/** After the right password: that delay starts again from no failures, and the address gets this attempt's point back. */
export async function signInSucceeded(delayKey: string, address: string, limiters: SignInLimiters = signInLimiters(), now = new Date()): Promise<void> {
  await Promise.all([limiters.account.clear(delayKey, now), limiters.address.reward(address, 1)]);
}
