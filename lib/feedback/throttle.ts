import "server-only";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { postgresLimiter, take, type LimiterStore } from "@/lib/rate-limit";

/**
 * Abuse resistance for the public survey: at most 10 responses per address and 300 per link
 * (BASELINE_FEEDBACK_LINK_LIMIT, a whole number of 1 or more: the limit can be raised, never
 * switched off) in 15 minutes. Kept in Postgres like the sign-in throttle (lib/rate-limit.ts), so
 * every instance counts against the same allowance.
 */
export interface FeedbackLimits {
  perAddress: { points: number; duration: number };
  perLink: { points: number; duration: number };
}

const WINDOW_SECONDS = 15 * 60;
export const DEFAULT_FEEDBACK_LINK_LIMIT = 300;

/** The limits in force: the per-link one from the environment (validated in lib/env.ts). */
export function feedbackLimits(): FeedbackLimits {
  return {
    perAddress: { points: 10, duration: WINDOW_SECONDS },
    perLink: { points: env().BASELINE_FEEDBACK_LINK_LIMIT ?? DEFAULT_FEEDBACK_LINK_LIMIT, duration: WINDOW_SECONDS },
  };
}

export interface FeedbackLimiters {
  address: RateLimiterPostgres;
  link: RateLimiterPostgres;
}

/** Limiters on the app's pool (or `store`); tests pass smaller limits. */
export function createFeedbackLimiters(limits: FeedbackLimits = feedbackLimits(), store?: LimiterStore): FeedbackLimiters {
  return {
    address: postgresLimiter({ keyPrefix: "feedback-address", ...limits.perAddress }, store),
    link: postgresLimiter({ keyPrefix: "feedback-link", ...limits.perLink }, store),
  };
}

const g = globalThis as unknown as { baselineFeedbackLimiters?: FeedbackLimiters };

/** The process's limiters. */
export function feedbackLimiters(): FeedbackLimiters {
  return (g.baselineFeedbackLimiters ??= createFeedbackLimiters());
}

export type Allowance = { ok: true } | { ok: false; scope: "address" | "link"; retryAfterSeconds: number };

/** Takes one response from the address's and the link's allowance; the link's is untouched when the address is over. */
export async function takeFeedbackAllowance(limiters: FeedbackLimiters, linkId: number, address: string): Promise<Allowance> {
  const byAddress = await take(limiters.address, address);
  if (!byAddress.ok) return { ok: false, scope: "address", retryAfterSeconds: byAddress.retryAfterSeconds };
  const byLink = await take(limiters.link, String(linkId));
  if (!byLink.ok) return { ok: false, scope: "link", retryAfterSeconds: byLink.retryAfterSeconds };
  return { ok: true };
}

/** "Please try again in 12 minutes." */
export function retryText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Please try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
