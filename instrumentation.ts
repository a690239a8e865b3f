import type { Instrumentation } from "next";

/**
 * Once per server process, at start (never during `next build`): the outbox's delivery, which sends
 * what is due every minute when SMTP_URL is set (lib/reminders/delivery-ticker.ts). Node.js only.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("@/lib/reminders/delivery-ticker")).startMailDelivery();
}

/**
 * Logs every error Next.js catches while rendering a page or running a route handler as one
 * structured line. `digest` is the reference app/(app)/error.tsx shows the user; `requestId` is the
 * caller's X-Request-Id when a proxy in front sets one. (Server actions log their own errors with
 * their request id: lib/actions/action.ts.)
 */
export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { log } = await import("@/lib/log");
  const { isConnectionError } = await import("@/db/client");
  // The next requests get proxy.ts's 503 page (after its own probe) until Postgres answers again.
  if (isConnectionError(err)) (await import("@/lib/db-health")).noteDatabaseFailure();
  const header = request.headers["x-request-id"];
  log("error", "request failed", {
    err,
    digest: err instanceof Error && "digest" in err ? String(err.digest) : undefined,
    requestId: typeof header === "string" ? header.slice(0, 100) : undefined,
    method: request.method,
    path: request.path.split("?")[0],
    route: context.routePath,
    routeType: context.routeType,
  });
};
