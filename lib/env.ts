import "server-only";
import { z } from "zod";

/** A setting given as a whole number between `min` and `max`, with a message that names it. */
function wholeNumber(name: string, min: number, max: number) {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, { message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message });
}

const schema = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL (npm start sets it for the embedded database)" }),
  NEXTAUTH_SECRET: z.string().min(16, { message: "NEXTAUTH_SECRET must be set (at least 16 characters)" }),
  NEXTAUTH_URL: z.string().url().optional(),
  AZURE_AD_CLIENT_ID: z.string().optional(),
  AZURE_AD_CLIENT_SECRET: z.string().optional(),
  AZURE_AD_TENANT_ID: z.string().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().optional(),
  // Session limits (lib/auth/sessions.ts; defaults and their reasons in docs/security.md).
  BASELINE_SESSION_IDLE_MINUTES: wholeNumber("BASELINE_SESSION_IDLE_MINUTES", 1, 24 * 60).default(30),
  BASELINE_SESSION_MAX_HOURS: wholeNumber("BASELINE_SESSION_MAX_HOURS", 1, 7 * 24).default(12),
}).refine((e) => e.BASELINE_SESSION_IDLE_MINUTES <= e.BASELINE_SESSION_MAX_HOURS * 60, {
  path: ["BASELINE_SESSION_IDLE_MINUTES"],
  message: "BASELINE_SESSION_IDLE_MINUTES must not be longer than BASELINE_SESSION_MAX_HOURS",
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Validated environment; throws a message naming each missing or malformed variable. */
export function env(): Env {
  return (cached ??= parseEnv(process.env));
}

/** `source` validated as the app's environment (env() reads process.env once). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}
