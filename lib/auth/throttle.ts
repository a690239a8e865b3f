import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";

/**
 * Sign-in throttling: 10 failures per account or 30 per address within 15 minutes, then refused
 * until the window passes. Kept in process memory (Baseline runs as one Node process);
 * a multi-instance deployment would swap in RateLimiterPostgres.
 */
const WINDOW_SECONDS = 15 * 60;
const g = globalThis as unknown as { baselineSignInLimiters?: { account: RateLimiterMemory; address: RateLimiterMemory } };
const limiters = (g.baselineSignInLimiters ??= {
  account: new RateLimiterMemory({ keyPrefix: "signin-account", points: 10, duration: WINDOW_SECONDS }),
  address: new RateLimiterMemory({ keyPrefix: "signin-address", points: 30, duration: WINDOW_SECONDS }),
});

export async function isThrottled(email: string, address: string): Promise<boolean> {
  const [account, addr] = await Promise.all([limiters.account.get(email), limiters.address.get(address)]);
  return (account?.consumedPoints ?? 0) >= 10 || (addr?.consumedPoints ?? 0) >= 30;
}

export async function recordFailure(email: string, address: string): Promise<void> {
  await Promise.allSettled([limiters.account.consume(email), limiters.address.consume(address)]);
}

export async function clearFailures(email: string): Promise<void> {
  await limiters.account.delete(email);
}
