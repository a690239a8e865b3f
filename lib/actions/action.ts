import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { getCurrentUser, type SessionUser } from "@/lib/auth/current-user";
import { can, ForbiddenError, type Action } from "@/lib/auth/permissions";
import { log } from "@/lib/log";
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
 * stack traces or SQL.
 */
export function action<S extends z.ZodType, T>(
  options: { name: string; schema: S; permission: Action },
  handler: (input: z.infer<S>, user: SessionUser) => Promise<T>,
) {
  return async (...args: [unknown] | [unknown, unknown]): Promise<ActionResult<T>> => {
    // Works both as a form action with useActionState (prevState, formData) and called with an object.
    const raw = toObject(args.length === 2 ? args[1] : args[0]);
    const requestId = randomUUID();
    const user = await getCurrentUser();
    if (!user) return { ok: false, message: "Your session has ended. Please sign in again." };
    if (!can(user, options.permission)) {
      log("warn", "action refused", { action: options.name, userId: user.id, requestId });
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
      return { ok: false, message: "Please correct the highlighted fields.", fieldErrors };
    }
    try {
      const data = await handler(parsed.data, user);
      log("info", "action", { action: options.name, userId: user.id, requestId });
      return { ok: true, data };
    } catch (err) {
      if (err instanceof ForbiddenError) {
        log("warn", "action refused", { action: options.name, userId: user.id, requestId });
        return { ok: false, message: err.message };
      }
      if (err instanceof ConflictError) return { ok: false, message: err.message, current: err.current };
      if (err instanceof RuleError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, rowErrors: err.rowErrors };
      log("error", "action failed", { action: options.name, userId: user.id, requestId, err: err instanceof Error ? err.message : String(err) });
      return { ok: false, message: `Something went wrong and nothing was saved. Please try again (reference ${requestId.slice(0, 8)}).` };
    }
  };
}
