import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Abuse resistance for the public survey: at most 10 responses per address and 300 per link in
 * 15 minutes. Kept in process memory like the sign-in throttle (lib/auth/throttle.ts): Baseline
 * runs as one Node process; several instances would swap in RateLimiterPostgres.
 * BASELINE_FEEDBACK_RATE_LIMIT=off lifts the limit: only the benchmark (scripts/bench-feedback.ts) sets it.
 */
export interface FeedbackLimits {
  perAddress: { points: number; duration: number };
  perLink: { points: number; duration: number };
}

export const FEEDBACK_LIMITS: FeedbackLimits = {
  perAddress: { points: 10, duration: 15 * 60 },
  perLink: { points: 300, duration: 15 * 60 },
};

export interface FeedbackLimiters {
  address: RateLimiterMemory;
  link: RateLimiterMemory;
}

export function createFeedbackLimiters(limits: FeedbackLimits = FEEDBACK_LIMITS): FeedbackLimiters {
  return {
    address: new RateLimiterMemory({ keyPrefix: "feedback-address", ...limits.perAddress }),
    link: new RateLimiterMemory({ keyPrefix: "feedback-link", ...limits.perLink }),
  };
}

const g = globalThis as unknown as { baselineFeedbackLimiters?: FeedbackLimiters };

/** The process's limiters; null when the benchmark lifted the limit. */
export function feedbackLimiters(): FeedbackLimiters | null {
  if (process.env.BASELINE_FEEDBACK_RATE_LIMIT === "off") return null;
  return (g.baselineFeedbackLimiters ??= createFeedbackLimiters());
}

export type Allowance = { ok: true } | { ok: false; scope: "address" | "link"; retryAfterSeconds: number };

/** Takes one response from the address's and the link's allowance; the link's is untouched when the address is over. */
export async function takeFeedbackAllowance(limiters: FeedbackLimiters | null, linkId: number, address: string): Promise<Allowance> {
  if (!limiters) return { ok: true };
  try {
    await limiters.address.consume(address);
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, scope: "address", retryAfterSeconds: Math.ceil(err.msBeforeNext / 1000) };
    throw err;
  }
  try {
    await limiters.link.consume(String(linkId));
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, scope: "link", retryAfterSeconds: Math.ceil(err.msBeforeNext / 1000) };
    throw err;
  }
  return { ok: true };
}

/** "Please try again in 12 minutes." */
export function retryText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Please try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
