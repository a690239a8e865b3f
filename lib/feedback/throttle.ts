import "server-only";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { postgresLimiter, take, type LimiterStore } from "@/lib/rate-limit";

/**
 * The survey's hard limit, abuse protection only: at most 10 open-link responses per source address
 * in 15 minutes, refused beyond that. There is no per-link limit (issue 15): a flood on one link
 * must never lock out genuine respondents, so responses beyond a link's normal rate are held for
 * moderation instead (lib/feedback/rules.ts screenOpenResponse). Single-use links are not limited
 * here: each takes one response. Kept in Postgres like the sign-in throttle (lib/rate-limit.ts), so
 * every instance counts against the same allowance.
 */
export interface FeedbackLimits {
  perAddress: { points: number; duration: number };
}

export const FEEDBACK_ADDRESS_LIMIT: FeedbackLimits["perAddress"] = { points: 10, duration: 15 * 60 };

export interface FeedbackLimiters {
  address: RateLimiterPostgres;
}

/** Limiters on the app's pool (or `store`); tests pass smaller limits. */
export function createFeedbackLimiters(limits: FeedbackLimits = { perAddress: FEEDBACK_ADDRESS_LIMIT }, store?: LimiterStore): FeedbackLimiters {
  return { address: postgresLimiter({ keyPrefix: "feedback-address", ...limits.perAddress }, store) };
}

const g = globalThis as unknown as { baselineFeedbackLimiters?: FeedbackLimiters };

/** The process's limiters. */
export function feedbackLimiters(): FeedbackLimiters {
  return (g.baselineFeedbackLimiters ??= createFeedbackLimiters());
}

export type Allowance = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Takes one response from the address's allowance. */
export async function takeFeedbackAllowance(limiters: FeedbackLimiters, address: string): Promise<Allowance> {
  return take(limiters.address, address);
}

/** "Please try again in 12 minutes." */
export function retryText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Please try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
