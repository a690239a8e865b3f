import "server-only";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { postgresLimiter, take, type LimiterStore } from "@/lib/rate-limit";

/**
 * Sign-in throttling: 10 attempts per account and 30 per address within 15 minutes, then refused
 * until the window passes. A successful sign-in clears its account's count and gives its address
 * its point back, so what adds up is failures. Kept in Postgres (lib/rate-limit.ts), so every
 * instance counts against the same allowance.
 *
 * The point is taken BEFORE the password is checked: each attempt reserves one in a single atomic
 * upsert, so however many arrive at once (on one instance or several) at most 10 per account reach
 * verifyPassword. Checking first and counting the failure afterwards would let a parallel burst
 * through before any failure was counted.
 */
export const SIGN_IN_LIMITS = { perAccount: 10, perAddress: 30, windowSeconds: 15 * 60 } as const;

export interface SignInLimiters {
  account: RateLimiterPostgres;
  address: RateLimiterPostgres;
}

/** The two limiters on the app's pool, or on `store` (tests: a pool per simulated instance). */
export function createSignInLimiters(store?: LimiterStore): SignInLimiters {
  const duration = SIGN_IN_LIMITS.windowSeconds;
  return {
    account: postgresLimiter({ keyPrefix: "signin-account", points: SIGN_IN_LIMITS.perAccount, duration }, store),
    address: postgresLimiter({ keyPrefix: "signin-address", points: SIGN_IN_LIMITS.perAddress, duration }, store),
  };
}

const g = globalThis as unknown as { baselineSignInLimiters?: SignInLimiters };
const signInLimiters = () => (g.baselineSignInLimiters ??= createSignInLimiters());

/**
 * Reserves one attempt for this account from this address: true when the password may be checked,
 * false when either is over its limit. The address goes first, so an address already refused does
 * not use up the account's attempts.
 */
export async function takeSignInAttempt(email: string, address: string, limiters: SignInLimiters = signInLimiters()): Promise<boolean> {
  if (!(await take(limiters.address, address)).ok) return false;
  return (await take(limiters.account, email)).ok;
}

/** After the right password: the account starts again from zero, and the address gets this attempt's point back. */
export async function signInSucceeded(email: string, address: string, limiters: SignInLimiters = signInLimiters()): Promise<void> {
  await Promise.all([limiters.account.delete(email), limiters.address.reward(address, 1)]);
}
