import "server-only";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { postgresLimiter, type LimiterStore } from "@/lib/rate-limit";

/**
 * The API's rate limit, per token: 120 requests a minute, a batch counting as one. Kept in Postgres
 * with the sign-in and survey limits (lib/rate-limit.ts), so every instance counts against the same
 * allowance. Enough for a source system pushing a unit's month figure by figure; a batch carries
 * up to 10,000 figures in one request.
 */
export const API_TOKEN_LIMIT = { points: 120, duration: 60 } as const;

/** A limiter on the app's pool (or `store`); tests pass smaller limits. */
export function createApiLimiter(limit: { points: number; duration: number } = API_TOKEN_LIMIT, store?: LimiterStore): RateLimiterPostgres {
  return postgresLimiter({ keyPrefix: "api-token", ...limit }, store);
}

const g = globalThis as unknown as { baselineApiLimiter?: RateLimiterPostgres };

/** The process's limiter. */
export function apiLimiter(): RateLimiterPostgres {
  return (g.baselineApiLimiter ??= createApiLimiter());
}
