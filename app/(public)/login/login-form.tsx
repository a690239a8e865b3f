"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ssoRefusalMessage, ssoRefusalOfCode } from "@/lib/auth/sso-refusal";
import { DemoAccounts, type DemoAccount } from "./demo-accounts";

const MESSAGES = {
  generic: "The email address or password is not right.",
  throttled: "Too many failed attempts. Please wait a few minutes before trying again.",
  refused: "Your account can’t sign in with single sign-on. Ask an administrator.",
  sso: "Single sign-on did not work. Try again, or sign in with your email address and password.",
  unavailable: "Baseline could not sign you in just now. Try again in a moment.",
} as const;

// next-auth error codes of a failed single sign-on round trip (they arrive as ?error=…).
const SSO_ERRORS = new Set(["OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "OAuthAccountNotLinked", "Callback"]);

/** "Please wait 42 seconds before trying again." (up to two minutes in seconds, then in whole minutes). */
function waitMessage(seconds: number): string {
  const wait = seconds <= 120 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
  return `Please wait ${wait} before trying again.`;
}

/**
 * The message for a next-auth error code: never says whether the account exists, except to the
 * person a single sign-on provider has just vouched for (a refused SSO: `ssoEmail` is what it gave).
 */
function messageFor(code: string, ssoEmail: string | null = null): string {
  // "Throttled:42": the sign-in throttle's wait, in seconds (lib/auth/options.ts).
  const throttled = /^Throttled(?::([1-9][0-9]{0,5}))?$/.exec(code);
  if (throttled) return throttled[1] ? waitMessage(Number(throttled[1])) : MESSAGES.throttled;
  if (code === "AccessDenied") return MESSAGES.refused;
  const refusal = ssoRefusalOfCode(code);
  if (refusal) return ssoRefusalMessage(refusal, ssoEmail);
  if (SSO_ERRORS.has(code)) return MESSAGES.sso;
  return MESSAGES.generic;
}

interface LoginFormProps {
  /** Already checked to be a path on this site. */
  callbackUrl: string;
  initialError: string | null;
  /** The address a refused single sign-on gave, read from this browser's cookie (lib/auth/sso-refusal-cookie.ts). */
  ssoEmail?: string | null;
  providers: { id: string; name: string }[];
  demo: { accounts: DemoAccount[]; password: string } | null;
}

interface FieldErrors {
  email?: string;
  password?: string;
}

export function LoginForm({ callbackUrl, initialError, ssoEmail = null, providers, demo }: LoginFormProps) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(initialError ? messageFor(initialError, ssoEmail) : null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);
  // Bumped on every failed attempt so that focus moves to the message even when its text is unchanged.
  const [attempt, setAttempt] = useState(0);
  const errorRef = useRef<HTMLDivElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error, attempt]);

  function fail(message: string, fields: FieldErrors = {}) {
    setError(message);
    setFieldErrors(fields);
    setAttempt((n) => n + 1);
    setPending(false);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const missing: FieldErrors = {};
    if (!email.trim()) missing.email = "Enter your email address";
    if (!password) missing.password = "Enter your password";
    if (missing.email || missing.password) {
      fail(missing.email && missing.password ? "Enter your email address and password." : `${missing.email ?? missing.password}.`, missing);
      return;
    }

    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await signIn("credentials", { email: email.trim(), password, redirect: false, callbackUrl });
      if (!result || result.error || !result.ok) {
        setPassword("");
        fail(messageFor(result?.error ?? ""));
        return;
      }
      // Stay pending while the next page loads.
      router.push(callbackUrl);
      router.refresh();
    } catch {
      fail(MESSAGES.unavailable);
    }
  }

  function fillDemoAccount(demoEmail: string, demoPassword: string) {
    setEmail(demoEmail);
    setPassword(demoPassword);
    setError(null);
    setFieldErrors({});
    emailRef.current?.focus();
  }

  return (
    <div className={demo ? "grid items-start gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]" : "mx-auto max-w-xl"}>
      <section aria-labelledby="sign-in-title" className="rounded-md border border-line-soft bg-white p-6 shadow-sm sm:p-8">
        <h1 id="sign-in-title" className="mb-2 text-3xl font-bold text-navy sm:text-4xl">
          Sign in to Baseline
        </h1>
        <p className="mb-6 text-ink-muted">For Government of Jersey staff with a Baseline account.</p>

        {error && (
          <Alert ref={errorRef} tone="error" focusable title="There is a problem">
            <p>{error}</p>
          </Alert>
        )}

        <form onSubmit={onSubmit} noValidate>
          <Input
            ref={emailRef}
            name="email"
            type="email"
            label="Email address"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldErrors.email}
            required
          />
          <Input
            name="password"
            type="password"
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrors.password}
            required
          />
          <Button type="submit" size="lg" disabled={pending} aria-busy={pending || undefined} className="w-full sm:w-auto">
            {pending ? (
              <>
                <span aria-hidden="true" className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" />
                Signing in…
              </>
            ) : (
              "Sign in"
            )}
          </Button>
        </form>

        {providers.length > 0 && (
          <div className="mt-8">
            <div className="mb-4 flex items-center gap-3 text-ink-muted" aria-hidden="true">
              <span className="h-px flex-1 bg-line" />
              <span className="text-sm font-semibold">or</span>
              <span className="h-px flex-1 bg-line" />
            </div>
            <ul className="space-y-3">
              {providers.map((p) => (
                <li key={p.id}>
                  <Button
                    variant="secondary"
                    size="lg"
                    className="w-full"
                    disabled={pending}
                    onClick={() => {
                      setPending(true);
                      void signIn(p.id, { callbackUrl }).catch(() => fail(MESSAGES.unavailable));
                    }}
                  >
                    Sign in with {p.name}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        )}

        <p className="mt-8 border-t border-line-soft pt-5 text-sm text-ink-muted">
          Forgotten your password or need an account? Ask your Baseline administrator.
        </p>
      </section>

      {demo && <DemoAccounts accounts={demo.accounts} password={demo.password} onUse={fillDemoAccount} />}
    </div>
  );
}
