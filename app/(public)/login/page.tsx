import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ssoProviderList } from "@/lib/auth/options";
import { ssoRefusalOfCode } from "@/lib/auth/sso-refusal";
import { refusedSsoEmail } from "@/lib/auth/sso-refusal-cookie";
import type { DemoAccount } from "./demo-accounts";
import { LoginForm } from "./login-form";
import { safeCallbackUrl } from "./safe-callback-url";

export const metadata: Metadata = { title: "Sign in" };

const DEMO_PASSWORD = "baseline-demo";

const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: "admin@baseline.test", who: "Administrator", scope: "All departments, user management" },
  { email: "slt.coo@baseline.test", who: "Senior Leadership Team", scope: "Chief Operating Office" },
  { email: "slt.cls@baseline.test", who: "Senior Leadership Team", scope: "Customer and Local Services" },
  { email: "lead.md@baseline.test", who: "Department lead", scope: "Modernisation and Digital" },
  { email: "lead.pcs@baseline.test", who: "Department lead", scope: "People and Corporate Services" },
  { email: "lead.cls@baseline.test", who: "Department lead", scope: "Customer Services (CLS)" },
  { email: "viewer@baseline.test", who: "Viewer", scope: "Read-only, all departments" },
];

/** Demo accounts are listed in development, or when the demo launcher asks for them. */
function showDemoAccounts(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.BASELINE_SHOW_DEMO_ACCOUNTS === "1";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);

  const user = await getCurrentUser();
  if (user) redirect(callbackUrl);

  const error = typeof params.error === "string" ? params.error : null;
  const providers = ssoProviderList();
  // A refused single sign-on: the address the provider gave, from this browser's own cookie only.
  const refusal = error ? ssoRefusalOfCode(error) : null;
  const ssoEmail = refusal ? await refusedSsoEmail(refusal) : null;

  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-12">
      <LoginForm
        callbackUrl={callbackUrl}
        initialError={error}
        ssoEmail={ssoEmail}
        providers={providers}
        demo={showDemoAccounts() ? { accounts: DEMO_ACCOUNTS, password: DEMO_PASSWORD } : null}
      />
    </div>
  );
}
