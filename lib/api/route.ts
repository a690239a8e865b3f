import "server-only";
import { randomUUID } from "node:crypto";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { isConnectionError } from "@/db/client";
import { ForbiddenError } from "@/lib/auth/permissions";
import { log, withRequestContext } from "@/lib/log";
import { ApiProblem, problemResponse } from "./problem";
import { apiLimiter } from "./throttle";

/**
 * The one wrapper of every /api/v1 route handler (as lib/actions/action.ts is of server actions):
 * a request id on every log line and on the response, refusals as problem details, and no stack
 * trace or SQL in what a client sees.
 */

/** What a handler runs with: the time, and the rate limiter (tests pass their own). */
export interface ApiContext {
  now: Date;
  limiter: RateLimiterPostgres;
}

export const apiContext = (): ApiContext => ({ now: new Date(), limiter: apiLimiter() });

export type ApiHandler<P> = (request: Request, params: P, context: ApiContext) => Promise<Response>;

/** A JSON response; not cached unless the handler says otherwise. */
export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...init.headers },
  });
}

/** Turns a handler into a Next.js route handler (`export const GET = apiRoute(getDue)`). */
export function apiRoute<P>(handler: ApiHandler<P>, context: () => ApiContext = apiContext) {
  return async (request: Request, { params }: { params: Promise<P> }): Promise<Response> => {
    const requestId = randomUUID();
    return withRequestContext({ requestId, action: `api ${request.method}` }, async () => {
      const started = performance.now();
      let response: Response;
      try {
        response = await handler(request, await params, context());
      } catch (err) {
        response = errorResponse(err, requestId);
      }
      const durationMs = Math.round(performance.now() - started);
      log(response.status >= 500 ? "error" : "info", "api", { method: request.method, path: new URL(request.url).pathname, status: response.status, durationMs });
      response.headers.set("X-Request-Id", requestId);
      return response;
    });
  };
}

function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof ApiProblem) return problemResponse(err);
  // A rule below the API refused on permission grounds (assertCan): the token's creator may not do it.
  if (err instanceof ForbiddenError) return problemResponse(new ApiProblem("forbidden", "The token's creator may not do that here, so neither may the token."));
  const reference = requestId.slice(0, 8);
  if (isConnectionError(err)) {
    log("error", "api failed: database unavailable", { err });
    return problemResponse(
      new ApiProblem("unavailable", `The database is not answering just now, so nothing was saved. Try again in a minute (reference ${reference}).`, { headers: { "Retry-After": "30" } }),
    );
  }
  log("error", "api failed", { err });
  return problemResponse(new ApiProblem("server-error", `Something went wrong and nothing was saved. Try again; if it happens again, quote reference ${reference}.`));
}

/** Bodies larger than this are refused unread (5 MB, as a figures CSV upload). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The request's JSON body, or a problem: 413 when too large, 400 when absent or not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  const body = await request.text();
  if (Buffer.byteLength(body, "utf8") > MAX_BODY_BYTES) throw tooLarge();
  if (body.trim() === "") throw new ApiProblem("bad-request", "Send the figures as a JSON body (Content-Type: application/json).");
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new ApiProblem("bad-request", "The body is not valid JSON.");
  }
}

const tooLarge = () => new ApiProblem("too-large", "The body is larger than 5 MB. Send the figures in smaller batches.");
