import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { getCurrentUser, type SessionUser } from "@/lib/auth/current-user";
import { can, ForbiddenError, type Action } from "@/lib/auth/permissions";
import { isConnectionError } from "@/db/client";
import { log, withRequestContext, type RequestContext } from "@/lib/log";
import { ConflictError, RuleError, type ActionResult } from "./result";

function toObject(input: unknown): unknown {
  if (input instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of input.entries()) {
      if (key.startsWith("$ACTION")) continue; // React's own fields
      out[key] = typeof value === "string" ? value : value;
    }
    return out;
  }
  return input;
}

/**
 * Fields holding a NUL character. Postgres refuses U+0000 in text, so such input would reach the
 * database and fail there; it is refused here, with the field named, like any other invalid input.
 */
function fieldsWithNul(input: unknown, prefix = "", depth = 0): string[] {
  if (typeof input === "string") return input.includes("\u0000") ? [prefix || "form"] : [];
  if (depth > 4 || typeof input !== "object" || input === null || input instanceof Blob) return [];
  return Object.entries(input).flatMap(([k, v]) => fieldsWithNul(v, prefix ? `${prefix}.${k}` : k, depth + 1));
}

/**
 * Every server action goes through here: load the session user, check the role may use the action
 * at all, validate the input with zod, then run the handler (which checks the target unit with
 * assertCan and writes in a transaction). Errors become the one result shape; users never see
 * stack traces or SQL. Export what it returns straight from an actions.ts ("use server"): it is the
 * (previous state, form data) function that useActionState calls.
 */
export function action<S extends z.ZodType, T>(
  options: { name: string; schema: S; permission: Action },
  handler: (input: z.infer<S>, user: SessionUser) => Promise<T>,
) {
  return async (_prev: unknown, formData: FormData): Promise<ActionResult<T>> => {
    const raw = toObject(formData);
    // Every log line of this action (the handler's included) carries the request id; a user who
    // meets an error reads out its first 8 characters, which find those lines.
    const context: RequestContext = { requestId: randomUUID(), action: options.name };
    return withRequestContext(context, () => run(context, options, handler, raw));
  };
}

async function run<S extends z.ZodType, T>(
  context: RequestContext,
  options: { name: string; schema: S; permission: Action },
  handler: (input: z.infer<S>, user: SessionUser) => Promise<T>,
  raw: unknown,
): Promise<ActionResult<T>> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const reference = context.requestId.slice(0, 8);
  try {
    const user = await getCurrentUser();
    if (!user) {
      log("info", "action without session", { durationMs: ms() });
      return { ok: false, message: "Your session has ended. Please sign in again." };
    }
    context.userId = user.id;
    if (!can(user, options.permission)) {
      log("warn", "action refused", { durationMs: ms() });
      return { ok: false, message: new ForbiddenError().message };
    }
    const withNul = fieldsWithNul(raw);
    if (withNul.length) {
      return {
        ok: false,
        message: "Please correct the highlighted fields.",
        fieldErrors: Object.fromEntries(withNul.map((k) => [k, ["Remove the invisible control character (NUL) from this field"]])),
      };
    }
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".") || "form";
        (fieldErrors[key] ??= []).push(issue.message);
      }
      // Which fields, never their values.
      log("info", "action input invalid", { fields: Object.keys(fieldErrors).slice(0, 20), durationMs: ms() });
      return { ok: false, message: "Please correct the highlighted fields.", fieldErrors };
    }
    const data = await handler(parsed.data, user);
    log("info", "action", { outcome: "ok", durationMs: ms() });
    return { ok: true, data };
  } catch (err) {
    if (err instanceof ForbiddenError) {
      log("warn", "action refused", { durationMs: ms() });
      return { ok: false, message: err.message };
    }
    if (err instanceof ConflictError) {
      log("info", "action", { outcome: "conflict", durationMs: ms() });
      return { ok: false, message: err.message, current: err.current };
    }
    if (err instanceof RuleError) {
      log("info", "action", { outcome: "rule", durationMs: ms() });
      return { ok: false, message: err.message, fieldErrors: err.fieldErrors, rowErrors: err.rowErrors };
    }
    if (isConnectionError(err)) {
      log("error", "action failed: database unavailable", { err, durationMs: ms() });
      return { ok: false, message: `The database is busy or not answering just now, so nothing was saved. Please try again in a minute (reference ${reference}).` };
    }
    log("error", "action failed", { err, durationMs: ms() });
    return { ok: false, message: `Something went wrong and nothing was saved. Please try again (reference ${reference}).` };
  }
}
