import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs (pino), one line per event: `{"level":"info","time":"…","msg":"…",…}`.
 * Warnings and below go to stdout, errors to stderr. The level comes from LOG_LEVEL
 * (debug, info, warn, error, silent; default info). Lines written while a request context is
 * active (see `withRequestContext`) carry its `requestId`, so every line of one server action can be
 * found from the reference a user reads out. Fields that could hold credentials are redacted
 * whatever the caller passes, but still never pass passwords or secrets here.
 */
export type Level = "debug" | "info" | "warn" | "error";

export interface RequestContext {
  requestId: string;
  action?: string;
  userId?: number;
}

// On globalThis, like the logger below: route bundles may load this module more than once, and a
// context started through one copy must be seen by the logger another copy created.
const shared = globalThis as unknown as { baselineRequestContext?: AsyncLocalStorage<RequestContext> };
const requestContext = (shared.baselineRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` with a request context: every log line written inside it (awaits included) carries its fields. */
export function withRequestContext<T>(context: RequestContext, fn: () => Promise<T>): Promise<T> {
  return requestContext.run(context, fn);
}

/** The request context of the code running now, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return requestContext.getStore();
}

const SENSITIVE = ["password", "newPassword", "passwordHash", "secret", "clientSecret", "token", "accessToken", "refreshToken", "idToken", "authorization", "cookie", "set-cookie"];

/** Exact paths for pino's redaction: the key at the top level, one and two levels down (e.g. `headers.cookie`, `req.headers.cookie`). */
export const REDACT_PATHS = SENSITIVE.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const child = k.startsWith("[") ? k : `.${k}`;
  return [k, `*${child}`, `*.*${child}`];
});

// Through console.log/console.error rather than straight to the file descriptor: Next.js and the
// test runner both see console output, and tests capture it to check what is logged.
const toConsole = (write: (line: string) => void): DestinationStream => ({ write: (line: string) => write(line.trimEnd()) });

function createLogger(): Logger {
  const level = process.env.LOG_LEVEL?.toLowerCase() || "info";
  return pino(
    {
      level: ["trace", "debug", "info", "warn", "error", "fatal", "silent"].includes(level) ? level : "info",
      base: undefined, // no pid/hostname: the platform adds where a line came from
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: (value: unknown) => value }, // already made safe by errorFields
      mixin: () => ({ ...requestContext.getStore() }),
    },
    pino.multistream(
      [
        { level: "trace", stream: toConsole((line) => console.log(line)) },
        { level: "error", stream: toConsole((line) => console.error(line)) },
      ],
      { dedupe: true },
    ),
  );
}

// One logger per process, kept on globalThis (route bundles may load this module more than once).
const holder = globalThis as unknown as { baselineLogger?: Logger };

/** The process's pino logger (for code that wants child loggers); prefer `log()`. */
export function logger(): Logger {
  return (holder.baselineLogger ??= createLogger());
}

/** Rebuilds the logger from the environment (tests change LOG_LEVEL). */
export function resetLogger(): void {
  delete holder.baselineLogger;
}

/**
 * An error as log fields: its name, message and Postgres code, with the query parameters that
 * Drizzle appends to its messages cut off (they can hold personal data or password hashes).
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const clean = (m: string) => m.split(/\nparams:/)[0]!.slice(0, 2_000);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const code = (err as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
  return {
    type: err.name,
    message: clean(err.message),
    ...(typeof code === "string" ? { code } : {}),
    ...(cause ? { cause: clean(cause.message) } : {}),
    // Only the frames: the stack's first lines repeat the message, parameters included.
    ...(err.stack ? { stack: err.stack.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("at ")).slice(0, 8).join("\n") } : {}),
  };
}

/** Writes one structured log line. `fields.err`, when an Error, is logged with `errorFields`. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  const { err, ...rest } = fields;
  const payload = err === undefined ? rest : { ...rest, err: typeof err === "string" ? { message: err } : errorFields(err) };
  logger()[level](payload, msg);
}
